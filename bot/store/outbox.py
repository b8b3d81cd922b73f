"""Nothing lost: a consultation is durable before the professional sees its code.

`DurableRecorder.record` first writes the job to a local **outbox** (a separate SQLite file in
``var/``, synchronous=FULL, so it survives a crash of the process and of the machine), then
writes it to the workspace database within a bounded time. A job that reached the database is
deleted from the outbox; one that did not stays there and a **drainer** thread retries it with
back-off, and on every start of the action server.

The outbox holds only what the database would hold: the keyed hash of the reference code (never
the code), the route's answers (vocabulary), redacted description parts and the reporter's
contact already encrypted. Writing is an upsert by code hash, so a job applied twice (a slow
write that finished after all, two drainers) never doubles a consultation. Logs give counts
and error types, never content.
"""
from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Callable, Optional

from sqlalchemy import select
from sqlalchemy.exc import DisconnectionError, OperationalError

from bot.store import reporter_contact
from bot.store.codes import hash_code, normalise_code
from bot.store.db import Database
from bot.store.models import Consultation
from bot.store.recorder import MAX_DESCRIPTION_CHARS, ConsultationDraft, store_consultation

logger = logging.getLogger(__name__)

CONSULTATION = "consultation"
CONTACT = "contact"
# A job that fails for a reason waiting will not cure (bad data) is kept, but skipped after
# this many attempts so it cannot block the rest; a contact whose consultation is still
# nowhere is given up only after a long time (the consultation may be in another outbox).
MAX_ATTEMPTS_PERMANENT = 5
MAX_ATTEMPTS_CONTACT = 500
IDLE_POLL_SECONDS = 5.0


class ConsultationMissing(LookupError):
    """A reporter contact arrived before its consultation is in the database."""


