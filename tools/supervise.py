"""Keep the parts of the assistant running: restart a part that exits or hangs, stop all together.

Why a small loop of our own and not a well-kept supervisor:
- honcho (and foreman) run a Procfile but do not restart anything: when one process exits they
  stop all the others, which is exactly the behaviour that took 112 down with the action server.
- supervisord does restart, but it is a daemon with its own configuration files, socket and
  control tool; `./scripts/start` is a foreground command that Ctrl-C must stop completely.
- Neither restarts a part that is still running but no longer answers (a hung or SIGSTOPped
  action server). We need health-based restarts: a part whose health URL fails for `hang_after`
  seconds is killed with SIGKILL and started again.

What it does:
- every part runs in its own session (so Ctrl-C reaches only the supervisor, which then stops
  the parts in order) with PR_SET_PDEATHSIG=SIGKILL, so the parts die with the supervisor even
  when the supervisor itself is killed with -9;
- a part that exits is started again after a back-off (0.5 s, doubling up to 30 s; back to
  0.5 s after it ran well for a minute);
- a part with a `health` URL that answered 200 once and then fails for `hang_after` seconds is
  killed (-9, whole process group) and restarted; before its first healthy answer it gets
  `start_timeout` seconds (model loading);
- SIGINT/SIGTERM stop every part (SIGTERM, then SIGKILL after 10 s) and `run` returns 0;
- one line per event on stderr, with the part's name and exit code only, never any output of
  the part itself (that goes to the part's own `log` file).

Usage from Python: `run([Proc(...), ...], ready=[urls], on_ready=callback, hang_after=10)`.
From the shell:    `python -m tools.supervise --spec spec.json [--ready URL ...] [--ready-message TEXT]`
with spec.json a list of Proc objects (or {"procs": [...], "ready": [...], "hang_after": 10}).
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field, fields
from typing import Callable, Optional, Sequence

PR_SET_PDEATHSIG = 1
BACKOFF_FIRST = 0.5
BACKOFF_MAX = 30.0
STABLE_AFTER = 60.0  # a part that ran this long without trouble starts again with the first back-off
HEALTH_INTERVAL = 0.25
STOP_GRACE = 10.0

try:
    _prctl = ctypes.CDLL(None, use_errno=True).prctl
except (OSError, AttributeError):  # not Linux: parts still stop with the supervisor on a clean exit
    _prctl = None


@dataclass
class Proc:
    name: str
    argv: list[str]
    env: Optional[dict[str, str]] = None  # added to (not replacing) the supervisor's environment
    log: Optional[str] = None  # file that gets the part's stdout and stderr (appended)
    health: Optional[str] = None  # URL answering 200 when healthy
    cwd: Optional[str] = None
    start_timeout: float = 300.0  # seconds a part may take to answer its health URL for the first time


LOG_FILE: Optional[str] = None  # also append the supervisor's lines here (--log)


def say(text: str) -> None:
    line = f"{time.strftime('%Y-%m-%d %H:%M:%S')} [supervise] {text}"
    try:
        print(line, file=sys.stderr, flush=True)
    except (OSError, ValueError):  # no terminal any more: the file still gets the line
        pass
    if LOG_FILE:
        try:
            with open(LOG_FILE, "a", encoding="utf-8") as fh:
                fh.write(line + "\n")
        except OSError:
            pass


def _child_setup(parent_pid: int) -> Callable[[], None]:
    def setup() -> None:
        if _prctl is not None:
            _prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent_pid:  # the supervisor died before prctl took effect
            os._exit(1)
    return setup


def url_ok(url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.status == 200
    except Exception:
        return False


@dataclass
class _Part:
    spec: Proc
    popen: Optional[subprocess.Popen] = None
    started: float = 0.0
    generation: int = 0
    healthy_once: bool = False
    last_ok: float = 0.0
    restarts: int = 0
    backoff: float = BACKOFF_FIRST
    next_start: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)


class Supervisor:
    def __init__(self, procs: Sequence[Proc], hang_after: float = 10.0) -> None:
        names = [p.name for p in procs]
        if len(set(names)) != len(names):
            raise ValueError("every part needs its own name")
        self.parts = [_Part(p) for p in procs]
        self.hang_after = hang_after
        self.stopping = threading.Event()
        self.pid = os.getpid()

    # -- starting and stopping one part (main thread only: PR_SET_PDEATHSIG follows the thread)
    def start(self, part: _Part) -> None:
        spec = part.spec
        env = dict(os.environ)
        env.update(spec.env or {})
        out = open(spec.log, "ab") if spec.log else subprocess.DEVNULL
        try:
            part.popen = subprocess.Popen(
                spec.argv, cwd=spec.cwd, env=env, stdin=subprocess.DEVNULL, stdout=out,
                stderr=subprocess.STDOUT, start_new_session=True, preexec_fn=_child_setup(self.pid),
            )
        except OSError as err:
            part.popen = None
            say(f"{spec.name} kan niet starten ({type(err).__name__}, errno {err.errno})")
            self.schedule_restart(part)
            return
        finally:
            if spec.log:
                out.close()
        with part.lock:
            part.generation += 1
            part.started = time.monotonic()
            part.healthy_once = False
            part.last_ok = part.started

    def kill(self, part: _Part, sig: int) -> None:
        popen = part.popen
        if popen is None or popen.poll() is not None:
            return
        try:
            os.killpg(popen.pid, sig)
        except (ProcessLookupError, PermissionError):
            try:
                popen.send_signal(sig)
            except ProcessLookupError:
                pass

    def schedule_restart(self, part: _Part) -> None:
        now = time.monotonic()
        if part.popen is not None and part.healthy_once and now - part.started > STABLE_AFTER:
            part.backoff = BACKOFF_FIRST
        delay = part.backoff
        part.backoff = min(part.backoff * 2, BACKOFF_MAX)
        part.restarts += 1
        part.next_start = now + delay
        part.popen = None
        say(f"{part.spec.name}: opnieuw starten over {delay:.1f} s (herstart {part.restarts})")

    # -- health watching (one thread per part; it only records, the main thread acts)
    def watch(self, part: _Part) -> None:
        url = part.spec.health
        while not self.stopping.is_set():
            with part.lock:
                generation = part.generation
                running = part.popen is not None and part.popen.poll() is None
            # A slow answer is still an answer: a busy part is alive. `hung` judges the time
            # since the last answer, so a probe that never returns does not delay the verdict.
            if running and url_ok(url, timeout=self.hang_after + 1):
                with part.lock:
                    if part.generation == generation:
                        part.healthy_once = True
                        part.last_ok = time.monotonic()
            self.stopping.wait(HEALTH_INTERVAL)

    def hung(self, part: _Part, now: float) -> Optional[str]:
        if not part.spec.health:
            return None
        with part.lock:
            if part.healthy_once and now - part.last_ok > self.hang_after:
                return f"gaf {self.hang_after:g} s geen antwoord op de gezondheidscontrole"
            if not part.healthy_once and now - part.started > part.spec.start_timeout:
                return f"was na {part.spec.start_timeout:g} s nog niet gestart"
        return None

    # -- the loop
    def run(self, ready: Sequence[str] = (), on_ready: Optional[Callable[[], None]] = None) -> int:
        received: list[int] = []

        def on_signal(signum, _frame) -> None:
            received.append(signum)
            self.stopping.set()

        old = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
        ready_event = threading.Event()
        try:
            for part in self.parts:
                self.start(part)
            for part in self.parts:
                if part.spec.health:
                    threading.Thread(target=self.watch, args=(part,), daemon=True, name=f"health-{part.spec.name}").start()
            if ready or on_ready:
                threading.Thread(target=self._wait_ready, args=(list(ready), ready_event), daemon=True).start()
            called = False
            while not self.stopping.is_set():
                now = time.monotonic()
                for part in self.parts:
                    self.check(part, now)
                if ready_event.is_set() and not called:
                    called = True
                    if on_ready is not None:
                        on_ready()
                self.stopping.wait(0.1)
        finally:
            self.stop_all()
            for s, handler in old.items():
                signal.signal(s, handler)
        return 0

    def check(self, part: _Part, now: float) -> None:
        if part.popen is None:
            if now >= part.next_start:
                self.start(part)
            return
        code = part.popen.poll()
        if code is not None:
            say(f"{part.spec.name} is gestopt (exitcode {code})")
            self.schedule_restart(part)
            return
        why = self.hung(part, now)
        if why:
            say(f"{part.spec.name} {why}; gestopt met SIGKILL")
            self.kill(part, signal.SIGKILL)
            try:
                part.popen.wait(5)
            except subprocess.TimeoutExpired:
                pass
            self.schedule_restart(part)

    def _wait_ready(self, urls: list[str], event: threading.Event) -> None:
        pending = list(urls)
        while pending and not self.stopping.is_set():
            pending = [u for u in pending if not url_ok(u)]
            if pending:
                self.stopping.wait(0.3)
        if not pending:
            event.set()

    def stop_all(self) -> None:
        running = [p for p in self.parts if p.popen is not None and p.popen.poll() is None]
        for part in reversed(running):
            self.kill(part, signal.SIGTERM)
            self.kill(part, signal.SIGCONT)  # a stopped (SIGSTOP) part must run to see the SIGTERM
        deadline = time.monotonic() + STOP_GRACE
        for part in running:
            try:
                part.popen.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.kill(part, signal.SIGKILL)
                part.popen.wait(5)
            # Whatever the part left behind in its group goes too.
            try:
                os.killpg(part.popen.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass


def run(procs: list[Proc], *, ready: Sequence[str] = (), on_ready: Optional[Callable[[], None]] = None,
        hang_after: float = 10.0) -> int:
    """Run the parts until SIGINT/SIGTERM; restart those that exit or hang. Returns the exit code (0)."""
    return Supervisor(procs, hang_after=hang_after).run(ready=ready, on_ready=on_ready)


def load_spec(path: str) -> tuple[list[Proc], dict]:
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    options = {}
    if isinstance(data, dict):
        options = {k: data[k] for k in ("ready", "hang_after") if k in data}
        data = data["procs"]
    known = {f.name for f in fields(Proc)}
    return [Proc(**{k: v for k, v in item.items() if k in known}) for item in data], options


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="Keep the parts running: restart on exit or hang.")
    parser.add_argument("--spec", required=True, help="JSON file: a list of parts (name, argv, env, log, health, cwd)")
    parser.add_argument("--ready", action="append", default=None, help="URL that must answer 200 before --ready-message")
    parser.add_argument("--ready-message", default=None, help="text printed on stdout once every --ready URL answers")
    parser.add_argument("--ready-timeout", type=float, default=180.0,
                        help="seconds after which --not-ready-message is printed (the parts keep being tried)")
    parser.add_argument("--not-ready-message", default=None, help="text printed on stderr when not ready in time")
    parser.add_argument("--hang-after", type=float, default=None)
    parser.add_argument("--log", default=None, help="file that also gets the supervisor's own lines")
    parser.add_argument("--front", default=None, metavar="PUBLIC:BACKEND",
                        help="relay the public chat port to Rasa's port; answer 503 with 112 while it restarts")
    args = parser.parse_args(argv)
    global LOG_FILE
    LOG_FILE = args.log
    procs, options = load_spec(args.spec)
    if args.front:
        from tools.front import Front, parse

        Front(*parse(args.front)).start_in_thread()
    ready = args.ready if args.ready is not None else options.get("ready", [])
    hang_after = args.hang_after if args.hang_after is not None else float(options.get("hang_after", 10.0))
    message = args.ready_message
    is_ready = threading.Event()

    def on_ready() -> None:
        is_ready.set()
        if message:
            print(message, flush=True)

    def not_ready() -> None:
        if not is_ready.is_set():
            print(args.not_ready_message, file=sys.stderr, flush=True)

    if args.not_ready_message and ready:
        timer = threading.Timer(args.ready_timeout, not_ready)
        timer.daemon = True
        timer.start()
    return run(procs, ready=ready, on_ready=on_ready, hang_after=hang_after)


if __name__ == "__main__":
    sys.exit(main())
