"""Retention: old consultations go, with everything attached; recent ones stay."""
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select

from bot.store import followup, identifiers
from bot.store.models import AuditEvent, Consultation, FollowUpStep, Identifier, ReporterContact
from bot.store.retention import purge_expired

from store_support import SECRET, make_draft


def test_purge_deletes_expired_consultations_and_their_details(recorder, db, redactor):
    now = datetime.now(timezone.utc)
    old = make_draft(occurred_at=now - timedelta(days=800))
    recent = make_draft(occurred_at=now - timedelta(days=10))
    for draft in (old, recent):
        recorder.submit(draft)
        recorder.submit_reporter_contact(draft.reference_code, "Piet Hein", "piet@example.nl")
    assert recorder.flush(timeout=60)
    with db.session() as session:
        for consultation in session.execute(select(Consultation)).scalars():
            followup.record_step(session, consultation, followup.StepInput("vastgelegd", "notitie"), None, redactor)
            identifiers.attach_identifier(session, consultation, "address", "Kerkstraat 1", None, SECRET)

    assert purge_expired(db, retention_days=730) == 1

    with db.session() as session:
        remaining = session.execute(select(Consultation)).scalars().all()
        assert [c.occurred_at.date() for c in remaining] == [(now - timedelta(days=10)).date()]
        for model in (FollowUpStep, Identifier, ReporterContact):
            owners = set(session.execute(select(model.consultation_id)).scalars())
            assert owners == {remaining[0].id}
        assert session.execute(select(func.count()).select_from(AuditEvent)
                               .where(AuditEvent.action == "purge")).scalar_one() == 1
    assert purge_expired(db, retention_days=730) == 0
