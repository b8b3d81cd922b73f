"""The route action with rasa_sdk's own dispatcher and tracker."""

import asyncio
import json
import re

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import recording
from actions.signaalroute import ActionSignaalroute


@pytest.fixture(autouse=True)
def own_database(tmp_path, monkeypatch):
    monkeypatch.setenv("SIGNAALROUTE_DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite'}")
    monkeypatch.setenv("SIGNAALROUTE_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setattr(recording, "_recorder", None)
    monkeypatch.setattr(recording, "_fernet", None)
    import bot.store.db
    monkeypatch.setattr(bot.store.db, "_default", None)  # each test its own database
    yield
    if recording._recorder is not None:
        recording._recorder.close()


def tracker(text, intent, slots=None, sender="t1", entities=None, events=None, channel="rest"):
    latest = {"text": text, "intent": {"name": intent, "confidence": 0.95}, "entities": entities or []}
    events = events or [{"event": "user", "text": text, "parse_data": latest, "input_channel": channel}]
    return Tracker(sender, slots or {}, latest, events, False, None, {}, channel)


def run(trk):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionSignaalroute().run(dispatcher, trk, {}))
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def text_of(messages):
    return "\n".join(m.get("text") or "" for m in messages)


def test_greeting_asks_the_acute_question_with_buttons_and_sets_the_pending_slot():
    messages, slots = run(tracker("hallo", "greet"))
    assert any(m.get("buttons") for m in messages)
    assert any(b["payload"] == "/acute_danger" for m in messages for b in m.get("buttons") or [])
    assert slots["pending_question"] == "acuut"
    assert slots["sr_state"]["pending"] == "acuut"


def test_route_end_gives_a_reference_code_and_records_a_redacted_consultation():
    state = {"municipality": "GM0917", "answers": {"acute": "nee", "subject": "persoon", "form": "arbeid"}, "pending": "behoefte"}
    run(tracker("Jan de Vries (06-12345678) laat arbeidsmigranten in een loods slapen", "signal_labour", {"sr_state": state}))
    payload = '/choose{"keuze":"need:melden"}'
    messages, slots = run(tracker(payload, "choose", {"sr_state": state}, entities=[{"entity": "keuze", "value": "need:melden"}]))
    out = text_of(messages)
    assert "0800-5151" in out
    code = re.search(r"SR-[A-Z0-9]{4}-[A-Z0-9]{2}", out).group(0)
    assert slots["sr_state"]["finished"] is True
    assert recording.recorder().flush(120)
    from sqlalchemy import text
    from bot.store.db import default_database
    with default_database().session() as session:
        rows = session.execute(text("select * from consultations")).mappings().all()
    assert len(rows) == 1
    dump = json.dumps([dict(r) for r in rows], default=str)
    assert "persoon.arbeid.nla" in dump
    assert "06-12345678" not in dump and "Jan de Vries" not in dump and code not in dump


def test_status_of_an_unknown_code_gets_the_same_polite_answer_as_a_malformed_one():
    unknown, _ = run(tracker("wat is de status van SR-7K3Q-9F?", "ask_status"))
    malformed, _ = run(tracker("status van SR-0000", "ask_status", sender="t2"))
    assert "Voor die code kan ik geen status geven" in text_of(unknown)
    assert "referentiecode" in text_of(malformed).lower() or "Voor die code" in text_of(malformed)


def test_after_the_server_said_112_the_action_does_not_repeat_it():
    events = [
        {"event": "user", "text": "hij wordt nu geslagen", "parse_data": {}},
        {"event": "action", "name": "utter_acute_112"},
        {"event": "bot", "text": "Bel direct 112", "metadata": {"utter_action": "utter_acute_112"}},
    ]
    messages, slots = run(tracker("hij wordt nu geslagen", "acute_danger", events=events))
    assert "Bel nu 112" not in text_of(messages)
    assert "aandachtsfunctionaris" in text_of(messages)
    assert slots["sr_state"]["answers"]["acute"] == "ja"


def test_broken_state_slot_is_ignored_not_fatal():
    messages, _ = run(tracker("ik werk in Rotterdam", "inform_municipality", {"sr_state": "kapot"}))
    assert "Rotterdam" in text_of(messages)


