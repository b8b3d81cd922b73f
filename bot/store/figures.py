"""Figures for the twice-yearly report. Counts only: no descriptions, no reporter data."""
from __future__ import annotations

import csv
import io
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store.followup import STEP_REPORTED_BACK
from bot.store.models import Consultation, FollowUpStep

FORM_LABELS = {
    "arbeid": "Arbeidsuitbuiting",
    "seksueel": "Seksuele uitbuiting",
    "crimineel": "Criminele uitbuiting",
    "orgaan": "Orgaanverwijdering",
    "onbekend": "Onbekend",
    None: "Niet gevraagd",
}


@dataclass
class Figures:
    """Aggregates over a set of consultations."""

    total: int = 0
    acute: int = 0
    per_form: dict[str, int] = field(default_factory=dict)
    per_outcome: dict[str, int] = field(default_factory=dict)
    per_month: dict[str, int] = field(default_factory=dict)
    per_municipality: dict[str, int] = field(default_factory=dict)
    reported_back: int = 0
    median_hours_to_report_back: float | None = None

    @property
    def acute_share(self) -> float:
        """Share of acute cases, 0..1."""
        return self.acute / self.total if self.total else 0.0


def compute_figures(
    session: Session,
    *,
    municipality_codes: list[str] | None = None,
    region_id: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> Figures:
    """Figures over consultations in the given municipalities (or region) and period [start, end)."""
    query = select(Consultation)
    if municipality_codes is not None:
        query = query.where(Consultation.municipality_code.in_(municipality_codes))
    if region_id is not None:
        query = query.where(Consultation.region_id == region_id)
    if start is not None:
        query = query.where(Consultation.occurred_at >= start)
    if end is not None:
        query = query.where(Consultation.occurred_at < end)
    consultations = list(session.execute(query).scalars())
    first_report_back = _first_report_back(session, [c.id for c in consultations])

    figures = Figures(total=len(consultations), acute=sum(1 for c in consultations if c.acute))
    figures.per_form = dict(Counter(FORM_LABELS.get(c.form, c.form or "Niet gevraagd") for c in consultations))
    figures.per_outcome = dict(Counter(c.outcome_code or "gestopt" for c in consultations))
    figures.per_month = dict(sorted(Counter(c.occurred_at.strftime("%Y-%m") for c in consultations).items()))
    figures.per_municipality = dict(Counter(c.municipality_code or "onbekend" for c in consultations))
    durations = [
        (first_report_back[c.id] - c.occurred_at).total_seconds() / 3600
        for c in consultations
        if c.id in first_report_back
    ]
    figures.reported_back = len(durations)
    figures.median_hours_to_report_back = round(statistics.median(durations), 1) if durations else None
    return figures


def _first_report_back(session: Session, ids: list[int]) -> dict[int, datetime]:
    result: dict[int, datetime] = {}
    for start in range(0, len(ids), 500):
        rows = session.execute(
            select(FollowUpStep.consultation_id, FollowUpStep.occurred_at).where(
                FollowUpStep.consultation_id.in_(ids[start:start + 500]),
                FollowUpStep.step == STEP_REPORTED_BACK,
            )
        )
        for consultation_id, occurred_at in rows:
            if consultation_id not in result or occurred_at < result[consultation_id]:
                result[consultation_id] = occurred_at
    return result


def to_csv(figures: Figures) -> str:
    """The figures as CSV (``onderdeel;sleutel;waarde``), semicolon-separated with decimal commas
    for Dutch spreadsheets."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["onderdeel", "sleutel", "waarde"])
    writer.writerow(["totaal", "consultaties", figures.total])
    writer.writerow(["totaal", "acuut", figures.acute])
    writer.writerow(["totaal", "aandeel_acuut_procent", _decimal(figures.acute_share * 100)])
    writer.writerow(["totaal", "teruggekoppeld", figures.reported_back])
    median = figures.median_hours_to_report_back
    writer.writerow(["totaal", "mediaan_uren_tot_terugkoppeling", "" if median is None else _decimal(median)])
    for section, values in (
        ("vorm", figures.per_form),
        ("uitkomst", figures.per_outcome),
        ("maand", figures.per_month),
        ("gemeente", figures.per_municipality),
    ):
        for key, count in sorted(values.items()):
            writer.writerow([section, _safe_cell(key), count])
    return buffer.getvalue()


def _decimal(value: float) -> str:
    # A decimal comma: Dutch spreadsheet apps read "0.6" in a ";" file as a date or text.
    return f"{value:.1f}".replace(".", ",")


def _safe_cell(value: str) -> str:
    # Spreadsheet apps execute cells starting with these characters as formulas.
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value
