"""Issue 8, point 2 on the real default stack (action server, Rasa server, SQLite files):
nothing recorded is lost or doubled when the action server restarts or is killed mid-write,
or when the database cannot be written for a minute; nothing typed is left in clear text.

The database is made unwritable by holding an exclusive SQLite lock from the test (we run as
root, so file permissions would not stop a write)."""

from __future__ import annotations

import json
import re
import sqlite3
import threading
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from bot import texts
from bot.store.codes import hash_code
from tests.stack import Stack
from tests.stack import texts as joined

pytestmark = pytest.mark.e2e

NAMES = ["Piet van der Berg", "Fatima El Amrani", "Anna Jansen", "Ioana Popescu"]
PII = NAMES + ["06-12345678", "0612345678", "+31 6 87654321", "06-11112222", "Kerkstraat 12", "6411 AB",
               "piet@bouwbedrijf.nl"]
STORY = (
    "Bij een controle in {place} zag ik arbeidsmigranten die in een loods slapen aan de Kerkstraat 12, 6411 AB Heerlen. "
    "Hun baas Piet van der Berg (06-12345678, piet@bouwbedrijf.nl) heeft hun paspoorten ingenomen. "
    "Een van hen, Fatima El Amrani, belde mij vanaf +31 6 87654321. Geen direct gevaar."
)
MELDEN = '/choose{"keuze":"need:melden"}'
CODE = re.compile(r"SR-[A-Z0-9]{4}-[A-Z0-9]{2}")


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    s = Stack(tmp_path_factory.mktemp("recording-faults"), extra_env={
        "SIGNAALROUTE_OUTBOX_RETRY_MAX_SECONDS": "3",
        "SIGNAALROUTE_STATUS_LOOKUPS_PER_HOUR": "3",
    })
    try:
        (s.tmpdir / "var").mkdir(parents=True, exist_ok=True)
        s.start_action_server()
        s.start_rasa()
        yield s
    finally:
        s.stop()


def _db(stack) -> Path:
    return stack.tmpdir / "signaalroute.db"


def _outbox_jobs(stack) -> int:
    path = stack.tmpdir / "var" / "outbox.db"
    if not path.exists():
        return 0
    with sqlite3.connect(path, timeout=10) as db:
        return db.execute("select count(*) from jobs").fetchone()[0]


def _consultations(stack) -> list[dict]:
    with sqlite3.connect(_db(stack), timeout=30) as db:
        db.row_factory = sqlite3.Row
        rows = db.execute("select c.id, code_hash, acute, description, outcome_code, r.id as contact "
                          "from consultations c left join reporter_contacts r on r.consultation_id = c.id").fetchall()
    return [dict(r) for r in rows]


def _by_code(stack, code) -> list[dict]:
    secret = (stack.tmpdir / "var" / "secret.key").read_bytes()
    return [r for r in _consultations(stack) if r["code_hash"] == hash_code(code, secret)]


def _code(text: str):
    found = CODE.search(text)
    return found.group(0) if found else None


class Lock:
    """An exclusive lock on the workspace database: nobody reads or writes it meanwhile."""

    def __init__(self, path: Path):
        self.connection = sqlite3.connect(path, isolation_level=None, timeout=30)
        self.connection.execute("BEGIN EXCLUSIVE")

    def release(self):
        self.connection.execute("ROLLBACK")
        self.connection.close()


def _wait_until(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.5)


