"""A Rasa tracker store that never writes what the professional typed.

Configured in ``endpoints.yml``::

    tracker_store:
      type: rasa_ext.tracker_store.RedactingSQLTrackerStore
      dialect: sqlite              # or postgresql with host/port/db/username/password
      free_text_slots: [beschrijving]

Before an event is written (to the database, or to an event broker) it is
rewritten:

* user messages: ``text`` and ``parse_data.text`` become :data:`REDACTED`;
  only intent, intent ranking, response selector and entities stay; entity
  values become :data:`REDACTED` except for ``keep_entity_values`` (``keuze``,
  the button/option choice). Rasa's dialogue state uses intents and entity
  *types*, never the text, so retrieving the tracker gives the same predictions.
* slots listed in ``free_text_slots``, and any slot value that contains a
  user message, are de-identified with :func:`bot.anonymise.redact` (or
  replaced by :data:`REDACTED` while deduce is still loading);
  ``session_started_metadata`` (channel data, e.g. a Teams user) is dropped.
  the ``sealed`` field of a dict slot (ciphertext of the route action) is kept as is,
  and in such a dict only the strings that repeat a user message are redacted;
* bot messages are kept, unless they repeat a user message; reference codes in them
  are masked;
* event ``metadata`` keeps only Rasa's model/utterance bookkeeping keys.

The actions still see the raw text of the *current* message: Rasa sends them
the live tracker from memory before it is saved.

Conversations idle longer than ``SIGNAALROUTE_TRACKER_TTL_HOURS`` (default 12)
are deleted at start-up and after a save, at most every
``purge_interval_minutes``; :func:`purge_expired_trackers` does the same for a
command line job.
"""

from __future__ import annotations

import json
import logging
import os
import re
import time
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Text

import sqlalchemy as sa
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from bot import anonymise
from bot.vocabulary import ANSWER_VALUES
from rasa_ext.store_outage import OutageSafeStore
from rasa_ext.store_outage import install as _fail_loudly

_fail_loudly()

logger = logging.getLogger(__name__)

REDACTED = "[VERWIJDERD]"
_REFERENCE_CODE = re.compile(r"\bSR-?[A-Z0-9]{4}-?[A-Z0-9]{2}\b", re.IGNORECASE)
CODE_MASK = "SR-····-··"
# The field of a dict slot that holds Fernet ciphertext (see actions/signaalroute.py): kept as is.
SEALED_FIELD = "sealed"
# The answer values every route map shares: vocabulary, never what someone typed about a person.
_VOCABULARY = frozenset(value for values in ANSWER_VALUES.values() for value in values)
TRACKER_DB_ENV = "SIGNAALROUTE_TRACKER_DB"
TTL_ENV = "SIGNAALROUTE_TRACKER_TTL_HOURS"
DEFAULT_TRACKER_DB = "var/tracker.db"
DEFAULT_TTL_HOURS = 12.0

_SESSION_METADATA_SLOT = "session_started_metadata"
_KEPT_METADATA_KEYS = frozenset({"model_id", "assistant_id", "utter_action", "template_name"})
_KEPT_PARSE_KEYS = frozenset({"intent", "intent_ranking", "response_selector"})
_KEPT_ENTITY_KEYS = frozenset(
    {"entity", "start", "end", "extractor", "confidence_entity", "role", "group",
     "confidence_role", "confidence_group", "processors"}
)
# Shorter user messages ("ja", "terug", "2") also occur in bot texts and slot
# values by coincidence; only longer ones are worth looking for.
_MIN_ECHO_LENGTH = 8
_PURGE_CHUNK = 500


def _normalise(text: str) -> str:
    return " ".join(text.lower().split())


