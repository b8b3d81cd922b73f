"""What a professional sees when they ask the status of their reference code."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from bot.store.codes import hash_code, normalise_code
from bot.store.db import Database
from bot.store.followup import reporter_label
from bot.store.models import Consultation


@dataclass(frozen=True)
class StatusView:
    """The status label (Dutch) and the officer's message for the reporter, nothing else."""

    status: str
    message_for_reporter: str | None


def lookup_status(
    code: str, *, database: Database | None = None, secret_key: bytes | None = None
) -> StatusView | None:
    """The status for a reference code, or None for a malformed or unknown code.

    Callers answer None with one polite sentence, whatever the reason, so nobody can probe
    which codes exist. ``database``/``secret_key`` default to the configured ones.
    """
    normalised = normalise_code(code)
    if normalised is None:
        return None
    if database is None or secret_key is None:
        from bot.settings import load_settings
        from bot.store.db import default_database

        database = database or default_database()
        secret_key = secret_key or load_settings().secret_key
    with database.session() as session:
        row = session.execute(
            select(Consultation.status, Consultation.message_for_reporter).where(
                Consultation.code_hash == hash_code(normalised, secret_key)
            )
        ).first()
    if row is None:
        return None
    return StatusView(status=reporter_label(row.status), message_for_reporter=row.message_for_reporter or None)