def test_an_action_server_restart_mid_conversation_keeps_the_signal_its_story_and_its_danger(stack):
    sender = f"restart-{uuid.uuid4().hex[:8]}"
    first = joined(stack.send(sender, "Ik werk bij de gemeente Vaals. Ioana Popescu wordt nu geslagen in de loods "
                                      "aan de Kerkstraat 12 door Piet van der Berg."))
    assert "112" in first
    stack.stop_action_server()
    stack.start_action_server()  # a new process: nothing of the conversation in its memory
    joined(stack.send(sender, '/choose{"keuze":"acute:nee"}'))
    for payload in ('/choose{"keuze":"subject:persoon"}', '/choose{"keuze":"form:arbeid"}'):
        joined(stack.send(sender, payload))
    done = joined(stack.send(sender, MELDEN))
    code = _code(done)
    assert code, done
    [row] = _by_code(stack, code)
    assert row["acute"] == 1, "the danger reported before the restart is in the record"
    assert "geslagen in de loods" in row["description"]
    for pii in PII:
        assert pii not in row["description"]
    assert len(_consultations(stack)) == 1


def test_a_database_locked_for_a_minute_and_a_kill_mid_write_lose_and_double_nothing(stack):
    before = len(_consultations(stack))
    lock = Lock(_db(stack))
    locked_at = time.monotonic()
    try:
        codes = []
        for place in ("Voerendaal", "Simpelveld", "Gulpen-Wittem"):
            sender = f"outage-{uuid.uuid4().hex[:8]}"
            joined(stack.send(sender, STORY.format(place=place)))
            done = joined(stack.send(sender, MELDEN))
            assert "0800-5151" in done
            code = _code(done)
            assert code, "durable in the outbox: the professional gets the code during the outage"
            codes.append(code)
        # The last one leaves a name and number during the outage as well.
        joined(stack.send(sender, '/choose{"keuze":"contact:ja"}'))
        saved = joined(stack.send(sender, "Anna Jansen, 06-11112222"))
        assert texts.CONTACT_SAVED.format(code=codes[-1]) in saved

        # kill -9 while the action server is writing: the final click is in flight, its job in
        # the outbox, the database write blocked on the lock.
        killed_sender = f"killed-{uuid.uuid4().hex[:8]}"
        joined(stack.send(killed_sender, STORY.format(place="Beekdaelen")))
        jobs = _outbox_jobs(stack)
        replies: list = []
        click = threading.Thread(target=lambda: replies.append(joined(stack.send(killed_sender, MELDEN))))
        click.start()
        _wait_until(lambda: _outbox_jobs(stack) > jobs, 30, "the job did not reach the outbox")
        stack.procs["actions"].kill()
        stack.procs["actions"].wait(10)
        click.join(60)
        assert replies and _code(replies[0]) is None  # no answer from the killed server: no code either
        stack.start_action_server()
        assert _outbox_jobs(stack) == jobs + 1, "the outbox survives the restart"
        # The professional clicks again: the same signal, the same code, no second record.
        again = joined(stack.send(killed_sender, MELDEN))
        killed_code = _code(again)
        assert killed_code, again
        codes.append(killed_code)

        remaining = 60 - (time.monotonic() - locked_at)
        if remaining > 0:
            time.sleep(remaining)  # unwritable for a whole minute
    finally:
        lock.release()

    _wait_until(lambda: _outbox_jobs(stack) == 0, 120, "the outbox was not drained after the database came back")
    rows = _consultations(stack)
    assert len(rows) == before + len(codes), "every consultation exactly once"
    for code in codes:
        [row] = _by_code(stack, code)
        assert "loods" in row["description"]
        for pii in PII:
            assert pii not in row["description"]
    assert _by_code(stack, codes[2])[0]["contact"] is not None, "the contact left during the outage arrived"


def test_nothing_typed_is_left_in_clear_text_in_any_file_written(stack):
    time.sleep(1)
    files = [p for p in stack.tmpdir.rglob("*") if p.is_file() and p.suffix != ".key" and "cache" not in p.parts]
    names = {p.name for p in files}
    assert {"signaalroute.db", "tracker.db", "outbox.db", "actions.log", "rasa.log"} <= names
    for path in files:
        raw = path.read_bytes()
        for pii in PII:
            assert pii.encode() not in raw, f"{pii!r} found in {path.name}"
    # The reference codes given are keys to a consultation: not readable in the tracker store.
    tracker = b"".join(p.read_bytes() for p in stack.tmpdir.glob("tracker.db*"))
    assert not CODE.search(tracker.decode("latin-1"))