class Outbox:
    """A durable local queue of jobs (one SQLite file, mode 0600)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if not self.path.exists():
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o600)
            os.close(fd)
        self._lock = threading.Lock()
        with self._connect() as db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS jobs (id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, "
                "key TEXT NOT NULL, body TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, "
                "created REAL NOT NULL)"
            )

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")  # a job is on disk when put() returns
        db.execute("PRAGMA secure_delete=ON")  # a delivered job does not linger in free pages
        return db

    def put(self, kind: str, key: str, body: dict) -> int:
        with self._lock, self._connect() as db:
            cursor = db.execute(
                "INSERT INTO jobs (kind, key, body, created) VALUES (?, ?, ?, ?)",
                (kind, key, json.dumps(body), time.time()),
            )
            return int(cursor.lastrowid)

    def pending(self, key: Optional[str] = None) -> list[tuple[int, str, str, dict, int]]:
        """(id, kind, key, body, attempts) in the order they were put."""
        query = "SELECT id, kind, key, body, attempts FROM jobs"
        args: tuple = ()
        if key is not None:
            query, args = query + " WHERE key = ?", (key,)
        with self._lock, self._connect() as db:
            rows = db.execute(query + " ORDER BY id", args).fetchall()
        return [(r[0], r[1], r[2], json.loads(r[3]), r[4]) for r in rows]

    def done(self, job_id: int) -> None:
        with self._lock, self._connect() as db:
            db.execute("DELETE FROM jobs WHERE id = ?", (job_id,))

    def failed_attempt(self, job_id: int) -> None:
        with self._lock, self._connect() as db:
            db.execute("UPDATE jobs SET attempts = attempts + 1 WHERE id = ?", (job_id,))

    def count(self) -> int:
        with self._lock, self._connect() as db:
            return int(db.execute("SELECT count(*) FROM jobs").fetchone()[0])


def _draft_body(draft: ConsultationDraft, description: str) -> dict:
    body = asdict(draft)
    body.pop("reference_code")
    body["occurred_at"] = draft.occurred_at.isoformat()
    body["description"] = description[:MAX_DESCRIPTION_CHARS]
    return body


def _draft_from_body(body: dict) -> ConsultationDraft:
    data = dict(body)
    data["occurred_at"] = datetime.fromisoformat(data["occurred_at"])
    return ConsultationDraft(reference_code="", **data)


def _transient(exc: BaseException) -> bool:
    return isinstance(exc, (OperationalError, DisconnectionError, TimeoutError, FutureTimeout, sqlite3.OperationalError))


class DurableRecorder:
    """Writes consultations and reporter contacts so that none is lost (see the module text)."""

    def __init__(
        self,
        database: Callable[[], Database],
        secret_key: bytes,
        fernet_key: bytes,
        outbox: Optional[Outbox],
        write_timeout: float = 1.5,
        retry_initial_seconds: float = 1.0,
        retry_max_seconds: float = 60.0,
        translators: Optional[dict[str, Callable[[dict], Optional[ConsultationDraft]]]] = None,
    ):
        self._database = database
        self._secret_key = secret_key
        self._fernet_key = fernet_key
        self.outbox = outbox
        self.write_timeout = write_timeout
        self._retry_initial = retry_initial_seconds
        self._retry_max = retry_max_seconds
        # Jobs queued by another process in its own terms (the Rasa server's missed acute turns):
        # kind -> a function that makes the consultation draft from the job, or None for none.
        self._translators = dict(translators or {})
        # Writes run here so a database that hangs cannot take the server's own executor.
        self._writers = ThreadPoolExecutor(max_workers=4, thread_name_prefix="consultation-writer")
        self._apply_lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._drainer: Optional[threading.Thread] = None

    @classmethod
    def from_settings(cls, translators: Optional[dict] = None) -> "DurableRecorder":
        from bot.settings import env_number, load_settings, var_dir
        from bot.store.db import default_database

        settings = load_settings()
        try:
            outbox: Optional[Outbox] = Outbox(var_dir() / "outbox.db")
        except Exception as exc:  # noqa: BLE001 - without an outbox the database alone must do
            logger.error("the consultation outbox cannot be opened (%s); writing to the database only", type(exc).__name__)
            outbox = None
        return cls(
            default_database, settings.secret_key, settings.fernet_key, outbox,
            write_timeout=env_number("SIGNAALROUTE_RECORD_TIMEOUT", 1.5),
            retry_max_seconds=env_number("SIGNAALROUTE_OUTBOX_RETRY_MAX_SECONDS", 60),
            translators=translators,
        )

    # -- the action's path -------------------------------------------------------------------

    def record(self, draft: ConsultationDraft) -> bool:
        """Make the consultation durable; True when it is (database or outbox). Blocks at most
        about ``write_timeout`` seconds plus one local write."""
        code = normalise_code(draft.reference_code)
        if code is None:
            return False
        body = _draft_body(draft, draft.description or "")
        return self._durable(CONSULTATION, hash_code(code, self._secret_key), body)

    def save_contact(self, code: str, name: str, contact: str) -> bool:
        """Encrypt the reporter's details and make them durable with the consultation of ``code``."""
        code = normalise_code(code)
        token = reporter_contact.encrypt_contact(name, contact, self._fernet_key)
        if code is None or token is None:
            return False
        body = {"ciphertext": token.decode("ascii")}
        return self._durable(CONTACT, hash_code(code, self._secret_key), body)

    def _durable(self, kind: str, key: str, body: dict) -> bool:
        queued = False
        if self.outbox is not None:
            try:
                self.outbox.put(kind, key, body)
                queued = True
            except Exception as exc:  # noqa: BLE001 - then the database alone must take it
                logger.error("the consultation outbox is not writable (%s)", type(exc).__name__)
        if queued:
            # Everything waiting for this code, in order: an older job never overwrites a newer one.
            future = self._writers.submit(self._apply_pending, key)
        else:
            future = self._writers.submit(self._apply, kind, key, body)
        try:
            future.result(timeout=self.write_timeout)
            return True
        except Exception as exc:  # noqa: BLE001 - durable in the outbox is enough to go on
            if queued:
                logger.warning("consultation store slow or down (%s); the job waits in the outbox", type(exc).__name__)
                self._wake.set()
                return True
            logger.error("a consultation job could not be stored anywhere (%s)", type(exc).__name__)
            return False

    # -- applying jobs -----------------------------------------------------------------------

    def _apply(self, kind: str, key: str, body: dict) -> None:
        database = self._database()
        if kind in self._translators:
            draft = self._translators[kind](body)
            code = normalise_code(draft.reference_code) if draft is not None else None
            if code is not None:
                store_consultation(database, hash_code(code, self._secret_key), draft, draft.description or "")
            return
        if kind == CONSULTATION:
            store_consultation(database, key, _draft_from_body(body), body.get("description") or "")
            return
        with database.session() as session:
            consultation = session.execute(
                select(Consultation).where(Consultation.code_hash == key)
            ).scalar_one_or_none()
            if consultation is None:
                raise ConsultationMissing()
            reporter_contact.save_encrypted(session, consultation, body["ciphertext"].encode("ascii"))

    def _apply_pending(self, key: Optional[str] = None) -> int:
        """Apply the outbox's jobs (for one code hash, or all) in order; how many were stored.

        Stops at the first transient failure (the database is down: the next job would fail
        too) and raises it; a job that keeps failing otherwise is counted and skipped.
        """
        if self.outbox is None:
            return 0
        stored = 0
        with self._apply_lock:
            for job_id, kind, job_key, body, attempts in self.outbox.pending(key):
                limit = MAX_ATTEMPTS_CONTACT if kind == CONTACT else MAX_ATTEMPTS_PERMANENT
                if attempts >= limit:
                    continue
                try:
                    self._apply(kind, job_key, body)
                except Exception as exc:
                    self.outbox.failed_attempt(job_id)
                    if _transient(exc) or isinstance(exc, ConsultationMissing):
                        raise
                    if attempts + 1 >= limit:
                        logger.error("a consultation job in the outbox keeps failing (%s); kept, not retried",
                                     type(exc).__name__)
                    continue
                self.outbox.done(job_id)
                stored += 1
        return stored

    # -- the drainer -------------------------------------------------------------------------

    def start(self) -> None:
        """Start the drainer (it drains at once: jobs left by an earlier run go first)."""
        if self._drainer is None and self.outbox is not None:
            self._drainer = threading.Thread(target=self._drain_loop, name="outbox-drainer", daemon=True)
            self._drainer.start()

    def _drain_loop(self) -> None:
        delay = self._retry_initial
        while not self._stopping.is_set():
            waiting = self.outbox.count()
            if waiting:
                try:
                    stored = self._apply_pending()
                    if stored:
                        logger.info("outbox: %d consultation job(s) stored, %d waiting", stored, self.outbox.count())
                    delay = self._retry_initial
                except Exception as exc:  # noqa: BLE001 - the drainer must survive anything
                    logger.warning("outbox: %d consultation job(s) waiting; store unavailable (%s), next try in %.0f s",
                                   waiting, type(exc).__name__, delay)
                    self._stopping.wait(delay)
                    delay = min(delay * 2, self._retry_max)
                    continue
            # Idle, it still looks every few seconds: another process (the Rasa server, for
            # acute turns it answered alone) may have put a job here.
            self._wake.wait(min(self._retry_max, IDLE_POLL_SECONDS) if not self.outbox.count() else delay)
            self._wake.clear()

    def wake(self) -> None:
        """Drain now (a job was put here by someone else)."""
        self._wake.set()

    def flush(self, timeout: float = 30.0) -> bool:
        """Wait until the outbox is empty (for tests and a clean stop)."""
        deadline = time.monotonic() + timeout
        while self.outbox is not None and self.outbox.count():
            if time.monotonic() > deadline:
                return False
            self._wake.set()
            time.sleep(0.1)
        return True

    def close(self) -> None:
        self._stopping.set()
        self._wake.set()
        if self._drainer is not None:
            self._drainer.join(timeout=2)
        self._writers.shutdown(wait=False)
