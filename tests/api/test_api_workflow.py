"""The officer's work: detail, step plan, message for the reporter, enrichment, contact, figures, audit."""
import csv
import io

from sqlalchemy import select, text

from api_support import api_login, csrf_from, draft, page_login
from bot.store.models import AuditEvent
from bot.store.status import lookup_status


def test_officer_moves_a_consultation_along_and_the_reporter_sees_the_message(client, officers, seed, database,
                                                                               settings):
    item = draft(description="Bij Ahmed Karimi (06-11223344) slapen zes mensen in een schuur.")
    [consultation_id] = seed(item)
    page_login(client, "anna")
    detail = client.get(f"/consultaties/{consultation_id}")
    assert "schuur" in detail.text and "Karimi" not in detail.text and "11223344" not in detail.text
    for step, partner in (("vastgelegd", ""), ("doorgestuurd", "nla"), ("terugkoppeling_gevraagd", "")):
        token = csrf_from(client.get(f"/consultaties/{consultation_id}").text)
        response = client.post(f"/consultaties/{consultation_id}/stappen",
                               data={"csrf_token": token, "step": step, "partner": partner,
                                     "note": "Gebeld met Ahmed Karimi op 06-11223344"})
        assert response.status_code == 200 and "De stap is opgeslagen" in response.text
    token = csrf_from(client.get(f"/consultaties/{consultation_id}").text)
    client.post(f"/consultaties/{consultation_id}/bericht",
                data={"csrf_token": token, "message": "Dank voor je signaal. De Arbeidsinspectie gaat kijken."})

    view = lookup_status(item.reference_code, database=database, secret_key=settings.secret_key)
    assert view.status == "We wachten op nieuws van de partner."
    assert view.message_for_reporter == "Dank voor je signaal. De Arbeidsinspectie gaat kijken."
    detail = client.get(f"/consultaties/{consultation_id}").text
    assert "Nederlandse Arbeidsinspectie" in detail and "Terugkoppeling gevraagd" in detail
    with database.session() as session:
        notes = " ".join(session.execute(text("SELECT note FROM followup_steps")).scalars())
    assert "Karimi" not in notes and "11223344" not in notes


def test_list_filters_find_the_right_consultations(client, officers, seed):
    labour, sexual = seed(draft(), draft(answers={"acute": "ja", "form": "seksueel"}, outcome_code="acuut.112"))
    token = api_login(client, "anna")
    client.post(f"/api/v1/consultations/{labour}/steps", json={"step": "afgesloten"}, headers={"X-CSRF-Token": token})

    def ids(query):
        return [item["id"] for item in client.get(f"/api/v1/consultations?{query}").json()["items"]]

    assert ids("vorm=seksueel") == [sexual]
    assert ids("uitkomst=acuut.112") == [sexual]
    assert ids("open=ja") == [sexual] and ids("open=nee") == [labour]
    assert ids("status=afgesloten") == [labour]
    assert ids("van=2000-01-01&tot=2000-12-31") == []
    page_login(client, "anna")
    page = client.get("/consultaties?vorm=seksueel").text
    assert f"/consultaties/{sexual}" in page and f"/consultaties/{labour}\"" not in page


def test_enrichment_flags_an_address_seen_before(client, officers, seed):
    first, second = seed(draft(), draft())
    token = api_login(client, "anna")
    for consultation_id, spelling in ((first, "Dorpsstraat 5 B, Delft"), (second, "dorpsstr. 5b delft")):
        response = client.post(f"/api/v1/consultations/{consultation_id}/identifiers",
                               json={"kind": "address", "value": spelling}, headers={"X-CSRF-Token": token})
        assert response.status_code == 201
    sightings = response.json()["sightings"]
    assert sightings[0]["in_municipality"] == 1 and sightings[0]["text"].startswith("eerder gesignaleerd: 1×")
    page_login(client, "anna")
    page = client.get(f"/consultaties/{second}").text
    assert "eerder gesignaleerd: 1× in je gemeente" in page and "Dorpsstraat" not in page


