"""Faults on the default stack run as scripts/start runs it (under tools/supervise.py).

What a professional notices when the action server dies or freezes: an acute message still
gets 112 within a second, any other message gets the polite fallback (112 and the national
numbers), and shortly after the route works again because the part was restarted. The Rasa
server itself comes back after kill -9 too. One supervised stack serves the whole module.
"""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import time
import uuid

import psutil
import pytest

from bot import texts as bot_texts
from tests.stack import SupervisedStack, texts

pytestmark = pytest.mark.e2e

ACUTE = "hij wordt nu geslagen, spoed"
ORDINARY = "ik zag arbeidsmigranten in een loods"
HANG_AFTER = 8.0  # the supervisor's hang limit here (scripts/start: 10 s); above the cold first-action stall


@pytest.fixture(scope="module")
def sup(tmp_path_factory):
    stack = SupervisedStack(tmp_path_factory.mktemp("supervised"), hang_after=HANG_AFTER)
    try:
        stack.start()
        yield stack
    finally:
        stack.stop()


def new_sender() -> str:
    return f"fault-{uuid.uuid4().hex[:8]}"


def timed(stack: SupervisedStack, sender: str, text: str) -> tuple[str, float]:
    started = time.monotonic()
    replies = stack.send(sender, text)
    return texts(replies), time.monotonic() - started


def assert_route_works(stack: SupervisedStack, timeout: float = 120.0) -> None:
    """A new conversation gets the route's own answer (not the fallback) within `timeout`."""
    deadline = time.monotonic() + timeout
    answer = ""
    while time.monotonic() < deadline:
        answer = texts(stack.send(new_sender(), "ik werk in Heerlen"))
        if "Heerlen" in answer and bot_texts.TECHNICAL_PROBLEM not in answer:
            return
        time.sleep(1)
    raise AssertionError(f"the route did not come back: {answer!r}")


def assert_polite_fallback(answer: str) -> None:
    assert "112" in answer and "0900-8844" in answer and "0800-5151" in answer, answer
    assert "Traceback" not in answer


def gone(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def acute_consultations(stack: SupervisedStack) -> list[tuple]:
    path = stack.tmpdir / "signaalroute.db"
    if not path.exists():
        return []
    with sqlite3.connect(path, timeout=30) as db:
        try:
            return db.execute("select id, municipality_code from consultations where acute = 1 order by id").fetchall()
        except sqlite3.OperationalError:  # not migrated yet
            return []


def assert_recorded_once_each(stack: SupervisedStack, before: list, expected: int, timeout: float = 60.0) -> list:
    """Exactly `expected` new acute consultations appear (and no more after a moment)."""
    deadline = time.monotonic() + timeout
    while len(acute_consultations(stack)) < len(before) + expected and time.monotonic() < deadline:
        time.sleep(0.5)
    time.sleep(2)  # a second recording of the same turn would come now
    new = acute_consultations(stack)[len(before):]
    assert len(new) == expected, new
    return new


def test_killed_action_server_112_fast_fallback_polite_and_restarted(sup):
    assert_route_works(sup)
    sender = new_sender()
    assert "Heerlen" in texts(sup.send(sender, "ik werk in Heerlen"))
    before = acute_consultations(sup)
    old = sup.signal_part("actions", signal.SIGKILL)

    answer, took = timed(sup, sender, ACUTE)
    assert "112" in answer and took < 1.0, (took, answer)
    assert_polite_fallback(texts(sup.send(new_sender(), ORDINARY)))

    sup.wait_restarted("actions", old)
    assert_route_works(sup)
    assert "actions is gestopt (exitcode -9)" in sup.supervisor_log.read_text()
    # The acute signal told while the action server was dead is recorded once it is back.
    (recorded,) = assert_recorded_once_each(sup, before, 1)
    assert recorded[1] == "GM0917"


def test_frozen_action_server_112_fast_and_the_hung_part_is_replaced(sup):
    assert_route_works(sup)
    before = acute_consultations(sup)
    old = sup.signal_part("actions", signal.SIGSTOP)
    try:
        for _ in range(2):  # the first acute message waits on the probe, the next does not
            answer, took = timed(sup, new_sender(), ACUTE)
            assert "112" in answer and took < 1.0, (took, answer)
        assert_polite_fallback(texts(sup.send(new_sender(), ORDINARY)))

        sup.wait_restarted("actions", old)
        assert gone(old)
        assert_route_works(sup)
    finally:
        if not gone(old):
            os.kill(old, signal.SIGKILL)
    assert f"actions gaf {HANG_AFTER:g} s geen antwoord op de gezondheidscontrole" in sup.supervisor_log.read_text()
    assert_recorded_once_each(sup, before, 2)  # both acute conversations, once each


def test_messages_starting_with_a_slash_stay_out_of_rasa_log(sup):
    marker = uuid.uuid4().hex[:6]
    private = [
        f"/ik ben Sietske{marker} uit Utrecht",
        f'/greet{{"x": "Hendrikje{marker} 0612345678"}}',
        f"/greet@0.5 en Bartholomeus{marker}",
        f"/{{Wilhelmina{marker}}}",
        f'/choose{{"keuze": "Geertruida{marker}"',
    ]
    for text in private:
        assert texts(sup.send(new_sender(), text)).strip()
    time.sleep(0.5)  # let the log handler write
    log = sup.log_paths["rasa"].read_text(errors="replace")
    assert marker not in log
    assert "0612345678" not in log
    assert not re.search(r"Failed to parse arguments in line '", log)


def test_killed_rasa_server_is_restarted_and_answers_112(sup):
    old = sup.signal_part("rasa", signal.SIGKILL)
    # While it restarts the front answers: the channel layer's words, 112 and the national numbers.
    for _ in range(3):
        started = time.monotonic()
        status, body = sup.post("/webhooks/rest/webhook", {"sender": new_sender(), "message": ACUTE}, timeout=5)
        took = time.monotonic() - started
        assert status == 503 and took < 1.0, (status, took)
        assert_polite_fallback(texts(body))
        time.sleep(1)
    sup.wait_restarted("rasa", old)
    assert "112" in texts(sup.send(new_sender(), ACUTE))
    assert_route_works(sup)
    assert "rasa is gestopt (exitcode -9)" in sup.supervisor_log.read_text()


def test_frozen_rasa_server_is_killed_restarted_and_answers_112(sup):
    # The supervisor judges a hang only after it has seen the part healthy once (before that
    # its start_timeout of 300 s applies): let its health probe see Rasa answer first.
    assert_route_works(sup)
    time.sleep(1)
    old = sup.signal_part("rasa", signal.SIGSTOP)
    try:
        sup.wait_restarted("rasa", old)
        assert gone(old)
    finally:
        if not gone(old):
            os.kill(old, signal.SIGKILL)
    assert "112" in texts(sup.send(new_sender(), ACUTE))
    assert_route_works(sup)
    assert f"rasa gaf {HANG_AFTER:g} s geen antwoord op de gezondheidscontrole" in sup.supervisor_log.read_text()


def test_killed_workspace_is_restarted_and_the_chat_answers_meanwhile(sup):
    old = sup.signal_part("api", signal.SIGKILL)
    # The chat does not depend on the workspace process: it answers while that is down.
    answer = texts(sup.send(new_sender(), "ik werk in Heerlen"))
    assert "Heerlen" in answer and bot_texts.TECHNICAL_PROBLEM not in answer, answer
    assert "112" in texts(sup.send(new_sender(), ACUTE))
    sup.wait_restarted("api", old)  # and /healthz answers again
    assert "api is gestopt (exitcode -9)" in sup.supervisor_log.read_text()
