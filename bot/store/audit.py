"""Audit trail: who viewed, changed or exported what. References only, never content."""
from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.store.models import AuditEvent, Officer

ACTION_LABELS = {
    "login": "Ingelogd",
    "login_failed": "Inloggen mislukt",
    "logout": "Uitgelogd",
    "view_list": "Lijst bekeken",
    "view": "Bekeken",
    "view_reporter_contact": "Gegevens melder bekeken",
    "delete_reporter_contact": "Gegevens melder verwijderd",
    "add_step": "Stap toegevoegd",
    "set_message": "Bericht voor melder aangepast",
    "enrich": "Kenmerk toegevoegd",
    "search_code": "Gezocht op referentiecode",
    "view_figures": "Cijfers bekeken",
    "export": "Cijfers gedownload",
    "view_audit": "Logboek bekeken",
    "purge": "Oude consultaties verwijderd",
    "create_officer": "Account aangemaakt",
    "set_password": "Wachtwoord aangepast",
    "disable_officer": "Account uitgeschakeld",
    "enable_officer": "Account weer actief",
    "delete_officer": "Account verwijderd",
    "confirm_contact": "Contact routekaart gecontroleerd",
    "propose_contact": "Verbetering contact voorgesteld",
    "accept_contact": "Verbetering contact geaccepteerd",
    "reject_contact": "Verbetering contact afgewezen",
    "export_routekaart": "Wijzigingen routekaarten geëxporteerd",
    "set_preferences": "Instellingen aangepast",
}

# What an event was about, in words (the logbook is in Dutch).
OBJECT_LABELS = {
    "consultation": "Consultaties",
    "figures": "Cijfers",
    "officer": "Account",
    "audit": "Logboek",
}


def log_event(
    session: Session,
    officer: Officer | None,
    action: str,
    object_type: str,
    object_id: str | int | None = None,
    municipality_code: str | None = None,
    detail: str = "",
    actor: str | None = None,
) -> AuditEvent:
    """Append an audit event. ``detail`` must hold no personal data (step names, filters, counts)."""
    event = AuditEvent(
        officer_id=officer.id if officer else None,
        actor=(officer.username if officer else actor or "systeem")[:64],
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        municipality_code=municipality_code,
        detail=detail[:255],
    )
    session.add(event)
    session.flush()
    return event


def events_for(session: Session, officer: Officer, limit: int = 200, offset: int = 0) -> list[AuditEvent]:
    """Events an officer may see: their own, and those on their municipalities' consultations."""
    codes = officer.municipality_codes
    condition = AuditEvent.officer_id == officer.id
    if codes:
        condition = or_(condition, AuditEvent.municipality_code.in_(codes))
    return list(
        session.execute(
            select(AuditEvent).where(condition).order_by(AuditEvent.id.desc()).limit(limit).offset(offset)
        ).scalars()
    )
