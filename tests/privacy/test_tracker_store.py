"""The redacting tracker store: real Rasa events, real SQLite files on disk.

After conversations full of names, phone numbers and addresses, the raw bytes
of the tracker database (and any journal next to it) must not contain them,
while the dialogue state Rasa needs (intents, entity types, slots) survives.
"""

import asyncio
import time
from pathlib import Path

import pytest
from rasa.core.brokers.sql import SQLEventBroker
from rasa.core.tracker_store import TrackerStore
from rasa.core.utils import AvailableEndpoints
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    EntitiesAdded,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from bot import anonymise
from rasa_ext.tracker_store import (
    REDACTED,
    RedactingSQLTrackerStore,
    purge_expired_trackers,
)

DESCRIPTION = (
    "Fatima El Amrani woont in een loods aan de Kerkstraat 12, 6411 AB Heerlen. "
    "Bel haar op 06-12345678 of mail fatima.ea@gmail.com. De baas Ionut Popescu rijdt in 12-ABC-3."
)
SECOND = "Haar collega Anna Kowalska belde vanaf 045-5712345, BSN 123456782, IBAN NL91ABNA0417164300."
PII = [
    "Fatima", "Amrani", "Kerkstraat", "6411", "06-12345678", "12345678", "fatima.ea", "gmail",
    "Ionut", "Popescu", "12-ABC-3", "Kowalska", "045-5712345", "5712345", "123456782",
    "NL91ABNA0417164300", "Jan de Vries", "jan.devries@gemeente.nl",
]

DOMAIN = Domain.from_dict(
    {
        "intents": ["signal_labour", "choose", "ask_status"],
        "entities": ["keuze", "person"],
        "slots": {
            "beschrijving": {"type": "text", "mappings": [{"type": "custom"}]},
            "form": {"type": "categorical", "values": ["arbeid", "seksueel"], "mappings": [{"type": "custom"}]},
            "gemeente": {"type": "text", "mappings": [{"type": "custom"}]},
            "notitie": {"type": "any", "mappings": [{"type": "custom"}]},
        },
        "actions": ["action_route_step"],
    }
)


@pytest.fixture(scope="module", autouse=True)
def deduce_loaded():
    anonymise.warm_up().join()


@pytest.fixture()
def db_path(tmp_path, monkeypatch):
    monkeypatch.delenv("SIGNAALROUTE_TRACKER_DB", raising=False)
    monkeypatch.delenv("SIGNAALROUTE_TRACKER_TTL_HOURS", raising=False)
    return tmp_path / "tracker.db"


def make_store(db_path: Path, **kwargs) -> RedactingSQLTrackerStore:
    return RedactingSQLTrackerStore(
        domain=DOMAIN, dialect="sqlite", db=str(db_path), free_text_slots=["beschrijving"], **kwargs
    )


TEAMS_USER = {"user_name": "Jan de Vries", "email": "jan.devries@gemeente.nl"}


def user(text, intent="signal_labour", entities=(), metadata=None, timestamp=None):
    entities = list(entities)
    return UserUttered(
        text,
        intent={"name": intent, "confidence": 0.97},
        entities=entities,
        parse_data={
            "text": text,
            "intent": {"name": intent, "confidence": 0.97},
            "entities": entities,
            "intent_ranking": [{"name": intent, "confidence": 0.97}],
            "text_tokens": [[0, 6]],
        },
        input_channel="rest",
        message_id="m1",
        metadata=metadata if metadata is not None else TEAMS_USER,
        timestamp=timestamp,
    )


def first_turn(sender="professional-1", timestamp=None):
    ts = {} if timestamp is None else {"timestamp": timestamp}
    events = [
        ActionExecuted("action_session_start", **ts),
        SessionStarted(metadata={"user_name": "Jan de Vries"}, **ts),
        SlotSet("session_started_metadata", TEAMS_USER, **ts),
        ActionExecuted("action_listen", **ts),
        user(
            DESCRIPTION,
            entities=[
                {"entity": "person", "value": "Fatima El Amrani", "start": 0, "end": 16, "extractor": "spacy"},
                {"entity": "keuze", "value": "form:arbeid", "start": 0, "end": 3, "extractor": "regex"},
            ],
            timestamp=timestamp,
        ),
        EntitiesAdded([{"entity": "person", "value": "Ionut Popescu", "start": 5, "end": 18}], **ts),
        SlotSet("beschrijving", DESCRIPTION, **ts),
        SlotSet("form", "arbeid", **ts),
        SlotSet("gemeente", "Heerlen", **ts),
        SlotSet("notitie", {"copy": DESCRIPTION}, **ts),
        ActionExecuted("action_route_step", **ts),
        BotUttered("Je schreef: " + DESCRIPTION, **ts),
        BotUttered(
            "Bel de Nederlandse Arbeidsinspectie: 0800-5151.",
            {"buttons": [{"title": "Terug", "payload": "/go_back"}]},
            {"utter_action": "utter_contact", "user": "Jan de Vries"},
            **ts,
        ),
        ActionExecuted("action_listen", **ts),
    ]
    return DialogueStateTracker.from_events(sender, events, slots=DOMAIN.slots)


