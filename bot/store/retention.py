"""Retention: delete consultations (with steps, identifiers, contact) older than the set period.

Run on a schedule by the workspace and by hand with ``python -m api.cli purge-expired``.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select

from bot.store.audit import log_event
from bot.store.db import Database
from bot.store.models import Consultation, WebSession
from bot.store.types import utcnow


def purge_expired(database: Database, retention_days: int, now: datetime | None = None) -> int:
    """Delete consultations that occurred more than ``retention_days`` ago; returns how many.

    Also removes expired sign-in sessions. Related rows go with ON DELETE CASCADE.
    """
    if retention_days < 1:
        raise ValueError("retention_days must be at least 1")
    now = now or utcnow()
    cutoff = now - timedelta(days=retention_days)
    with database.session() as session:
        ids = list(session.execute(select(Consultation.id).where(Consultation.occurred_at < cutoff)).scalars())
        for start in range(0, len(ids), 500):
            session.execute(delete(Consultation).where(Consultation.id.in_(ids[start:start + 500])))
        session.execute(delete(WebSession).where(WebSession.expires_at < now))
        if ids:
            log_event(session, None, "purge", "consultation", detail=f"{len(ids)} ouder dan {retention_days} dagen")
    return len(ids)
