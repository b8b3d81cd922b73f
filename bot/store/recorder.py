"""Recording consultations without slowing the conversation.

``Recorder.submit`` only puts the draft on a queue. A worker thread redacts the description and
writes the record. On a database error the worker keeps the draft and retries with back-off,
logging only the error type and a count, never content.
"""
from __future__ import annotations

import logging
import queue
import threading
import time
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Union

from sqlalchemy import select
from sqlalchemy.exc import DisconnectionError, OperationalError

from bot.store import reporter_contact
from bot.store.codes import hash_code, normalise_code
from bot.store.db import Database
from bot.store.followup import STEP_RECEIVED
from bot.store.models import Consultation, FollowUpStep
from bot.store.redaction import Redactor, redact_safely
from bot.store.types import to_hour, utcnow

logger = logging.getLogger(__name__)

MAX_DESCRIPTION_CHARS = 4000
# A database that is down or locked is retried until it is back; an error that will not go away
# by waiting (a constraint, bad data) is retried a few times, then reported and skipped so it
# cannot block every later consultation.
MAX_ATTEMPTS_PERMANENT = 3


@dataclass
class ConsultationDraft:
    """What the chat action knows at the end of (or halfway through) a route. See contracts.md."""

    reference_code: str
    occurred_at: datetime
    municipality_code: str | None
    region_id: str
    channel: str
    route_map_id: str
    route_map_version: str
    answers: dict[str, str]
    outcome_code: str | None
    contacts_advised: list[str]
    description: str
    completed: bool
    revision: int = 0  # the how-manieth end of the route in its conversation (0: unknown)


@dataclass
class _ContactDraft:
    reference_code: str
    name: str
    contact: str


_Job = Union[ConsultationDraft, _ContactDraft]


@dataclass
class _Pending:
    job: _Job
    attempts: int = field(default=0)


class Recorder:
    """Queue + worker thread that redacts and stores consultations."""

    def __init__(
        self,
        database: Database,
        secret_key: bytes,
        fernet_key: bytes,
        redactor: Redactor | None = None,
        retry_initial_seconds: float = 0.5,
        retry_max_seconds: float = 30.0,
    ):
        self._database = database
        self._secret_key = secret_key
        self._fernet_key = fernet_key
        self._redactor = redactor
        self._retry_initial = retry_initial_seconds
        self._retry_max = retry_max_seconds
        self._queue: "queue.Queue[_Pending | None]" = queue.Queue()
        self._stopping = threading.Event()
        self.failed = 0
        self._worker = threading.Thread(target=self._run, name="consultation-recorder", daemon=True)
        self._worker.start()

    @classmethod
    def from_settings(cls) -> "Recorder":
        """A recorder on the configured database (migrated to the latest schema)."""
        from bot.settings import load_settings
        from bot.store.db import default_database

        settings = load_settings()
        return cls(default_database(), settings.secret_key, settings.fernet_key)

    def submit(self, draft: ConsultationDraft) -> None:
        """Queue a consultation for recording; returns at once."""
        if not isinstance(draft, ConsultationDraft):
            raise TypeError("submit() takes a ConsultationDraft")
        self._queue.put(_Pending(draft))

    def submit_reporter_contact(self, reference_code: str, name: str, contact: str) -> None:
        """Queue the reporter's optional name and contact for the consultation with this code.

        Processed after the consultation itself (one worker, first in first out), encrypted in
        the worker. Returns at once.
        """
        self._queue.put(_Pending(_ContactDraft(reference_code, name or "", contact or "")))

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until every queued job is stored; False if that did not happen in time."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._queue.all_tasks_done:
            while self._queue.unfinished_tasks:
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return False
                self._queue.all_tasks_done.wait(remaining)
        return True

    @property
    def pending(self) -> int:
        """How many jobs are queued or being retried."""
        return self._queue.unfinished_tasks

    def close(self, timeout: float = 10.0) -> bool:
        """Flush, then stop the worker. Logs (without content) how many drafts could not be stored."""
        flushed = self.flush(timeout)
        self._stopping.set()
        self._queue.put(None)
        self._worker.join(timeout=2)
        if not flushed:
            logger.error("recorder stopped with %d consultation job(s) not stored", self.pending)
        return flushed

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                self._queue.task_done()
                return
            self._process_with_retry(item)
            self._queue.task_done()

    def _process_with_retry(self, item: _Pending) -> None:
        delay = self._retry_initial
        while True:
            try:
                self._process(item.job)
                return
            except Exception as exc:  # noqa: BLE001 - the worker must survive any failure
                item.attempts += 1
                transient = isinstance(exc, (OperationalError, DisconnectionError, TimeoutError))
                # Log the type only: the message of a DB error can contain the statement's values.
                if not transient and item.attempts >= MAX_ATTEMPTS_PERMANENT:
                    self.failed += 1
                    logger.error(
                        "a consultation job could not be stored after %d attempts (%s); "
                        "%d job(s) failed since start",
                        item.attempts, type(exc).__name__, self.failed,
                    )
                    return
                logger.error(
                    "storing a consultation job failed (%s, attempt %d); retrying in %.1fs",
                    type(exc).__name__, item.attempts, delay,
                )
                if self._stopping.wait(delay):
                    logger.error("recorder stopping; a consultation job was not stored")
                    return
                delay = min(delay * 2, self._retry_max)

    def _process(self, job: _Job) -> None:
        if isinstance(job, ConsultationDraft):
            self._store_consultation(job)
        else:
            self._store_contact(job)

    def _store_consultation(self, draft: ConsultationDraft) -> None:
        code = normalise_code(draft.reference_code)
        if code is None:
            logger.error("consultation draft with an invalid reference code dropped")
            return
        # Redact before opening a transaction: deduce is slow, keep DB locks short.
        description = redact_safely((draft.description or "")[:MAX_DESCRIPTION_CHARS], self._redactor)
        store_consultation(self._database, hash_code(code, self._secret_key), draft, description)

    def _store_contact(self, job: _ContactDraft) -> None:
        code = normalise_code(job.reference_code)
        if code is None:
            return
        with self._database.session() as session:
            consultation = session.execute(
                select(Consultation).where(Consultation.code_hash == hash_code(code, self._secret_key))
            ).scalar_one_or_none()
            if consultation is None:
                # Ordering guarantees the consultation came first; if it is absent it was never
                # stored, and a contact without a consultation has no use.
                logger.error("reporter contact dropped: its consultation is not stored")
                return
            reporter_contact.save_contact(session, consultation, job.name, job.contact, self._fernet_key)


