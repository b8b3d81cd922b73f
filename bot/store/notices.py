"""Who is told about which consultation, and what officers set for that.

An officer sets a notification address, the local hour of a daily digest, and the name and
number the chat gives as "jouw aandachtsfunctionaris" (`OfficerPreferences`). A consultation
is told to the officers of its municipality and to the coordinators of its region: acute ones
at once, others in the digest (`due_mail`). Opening a consultation marks it seen
(`mark_seen`); the list counts the unseen ones. Nothing here holds signal text or codes.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Integer, cast, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from bot.store.codes import hash_code, normalise_code
from bot.store.models import Consultation, ConsultationNotice, Officer, OfficerMunicipality, OfficerPreferences
from bot.store.types import utcnow

ROLE_OFFICER, ROLE_COORDINATOR = "aandachtsfunctionaris", "regio-coordinator"
# Consultations older than this are never mailed: a newly set address does not flood an inbox.
LOOK_BACK = timedelta(days=2)


def preferences(session: Session, officer: Officer) -> OfficerPreferences:
    """The officer's preferences (an empty, unsaved row when none were set)."""
    found = session.get(OfficerPreferences, officer.id)
    return found or OfficerPreferences(officer_id=officer.id)


def save_preferences(session: Session, officer: Officer, *, notify_email: str | None, digest_hour: int | None,
                     chat_name: str | None, chat_phone: str | None) -> None:
    """Store what the officer set (already checked by the caller)."""
    row = session.get(OfficerPreferences, officer.id)
    if row is None:
        row = OfficerPreferences(officer_id=officer.id)
        session.add(row)
    row.notify_email, row.digest_hour = notify_email or None, digest_hour
    row.chat_name, row.chat_phone = chat_name or None, chat_phone or None
    row.updated_at = utcnow()
    session.flush()


def chat_contact(session: Session, municipality_code: str) -> tuple[str, str] | None:
    """(name, phone) the chat gives for a municipality: its attention officer who set both."""
    row = session.execute(
        select(OfficerPreferences.chat_name, OfficerPreferences.chat_phone)
        .join(Officer, Officer.id == OfficerPreferences.officer_id)
        .join(OfficerMunicipality, OfficerMunicipality.officer_id == Officer.id)
        .where(OfficerMunicipality.municipality_code == municipality_code, Officer.disabled.is_(False),
               Officer.role == ROLE_OFFICER, OfficerPreferences.chat_name.is_not(None),
               OfficerPreferences.chat_phone.is_not(None))
        .order_by(OfficerPreferences.updated_at.desc())
    ).first()
    return (row.chat_name, row.chat_phone) if row else None


def attach_handover(session: Session, secret_key: bytes, code: str, summary: str) -> bool:
    """Attach a (redacted) handover summary to the consultation of ``code``; False if unknown."""
    normalised = normalise_code(code)
    consultation = None if normalised is None else session.execute(
        select(Consultation).where(Consultation.code_hash == hash_code(normalised, secret_key))
    ).scalar_one_or_none()
    if consultation is None:
        return False
    consultation.handover_summary = summary[:4000]
    session.flush()
    return True


def mark_seen(session: Session, officer: Officer, consultation_id: int) -> None:
    """The officer opened the consultation."""
    notice = session.get(ConsultationNotice, (officer.id, consultation_id))
    if notice is None:
        session.add(ConsultationNotice(officer_id=officer.id, consultation_id=consultation_id, seen_at=utcnow()))
    elif notice.seen_at is None:
        notice.seen_at = utcnow()
    session.flush()


def unseen_counts(session: Session, officer: Officer, visible: Select) -> tuple[int, int]:
    """(unseen, unseen and acute) among the consultations of ``visible`` (the officer's list)."""
    ids = visible.with_only_columns(Consultation.id, Consultation.acute).subquery()
    seen = select(ConsultationNotice.consultation_id).where(
        ConsultationNotice.officer_id == officer.id, ConsultationNotice.seen_at.is_not(None))
    row = session.execute(
        select(func.count(), func.coalesce(func.sum(cast(ids.c.acute, Integer)), 0))
        .select_from(ids).where(ids.c.id.not_in(seen))
    ).one()
    return int(row[0]), int(row[1])


def told_about(officer: Officer) -> Select:
    """The consultations an officer is told about: its municipalities, or (a coordinator) its region."""
    query = select(Consultation)
    if officer.role == ROLE_COORDINATOR and officer.region_id:
        return query.where(Consultation.region_id == officer.region_id)
    if officer.role == ROLE_OFFICER and officer.municipality_codes:
        return query.where(Consultation.municipality_code.in_(officer.municipality_codes))
    return query.where(Consultation.id.is_(None))


@dataclass
class Mail:
    """One notification to send: the address and the consultations it tells about (no content)."""

    officer_id: int
    to: str
    acute: bool
    consultations: list[Consultation] = field(default_factory=list)


def due_mail(session: Session, now: datetime, local_now: datetime) -> list[Mail]:
    """What should be mailed now: each acute consultation at once, and once a day at the officer's
    hour a digest of the others. ``local_now``: the same moment in the officers' time zone."""
    out: list[Mail] = []
    rows = session.execute(
        select(Officer, OfficerPreferences).join(OfficerPreferences, OfficerPreferences.officer_id == Officer.id)
        .where(Officer.disabled.is_(False), OfficerPreferences.notify_email.is_not(None))
    ).all()
    for officer, prefs in rows:
        told = select(ConsultationNotice.consultation_id).where(
            ConsultationNotice.officer_id == officer.id,
            (ConsultationNotice.mailed_at.is_not(None)) | (ConsultationNotice.seen_at.is_not(None)))
        fresh = told_about(officer).where(Consultation.occurred_at >= now - LOOK_BACK - timedelta(hours=1),
                                          Consultation.id.not_in(told)).order_by(Consultation.id)
        consultations = list(session.execute(fresh).scalars())
        for c in (c for c in consultations if c.acute):
            out.append(Mail(officer.id, prefs.notify_email, True, [c]))
        today = local_now.date().isoformat()
        calm = [c for c in consultations if not c.acute]
        if calm and prefs.digest_hour is not None and local_now.hour >= prefs.digest_hour \
                and prefs.last_digest_on != today:
            out.append(Mail(officer.id, prefs.notify_email, False, calm))
    return out


def mark_mailed(session: Session, mail: Mail, today: str) -> None:
    """Remember that ``mail`` went out, so it is never sent twice."""
    for c in mail.consultations:
        notice = session.get(ConsultationNotice, (mail.officer_id, c.id))
        if notice is None:
            session.add(ConsultationNotice(officer_id=mail.officer_id, consultation_id=c.id, mailed_at=utcnow()))
        else:
            notice.mailed_at = utcnow()
    if not mail.acute:
        prefs = session.get(OfficerPreferences, mail.officer_id)
        if prefs is not None:
            prefs.last_digest_on = today
    session.flush()