def test_after_112_the_code_waits_until_the_danger_is_handled():
    muni = {"municipality": "GM0917", "answers": {}, "pending": "acuut"}
    danger, slots = run(tracker("/acute_danger", "acute_danger", {"sr_state": muni}, sender="acute"))
    assert "112" in text_of(danger)
    assert "referentiecode is" not in text_of(danger).lower()
    assert not any("contact:ja" in b["payload"] for m in danger for b in m.get("buttons") or [])
    assert "Geen direct gevaar, ga verder" in [b["title"] for m in danger for b in m.get("buttons") or []]

    state = slots["sr_state"]
    nee = '/choose{"keuze":"acute:nee"}'
    run(tracker(nee, "choose", {"sr_state": state}, sender="acute", entities=[{"entity": "keuze", "value": "acute:nee"}]))
    state = {**state, "answers": {"acute": "nee", "subject": "persoon", "form": "arbeid"}, "pending": "behoefte", "finished": False}
    done, _ = run(tracker('/choose{"keuze":"need:melden"}', "choose", {"sr_state": state}, sender="acute",
                          entities=[{"entity": "keuze", "value": "need:melden"}]))
    assert re.search(r"referentiecode is SR-[A-Z0-9]{4}-[A-Z0-9]{2}", text_of(done))
    assert any("contact:ja" in b["payload"] for m in done for b in m.get("buttons") or [])


def _consultation_rows():
    from sqlalchemy import text
    from bot.store.db import default_database
    assert recording.recorder().flush(120)
    with default_database().session() as session:
        return session.execute(text("select outcome_code, acute from consultations order by id")).mappings().all()


def _code(messages):
    found = re.search(r"SR-[A-Z0-9]{4}-[A-Z0-9]{2}", text_of(messages))
    return found.group(0) if found else None


def test_continuing_after_112_updates_the_same_consultation_under_the_same_code():
    before = len(_consultation_rows())  # the database is process-wide: count what this test adds
    messages, slots = run(tracker("hij wordt nu geslagen", "acute_danger", sender="s112"))
    # Recorded at once, but the code is only shown once the danger is handled.
    assert _code(messages) is None
    acute_code = recording.unseal(slots["sr_state"]["sealed"])["given_code"]
    assert acute_code and slots["sr_state"]["answers"]["acute"] == "ja"
    state = slots["sr_state"]
    _, slots = run(tracker('/choose{"keuze":"acute:nee"}', "choose", {"sr_state": state}, sender="s112",
                           entities=[{"entity": "keuze", "value": "acute:nee"}]))
    state = {**slots["sr_state"], "municipality": "GM0917",
             "answers": {**slots["sr_state"]["answers"], "subject": "persoon", "form": "arbeid"}, "pending": "behoefte"}
    messages, _ = run(tracker('/choose{"keuze":"need:melden"}', "choose", {"sr_state": state}, sender="s112",
                              entities=[{"entity": "keuze", "value": "need:melden"}]))
    assert _code(messages) == acute_code
    rows = _consultation_rows()
    assert len(rows) == before + 1
    assert rows[-1]["outcome_code"] == "persoon.arbeid.nla" and rows[-1]["acute"]


def test_a_new_signal_after_restart_gets_its_own_consultation():
    state = {"municipality": "GM0917", "answers": {"acute": "nee", "subject": "persoon", "form": "arbeid"}, "pending": "behoefte"}
    before = len(_consultation_rows())
    choose = '/choose{"keuze":"need:melden"}'
    entities = [{"entity": "keuze", "value": "need:melden"}]
    first, _ = run(tracker(choose, "choose", {"sr_state": state}, sender="snew", entities=entities))
    _, slots = run(tracker("/restart_route", "restart_route", {"sr_state": {**state, "finished": True}}, sender="snew"))
    second, _ = run(tracker(choose, "choose", {"sr_state": state}, sender="snew", entities=entities))
    assert _code(first) and _code(second) and _code(first) != _code(second)
    assert len(_consultation_rows()) == before + 2


def test_a_danger_message_told_mid_route_stays_in_the_consultation():
    # The danger question empties the answers for a moment; the story told with the danger
    # (the heart of the signal) must still reach the officer, redacted.
    from sqlalchemy import text

    from bot.store.db import default_database

    state = {"municipality": "GM0637", "answers": {"acute": "nee"}, "pending": "onderwerp"}
    _, slots = run(tracker("Ioana zegt dat hij vanavond komt en slaat als ze nee zegt",
                           "possible_danger", {"sr_state": state}, sender="sdesc"))
    assert slots["sr_state"]["pending"] == "acuut"
    _, slots = run(tracker("nee, nu niet, ze is veilig bij ons", "deny", {"sr_state": slots["sr_state"]}, sender="sdesc"))
    done, _ = run(tracker("ze wil hulp en opvang", "need_support", {"sr_state": {**slots["sr_state"], "answers": {
        **slots["sr_state"]["answers"], "subject": "persoon"}, "pending": "behoefte"}}, sender="sdesc"))
    code = _code(done)
    assert code
    assert recording.recorder().flush(120)
    with default_database().session() as session:
        descriptions = [row[0] for row in session.execute(text("select description from consultations order by id"))]
    assert "vanavond komt en slaat" in descriptions[-1] and "Ioana" not in descriptions[-1]