def raw_bytes(db_path: Path) -> bytes:
    """The database file plus any journal/WAL SQLite left next to it."""
    data = b""
    for path in db_path.parent.glob(db_path.name + "*"):
        data += path.read_bytes()
    return data


def assert_no_pii(data: bytes):
    lowered = data.lower()
    for item in PII:
        assert item.lower().encode() not in lowered, f"{item!r} found in the stored bytes"


def test_no_typed_text_reaches_the_database_file(db_path):
    store = make_store(db_path)
    asyncio.run(store.save(first_turn()))
    store.engine.dispose()
    data = raw_bytes(db_path)
    assert b"signal_labour" in data  # the file really holds the conversation
    assert_no_pii(data)


def test_a_sender_id_that_is_an_e_mail_address_is_stored_only_as_a_keyed_hash(db_path):
    store = make_store(db_path)
    sender = "piet.bakker@gemeente-voorbeeld.nl"
    asyncio.run(store.save(first_turn(sender=sender)))
    back = asyncio.run(store.retrieve(sender))
    store.engine.dispose()
    assert back is not None and back.sender_id == sender and back.latest_message.intent["name"] == "signal_labour"
    assert b"piet.bakker" not in raw_bytes(db_path).lower()
    assert db_path.stat().st_mode & 0o777 == 0o600


def test_retrieved_tracker_keeps_intents_choices_slots_and_bot_messages(db_path):
    store = make_store(db_path)
    asyncio.run(store.save(first_turn()))

    tracker = asyncio.run(store.retrieve("professional-1"))

    assert tracker.latest_message.intent["name"] == "signal_labour"
    assert tracker.latest_message.text == REDACTED
    entities = {e["entity"]: e["value"] for e in tracker.latest_message.entities}
    assert entities == {"keuze": "form:arbeid", "person": REDACTED}
    assert tracker.get_slot("form") == "arbeid"
    assert tracker.get_slot("gemeente") == "Heerlen"
    assert tracker.get_slot("session_started_metadata") is None
    description = tracker.get_slot("beschrijving")
    assert "[NAAM]" in description and "loods" in description and "Fatima" not in description
    bot_texts = [e.text for e in tracker.events if isinstance(e, BotUttered)]
    assert bot_texts == [REDACTED, "Bel de Nederlandse Arbeidsinspectie: 0800-5151."]


def test_later_turns_are_redacted_too(db_path):
    store = make_store(db_path)
    asyncio.run(store.save(first_turn()))
    tracker = asyncio.run(store.retrieve("professional-1"))
    tracker.update(user(SECOND, intent="choose", metadata={"name": "Anna Kowalska"}))
    tracker.update(SlotSet("beschrijving", SECOND))
    tracker.update(ActionExecuted("action_listen"))
    asyncio.run(store.save(tracker))
    store.engine.dispose()

    assert_no_pii(raw_bytes(db_path))
    again = asyncio.run(make_store(db_path).retrieve("professional-1"))
    intents = [e.intent_name for e in again.events if isinstance(e, UserUttered)]
    assert intents == ["signal_labour", "choose"]


def test_events_sent_to_an_event_broker_are_redacted(db_path, tmp_path):
    broker_path = tmp_path / "events.db"
    broker = SQLEventBroker(db=str(broker_path))
    store = RedactingSQLTrackerStore(
        domain=DOMAIN, db=str(db_path), event_broker=broker, free_text_slots=["beschrijving"]
    )
    asyncio.run(store.save(first_turn()))
    broker.engine.dispose()
    data = raw_bytes(broker_path)
    assert b"signal_labour" in data
    assert_no_pii(data)