class EventRedactor:
    """Rewrites serialised Rasa events so that no typed text remains."""

    def __init__(self, keep_entity_values: Iterable[str], free_text_slots: Iterable[str]) -> None:
        """``keep_entity_values``: entity types whose values are safe to keep;
        ``free_text_slots``: slots that may hold what the user typed."""
        self.keep_entity_values = frozenset(keep_entity_values)
        self.free_text_slots = frozenset(free_text_slots)

    def redact(self, data: Dict[str, Any], user_texts: Iterable[str]) -> Dict[str, Any]:
        """Return a redacted copy of one event dict (``Event.as_dict()``).

        ``user_texts`` are the texts the user typed in this conversation, used
        to catch slot values and bot messages that repeat them.
        """
        echoes = [_normalise(t) for t in user_texts if t and len(t.strip()) >= _MIN_ECHO_LENGTH]
        data = dict(data)
        if "metadata" in data:
            data["metadata"] = self._metadata(data["metadata"])
        kind = data.get("event")
        if kind == UserUttered.type_name:
            self._user(data)
        elif kind == "slot":
            data["value"] = self._slot_value(data.get("name"), data.get("value"), echoes)
        elif kind == "bot":
            self._bot(data, echoes)
        elif kind == "action" and self._echoes(data.get("action_text"), echoes):
            data["action_text"] = REDACTED
        if isinstance(data.get("entities"), list):
            data["entities"] = [self._entity(e) for e in data["entities"]]
        return data

    @staticmethod
    def _metadata(metadata: Any) -> Dict[str, Any]:
        if not isinstance(metadata, dict):
            return {}
        return {k: v for k, v in metadata.items() if k in _KEPT_METADATA_KEYS}

    def _entity(self, entity: Any) -> Dict[str, Any]:
        if not isinstance(entity, dict):
            return {"value": REDACTED}
        kept = {k: v for k, v in entity.items() if k in _KEPT_ENTITY_KEYS}
        keep_value = entity.get("entity") in self.keep_entity_values and isinstance(entity.get("value"), str)
        kept["value"] = entity["value"] if keep_value else REDACTED
        return kept

    def _user(self, data: Dict[str, Any]) -> None:
        if data.get("text") is not None:
            data["text"] = REDACTED
        parse_data = data.get("parse_data")
        if isinstance(parse_data, dict):
            kept = {k: v for k, v in parse_data.items() if k in _KEPT_PARSE_KEYS}
            kept["text"] = REDACTED
            kept["entities"] = [self._entity(e) for e in parse_data.get("entities") or []]
            data["parse_data"] = kept

    def _bot(self, data: Dict[str, Any], echoes: List[str]) -> None:
        if self._echoes(data.get("text"), echoes):
            data["text"] = REDACTED
        elif isinstance(data.get("text"), str):
            # A reference code is a key to its consultation's status: never stored readable.
            data["text"] = _REFERENCE_CODE.sub(CODE_MASK, data["text"])
        if data.get("data") and self._echoes(data["data"], echoes):
            data["data"] = {}

    def _slot_value(self, name: Any, value: Any, echoes: List[str]) -> Any:
        if name == _SESSION_METADATA_SLOT or value is None:
            return None
        if name in self.free_text_slots:
            return _deidentify(value)
        if isinstance(value, dict) and isinstance(value.get(SEALED_FIELD), str):
            # The route action's state: its sealed field is Fernet ciphertext (the reference
            # code and redacted description parts), no echo of anything typed. Only the rest is
            # checked, leaf by leaf, so an echo elsewhere cannot wipe the whole conversation.
            rest = {k: v for k, v in value.items() if k != SEALED_FIELD}
            if self._echoes(rest, echoes, ignore=_VOCABULARY):
                rest = self._scrub(rest, echoes)
            return {**rest, SEALED_FIELD: value[SEALED_FIELD]}
        if self._echoes(value, echoes, ignore=_VOCABULARY):
            return _deidentify(value)
        return value

    def _scrub(self, value: Any, echoes: List[str]) -> Any:
        """``value`` with every string that repeats a user text de-identified."""
        if isinstance(value, dict):
            return {k: self._scrub(v, echoes) for k, v in value.items()}
        if isinstance(value, list):
            return [self._scrub(v, echoes) for v in value]
        if isinstance(value, str) and self._echoes(value, echoes, ignore=_VOCABULARY):
            return _deidentify(value)
        return value

    @staticmethod
    def _echoes(value: Any, echoes: List[str], ignore: frozenset = frozenset()) -> bool:
        """Whether any string inside ``value`` contains one of the user's texts.

        Strings in `ignore` are the route's own words: a professional who types
        "seksueel" as an answer must not wipe the route state that holds it.
        """
        return bool(echoes) and any(
            echo in _normalise(text) for text in _strings(value) if text not in ignore for echo in echoes
        )


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def _intent_name(data: Dict[str, Any]) -> Optional[str]:
    intent = (data.get("parse_data") or {}).get("intent")
    return intent.get(INTENT_NAME_KEY) if isinstance(intent, dict) else None