def _status(code, sender, metadata=None, channel="rest"):
    latest = {"text": f"wat is de status van {code}?", "intent": {"name": "ask_status", "confidence": 0.95},
              "entities": [], "metadata": metadata or {}}
    events = [{"event": "user", "text": latest["text"], "parse_data": latest, "input_channel": channel}]
    trk = Tracker(sender, {}, latest, events, False, None, {}, channel)
    return text_of(run(trk)[0])


def test_a_new_sender_id_does_not_reset_the_status_limit_of_a_source(monkeypatch):
    from bot import texts
    from bot.store.ratelimit import SOURCE_METADATA_KEY, source_token

    monkeypatch.setenv("SIGNAALROUTE_STATUS_LOOKUPS_PER_HOUR", "3")
    mine = {SOURCE_METADATA_KEY: source_token("192.0.2.7")}
    answers = [_status("SR-7K3Q-9F", f"probe-{n}", mine) for n in range(5)]
    assert all(texts.STATUS_UNKNOWN in a for a in answers[:3])
    assert all(texts.STATUS_TOO_MANY in a for a in answers[3:])
    # Another client is not blocked by the first one's guessing ...
    assert texts.STATUS_UNKNOWN in _status("SR-7K3Q-9F", "other", {SOURCE_METADATA_KEY: source_token("192.0.2.8")})
    # ... and a made-up source token counts as no source at all (one shared, strict bucket).
    forged = {SOURCE_METADATA_KEY: source_token("192.0.2.7").split(".")[0] + "." + "0" * 32}
    for n in range(3):
        _status("SR-7K3Q-9F", f"forged-{n}", forged)
    assert texts.STATUS_TOO_MANY in _status("SR-7K3Q-9F", "forged-x", forged)


def test_the_global_limit_holds_whatever_the_source(monkeypatch):
    from bot import texts
    from bot.store.ratelimit import SOURCE_METADATA_KEY, source_token

    monkeypatch.setenv("SIGNAALROUTE_STATUS_LOOKUPS_GLOBAL_PER_HOUR", "4")
    answers = [_status("SR-7K3Q-9F", f"s{n}", {SOURCE_METADATA_KEY: source_token(f"198.51.100.{n}")}) for n in range(6)]
    assert [texts.STATUS_TOO_MANY in a for a in answers] == [False] * 4 + [True] * 2


def test_the_slot_holds_no_readable_code_or_description_and_a_new_action_server_goes_on():
    state = {"municipality": "GM0917", "answers": {"acute": "nee", "subject": "persoon", "form": "arbeid"}, "pending": "behoefte"}
    story = "Jan de Vries (06-12345678) laat arbeidsmigranten in een loods slapen"
    _, slots = run(tracker(story, "signal_labour", {"sr_state": state}, sender="seal"))
    dumped = json.dumps(slots["sr_state"])
    assert "loods" not in dumped and "Jan de Vries" not in dumped and slots["sr_state"]["sealed"]
    sealed = recording.unseal(slots["sr_state"]["sealed"])
    assert any("loods" in p for p in sealed["description"])
    assert not any("Jan de Vries" in p or "06-12345678" in p for p in sealed["description"])
    # Nothing in this process remembers the conversation: the next turn reads it all from the slot.
    messages, slots = run(tracker('/choose{"keuze":"need:melden"}', "choose", {"sr_state": slots["sr_state"]}, sender="seal",
                                  entities=[{"entity": "keuze", "value": "need:melden"}]))
    code = _code(messages)
    assert code and code == sealed["code"]
    assert code not in json.dumps(slots["sr_state"])
    with __import__("bot.store.db", fromlist=["default_database"]).default_database().session() as session:
        from sqlalchemy import text
        description = session.execute(text("select description from consultations")).scalars().all()[-1]
    assert "loods" in description and "Jan de Vries" not in description


