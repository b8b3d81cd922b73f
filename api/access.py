"""Who may see what: every consultation query of the workspace goes through here."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.sql import Select
from sqlalchemy.orm import Session

from api.accounts import ROLE_COORDINATOR, ROLE_OFFICER
from bot.store.models import Consultation, Officer


def may_handle_consultations(officer: Officer) -> bool:
    """Attention officers work on their municipalities' consultations; a regional coordinator
    works on the consultations of the region where the professional kept the municipality to
    themselves ("Liever niet zeggen"), which no attention officer can see (docs/workspace.md)."""
    if officer.role == ROLE_OFFICER:
        return bool(officer.municipality_codes)
    return officer.role == ROLE_COORDINATOR and bool(officer.region_id)


def consultations_query(officer: Officer) -> Select:
    """All consultations the officer may see (none for other roles).

    Attention officers: those of their municipalities. Regional coordinators: those without a
    municipality whose route map was their region's; the coordinator with region ``nationaal``
    gets those that went along the national map.
    """
    query = select(Consultation)
    if not may_handle_consultations(officer):
        return query.where(Consultation.id.is_(None))
    if officer.role == ROLE_COORDINATOR:
        return query.where(Consultation.municipality_code.is_(None), Consultation.region_id == officer.region_id)
    return query.where(Consultation.municipality_code.in_(officer.municipality_codes))


def find_consultation(session: Session, officer: Officer, consultation_id: str | int) -> Consultation | None:
    """The consultation if it exists AND the officer may see it; None otherwise (→ 404).

    Not telling "forbidden" from "absent" keeps other municipalities' ids unprobeable.
    """
    try:
        number = int(str(consultation_id))
    except ValueError:
        return None
    if number < 1 or number > 2**31 - 1:
        return None
    return session.execute(consultations_query(officer).where(Consultation.id == number)).scalar_one_or_none()


def figures_scope(officer: Officer) -> dict:
    """Keyword arguments for ``compute_figures`` limiting it to what the officer may see."""
    if officer.role == ROLE_COORDINATOR:
        return {"region_id": officer.region_id or "-"}
    return {"municipality_codes": officer.municipality_codes}
