"""Regio-coordinators keep the route-map contacts true: confirm a contact, or propose a correction.

A confirmation counts at once (the stale list treats the contact as checked on that day). A
correction waits until another coordinator of the same region accepts it (four eyes), and even
then the route maps do not change: ``export-routekaart-wijzigingen`` writes the accepted changes
as a patch for a maintainer to commit, so ``routekaarten/`` stays the single source.
Every step leaves an audit event; the rows hold organisation contact details only.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Mapping, Optional

import jsonschema
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.datafiles import SCHEMA_DIR
from bot.store import audit
from bot.store.models import ContactReview, Officer
from bot.store.types import utcnow

CONFIRM, CORRECTION = "bevestiging", "correctie"
OPEN, ACCEPTED, REJECTED = "open", "geaccepteerd", "afgewezen"
# The fields a coordinator may correct, and how the form names them.
FIELDS = {"phone": "Telefoonnummer", "email": "E-mailadres", "url": "Webadres", "notes": "Opmerking", "source": "Bron",
          "source_date": "Datum van de bronpagina"}
MAX_NOTE = 300


class ReviewError(ValueError):
    """A review that cannot be stored; `field` names the form field, `message` is Dutch."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class ReviewView:
    id: int
    map_id: str
    contact_id: str
    kind: str
    status: str
    checked_on: str
    changes: Mapping[str, str]
    proposed_by: str
    decided_by: str


def _contact_property_schemas() -> dict:
    schema = json.loads((SCHEMA_DIR / "routekaart.schema.json").read_text(encoding="utf-8"))
    return schema["$defs"]["contact"]["properties"]


def validate_changes(raw: Mapping[str, str]) -> dict[str, str]:
    """The non-empty proposed fields, each checked against the route-map schema; raise ReviewError."""
    props = _contact_property_schemas()
    changes = {k: (raw.get(k) or "").strip() for k in FIELDS}
    changes = {k: v for k, v in changes.items() if v}
    if not changes:
        raise ReviewError("phone", "Vul minstens één veld in dat je wilt verbeteren.")
    if "source" not in changes:
        raise ReviewError("source", "Geef de bron: het webadres van de pagina waar het nieuwe gegeven staat.")
    if len(changes.get("notes", "")) > MAX_NOTE:
        raise ReviewError("notes", f"Een opmerking is hoogstens {MAX_NOTE} tekens.")
    for key, value in changes.items():
        subschema = {"type": "string", "minLength": 1} if key == "notes" else props[key]
        try:
            jsonschema.validate(value, subschema)
        except jsonschema.ValidationError:
            raise ReviewError(key, f"{FIELDS[key]} heeft niet de goede vorm.") from None
    return changes


def _day(checked_on: str, today: date) -> str:
    try:
        day = date.fromisoformat(checked_on)
    except ValueError:
        raise ReviewError("checked_on", "Vul de datum in als jjjj-mm-dd.") from None
    if day > today:
        raise ReviewError("checked_on", "De controledatum kan niet in de toekomst liggen.")
    return day.isoformat()


def confirm(session: Session, officer: Officer, map_id: str, contact_id: str, checked_on: str,
            today: Optional[date] = None) -> ContactReview:
    """Record that `officer` checked the contact on `checked_on` and found it right."""
    review = ContactReview(map_id=map_id, contact_id=contact_id, kind=CONFIRM, status=ACCEPTED,
                           checked_on=_day(checked_on, today or date.today()), changes={},
                           proposed_by=officer.id, decided_by=officer.id, decided_at=utcnow())
    session.add(review)
    session.flush()
    audit.log_event(session, officer, "confirm_contact", "routekaart_contact", review.id,
                    detail=f"{map_id}/{contact_id} gecontroleerd op {review.checked_on}")
    return review


def propose(session: Session, officer: Officer, map_id: str, contact_id: str, raw: Mapping[str, str],
            checked_on: str, today: Optional[date] = None) -> ContactReview:
    """Store a proposed correction; it waits for another coordinator of the region."""
    changes = validate_changes(raw)
    review = ContactReview(map_id=map_id, contact_id=contact_id, kind=CORRECTION, status=OPEN,
                           checked_on=_day(checked_on, today or date.today()), changes=changes,
                           proposed_by=officer.id)
    session.add(review)
    session.flush()
    audit.log_event(session, officer, "propose_contact", "routekaart_contact", review.id,
                    detail=f"{map_id}/{contact_id}: {', '.join(sorted(changes))}")
    return review


def decide(session: Session, officer: Officer, review_id: int, accept: bool) -> ContactReview:
    """Accept or reject an open correction of the officer's region (never one's own)."""
    review = session.get(ContactReview, review_id)
    if review is None or review.map_id != officer.region_id:
        raise ReviewError("review", "Dit voorstel bestaat niet of hoort niet bij jouw regio.")
    if review.status != OPEN:
        raise ReviewError("review", "Over dit voorstel is al besloten.")
    if review.proposed_by == officer.id:
        raise ReviewError("review", "Een andere coördinator van je regio beoordeelt je eigen voorstel.")
    review.status = ACCEPTED if accept else REJECTED
    review.decided_by, review.decided_at = officer.id, utcnow()
    audit.log_event(session, officer, "accept_contact" if accept else "reject_contact", "routekaart_contact",
                    review.id, detail=f"{review.map_id}/{review.contact_id}")
    return review


def _names(session: Session, ids: Iterable[Optional[int]]) -> dict[int, str]:
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    rows = session.execute(select(Officer.id, Officer.username).where(Officer.id.in_(wanted)))
    return {i: name for i, name in rows}


def for_region(session: Session, map_id: str, contact_id: Optional[str] = None) -> list[ReviewView]:
    """The reviews of one region (all coordinators of the region see them), newest first."""
    query = select(ContactReview).where(ContactReview.map_id == map_id)
    if contact_id:
        query = query.where(ContactReview.contact_id == contact_id)
    rows = list(session.execute(query.order_by(ContactReview.id.desc())).scalars())
    names = _names(session, [r.proposed_by for r in rows] + [r.decided_by for r in rows])
    return [ReviewView(r.id, r.map_id, r.contact_id, r.kind, r.status, r.checked_on, dict(r.changes or {}),
                       names.get(r.proposed_by or 0, "(verwijderd account)"), names.get(r.decided_by or 0, ""))
            for r in rows]


def confirmed_on(session: Session) -> dict[tuple[str, str], date]:
    """(map id, contact id) -> the latest day a coordinator confirmed the contact (or had a correction accepted)."""
    rows = session.execute(select(ContactReview.map_id, ContactReview.contact_id, ContactReview.checked_on)
                           .where(ContactReview.status == ACCEPTED))
    latest: dict[tuple[str, str], date] = {}
    for map_id, contact_id, checked_on in rows:
        day = date.fromisoformat(checked_on)
        key = (map_id, contact_id)
        if key not in latest or day > latest[key]:
            latest[key] = day
    return latest


def to_export(session: Session, include_exported: bool = False) -> list[ContactReview]:
    """Accepted reviews not yet exported (or all accepted ones), oldest first."""
    query = select(ContactReview).where(ContactReview.status == ACCEPTED)
    if not include_exported:
        query = query.where(ContactReview.exported_at.is_(None))
    return list(session.execute(query.order_by(ContactReview.id)).scalars())
