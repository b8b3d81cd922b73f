"""Who may see what: every consultation query of the workspace goes through here."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.sql import Select
from sqlalchemy.orm import Session

from api.accounts import ROLE_COORDINATOR, ROLE_OFFICER
from bot.store.models import Consultation, Officer


def may_handle_consultations(officer: Officer) -> bool:
    """Only attention officers work on consultations; coordinators see figures only."""
    return officer.role == ROLE_OFFICER and bool(officer.municipality_codes)


def consultations_query(officer: Officer) -> Select:
    """All consultations the officer may see (none for other roles)."""
    query = select(Consultation)
    if not may_handle_consultations(officer):
        return query.where(Consultation.id.is_(None))
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