def _deidentify(value: Any) -> Any:
    # Blocking on a cold deduce load here would hold up the reply; dropping
    # the value is the safe choice for the few seconds after start-up.
    if isinstance(value, str) and anonymise.is_ready():
        return anonymise.redact(value)
    return REDACTED


def _purge(engine: sa.engine.Engine, cutoff: float) -> int:
    """Delete all events of conversations whose last event is older than ``cutoff``."""
    events = SQLTrackerStore.SQLEvent.__table__
    idle = (
        sa.select(events.c.sender_id)
        .group_by(events.c.sender_id)
        .having(sa.func.max(events.c.timestamp) < cutoff)
    )
    with engine.begin() as connection:
        sender_ids = [row[0] for row in connection.execute(idle)]
        for i in range(0, len(sender_ids), _PURGE_CHUNK):
            chunk = sender_ids[i : i + _PURGE_CHUNK]
            connection.execute(events.delete().where(events.c.sender_id.in_(chunk)))
    return len(sender_ids)


def ttl_hours_from_env(default: Optional[float] = None) -> float:
    """The tracker TTL in hours: environment, else ``default``, else 12."""
    configured = os.environ.get(TTL_ENV)
    if configured:
        return float(configured)
    return float(default) if default is not None else DEFAULT_TTL_HOURS


def purge_expired_trackers(
    db_url: str, ttl_hours: Optional[float] = None, now: Optional[float] = None
) -> int:
    """Delete conversations idle longer than the TTL from a tracker database.

    ``db_url`` is an SQLAlchemy URL (``sqlite:///var/tracker.db``). Returns the
    number of conversations deleted. For a scheduled job or the CLI.
    """
    engine = sa.create_engine(db_url)
    try:
        cutoff = (now if now is not None else time.time()) - ttl_hours_from_env(ttl_hours) * 3600
        return _purge(engine, cutoff)
    finally:
        engine.dispose()


def _sqlite_path(db: Optional[str]) -> str:
    # The environment wins so that each test stack or deployment can point
    # the shared endpoints.yml at its own file.
    path = Path(os.environ.get(TRACKER_DB_ENV) or db or DEFAULT_TRACKER_DB)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.touch(mode=0o600)
    return str(path)


def _enable_secure_delete(dbapi_connection: Any, _record: Any) -> None:
    # Purged rows are overwritten instead of lingering in free pages.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA secure_delete = ON")
    # One fsync per checkpoint instead of per message: the tracker store is on the
    # reply's path. WAL keeps what the main file keeps: redacted events only.
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


