"""Figures for the twice-yearly report and their CSV export."""
import csv
import io
from datetime import datetime, timedelta, timezone

from bot.store.figures import compute_figures, to_csv
from bot.store.models import Consultation, FollowUpStep


def test_counts_shares_and_median_time_to_report_back(record, db, make_officer):
    record(occurred_at=datetime(2026, 1, 5, 9, tzinfo=timezone.utc), answers={"acute": "ja"},
           outcome_code="acuut.112")
    first = record(occurred_at=datetime(2026, 1, 20, 9, tzinfo=timezone.utc))
    second = record(occurred_at=datetime(2026, 2, 3, 9, tzinfo=timezone.utc),
                    answers={"acute": "nee", "form": "seksueel"}, outcome_code="persoon.seksueel.melden")
    record(occurred_at=datetime(2026, 2, 4, 9, tzinfo=timezone.utc), municipality_code="GM0603")
    record(occurred_at=datetime(2026, 2, 5, 9, tzinfo=timezone.utc), municipality_code="GM0363",
           region_id="amsterdam")
    with db.session() as session:
        for consultation, hours in ((first, 10), (second, 30)):
            row = session.get(Consultation, consultation.id)
            row.steps.append(FollowUpStep(step="teruggekoppeld", note="",
                                          occurred_at=row.occurred_at + timedelta(hours=hours)))

    with db.session() as session:
        mine = compute_figures(session, municipality_codes=["GM0518"])
        region = compute_figures(session, region_id="haaglanden")
        february = compute_figures(session, municipality_codes=["GM0518"],
                                   start=datetime(2026, 2, 1, tzinfo=timezone.utc),
                                   end=datetime(2026, 3, 1, tzinfo=timezone.utc))
    assert mine.total == 3 and mine.acute == 1 and round(mine.acute_share, 3) == 0.333
    assert mine.per_form == {"Niet gevraagd": 1, "Arbeidsuitbuiting": 1, "Seksuele uitbuiting": 1}
    assert mine.per_outcome == {"acuut.112": 1, "persoon.arbeid.melden": 1, "persoon.seksueel.melden": 1}
    assert mine.per_month == {"2026-01": 2, "2026-02": 1}
    assert mine.reported_back == 2 and mine.median_hours_to_report_back == 20.0
    assert region.total == 4 and region.per_municipality == {"GM0518": 3, "GM0603": 1}
    assert february.total == 1

    rows = list(csv.reader(io.StringIO(to_csv(mine)), delimiter=";"))
    assert rows[0] == ["onderdeel", "sleutel", "waarde"]
    assert ["totaal", "consultaties", "3"] in rows
    assert ["totaal", "aandeel_acuut_procent", "33,3"] in rows
    assert ["totaal", "mediaan_uren_tot_terugkoppeling", "20,0"] in rows
    assert ["maand", "2026-01", "2"] in rows and ["gemeente", "GM0518", "3"] in rows


def test_csv_cells_cannot_become_spreadsheet_formulas(record, db):
    record(outcome_code="=HYPERLINK(\"x\")")
    with db.session() as session:
        text = to_csv(compute_figures(session, municipality_codes=["GM0518"]))
    assert ";=HYPERLINK" not in text and "'=HYPERLINK" in text
