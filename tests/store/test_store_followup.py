"""The step plan: timestamped steps, redacted notes, partner required when forwarding."""
import pytest

from bot.store import followup
from bot.store.models import Consultation


def _take(db, consultation_id, redactor, *steps):
    with db.session() as session:
        consultation = session.get(Consultation, consultation_id)
        for step in steps:
            followup.record_step(session, consultation, step, None, redactor)


def test_the_full_step_plan_ends_closed(record, db, redactor):
    stored = record()
    _take(db, stored.id, redactor,
          followup.StepInput("vastgelegd", "Bekend bij de gemeente"),
          followup.StepInput("doorgestuurd", "", "nla"),
          followup.StepInput("terugkoppeling_gevraagd"),
          followup.StepInput("terugkoppeling_ontvangen", "NLA gaat langs"),
          followup.StepInput("teruggekoppeld"),
          followup.StepInput("afgesloten"))
    with db.session() as session:
        consultation = session.get(Consultation, stored.id)
        assert [s.step for s in consultation.steps] == [
            "ontvangen", "vastgelegd", "doorgestuurd", "terugkoppeling_gevraagd",
            "terugkoppeling_ontvangen", "teruggekoppeld", "afgesloten"]
        assert consultation.steps[2].partner == "nla"
        assert all(s.occurred_at is not None for s in consultation.steps)
        assert not followup.is_open(consultation)
        with pytest.raises(followup.FollowUpError) as error:
            followup.record_step(session, consultation, followup.StepInput("vastgelegd"), None, redactor)
        assert error.value.field == "step"


def test_notes_and_messages_are_redacted_before_storage(record, db, redactor):
    stored = record()
    _take(db, stored.id, redactor,
          followup.StepInput("vastgelegd", "Gesproken met Mohammed Yilmaz, 06-98765432, m.yilmaz@voorbeeld.nl"))
    with db.session() as session:
        consultation = session.get(Consultation, stored.id)
        message = followup.set_message_for_reporter(
            session, consultation, "Beste Sanne de Boer, bel 070-3456789 als je vragen hebt.", redactor)
        note = consultation.steps[-1].note
    for secret in ("Yilmaz", "98765432", "m.yilmaz@voorbeeld.nl"):
        assert secret not in note
    assert "Sanne" not in message and "3456789" not in message


def test_forwarding_needs_a_known_partner():
    errors = followup.validate_step(followup.StepInput("doorgestuurd"))
    assert [e.field for e in errors] == ["partner"]
    errors = followup.validate_step(followup.StepInput("doorgestuurd", partner="de buurman"))
    assert [e.field for e in errors] == ["partner"]
    errors = followup.validate_step(followup.StepInput("ontvangen", note="x" * 5000))
    assert {e.field for e in errors} == {"step", "note"}
