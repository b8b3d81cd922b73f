"""tools/supervise.py with small dummy parts: restarts after exit and hang, stops everything with it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.stack import ROOT, free_port

# A dummy part: records its pid, says something private on stdout, serves /health (unless --no-http)
# and exits with code 1 right away when asked to.
CHILD = r'''
import http.server, os, sys, time
pids, mode = sys.argv[1], sys.argv[2]
with open(pids, "a") as fh:
    fh.write(f"{os.getpid()} {time.monotonic()}\n")
print("geheime tekst van een gebruiker", flush=True)
if mode == "exit":
    sys.exit(1)
if mode == "sleep":
    time.sleep(3600)
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200); self.end_headers(); self.wfile.write(b"ok")
    def log_message(self, *a):
        pass
http.server.HTTPServer(("127.0.0.1", int(mode)), H).serve_forever()
'''


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie no longer runs: look at its state.
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def starts(path: Path) -> list[tuple[int, float]]:
    if not path.exists():
        return []
    return [(int(a), float(b)) for a, b in (line.split() for line in path.read_text().splitlines() if line)]


def wait_until(predicate, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError("condition not met in time")


def health_ok(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1) as resp:
            return resp.status == 200
    except Exception:
        return False


class Supervised:
    def __init__(self, tmp: Path, parts: dict[str, str], hang_after: float = 10.0):
        self.tmp = tmp
        self.ports = {}
        procs = []
        for name, mode in parts.items():
            if mode == "http":
                self.ports[name] = free_port()
                mode = str(self.ports[name])
            procs.append({
                "name": name, "argv": [sys.executable, str(tmp / "child.py"), str(tmp / f"{name}.pids"), mode],
                "log": str(tmp / f"{name}.log"),
                "health": f"http://127.0.0.1:{self.ports[name]}/health" if name in self.ports else None,
            })
        (tmp / "child.py").write_text(CHILD)
        (tmp / "spec.json").write_text(json.dumps(procs))
        self.stderr = open(tmp / "supervise.err", "w+")
        ready = [arg for port in self.ports.values() for arg in ("--ready", f"http://127.0.0.1:{port}/health")]
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tools.supervise", "--spec", str(tmp / "spec.json"), "--hang-after", str(hang_after),
             *ready, "--ready-message", "alles draait"],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=self.stderr, text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )

    def starts(self, name: str) -> list[tuple[int, float]]:
        return starts(self.tmp / f"{name}.pids")

    def pids(self, name: str) -> list[int]:
        return [pid for pid, _ in self.starts(name)]

    def log(self) -> str:
        return (self.tmp / "supervise.err").read_text()

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        self.stderr.close()


@pytest.fixture
def supervised(tmp_path):
    made = []

    def make(parts, hang_after=10.0):
        s = Supervised(tmp_path, parts, hang_after)
        made.append(s)
        return s

    yield make
    for s in made:
        s.close()


def test_a_part_that_exits_is_restarted_with_growing_back_off(supervised):
    s = supervised({"kort": "exit", "blijft": "http"})
    wait_until(lambda: len(s.starts("kort")) >= 4, timeout=15)
    times = [t for _, t in s.starts("kort")]
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert gaps[0] >= 0.4 and gaps[1] >= 0.9 and gaps[2] >= 1.9  # 0.5 s, 1 s, 2 s
    # The other part was not touched.
    assert len(s.pids("blijft")) == 1 and alive(s.pids("blijft")[0])
    log = s.log()
    assert "kort is gestopt (exitcode 1)" in log and "herstart 3" in log
    # One line per event, the part's output never in the supervisor's lines.
    assert "geheime tekst" not in log
    assert "geheime tekst" in (s.tmp / "kort.log").read_text()


def test_a_hung_part_is_killed_and_restarted(supervised):
    s = supervised({"web": "http"}, hang_after=1.0)
    assert s.proc.stdout.readline().strip() == "alles draait"
    first = s.pids("web")[0]
    os.kill(first, signal.SIGSTOP)
    stopped = time.monotonic()
    wait_until(lambda: len(s.pids("web")) == 2, timeout=10)
    assert time.monotonic() - stopped < 5
    wait_until(lambda: not alive(first), timeout=5)
    wait_until(lambda: health_ok(s.ports["web"]), timeout=10)
    assert "web gaf 1 s geen antwoord op de gezondheidscontrole; gestopt met SIGKILL" in s.log()


def test_sigterm_stops_every_part(supervised):
    s = supervised({"een": "http", "twee": "sleep"})
    wait_until(lambda: len(s.pids("een")) == 1 and len(s.pids("twee")) == 1)
    assert s.proc.stdout.readline().strip() == "alles draait"
    # A stopped part is stopped too.
    os.kill(s.pids("twee")[0], signal.SIGSTOP)
    s.proc.send_signal(signal.SIGTERM)
    assert s.proc.wait(15) == 0
    for name in ("een", "twee"):
        assert not alive(s.pids(name)[0])
    assert "herstart" not in s.log()


def test_parts_die_when_the_supervisor_is_killed(supervised):
    s = supervised({"een": "http", "twee": "sleep"})
    wait_until(lambda: len(s.pids("een")) == 1 and len(s.pids("twee")) == 1)
    s.proc.kill()
    s.proc.wait(5)
    wait_until(lambda: not alive(s.pids("een")[0]) and not alive(s.pids("twee")[0]), timeout=5)


def test_a_part_that_cannot_start_is_retried_without_a_traceback(tmp_path):
    (tmp_path / "spec.json").write_text(json.dumps([{"name": "weg", "argv": [str(tmp_path / "bestaat-niet")]}]))
    proc = subprocess.Popen(
        [sys.executable, "-m", "tools.supervise", "--spec", str(tmp_path / "spec.json")],
        cwd=ROOT, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    time.sleep(2)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=10)
    assert proc.returncode == 0
    assert "weg kan niet starten" in err and "Traceback" not in err