def test_reporter_contact_is_shown_only_on_request_audited_and_deletable(client, officers, seed, recorder, database):
    item = draft()
    [consultation_id] = seed(item)
    recorder.submit_reporter_contact(item.reference_code, "Marieke Verhoeven", "m.verhoeven@gemeente.example")
    assert recorder.flush(timeout=30)
    page_login(client, "anna")
    page = client.get(f"/consultaties/{consultation_id}").text
    assert "Toon de gegevens van de melder" in page and "Verhoeven" not in page
    shown = client.get(f"/consultaties/{consultation_id}?melder=tonen").text
    assert "Marieke Verhoeven" in shown and "m.verhoeven@gemeente.example" in shown
    api_view = client.get(f"/api/v1/consultations/{consultation_id}")
    assert api_view.json()["has_reporter_contact"] is True and "Verhoeven" not in api_view.text
    assert "Verhoeven" not in client.get("/cijfers.csv").text
    with database.session() as session:
        actions = list(session.execute(select(AuditEvent.action)).scalars())
    assert actions.count("view_reporter_contact") == 1
    token = csrf_from(shown)
    asked = client.post(f"/consultaties/{consultation_id}/melder/verwijderen", data={"csrf_token": token})
    assert "Weet je het zeker?" in asked.text and "Consultatie " + str(consultation_id) in asked.text
    assert "Toon de gegevens van de melder" in client.get(f"/consultaties/{consultation_id}").text
    response = client.post(f"/consultaties/{consultation_id}/melder/verwijderen",
                           data={"csrf_token": token, "bevestigd": "ja"})
    assert "De naam en de contactgegevens van de melder zijn verwijderd" in response.text
    assert "Er zijn geen naam en contactgegevens van de melder bewaard" in response.text
    assert "Verhoeven" not in client.get(f"/consultaties/{consultation_id}?melder=tonen").text
    again = client.post(f"/consultaties/{consultation_id}/melder/verwijderen",
                        data={"csrf_token": token, "bevestigd": "ja"})
    assert "Er waren geen naam en contactgegevens van de melder meer om te verwijderen" in again.text


def test_the_success_box_never_echoes_the_address_bar(client, officers, seed):
    [consultation_id] = seed()
    page_login(client, "anna")
    page = client.get(f"/consultaties/{consultation_id}?melding=Bel+direct+0900-1234567").text
    assert "0900-1234567" not in page and 'role="status"' not in page


def test_plain_dutch_instead_of_codes(client, officers, seed):
    [consultation_id] = seed(draft(route_map_id="zuid-limburg", region_id="zuid-limburg", municipality_code="GM0518",
                                   channel="socketio", outcome_code="persoon.arbeid.nla",
                                   contacts_advised=["nla", "veilig_thuis_zl"]))
    page_login(client, "anna")
    page = client.get(f"/consultaties/{consultation_id}").text
    assert "Advies: Nederlandse Arbeidsinspectie, Veilig Thuis Zuid-Limburg" in page
    assert "Vorm van uitbuiting: arbeidsuitbuiting" in page and "form:" not in page
    assert "Chatvenster op het intranet" in page and "socketio" not in page
    assert "Den Haag" in page and "GM0518" not in page and "persoon.arbeid.nla" not in page
    listing = client.get("/consultaties").text
    assert "Advies: Nederlandse Arbeidsinspectie, Veilig Thuis Zuid-Limburg" in listing
    figures = client.get("/cijfers").text
    assert "GM0518" not in figures and "2026-" not in figures


def test_search_by_reference_code_finds_only_own_consultations_and_is_audited(client, officers, seed, database):
    mine, theirs = draft(), draft(municipality_code="GM0599")
    own_id, _ = seed(mine, theirs)
    page_login(client, "anna")
    typed = mine.reference_code.lower().replace("-", " ")
    found = client.get("/consultaties", params={"code": typed}, follow_redirects=False)
    assert found.status_code == 303 and found.headers["location"].startswith(f"/consultaties/{own_id}?")
    other = client.get("/consultaties", params={"code": theirs.reference_code})
    assert other.status_code == 200 and "Geen consultatie gevonden met die code" in other.text
    unknown = client.get("/consultaties", params={"code": "SR-7K3Q-9F"})
    assert "Geen consultatie gevonden met die code" in unknown.text
    with database.session() as session:
        events = list(session.execute(select(AuditEvent.action, AuditEvent.detail)
                                      .where(AuditEvent.action == "search_code")).all())
        dumped = repr(list(session.execute(select(AuditEvent)).scalars()))
    assert [d for _, d in events] == ["gevonden", "niet gevonden", "niet gevonden"]
    assert mine.reference_code not in dumped and theirs.reference_code not in dumped


