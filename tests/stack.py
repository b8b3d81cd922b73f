"""Starting the real servers for end-to-end tests: action server, Rasa server, workspace.

Each runs as its own process on 127.0.0.1 with a free port, its own temporary
databases and log files, exactly as scripts/start runs them.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
MODEL = ROOT / "models" / "signaalroute.tar.gz"


def texts(replies: list[dict]) -> str:
    """The text of the bot's REST replies, one per line."""
    return "\n".join(r.get("text", "") for r in replies)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, timeout: float = 120.0, proc: Optional[subprocess.Popen] = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"process for {url} exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        time.sleep(0.3)
    raise TimeoutError(f"no answer from {url} within {timeout:.0f} s")


@dataclass
class Stack:
    tmpdir: Path
    extra_env: dict = field(default_factory=dict)
    rasa_port: int = field(default_factory=free_port)
    action_port: int = field(default_factory=free_port)
    api_port: int = field(default_factory=free_port)
    procs: dict = field(default_factory=dict)

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def action_url(self) -> str:
        return f"http://127.0.0.1:{self.action_port}"

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.api_port}"

    @property
    def log_paths(self) -> dict[str, Path]:
        return {name: self.tmpdir / f"{name}.log" for name in ("actions", "rasa", "api")}

    @property
    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update({
            "SIGNAALROUTE_ACTION_URL": f"{self.action_url}/webhook",
            "SIGNAALROUTE_DATABASE_URL": f"sqlite:///{self.tmpdir / 'signaalroute.db'}",
            "SIGNAALROUTE_TRACKER_DB": str(self.tmpdir / "tracker.db"),
            "SIGNAALROUTE_VAR_DIR": str(self.tmpdir / "var"),
            # The widget demo page is served by the workspace: its origin is the one allowed.
            "SIGNAALROUTE_ALLOWED_ORIGINS": self.api_url,
            "SANIC_HOST": "127.0.0.1",
            "TF_CPP_MIN_LOG_LEVEL": "3",
            "PYTHONWARNINGS": "ignore",
            "PYTHONPATH": str(ROOT),
        })
        env.update(self.extra_env)
        return env

    def _spawn(self, name: str, args: list[str]) -> subprocess.Popen:
        log = open(self.log_paths[name], "ab")
        proc = subprocess.Popen(args, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        self.procs[name] = proc
        return proc

    def start_action_server(self) -> None:
        proc = self._spawn("actions", [sys.executable, "-m", "tools.run_actions", "--port", str(self.action_port)])
        wait_for(f"{self.action_url}/health", 120, proc)

    def stop_action_server(self) -> None:
        self._stop("actions")

    def start_rasa(self) -> None:
        proc = self._spawn("rasa", [
            str(VENV_BIN / "rasa"), "run", "--model", str(MODEL), "--interface", "127.0.0.1",
            "--port", str(self.rasa_port), "--credentials", "credentials.yml", "--endpoints", "endpoints.yml",
            "--cors", *self.env["SIGNAALROUTE_ALLOWED_ORIGINS"].replace(",", " ").split(),
            "--logging-config-file", "logging.yml",
        ])
        wait_for(f"{self.rasa_url}/", 180, proc)

    def restart_rasa(self) -> None:
        self._stop("rasa")
        self.start_rasa()

    def start_api(self) -> None:
        if not (ROOT / "api" / "app.py").exists():
            return
        proc = self._spawn("api", [str(VENV_BIN / "uvicorn"), "api.app:app", "--host", "127.0.0.1", "--port", str(self.api_port), "--ws", "none"])
        wait_for(f"{self.api_url}/healthz", 60, proc)

    def start(self) -> "Stack":
        (self.tmpdir / "var").mkdir(parents=True, exist_ok=True)
        self.start_action_server()
        self.start_rasa()
        self.start_api()
        return self

    def _stop(self, name: str) -> None:
        proc = self.procs.pop(name, None)
        if proc and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)

    def stop(self) -> None:
        for name in list(self.procs):
            self._stop(name)

    def post(self, path: str, body, timeout: float = 30.0) -> tuple[int, object]:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        req = urllib.request.Request(f"{self.rasa_url}{path}", data=data, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return resp.status, json.loads(resp.read() or b"null")
        except urllib.error.HTTPError as err:
            raw = err.read()
            try:
                return err.code, json.loads(raw)
            except ValueError:
                return err.code, raw.decode(errors="replace")

    def send(self, sender: str, text: str) -> list[dict]:
        """One message through the REST channel; the bot's replies."""
        status, replies = self.post("/webhooks/rest/webhook", {"sender": sender, "message": text})
        assert status == 200, replies
        return replies


# --- The stack under tools.supervise, as scripts/start runs it (for fault tests) -------------

PART_MARKS = {"actions": "tools.run_actions", "rasa": "rasa", "api": "uvicorn"}


@dataclass
class SupervisedStack(Stack):
    """The three parts under tools/supervise.py; parts can be killed or frozen one by one."""

    hang_after: float = 3.0
    supervisor: Optional[subprocess.Popen] = None
    # Rasa listens here; the supervisor's front relays rasa_port to it (as scripts/start does).
    rasa_internal_port: int = field(default_factory=free_port)

    def spec(self) -> list[dict]:
        rasa_args = ["run", "--model", str(MODEL), "--interface", "127.0.0.1", "--port", str(self.rasa_internal_port),
                     "--credentials", "credentials.yml", "--endpoints", "endpoints.yml", "--logging-config-file",
                     "logging.yml", "--cors", *self.env["SIGNAALROUTE_ALLOWED_ORIGINS"].replace(",", " ").split()]
        api_args = ["api.app:app", "--host", "127.0.0.1", "--port", str(self.api_port), "--ws", "none"]
        parts = {
            "actions": ([sys.executable, "-m", "tools.run_actions", "--port", str(self.action_port)], f"{self.action_url}/health"),
            "rasa": ([str(VENV_BIN / "rasa"), *rasa_args], f"http://127.0.0.1:{self.rasa_internal_port}/"),
            "api": ([str(VENV_BIN / "uvicorn"), *api_args], f"{self.api_url}/healthz"),
        }
        return [{"name": name, "argv": argv, "log": str(self.log_paths[name]), "health": health, "cwd": str(ROOT)}
                for name, (argv, health) in parts.items()]

    @property
    def supervisor_log(self) -> Path:
        return self.tmpdir / "supervise.log"

    def start(self) -> "SupervisedStack":
        (self.tmpdir / "var").mkdir(parents=True, exist_ok=True)
        spec_file = self.tmpdir / "supervise.json"
        spec_file.write_text(json.dumps(self.spec()))
        self.supervisor = subprocess.Popen(
            [sys.executable, "-m", "tools.supervise", "--spec", str(spec_file), "--hang-after", str(self.hang_after),
             "--log", str(self.supervisor_log), "--front", f"{self.rasa_port}:{self.rasa_internal_port}"],
            cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        self.procs["supervisor"] = self.supervisor  # Stack.stop() ends it; it stops its parts
        for part in self.spec():
            wait_for(part["health"], 240, self.supervisor)
        wait_for(f"{self.rasa_url}/", 30, self.supervisor)  # and the front has seen it
        return self

    def part_pid(self, name: str) -> Optional[int]:
        """The pid of the running part `name` ("actions", "rasa", "api"), None while it is restarted."""
        import psutil

        for child in psutil.Process(self.supervisor.pid).children():
            try:
                args = child.cmdline()[:3]
                if child.status() != psutil.STATUS_ZOMBIE and any(PART_MARKS[name] in (a, Path(a).name) for a in args):
                    return child.pid
            except psutil.Error:
                continue
        return None

    def signal_part(self, name: str, sig: int) -> int:
        pid = self.part_pid(name)
        assert pid is not None, f"{name} is not running"
        os.kill(pid, sig)
        return pid

    def wait_restarted(self, name: str, old_pid: int, timeout: float = 240.0) -> int:
        """Wait until another process runs `name` and answers its health URL; its pid."""
        health = {part["name"]: part["health"] for part in self.spec()}[name]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pid = self.part_pid(name)
            if pid not in (None, old_pid):
                wait_for(health, max(1.0, deadline - time.monotonic()), self.supervisor)
                if name == "rasa":  # and the front has seen it back (it probes every 0.3 s)
                    wait_for(f"{self.rasa_url}/", max(1.0, deadline - time.monotonic()), self.supervisor)
                return pid
            time.sleep(0.2)
        raise TimeoutError(f"{name} was not restarted within {timeout:.0f} s")