def test_no_store_at_all_gives_the_advice_and_a_line_without_a_code(monkeypatch):
    from bot import texts

    async def nowhere(draft):
        return False

    monkeypatch.setattr(recording, "record", nowhere)
    state = {"municipality": "GM0917", "answers": {"acute": "nee", "subject": "persoon", "form": "arbeid"}, "pending": "behoefte"}
    messages, _ = run(tracker('/choose{"keuze":"need:melden"}', "choose", {"sr_state": state}, sender="nowhere",
                              entities=[{"entity": "keuze", "value": "need:melden"}]))
    assert "0800-5151" in text_of(messages) and texts.NOT_RECORDED in text_of(messages)
    assert _code(messages) is None


# -- the sealed state belongs to its conversation (issue 15) --------------------------------

LABOUR = {"municipality": "GM0917", "answers": {"acute": "nee", "subject": "persoon", "form": "arbeid"}, "pending": "behoefte"}
MELDEN = ('/choose{"keuze":"need:melden"}', "choose")
MELDEN_ENTITIES = [{"entity": "keuze", "value": "need:melden"}]


def _stored(code):
    from sqlalchemy import text

    from bot.settings import load_settings
    from bot.store.codes import hash_code
    from bot.store.db import default_database

    assert recording.recorder().flush(120)
    with default_database().session() as session:
        return session.execute(text(
            "select c.municipality_code, c.outcome_code, c.revision, count(r.id) as contacts from consultations c "
            "left join reporter_contacts r on r.consultation_id = c.id where code_hash = :h group by c.id"),
            {"h": hash_code(code, load_settings().secret_key)}).mappings().one()


def test_a_sealed_state_replayed_under_another_sender_is_refused(caplog):
    _, slots = run(tracker("Jan laat arbeidsmigranten in een loods slapen", "signal_labour", {"sr_state": LABOUR},
                           sender="victim-conversation"))
    messages, slots = run(tracker(*MELDEN, {"sr_state": slots["sr_state"]}, sender="victim-conversation",
                                  entities=MELDEN_ENTITIES))
    code = _code(messages)
    stolen = slots["sr_state"]
    assert code and _stored(code)["municipality_code"] == "GM0917"
    # The attacker posts the copied state under their own sender id, with another municipality,
    # asks for the code to be shown again and leaves a contact.
    forged = {**stolen, "municipality": "GM0518", "finished": False, "pending": "behoefte"}
    caplog.set_level("WARNING")
    replies, _ = run(tracker(*MELDEN, {"sr_state": forged}, sender="attacker", entities=MELDEN_ENTITIES))
    run(tracker("Piet Aanvaller 0611111111", "inform", {"sr_state": {**stolen, "awaiting_contact": True}},
                sender="attacker"))
    assert code not in text_of(replies)
    after = _stored(code)
    assert after["municipality_code"] == "GM0917" and after["contacts"] == 0
    refused = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
    assert refused and all("another conversation" in m for m in refused)
    assert not any("attacker" in r.getMessage() or code in r.getMessage() for r in caplog.records)


def test_an_older_copy_of_the_own_state_cannot_rewrite_the_record(caplog):
    messages, first = run(tracker("hij wordt nu geslagen", "acute_danger", sender="stale-conversation"))
    old = first["sr_state"]  # revision 1: the 112 end of the signal
    code = recording.unseal(old["sealed"])["given_code"]
    _, slots = run(tracker('/choose{"keuze":"acute:nee"}', "choose", {"sr_state": old}, sender="stale-conversation",
                           entities=[{"entity": "keuze", "value": "acute:nee"}]))
    state = {**slots["sr_state"], **LABOUR, "answers": {**slots["sr_state"]["answers"], **LABOUR["answers"]}}
    done, _ = run(tracker(*MELDEN, {"sr_state": state}, sender="stale-conversation", entities=MELDEN_ENTITIES))
    assert _code(done) == code and _stored(code)["revision"] == 2
    # Replaying revision 1 with another municipality and route: refused, the record stays.
    stale = {**old, "municipality": "GM0518", "answers": {"acute": "nee", "subject": "persoon", "form": "seksueel"},
             "pending": "behoefte", "finished": False}
    caplog.set_level("WARNING")
    replies, _ = run(tracker(*MELDEN, {"sr_state": stale}, sender="stale-conversation", entities=MELDEN_ENTITIES))
    assert code not in text_of(replies)
    after = _stored(code)
    assert after["municipality_code"] == "GM0917" and after["outcome_code"] == "persoon.arbeid.nla"
    assert any("refused: an older revision" in r.getMessage() for r in caplog.records)