def test_code_search_is_rate_limited(client, officers, seed, monkeypatch):
    from api import workspace
    monkeypatch.setattr(workspace, "CODE_SEARCHES_PER_HOUR", 2)
    page_login(client, "anna")
    for _ in range(2):
        client.get("/consultaties", params={"code": "SR-7K3Q-9F"})
    blocked = client.get("/consultaties", params={"code": "SR-7K3Q-9F"})
    assert "Probeer het later nog een keer" in blocked.text


def test_acute_open_consultations_come_first_and_unhandled_ones_show_their_age(client, officers, seed):
    from datetime import datetime, timedelta, timezone
    old_acute = datetime.now(timezone.utc) - timedelta(days=3)
    calm, acute = seed(draft(), draft(occurred_at=old_acute, answers={"acute": "ja"}, outcome_code="acuut.112",
                                      contacts_advised=["alarm"]))
    page_login(client, "anna")
    listing = client.get("/consultaties").text
    assert listing.index(f"Consultatie {acute}<") < listing.index(f"Consultatie {calm}<")
    assert "sr-list__row--acute" in listing and "Acuut gevaar" in listing
    assert "Wacht al 3 dagen" in listing


def test_the_step_form_preselects_the_next_step_of_the_plan(client, officers, seed):
    import re
    [consultation_id] = seed()
    page_login(client, "anna")

    def selected(page):
        return re.search(r'<option value="([a-z_]+)" selected>', page.split('id="veld-step"')[1]).group(1)

    page = client.get(f"/consultaties/{consultation_id}").text
    assert selected(page) == "vastgelegd" and "Volgende stap (stap 3 van het stappenplan)" in page
    token = csrf_from(page)
    for step, expected in (("vastgelegd", "doorgestuurd"), ("teruggekoppeld", "afgesloten"),
                           ("vastgelegd", "afgesloten")):
        data = {"csrf_token": token, "step": step, "partner": ""}
        page = client.post(f"/consultaties/{consultation_id}/stappen", data=data).text
        assert selected(page) == expected, step
        if expected == "doorgestuurd":  # the route advised the NLA: that partner is pre-selected
            assert '<option value="nla" selected>' in page and "De route adviseerde: Nederlandse" in page


def test_figures_page_has_a_chart_with_a_table_and_a_csv_download(client, officers, seed):
    seed(draft(), draft(answers={"acute": "ja"}, outcome_code="acuut.112"))
    page_login(client, "anna")
    page = client.get("/cijfers").text
    assert "Arbeidsuitbuiting" in page and "sr-bars" in page and "<table" in page and "50%" in page
    response = client.get("/cijfers.csv")
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff")), delimiter=";"))
    assert ["totaal", "consultaties", "2"] in rows and ["totaal", "acuut", "1"] in rows


def test_audit_log_records_views_changes_and_exports(client, officers, seed):
    [consultation_id] = seed()
    token = api_login(client, "anna")
    client.get(f"/api/v1/consultations/{consultation_id}")
    client.put(f"/api/v1/consultations/{consultation_id}/message", json={"message": "Bedankt"},
               headers={"X-CSRF-Token": token})
    client.get("/api/v1/figures.csv")
    events = client.get("/api/v1/audit").json()
    actions = {(e["action"], e["object_id"]) for e in events}
    assert ("view", str(consultation_id)) in actions and ("set_message", str(consultation_id)) in actions
    assert ("export", None) in actions
    assert any(e["action"] == "login" for e in events)
    page_login(client, "anna")
    page = client.get("/logboek").text
    assert "Cijfers gedownload" in page and "Bericht voor melder aangepast" in page and "Bedankt" not in page


def test_openapi_documents_the_json_api(client):
    spec = client.get("/api/v1/openapi.json").json()
    for path in ("/api/v1/session", "/api/v1/consultations", "/api/v1/consultations/{consultation_id}",
                 "/api/v1/consultations/{consultation_id}/steps", "/api/v1/figures", "/api/v1/figures.csv",
                 "/api/v1/audit"):
        assert path in spec["paths"], path


def test_workspace_serves_design_system_assets_without_a_cdn(client, officers):
    assert client.get("/vendor/utrecht/component-library-css/index.css").status_code == 200
    assert client.get("/vendor/utrecht/design-tokens/index.css").status_code == 200
    assert client.get("/vendor/socket.io/socket.io.min.js").status_code == 200
    page = client.get("/inloggen").text
    assert "http://" not in page and "https://" not in page
