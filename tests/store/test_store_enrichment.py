"""Enrichment: identifiers stored only as keyed hashes; 'eerder gesignaleerd' within 12 months."""
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import text

from bot.store import identifiers
from bot.store.models import Consultation

from store_support import SECRET


@pytest.mark.parametrize("kind,a,b", [
    ("address", "Hoofdstraat 12 A, Den Haag", "hoofdstr. 12a den haag"),
    ("company", "Bouw & Co B.V.", "bouw en co bv"),
    ("licence_plate", "12-ABC-3", "12abc3"),
    ("company", "Schoonmaakbedrijf Müller", "schoonmaakbedrijf muller"),
])
def test_spelling_variants_of_an_identifier_match(kind, a, b):
    assert identifiers.digest(kind, a, SECRET) == identifiers.digest(kind, b, SECRET)


def test_different_kinds_or_secrets_do_not_match():
    assert identifiers.digest("address", "12ab34", SECRET) != identifiers.digest("licence_plate", "12ab34", SECRET)
    assert identifiers.digest("address", "Kerkweg 1", SECRET) != identifiers.digest("address", "Kerkweg 1", b"other")


def _attach(db, consultation_id, kind, value):
    with db.session() as session:
        identifiers.attach_identifier(session, session.get(Consultation, consultation_id), kind, value, None, SECRET)


def _sightings(db, consultation_id):
    with db.session() as session:
        return identifiers.sightings(session, session.get(Consultation, consultation_id))


def test_the_same_address_in_the_municipality_and_region_is_flagged(record, db):
    now = datetime.now(timezone.utc)
    first = record(occurred_at=now - timedelta(days=40))
    second = record(occurred_at=now - timedelta(days=10))
    elsewhere_in_region = record(occurred_at=now - timedelta(days=5), municipality_code="GM0603")
    too_old = record(occurred_at=now - timedelta(days=400))
    current = record(occurred_at=now)
    for consultation in (first, second, elsewhere_in_region, too_old):
        _attach(db, consultation.id, "address", "Industrieweg 4, Delft")
    _attach(db, current.id, "address", "industrieweg 4 delft")
    _attach(db, current.id, "licence_plate", "99-XYZ-1")

    address, plate = _sightings(db, current.id)
    assert (address.kind, address.in_municipality, address.in_region) == ("address", 2, 3)
    assert identifiers.describe(address) == (
        "eerder gesignaleerd: 2× in je gemeente, 3× in de regio in de laatste 12 maanden")
    assert not plate.seen_before
    assert identifiers.describe(plate) == "niet eerder gesignaleerd in de laatste 12 maanden"


def test_identifiers_are_never_stored_in_clear_text(record, db):
    stored = record()
    _attach(db, stored.id, "company", "Uitzendbureau Snelwerk BV")
    _attach(db, stored.id, "licence_plate", "GZ-123-K")
    _attach(db, stored.id, "licence_plate", "gz 123 k")  # the same plate again: stored once
    with db.session() as session:
        rows = repr(session.execute(text("SELECT * FROM identifiers")).all())
        count = session.execute(text("SELECT count(*) FROM identifiers")).scalar_one()
    assert count == 2
    for clear in ("Snelwerk", "snelwerk", "GZ-123-K", "GZ123K", "gz123k"):
        assert clear not in rows


@pytest.mark.parametrize("kind,value,field", [
    ("telefoon", "0612345678", "kind"),
    ("address", "   ", "value"),
    ("address", "x" * 201, "value"),
    ("licence_plate", "---", "value"),
])
def test_bad_enrichment_input_is_refused_with_a_field(record, db, kind, value, field):
    stored = record()
    with pytest.raises(identifiers.IdentifierError) as error:
        _attach(db, stored.id, kind, value)
    assert error.value.field == field
