"""Durable recording (issue 8): database first within a bound, else the local outbox, drained
with back-off and on every start; written exactly once."""
from __future__ import annotations

import sqlite3
import time
from contextlib import contextmanager

from sqlalchemy import func, select

from bot.store.codes import hash_code
from bot.store.db import Database, upgrade_schema
from bot.store.models import Consultation
from bot.store.outbox import DurableRecorder, Outbox
from bot.store.reporter_contact import ContactDetails, read_contact

from store_support import FERNET_KEY, SECRET, make_draft


def _recorder(db, outbox, **kw):
    rec = DurableRecorder(lambda: db, SECRET, FERNET_KEY, outbox, write_timeout=kw.pop("write_timeout", 1.0),
                          retry_initial_seconds=0.1, retry_max_seconds=0.5, **kw)
    rec.start()
    return rec


def _rows(db, code):
    with db.session() as session:
        return session.execute(
            select(Consultation).where(Consultation.code_hash == hash_code(code, SECRET))
        ).scalars().all()


@contextmanager
def locked(path):
    """Hold an exclusive SQLite lock: nobody can read or write the database meanwhile."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        connection.execute("ROLLBACK")
        connection.close()


def test_a_working_database_gets_the_consultation_at_once_and_the_outbox_stays_empty(db, tmp_path):
    outbox = Outbox(tmp_path / "outbox.db")
    rec = _recorder(db, outbox)
    try:
        draft = make_draft(description="Ze werken daar [NAAM] 14 uur per dag.")
        assert rec.record(draft)
        [row] = _rows(db, draft.reference_code)
        assert row.description == draft.description
        assert outbox.count() == 0
        assert rec.record(draft)  # the same signal again: updated, not doubled
        assert len(_rows(db, draft.reference_code)) == 1
    finally:
        rec.close()


def test_a_locked_database_keeps_the_job_in_the_outbox_until_it_is_back(tmp_path):
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    upgrade_schema(url)
    db = Database(url)
    outbox = Outbox(tmp_path / "outbox.db")
    rec = _recorder(db, outbox, write_timeout=0.5)
    drafts = [make_draft(description=f"deel {n}") for n in range(3)]
    try:
        with locked(tmp_path / "db.sqlite"):
            started = time.monotonic()
            for draft in drafts:
                assert rec.record(draft), "durable in the outbox is durable"
            assert time.monotonic() - started < 10  # bounded: the professional is not kept waiting
            assert outbox.count() >= 3
        assert rec.flush(60)
        for draft in drafts:
            [row] = _rows(db, draft.reference_code)
            assert row.description == draft.description
    finally:
        rec.close()
        db.dispose()


def test_the_outbox_survives_a_restart_and_is_drained_at_start(tmp_path):
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    upgrade_schema(url)
    db = Database(url)
    draft = make_draft()
    with locked(tmp_path / "db.sqlite"):
        first = DurableRecorder(lambda: db, SECRET, FERNET_KEY, Outbox(tmp_path / "outbox.db"), write_timeout=0.3)
        assert first.record(draft)
        assert first.save_contact(draft.reference_code, "Anna Jansen", "06-11112222")
        first.close()  # the process stops; nothing was written to the database
    assert Outbox(tmp_path / "outbox.db").count() == 2
    second = _recorder(db, Outbox(tmp_path / "outbox.db"))
    try:
        assert second.flush(30)

        class Officer:
            disabled, role, municipality_codes = False, "aandachtsfunctionaris", [draft.municipality_code]

        with db.session() as session:
            [row] = session.execute(
                select(Consultation).where(Consultation.code_hash == hash_code(draft.reference_code, SECRET))
            ).scalars().all()
            assert b"Anna" not in row.reporter_contact.ciphertext
            assert read_contact(Officer(), row, FERNET_KEY) == ContactDetails("Anna Jansen", "06-11112222")
    finally:
        second.close()
        db.dispose()


def test_a_job_applied_twice_is_stored_once(db, tmp_path):
    outbox = Outbox(tmp_path / "outbox.db")
    rec = DurableRecorder(lambda: db, SECRET, FERNET_KEY, outbox)
    draft = make_draft()
    rec.record(draft)
    # As if a slow write finished after all and the drainer applied the same job again.
    outbox.put("consultation", hash_code(draft.reference_code, SECRET), {
        **{k: v for k, v in draft.__dict__.items() if k != "reference_code"},
        "occurred_at": draft.occurred_at.isoformat(),
    })
    assert rec._apply_pending() == 1
    with db.session() as session:
        assert session.execute(select(func.count()).select_from(Consultation)).scalar_one() == 1
    rec.close()


def test_neither_store_working_says_so(tmp_path):
    broken = Database(f"sqlite:///{tmp_path / 'missing' / 'no.db'}")  # its directory does not exist
    rec = DurableRecorder(lambda: broken, SECRET, FERNET_KEY, None, write_timeout=1)
    assert rec.record(make_draft()) is False
    rec.close()


def test_the_outbox_file_holds_no_code_and_no_clear_contact(tmp_path):
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    upgrade_schema(url)
    db = Database(url)
    draft = make_draft(description="[NAAM] werkt 14 uur per dag")
    with locked(tmp_path / "db.sqlite"):
        rec = DurableRecorder(lambda: db, SECRET, FERNET_KEY, Outbox(tmp_path / "outbox.db"), write_timeout=0.3)
        rec.record(draft)
        rec.save_contact(draft.reference_code, "Anna Jansen", "06-11112222")
        rec.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("outbox.db*"))
    assert b"werkt 14 uur" in raw  # the job is there ...
    for secret in (draft.reference_code, "Anna Jansen", "06-11112222"):
        assert secret.encode() not in raw  # ... but no code and no readable contact
    db.dispose()


def test_a_late_retry_of_an_older_turn_does_not_undo_a_later_one(db, tmp_path):
    # Turn 1 (112) waited in one server's outbox while turn 2 (the advice) was written by
    # another: when turn 1 arrives late, the record keeps turn 2's outcome and turn 1's danger.
    rec = DurableRecorder(lambda: db, SECRET, FERNET_KEY, None)
    code = make_draft().reference_code
    acute = make_draft(reference_code=code, answers={"acute": "ja"}, outcome_code=None, revision=1,
                       description="hij wordt nu geslagen", completed=True)
    advice = make_draft(reference_code=code, answers={"acute": "nee", "subject": "persoon", "form": "arbeid"},
                        outcome_code="persoon.arbeid.nla", revision=2, description="")
    assert rec.record(advice) and rec.record(acute)
    [row] = _rows(db, code)
    assert row.outcome_code == "persoon.arbeid.nla" and row.answers["subject"] == "persoon"
    assert row.acute and "geslagen" in row.description and row.revision == 2
    rec.close()


def test_acute_turns_queued_in_redis_reach_an_action_servers_outbox_once(redis_url, monkeypatch, tmp_path):
    # The cluster's path for turns the Rasa server answered alone (issue 15): Redis, then the
    # outbox of whichever action server looks first; nothing typed is in the job.
    from bot.store import turn_queue
    from bot.store.outbox import Outbox

    monkeypatch.setenv("SIGNAALROUTE_REDIS_URL", redis_url)
    job = {"conversation": "c" * 32, "slot": {"sealed": "gAAAA"}, "intent": "acute_danger", "channel": "rest",
           "stamp": 1_800_000_000.0}
    turn_queue.put(job)
    first, second = Outbox(tmp_path / "a.db"), Outbox(tmp_path / "b.db")
    assert turn_queue.move_into(first) == 1 and turn_queue.move_into(second) == 0
    [(_, kind, _, body, _)] = first.pending()
    assert kind == turn_queue.KIND and body == job