def _ask_status(stack, sender, client, metadata=None):
    """A status question over REST from `client` (the test is the local proxy in front of it)."""
    body = {"sender": sender, "message": "wat is de status van SR-7K3Q-9F?", "metadata": metadata or {}}
    request = urllib.request.Request(f"{stack.rasa_url}/webhooks/rest/webhook", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json", "X-Forwarded-For": client})
    with urllib.request.urlopen(request, timeout=60) as response:
        return joined(json.loads(response.read()))


def test_guessing_codes_is_limited_per_client_whatever_sender_id_it_picks(stack):
    guesser, other = "203.0.113.9", "198.51.100.4"
    answers = [_ask_status(stack, f"guess-{uuid.uuid4().hex[:8]}", guesser) for _ in range(3)]
    assert all(texts.STATUS_UNKNOWN in a for a in answers)
    # A new sender id, and made-up source metadata, do not reset the count.
    assert texts.STATUS_TOO_MANY in _ask_status(stack, f"guess-{uuid.uuid4().hex[:8]}", guesser)
    forged = {"sr_source": "0" * 64 + "." + "0" * 32}
    assert texts.STATUS_TOO_MANY in _ask_status(stack, f"guess-{uuid.uuid4().hex[:8]}", guesser, forged)
    # Another client is not blocked by the guesser.
    assert texts.STATUS_UNKNOWN in _ask_status(stack, f"other-{uuid.uuid4().hex[:8]}", other)


def _send_from(stack, sender, text, client):
    body = {"sender": sender, "message": text}
    request = urllib.request.Request(f"{stack.rasa_url}/webhooks/rest/webhook", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json", "X-Forwarded-For": client})
    with urllib.request.urlopen(request, timeout=60) as response:
        return joined(json.loads(response.read()))


def test_beyond_ten_consultations_an_hour_one_source_still_gets_the_advice_and_the_record_says_beperkt(stack):
    client = "192.0.2.50"
    try:
        before = {r["id"] for r in _consultations(stack)}
    except sqlite3.OperationalError:  # nothing recorded yet in this stack: no tables
        before = set()
    for n in range(11):
        answer = _send_from(stack, f"flood-{n}-{uuid.uuid4().hex[:6]}", "hij wordt nu geslagen, spoed", client)
        assert "112" in answer, answer
    _wait_until(lambda: len({r["id"] for r in _consultations(stack)} - before) >= 11, 60, "not all recorded")
    new = [r for r in _consultations(stack) if r["id"] not in before]
    limited = [r for r in new if r["description"].startswith("[beperkt]")]
    assert len(new) == 11 and len(limited) == 1 and limited[0]["acute"] == 1
    assert limited[0]["id"] == max(r["id"] for r in new)  # the eleventh


def test_a_locked_tracker_store_forgets_no_turn(stack):
    sender = f"trackerlock-{uuid.uuid4().hex[:8]}"
    lock = Lock(stack.tmpdir / "tracker.db")
    try:
        first = joined(stack.send(sender, "Ik werk bij de gemeente Heerlen"))
        assert first.strip() and "Traceback" not in first
        # The turn above is kept, not yet written: no turn goes on from an older state.
        second = joined(stack.send(sender, "wat moet ik doen?"))
        assert texts.TECHNICAL_PROBLEM in second and "112" in second and "0900-8844" in second
    finally:
        lock.release()
    time.sleep(1.5)
    after = joined(stack.send(sender, "ik zag arbeidsmigranten die in een loods slapen, geen direct gevaar"))
    assert texts.ASK_MUNICIPALITY not in after, after  # Heerlen, told during the lock, is known
    assert texts.TECHNICAL_PROBLEM not in after
