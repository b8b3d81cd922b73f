"""Fixtures for the widget tests: the channel harness and the widget targets."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

import pytest

from tests.stack import free_port

ROOT = Path(__file__).resolve().parents[2]
HARNESS = Path(__file__).with_name("channel_harness.py")
MODEL = ROOT / "models" / "signaalroute.tar.gz"


def _wait_until_up(url: str, proc: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"channel harness exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.2)
    raise TimeoutError(f"channel harness not up at {url}")


class ChannelHarness:
    """The widget's real channels in front of a scripted dialogue (channel_harness.py)."""

    def __init__(self, tmpdir: Path) -> None:
        self.port = free_port()
        self.state_file = tmpdir / "dialogue.json"
        self.log_path = tmpdir / "harness.log"
        self.proc: Optional[subprocess.Popen] = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "ChannelHarness":
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [sys.executable, str(HARNESS), str(self.port), str(self.state_file)],
            cwd=ROOT,
            # The demo page comes from the harness itself: its origin is the one allowed.
            env={**os.environ, "SIGNAALROUTE_ALLOWED_ORIGINS": self.url},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        _wait_until_up(f"{self.url}/webhooks/rest/", self.proc)
        return self

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)

    def restart(self) -> None:
        """Stop and start again on the same port; the dialogue state survives."""
        self.stop()
        self.start()


@pytest.fixture(scope="session")
def harness(tmp_path_factory) -> ChannelHarness:
    """The channel harness, started once per test session."""
    h = ChannelHarness(tmp_path_factory.mktemp("widget-harness")).start()
    yield h
    h.stop()


@dataclass
class WidgetTarget:
    """Where the browser finds the demo page and which Rasa server the widget talks to."""

    name: str
    demo_url: str
    rasa_url: str
    restart_rasa: Callable[[], None]


@pytest.fixture(scope="session")
def target(stack) -> WidgetTarget:
    """The demo page served by the real workspace, talking to the real Rasa and action servers."""
    return WidgetTarget("stack", f"{stack.api_url}/demo", stack.rasa_url, stack.restart_rasa)
