"""Server-side sign-in sessions: the cookie holds a random token, the database its hash."""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from bot.store.models import Officer, WebSession
from bot.store.types import utcnow

COOKIE_NAME = "sr_sessie"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def start(session: Session, officer: Officer, idle_minutes: int) -> tuple[str, WebSession]:
    """Create a session; returns the cookie token (shown once, never stored) and the row."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    row = WebSession(
        token_hash=_hash(token),
        officer_id=officer.id,
        csrf_token=secrets.token_urlsafe(32),
        created_at=now,
        last_seen_at=now,
        expires_at=now + timedelta(minutes=idle_minutes),
    )
    session.add(row)
    session.flush()
    return token, row


def resume(
    session: Session, token: str | None, idle_minutes: int, max_hours: int
) -> tuple[WebSession, Officer] | None:
    """The live session and its officer for a cookie token, sliding the idle expiry; else None."""
    if not token or len(token) > 128:
        return None
    row = session.get(WebSession, _hash(token))
    now = utcnow()
    if row is None:
        return None
    if row.expires_at <= now or row.created_at + timedelta(hours=max_hours) <= now:
        session.delete(row)
        return None
    officer = session.get(Officer, row.officer_id)
    if officer is None or officer.disabled:
        session.delete(row)
        return None
    row.last_seen_at = now
    row.expires_at = min(now + timedelta(minutes=idle_minutes), row.created_at + timedelta(hours=max_hours))
    return row, officer


def end(session: Session, token: str | None) -> None:
    """Remove the session of this token, if any."""
    if token:
        session.execute(delete(WebSession).where(WebSession.token_hash == _hash(token)))


def end_all_for(session: Session, officer_id: int) -> None:
    """Remove every session of an officer (after a password change or when disabling)."""
    session.execute(delete(WebSession).where(WebSession.officer_id == officer_id))

