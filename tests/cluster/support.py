"""Starting and reading the multi-instance stack in tests: tools/cluster.py as a user runs it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Optional

import psutil

from tests.stack import ROOT, free_port, wait_for


class Cluster:
    """``python -m tools.cluster --instances 2`` in a temporary directory, with free public ports."""

    def __init__(self, root: Path, instances: int = 2) -> None:
        self.root = root
        self.dir = root / "cluster"
        self.instances = instances
        self.chat_port = free_port()
        self.api_port = free_port()
        self.proc: Optional[subprocess.Popen] = None
        self.ports: dict = {}

    @property
    def env(self) -> dict:
        env = dict(os.environ)
        env.update({
            "SIGNAALROUTE_RASA_PORT": str(self.chat_port),
            "SIGNAALROUTE_API_PORT": str(self.api_port),
            "SIGNAALROUTE_VAR_DIR": str(self.root / "var"),
            "PYTHONPATH": str(ROOT),
            "TF_CPP_MIN_LOG_LEVEL": "3",
            "PYTHONWARNINGS": "ignore",
        })
        env.pop("SANIC_WORKERS", None)
        return env

    @property
    def chat_url(self) -> str:
        return f"http://127.0.0.1:{self.chat_port}"

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.api_port}"

    @property
    def rasa_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{port}" for port in self.ports["rasa"]]

    def start(self, timeout: float = 420) -> None:
        log = open(self.root / "launcher.log", "ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tools.cluster", "--instances", str(self.instances), "--dir", str(self.dir)],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while not (self.dir / "cluster.json").exists():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the cluster did not start:\n{self.launcher_log()}")
            time.sleep(0.2)
        self.ports = json.loads((self.dir / "cluster.json").read_text())
        self.wait_ready(deadline - time.monotonic())

    def wait_ready(self, timeout: float = 300) -> None:
        """Every Rasa and action server answers, and HAProxy sees them all up."""
        urls = [f"{url}/" for url in self.rasa_urls]
        urls += [f"http://127.0.0.1:{port}/health" for port in self.ports["actions"]]
        urls += [f"http://127.0.0.1:{self.ports['monitor']}/ready", f"{self.chat_url}/", f"{self.api_url}/healthz"]
        deadline = time.monotonic() + timeout
        for url in urls:
            wait_for(url, max(1.0, deadline - time.monotonic()), self.proc)

    def launcher_log(self) -> str:
        return (self.root / "launcher.log").read_text(errors="replace")[-4000:]

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)

    @property
    def secrets(self) -> dict:
        return json.loads((self.dir / "secrets.json").read_text())

    def redis(self):
        import redis

        return redis.Redis(port=self.ports["redis"], password=self.secrets["redis"])

    def database(self, name: str):
        import psycopg2

        return psycopg2.connect(host="127.0.0.1", port=self.ports["postgres"], dbname=name,
                                user="signaalroute", password=self.secrets["postgres_app"])

    def tracker_events(self, sender: str) -> list[dict]:
        """The stored events of one conversation, oldest first (stored under a keyed hash of its id)."""
        from bot.store.codes import conversation_tag

        stored = conversation_tag(sender, (self.root / "var" / "secret.key").read_bytes())
        connection = self.database("signaalroute_tracker")
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT data FROM events WHERE sender_id = %s ORDER BY id", (stored,))
                return [json.loads(row[0]) for row in cursor.fetchall()]
        finally:
            connection.close()

    def pid_on(self, port: int) -> int:
        """The process listening on a loopback port."""
        for conn in psutil.net_connections("tcp"):
            if conn.status == psutil.CONN_LISTEN and conn.laddr.port == port and conn.pid:
                return conn.pid
        raise LookupError(f"nothing listens on {port}")
