"""Parsing and checking the consultation list filters (shared by pages and JSON API)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Callable, Mapping, Optional

from sqlalchemy.sql import Select

from bot.store.followup import STEP_CLOSED, STEPS
from bot.store.models import Consultation

FORMS = ["arbeid", "seksueel", "crimineel", "orgaan", "onbekend"]
OUTCOME_PATTERN = r"^[a-z0-9_.\-]{1,64}$"
_OUTCOME = re.compile(OUTCOME_PATTERN[1:-1])
INVERTED_PERIOD = "De einddatum ligt voor de begindatum."
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
PAGE_SIZE = 50


@dataclass
class FieldError:
    """An input problem: the field name and a Dutch message."""

    field: str
    message: str


@dataclass
class ListFilters:
    """Checked filters for the consultation list."""

    status: str | None = None
    form: str | None = None
    outcome: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    open_only: bool | None = None
    page: int = 1

    def apply(self, query: Select) -> Select:
        """Add these filters to a consultations query."""
        if self.status:
            query = query.where(Consultation.status == self.status)
        if self.form:
            query = query.where(Consultation.form == self.form)
        if self.outcome:
            query = query.where(Consultation.outcome_code == self.outcome)
        if self.date_from:
            query = query.where(Consultation.occurred_at >= _start_of(self.date_from))
        if self.date_to:
            query = query.where(Consultation.occurred_at < _start_of(self.date_to + timedelta(days=1)))
        if self.open_only is True:
            query = query.where(Consultation.status != STEP_CLOSED)
        elif self.open_only is False:
            query = query.where(Consultation.status == STEP_CLOSED)
        return query


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.utc)


def parse_date(value: str | None, field: str, errors: list[FieldError]) -> date | None:
    """A date in YYYY-MM-DD, or None; adds a field error if it is malformed."""
    if value is None or value.strip() == "":
        return None
    try:
        if not _ISO_DATE.fullmatch(value.strip()):  # ASCII digits only; int() would take others too
            raise ValueError(value)
        return date.fromisoformat(value.strip())
    except ValueError:
        errors.append(FieldError(field, "Vul een datum in als jjjj-mm-dd, bijvoorbeeld 2026-03-31."))
        return None


def _choice(params: Mapping[str, str], name: str, valid: Callable[[str], object], message: str, errors: list[FieldError]) -> Optional[str]:
    """The stripped value of filter `name` when `valid`; otherwise a field error (empty means no filter)."""
    value = (params.get(name) or "").strip()
    if value and not valid(value):
        errors.append(FieldError(name, message))
        return None
    return value or None


def parse_list_filters(params: Mapping[str, str]) -> tuple[ListFilters, list[FieldError]]:
    """Filters from query parameters (``status``, ``vorm``, ``uitkomst``, ``van``, ``tot``, ``open``, ``pagina``)."""
    errors: list[FieldError] = []
    filters = ListFilters()
    filters.status = _choice(params, "status", lambda v: v in STEPS, "Kies een status uit de lijst.", errors)
    filters.form = _choice(params, "vorm", lambda v: v in FORMS, "Kies een vorm van uitbuiting uit de lijst.", errors)
    filters.outcome = _choice(params, "uitkomst", _OUTCOME.fullmatch, "Kies een uitkomst uit de lijst.", errors)
    filters.date_from = parse_date(params.get("van"), "van", errors)
    filters.date_to = parse_date(params.get("tot"), "tot", errors)
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        errors.append(FieldError("tot", INVERTED_PERIOD))
    open_value = (params.get("open") or "").strip().lower()
    if open_value:
        if open_value in ("ja", "true", "1"):
            filters.open_only = True
        elif open_value in ("nee", "false", "0"):
            filters.open_only = False
        else:
            errors.append(FieldError("open", "Kies ja of nee."))
    page = (params.get("pagina") or "").strip()
    if page:
        if page.isdigit() and 1 <= int(page) <= 100000:
            filters.page = int(page)
        else:
            errors.append(FieldError("pagina", "Het paginanummer moet een heel getal vanaf 1 zijn."))
    return filters, errors


def parse_period(params: Mapping[str, str]) -> tuple[date | None, date | None, list[FieldError]]:
    """The figures period from ``van`` and ``tot``."""
    errors: list[FieldError] = []
    start = parse_date(params.get("van"), "van", errors)
    end = parse_date(params.get("tot"), "tot", errors)
    if start and end and start > end:
        errors.append(FieldError("tot", INVERTED_PERIOD))
    return start, end, errors


def period_bounds(start: date | None, end: date | None) -> tuple[datetime | None, datetime | None]:
    """Inclusive dates → half-open UTC datetimes for queries."""
    return (_start_of(start) if start else None, _start_of(end + timedelta(days=1)) if end else None)