def store_consultation(database: Database, code_hash: str, draft: ConsultationDraft, description: str) -> None:
    """Insert the consultation, or update the one stored under the same code hash (an upsert).

    ``description`` must already be redacted. Applying the same draft twice changes nothing,
    so a retry (from the queue or the durable outbox) never doubles a consultation.
    """
    answers = {str(k): str(v) for k, v in (draft.answers or {}).items()}
    occurred_hour = to_hour(draft.occurred_at or utcnow())
    with database.session() as session:
        existing = session.execute(
            select(Consultation).where(Consultation.code_hash == code_hash)
        ).scalar_one_or_none()
        if existing is not None:
            # One signal, one consultation: a route that goes on after 112, new facts after
            # the advice, or a retried submit update the record made under the same code.
            _update(existing, draft, answers, description)
            return
        consultation = Consultation(
            code_hash=code_hash,
            occurred_at=occurred_hour,
            recorded_at=to_hour(utcnow()),
            municipality_code=(draft.municipality_code or None) and draft.municipality_code[:6],
            region_id=str(draft.region_id)[:64],
            channel=str(draft.channel)[:32],
            route_map_id=str(draft.route_map_id)[:64],
            route_map_version=str(draft.route_map_version)[:32],
            answers=answers,
            acute=answers.get("acute") == "ja",
            form=(answers.get("form") or None) and answers["form"][:32],
            outcome_code=draft.outcome_code[:64] if draft.outcome_code else None,
            contacts_advised=list(draft.contacts_advised or []),
            description=description[:MAX_DESCRIPTION_CHARS],
            completed=bool(draft.completed),
            revision=int(draft.revision or 0),
            status=STEP_RECEIVED,
            updated_at=occurred_hour,
        )
        consultation.steps.append(FollowUpStep(step=STEP_RECEIVED, occurred_at=occurred_hour, note=""))
        session.add(consultation)


def _update(consultation: Consultation, draft: ConsultationDraft, answers: dict[str, str], description: str) -> None:
    """Bring a stored consultation up to date with a later end of the same signal's route.

    The time, status and follow-up stay; the answers and outcome become the latest ones, a
    route that was acute stays marked acute, advised contacts and description parts add up.
    A route stopped halfway never erases an outcome given before. A draft older than the stored
    record (a late retry from an outbox) only adds; it changes nothing a later turn recorded.
    """
    was_acute = bool(consultation.acute) or answers.get("acute") == "ja"  # danger, once told, stays
    stale = 0 < int(draft.revision or 0) < int(consultation.revision or 0)
    if stale:
        draft = replace(draft, outcome_code=None, municipality_code=None)
        answers = {}
    else:
        consultation.revision = max(int(consultation.revision or 0), int(draft.revision or 0))
    if answers:
        consultation.answers = answers
    consultation.acute = was_acute or answers.get("acute") == "ja"
    if answers.get("form"):
        consultation.form = answers["form"][:32]
    if draft.outcome_code:
        consultation.outcome_code = draft.outcome_code[:64]
    if draft.municipality_code:
        consultation.municipality_code = draft.municipality_code[:6]
    if not stale:
        consultation.region_id = str(draft.region_id)[:64]
        consultation.route_map_id = str(draft.route_map_id)[:64]
        consultation.route_map_version = str(draft.route_map_version)[:32]
    advised = list(consultation.contacts_advised or [])
    consultation.contacts_advised = advised + [c for c in draft.contacts_advised or [] if c not in advised]
    if description and description not in (consultation.description or ""):
        joined = "\n".join(p for p in (consultation.description, description) if p)
        consultation.description = joined[-MAX_DESCRIPTION_CHARS:]
    consultation.completed = bool(consultation.completed) or bool(draft.completed)
    consultation.updated_at = utcnow()
