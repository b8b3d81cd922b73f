"""Regio-coordinators keep the route-map contacts true: a correction travels from the workspace
(real app, real SQLite, HTTP forms as a browser sends them) to the exported patch, with audit lines.
"""
import subprocess
import sys

import pytest

from api_support import PASSWORD, csrf_from, page_login
from tests.support.mapcopy import copy_maps

ROOT = __import__("pathlib").Path(__file__).resolve().parents[2]


@pytest.fixture
def twente(database):
    """Two coordinators of Twente and one of Groningen."""
    from api import accounts

    with database.session() as session:
        accounts.create_officer(session, "tineke", PASSWORD, "regio-coordinator", region_id="twente")
        accounts.create_officer(session, "theo", PASSWORD, "regio-coordinator", region_id="twente")
        accounts.create_officer(session, "gert", PASSWORD, "regio-coordinator", region_id="groningen")


def _contact_page(client, contact="kenniscentrum_twente"):
    return client.get(f"/routekaart-contacten/twente?contact={contact}")


def test_a_correction_goes_from_the_workspace_to_the_exported_patch_with_audit_lines(
        client, other_client, twente, env, tmp_path):
    assert page_login(client, "tineke").status_code == 303
    page = _contact_page(client)
    assert page.status_code == 200 and "Kenniscentrum Mensenhandel Twente" in page.text
    proposed = client.post("/routekaart-contacten/twente/correctie", data={
        "csrf_token": csrf_from(page.text), "contact": "kenniscentrum_twente", "phone": "053-4001234",
        "source": "https://mensenhandeltwente.nl/contact", "source_date": "2026-11-30", "checked_on": "2026-12-06",
    }, follow_redirects=True)
    assert proposed.status_code == 200 and "Een andere coördinator van je regio beoordeelt hem" in proposed.text
    # The proposer cannot accept it; the map does not change yet.
    assert 'value="accepteren"' not in proposed.text
    from bot.catalog import load_catalog
    assert load_catalog().maps.get("twente").contacts["kenniscentrum_twente"].phone is None

    # The other coordinator of Twente sees it and accepts it.
    assert page_login(other_client, "theo").status_code == 303
    seen = _contact_page(other_client)
    assert "053-4001234" in seen.text and "tineke" in seen.text
    review_id = seen.text.split('name="review" value="', 1)[1].split('"', 1)[0]
    accepted = other_client.post("/routekaart-contacten/twente/besluit", data={
        "csrf_token": csrf_from(seen.text), "contact": "kenniscentrum_twente", "review": review_id,
        "besluit": "accepteren"}, follow_redirects=True)
    assert "De verbetering is geaccepteerd" in accepted.text

    maps = copy_maps(tmp_path)
    out = tmp_path / "wijzigingen.patch"
    run = subprocess.run([sys.executable, "-m", "api.cli", "export-routekaart-wijzigingen", "--dir", str(maps),
                          "--out", str(out)], cwd=ROOT, env={**__import__("os").environ, **env},
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    patch = out.read_text(encoding="utf-8")
    assert "bron: https://mensenhandeltwente.nl/contact" in patch
    assert "regio-coördinator Twente" in patch and "tineke" not in patch and "theo" not in patch
    assert '+    phone: "053-4001234"' in patch and "+    verified_on: 2026-12-06" in patch
    applied = subprocess.run(["git", "apply", "--check", str(out)], cwd=tmp_path, capture_output=True, text=True)
    assert applied.returncode == 0, applied.stderr
    # A second export has nothing new; the audit trail holds every step.
    again = subprocess.run([sys.executable, "-m", "api.cli", "export-routekaart-wijzigingen", "--dir", str(maps)],
                           cwd=ROOT, env={**__import__("os").environ, **env}, capture_output=True, text=True)
    assert "geen nieuwe" in again.stdout
    from bot.store.db import Database
    from bot.store.models import AuditEvent
    db = Database(env["SIGNAALROUTE_DATABASE_URL"])
    with db.session() as session:
        actions = [e.action for e in session.query(AuditEvent).order_by(AuditEvent.id)]
    db.dispose()
    assert ["propose_contact", "accept_contact", "export_routekaart"] == [
        a for a in actions if a in ("propose_contact", "accept_contact", "export_routekaart")]


def test_a_confirmation_takes_the_contact_off_the_stale_list_but_not_off_the_map(client, twente):
    page_login(client, "gert")
    listed = client.get("/routekaarten").text
    assert "Zorg- en Veiligheidshuis Groningen" not in listed  # backed by a 2024 page
    page = client.get("/routekaart-contacten/groningen?contact=nationaal/veilig_thuis")
    assert page.status_code == 200
    done = client.post("/routekaart-contacten/groningen/gecontroleerd", data={
        "csrf_token": csrf_from(page.text), "contact": "nationaal/veilig_thuis", "checked_on": "2026-12-06"},
        follow_redirects=True)
    assert "gemarkeerd als gecontroleerd" in done.text and "bevestigd op 2026-12-06" in done.text


def test_an_old_source_is_unconfirmed_until_a_coordinator_confirms_it(client, twente, database):
    from api import accounts

    with database.session() as session:
        accounts.create_officer(session, "ada", PASSWORD, "regio-coordinator", region_id="amsterdam-amstelland")
    page_login(client, "ada")
    card = client.get("/routekaarten/amsterdam-amstelland").text
    assert "Niet bevestigde contacten" in card and "Amsterdams Coördinatiepunt Mensenhandel" in card.split(
        "Niet bevestigde contacten", 1)[1]
    assert "Controleer dit nummer" in card
    picture = __import__("html").unescape(client.get("/routekaarten/amsterdam-amstelland.svg").text)
    assert "Niet bevestigd" in picture and "Amsterdams Coördinatiepunt Mensenhandel" in picture.split("Niet bevestigd", 1)[1]
    assert "HVO-Querido" in client.get("/routekaarten").text
    page = client.get("/routekaart-contacten/amsterdam-amstelland?contact=acm")
    client.post("/routekaart-contacten/amsterdam-amstelland/gecontroleerd", data={
        "csrf_token": csrf_from(page.text), "contact": "acm", "checked_on": "2026-12-06"})
    assert "HVO-Querido" not in client.get("/routekaarten").text.split("Alle kaarten", 1)[0]
    after = client.get("/routekaarten/amsterdam-amstelland").text.split("Niet bevestigde contacten", 1)[1]
    assert "Amsterdams Coördinatiepunt" not in after
    # The YAML is still the single source: the assistant still says "controleer dit nummer".
    from bot.catalog import load_catalog
    assert load_catalog().maps.get("amsterdam-amstelland").contacts["acm"].source_is_old


def test_coordinators_only_review_their_own_region_and_bad_input_is_refused_politely(client, twente):
    page_login(client, "gert")
    assert _contact_page(client).status_code == 404
    page = client.get("/routekaart-contacten/groningen?contact=zvh_groningen")
    token = csrf_from(page.text)
    no_source = client.post("/routekaart-contacten/groningen/correctie", data={
        "csrf_token": token, "contact": "zvh_groningen", "phone": "050-1234567", "checked_on": "2026-12-06"})
    assert no_source.status_code == 400 and "Geef de bron" in no_source.text
    bad_phone = client.post("/routekaart-contacten/groningen/correctie", data={
        "csrf_token": token, "contact": "zvh_groningen", "phone": "bel maar", "source": "https://example.org/x",
        "checked_on": "2026-12-06"})
    assert bad_phone.status_code == 400 and "Telefoonnummer heeft niet de goede vorm" in bad_phone.text
    future = client.post("/routekaart-contacten/groningen/gecontroleerd", data={
        "csrf_token": token, "contact": "zvh_groningen", "checked_on": "2999-01-01"})
    assert future.status_code == 400 and "toekomst" in future.text
    forged = client.post("/routekaart-contacten/groningen/gecontroleerd", data={
        "csrf_token": "nep", "contact": "zvh_groningen", "checked_on": "2026-12-06"})
    assert forged.status_code in (400, 403)