def test_idle_conversations_expire(db_path):
    store = make_store(db_path, ttl_hours=12)
    now = time.time()
    asyncio.run(store.save(first_turn("old-conversation", timestamp=now - 13 * 3600)))
    asyncio.run(store.save(first_turn("fresh-conversation", timestamp=now - 3600)))

    assert store.purge_expired(now=now) == 1

    assert asyncio.run(store.retrieve("old-conversation")) is None
    assert asyncio.run(store.retrieve("fresh-conversation")) is not None


def test_saving_purges_expired_conversations_once_the_interval_has_passed(db_path, monkeypatch):
    monkeypatch.setenv("SIGNAALROUTE_TRACKER_TTL_HOURS", "1")
    store = make_store(db_path, purge_interval_minutes=0)
    asyncio.run(store.save(first_turn("old-conversation", timestamp=time.time() - 2 * 3600)))
    asyncio.run(store.save(first_turn("new-conversation")))
    assert asyncio.run(store.keys()) == [store.stored_id("new-conversation")]  # keyed hashes only


def test_purge_function_for_the_command_line(db_path):
    store = make_store(db_path)
    asyncio.run(store.save(first_turn("old-conversation", timestamp=time.time() - 30 * 3600)))
    store.engine.dispose()
    assert purge_expired_trackers(f"sqlite:///{db_path}", ttl_hours=12) == 1
    assert purge_expired_trackers(f"sqlite:///{db_path}", ttl_hours=12) == 0


def test_rasa_loads_the_store_from_endpoints_yml(tmp_path, monkeypatch):
    db_path = tmp_path / "from-env.db"
    monkeypatch.setenv("SIGNAALROUTE_TRACKER_DB", str(db_path))
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(
        "tracker_store:\n"
        "  type: rasa_ext.tracker_store.RedactingSQLTrackerStore\n"
        "  dialect: sqlite\n"
        "  db: ignored-because-the-environment-wins.db\n"
        "  ttl_hours: 6\n"
        "  free_text_slots: [beschrijving]\n"
    )
    config = AvailableEndpoints.read_endpoints(str(endpoints)).tracker_store

    store = TrackerStore.create(config, DOMAIN)

    inner = getattr(store, "_tracker_store", store)
    assert isinstance(inner, RedactingSQLTrackerStore)
    assert inner.ttl_hours == 6
    asyncio.run(store.save(first_turn()))
    inner.engine.dispose()
    assert db_path.exists()
    assert_no_pii(raw_bytes(db_path))


def test_a_typed_answer_that_is_a_route_word_keeps_the_route_state(db_path):
    # Typing "prostitutie" or "seksueel" as an answer is not typed text about a person:
    # the route state that holds the same word must survive (it was wiped before).
    store = make_store(db_path)
    tracker = first_turn()
    tracker.update(user("prostitutie", intent="signal_sexual"))
    state = {"municipality": "GM0518", "answers": {"subject": "locatie", "location_signal": "prostitutie"}, "finished": True}
    tracker.update(SlotSet("notitie", state))
    tracker.update(ActionExecuted("action_listen"))
    asyncio.run(store.save(tracker))
    again = asyncio.run(make_store(db_path).retrieve("professional-1"))
    assert again.get_slot("notitie") == state


def test_the_sealed_route_state_survives_an_echo_and_codes_in_bot_messages_are_masked(db_path):
    # Issue 8: the route action's state is in a slot; its sealed field (ciphertext of the code and
    # redacted description) must survive even when another field repeats what was typed, and the
    # reference code the bot said must not be readable in the store.
    store = make_store(db_path)
    tracker = first_turn()
    tracker.update(user("prostitutie in de kelder van het pand", intent="signal_sexual", metadata={}))
    sealed = "gAAAAABfakeciphertext0123456789"
    state = {"municipality": "GM0518", "answers": {"subject": "locatie"},
             "handover": {"note": "prostitutie in de kelder van het pand"}, "sealed": sealed}
    tracker.update(SlotSet("notitie", state))
    tracker.update(BotUttered("Je referentiecode is SR-7K3Q-9F. Bewaar deze code."))
    tracker.update(ActionExecuted("action_listen"))
    asyncio.run(store.save(tracker))
    again = asyncio.run(make_store(db_path).retrieve("professional-1"))
    kept = again.get_slot("notitie")
    assert kept["sealed"] == sealed
    assert kept["municipality"] == "GM0518" and kept["answers"] == {"subject": "locatie"}
    assert b"SR-7K3Q-9F" not in raw_bytes(db_path)
    assert any("SR-" in (e.text or "") for e in again.events if isinstance(e, BotUttered))
