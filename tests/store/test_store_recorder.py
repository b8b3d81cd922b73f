"""Recording consultations: anonymised, to the hour, without blocking, never lost silently."""
import logging
import time
from datetime import datetime, timezone

from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError

from bot.store.codes import hash_code
from bot.store.models import Consultation
from bot.store.recorder import Recorder
from bot.store.redaction import REDACTION_FAILED

from store_support import FERNET_KEY, SECRET, make_draft


def test_consultation_is_stored_anonymised_and_truncated_to_the_hour(record, db):
    stored = record(description="Jan de Vries (06-12345678) slaapt in de loods aan de Industrieweg 4 in Delft.")
    assert stored.occurred_at == datetime(2026, 3, 14, 15, 0, tzinfo=timezone.utc)
    assert stored.recorded_at.minute == 0 and stored.recorded_at.second == 0
    assert "Jan" not in stored.description and "Vries" not in stored.description
    assert "12345678" not in stored.description and "Industrieweg" not in stored.description
    assert "loods" in stored.description
    assert stored.municipality_code == "GM0518" and stored.region_id == "haaglanden"
    assert stored.form == "arbeid" and stored.acute is False and stored.status == "ontvangen"
    assert stored.outcome_code == "persoon.arbeid.melden" and stored.contacts_advised == ["nla"]


def test_reference_code_is_only_stored_as_a_keyed_hash(record, db):
    draft_code = "SR-7K3Q-9F"
    record(reference_code=draft_code)
    with db.session() as session:
        rows = session.execute(text("SELECT * FROM consultations")).all()
    dumped = repr(rows)
    assert draft_code not in dumped and "7K3Q" not in dumped
    assert hash_code(draft_code, SECRET) in dumped


def test_submit_returns_at_once_even_when_redaction_is_slow(db):
    def slow_redactor(text_in):
        time.sleep(0.5)
        return "[geredigeerd]"

    recorder = Recorder(db, SECRET, FERNET_KEY, redactor=slow_redactor)
    try:
        started = time.perf_counter()
        for _ in range(3):
            recorder.submit(make_draft())
        assert time.perf_counter() - started < 0.05
        assert recorder.flush(timeout=10)
    finally:
        recorder.close()
    with db.session() as session:
        assert session.execute(select(Consultation)).scalars().all()[0].description == "[geredigeerd]"


def test_a_stopped_route_is_recorded_without_outcome(record):
    stored = record(outcome_code=None, completed=False, answers={"acute": "nee"})
    assert stored.outcome_code is None and stored.completed is False and stored.form is None


def test_the_same_draft_submitted_twice_is_stored_once(recorder, db):
    draft = make_draft()
    recorder.submit(draft)
    recorder.submit(draft)
    assert recorder.flush(timeout=60)
    with db.session() as session:
        assert len(session.execute(select(Consultation)).scalars().all()) == 1


def test_database_errors_are_retried_and_logged_without_content(db, redactor, caplog, monkeypatch):
    real_session = db.session
    failures = {"left": 2}

    def flaky_session():
        if failures["left"]:
            failures["left"] -= 1
            raise OperationalError("INSERT ...", {"description": "secret"}, Exception("database is locked"))
        return real_session()

    monkeypatch.setattr(db, "session", flaky_session)
    recorder = Recorder(db, SECRET, FERNET_KEY, redactor=redactor, retry_initial_seconds=0.05)
    caplog.set_level(logging.ERROR)
    try:
        recorder.submit(make_draft(description="Fatima El Amrani belt vanaf 0612345678."))
        assert recorder.flush(timeout=60)
    finally:
        recorder.close()
    with real_session() as session:
        assert len(session.execute(select(Consultation)).scalars().all()) == 1
    assert "retrying" in caplog.text
    assert "Fatima" not in caplog.text and "0612345678" not in caplog.text and "secret" not in caplog.text


def test_when_redaction_fails_the_text_is_dropped_not_stored(db):
    def broken(_text):
        raise RuntimeError("deduce not available")

    recorder = Recorder(db, SECRET, FERNET_KEY, redactor=broken)
    try:
        recorder.submit(make_draft(description="Kees Jansen, Kerkstraat 1"))
        assert recorder.flush(timeout=10)
    finally:
        recorder.close()
    with db.session() as session:
        assert session.execute(select(Consultation)).scalar_one().description == REDACTION_FAILED


def test_flush_reports_false_while_the_database_stays_down(db, monkeypatch):
    def down():
        raise OperationalError("SELECT", {}, Exception("connection refused"))

    monkeypatch.setattr(db, "session", down)
    recorder = Recorder(db, SECRET, FERNET_KEY, redactor=lambda t: t, retry_initial_seconds=0.05)
    recorder.submit(make_draft())
    assert recorder.flush(timeout=0.3) is False
    assert recorder.pending == 1
    recorder.close(timeout=0.1)


def test_an_acute_route_continued_becomes_one_consultation_with_its_final_outcome(recorder, db):
    first = make_draft(answers={"acute": "ja"}, outcome_code="acuut.112", contacts_advised=["alarm_112"],
                       description="Hij wordt nu geslagen in de loods.", completed=True)
    recorder.submit(first)
    assert recorder.flush(timeout=60)
    final = make_draft(reference_code=first.reference_code,
                       answers={"acute": "nee", "subject": "persoon", "form": "arbeid", "need": "melden"},
                       outcome_code="persoon.arbeid.nla", contacts_advised=["nla"],
                       description="Ze werken daar zeven dagen per week.")
    recorder.submit(final)
    recorder.submit(final)  # the last button clicked twice
    assert recorder.flush(timeout=60)
    with db.session() as session:
        rows = session.execute(select(Consultation)).scalars().all()
        assert len(rows) == 1
        stored = rows[0]
        assert stored.acute is True and stored.outcome_code == "persoon.arbeid.nla" and stored.form == "arbeid"
        assert stored.contacts_advised == ["alarm_112", "nla"]
        assert stored.description.count("zeven dagen") == 1 and "geslagen" in stored.description
        assert stored.status == "ontvangen" and len(stored.steps) == 1


def test_a_route_stopped_later_never_erases_the_outcome_given_before(recorder, db):
    first = make_draft()
    recorder.submit(first)
    recorder.submit(make_draft(reference_code=first.reference_code, outcome_code=None, completed=False,
                               contacts_advised=[], description=""))
    assert recorder.flush(timeout=60)
    with db.session() as session:
        stored = session.execute(select(Consultation)).scalar_one()
        assert stored.outcome_code == "persoon.arbeid.melden" and stored.completed is True


def test_database_errors_never_carry_the_statements_values(record, db):
    import pytest
    from sqlalchemy.exc import IntegrityError

    stored = record()
    duplicate = Consultation(code_hash=stored.code_hash, occurred_at=stored.occurred_at, recorded_at=stored.recorded_at,
                             region_id="haaglanden", channel="rest", route_map_id="haaglanden", route_map_version="1",
                             answers={}, contacts_advised=[], description="Geheime Tekst van Jan Jansen")
    with pytest.raises(IntegrityError) as caught:
        with db.session() as session:
            session.add(duplicate)
    assert "Jan Jansen" not in str(caught.value) and "hidden" in str(caught.value).lower()