class RedactingSQLTrackerStore(OutageSafeStore, SQLTrackerStore):
    """SQL tracker store (SQLite or PostgreSQL) that persists only redacted events, and fails
    loudly when it cannot (``rasa_ext.store_outage``)."""

    def __init__(
        self,
        domain: Optional[Domain] = None,
        dialect: Text = "sqlite",
        host: Optional[Text] = None,
        port: Optional[int] = None,
        db: Optional[Text] = None,
        username: Optional[Text] = None,
        password: Optional[Text] = None,
        event_broker: Optional[EventBroker] = None,
        login_db: Optional[Text] = None,
        query: Optional[Dict] = None,
        ttl_hours: Optional[float] = None,
        purge_interval_minutes: float = 10,
        keep_entity_values: Iterable[str] = ("keuze",),
        free_text_slots: Iterable[str] = (),
        **kwargs: Dict[Text, Any],
    ) -> None:
        """Same arguments as Rasa's ``SQLTrackerStore`` (all from endpoints.yml), plus:

        ``ttl_hours`` (overridden by ``SIGNAALROUTE_TRACKER_TTL_HOURS``),
        ``purge_interval_minutes``, ``keep_entity_values`` and ``free_text_slots``.
        For SQLite, ``SIGNAALROUTE_TRACKER_DB`` overrides ``db``.
        """
        if dialect == "sqlite" and not (host and "://" in host):
            db = _sqlite_path(db)
        super().__init__(
            domain=domain, dialect=dialect, host=host, port=port, db=db or "rasa",
            username=username, password=password, event_broker=event_broker,
            login_db=login_db, query=query, **kwargs,
        )
        if self.engine.dialect.name == "sqlite":
            # SQLAlchemy 1.4 opens and closes a new SQLite connection per session
            # (NullPool) — a retrieve and a save per message; keep them open instead
            # (what SQLAlchemy 2.0 does): measured ~15 % of the Rasa server's CPU.
            self.engine.dispose()
            self.engine = sa.create_engine(
                self.engine.url, poolclass=sa.pool.QueuePool, pool_size=2, max_overflow=8,
                # A locked file fails within a second (then store_outage retries or keeps the
                # turn) instead of holding the event loop for pysqlite's default 5 s.
                connect_args={"check_same_thread": False, "timeout": 1.0},
            )
            self.sessionmaker.configure(bind=self.engine)
            sa.event.listen(self.engine, "connect", _enable_secure_delete)
        elif self.engine.dialect.name == "postgresql":
            # After PostgreSQL restarts, pooled connections are dead; without a ping each one failed
            # once more (a conversation read as empty for ~12 s after the database was back).
            # Errors never quote statement parameters in a log line.
            from rasa.core.tracker_store import create_engine_kwargs

            url = self.engine.url
            self.engine.dispose()
            self.engine = sa.create_engine(url, pool_pre_ping=True, hide_parameters=True, **create_engine_kwargs(url))
            self.sessionmaker.configure(bind=self.engine)
        self.ttl_hours = ttl_hours_from_env(ttl_hours)
        self.purge_interval_seconds = float(purge_interval_minutes) * 60
        self.redactor = EventRedactor(keep_entity_values, free_text_slots)
        if self.redactor.free_text_slots:
            anonymise.warm_up()
        self._last_purge = 0.0
        self._maybe_purge()

    def purge_expired(self, now: Optional[float] = None) -> int:
        """Delete conversations idle longer than the TTL; returns how many."""
        now = now if now is not None else time.time()
        self._last_purge = now
        removed = _purge(self.engine, now - self.ttl_hours * 3600)
        if removed:
            logger.info("Deleted %d idle conversation(s) from the tracker store.", removed)
        return removed

    def _maybe_purge(self) -> None:
        if time.time() - self._last_purge >= self.purge_interval_seconds:
            self.purge_expired()

    @staticmethod
    def _user_texts(tracker: DialogueStateTracker) -> List[str]:
        return [
            e.text for e in tracker.events
            if isinstance(e, UserUttered) and e.text and e.text != REDACTED
        ]

    def stored_id(self, sender_id: Text) -> Text:
        """The key a conversation is stored under: a keyed hash of its sender id, never the id
        itself (a REST sender id may be an e-mail address)."""
        from bot.store.codes import conversation_tag

        if getattr(self, "_sender_secret", None) is None:
            from bot.settings import secret_key

            self._sender_secret = secret_key()
        return conversation_tag(sender_id, self._sender_secret)

    def _event_query(self, session: Any, sender_id: Text, fetch_events_from_all_sessions: bool) -> Any:
        return super()._event_query(session, self.stored_id(sender_id), fetch_events_from_all_sessions)

    async def _stream_new_events(
        self, event_broker: EventBroker, new_events: List[Event], sender_id: Text
    ) -> None:
        """Publish only redacted events to a configured event broker."""
        user_texts = [e.text for e in new_events if isinstance(e, UserUttered) and e.text]
        for event in new_events:
            body = {"sender_id": self.stored_id(sender_id)}
            body.update(self.redactor.redact(event.as_dict(), user_texts))
            event_broker.publish(body)

    async def _write(self, tracker: DialogueStateTracker) -> None:
        """Write the tracker's new events, redacted; then purge idle conversations."""
        await self.stream_events(tracker)
        user_texts = self._user_texts(tracker)
        with self.session_scope() as session:
            for event in self._additional_events(session, tracker):
                data = self.redactor.redact(event.as_dict(), user_texts)
                session.add(
                    self.SQLEvent(
                        sender_id=self.stored_id(tracker.sender_id),
                        type_name=event.type_name,
                        timestamp=data.get("timestamp"),
                        intent_name=_intent_name(data),
                        action_name=data.get("name"),
                        data=json.dumps(data),
                    )
                )
            session.commit()
        self._maybe_purge()
