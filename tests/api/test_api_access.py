"""Access control matrix: an officer of municipality A never gets B's consultations."""
import pytest

from api_support import DESCRIPTION_B, api_login, csrf_from, draft, page_login


@pytest.fixture
def two_municipalities(seed, officers):
    """One consultation in GM0518 (Anna's) and one in GM0599 (Bert's)."""
    own_id, other_id = seed(draft(description="Eigen beschrijving over de wasstraat."),
                            draft(municipality_code="GM0599", description=DESCRIPTION_B))
    return own_id, other_id


def _no_leak(response):
    assert "kas" not in response.text and DESCRIPTION_B not in response.text


def test_pages_never_show_another_municipalitys_consultations(client, two_municipalities):
    own_id, other_id = two_municipalities
    page_login(client, "anna")
    listing = client.get("/consultaties")
    assert f"/consultaties/{own_id}" in listing.text and f"/consultaties/{other_id}" not in listing.text
    _no_leak(listing)
    token = csrf_from(listing.text)
    attempts = [
        client.get(f"/consultaties/{other_id}"),
        client.get(f"/consultaties/{other_id}?melder=tonen"),
        client.post(f"/consultaties/{other_id}/stappen", data={"csrf_token": token, "step": "vastgelegd"}),
        client.post(f"/consultaties/{other_id}/bericht", data={"csrf_token": token, "message": "x"}),
        client.post(f"/consultaties/{other_id}/kenmerken",
                    data={"csrf_token": token, "kind": "address", "value": "Kerkstraat 1"}),
        client.post(f"/consultaties/{other_id}/melder/verwijderen", data={"csrf_token": token}),
    ]
    for response in attempts:
        assert response.status_code == 404, response.request.url
        _no_leak(response)


def test_api_never_shows_or_changes_another_municipalitys_consultations(client, two_municipalities):
    own_id, other_id = two_municipalities
    token = api_login(client, "anna")
    headers = {"X-CSRF-Token": token}
    listing = client.get("/api/v1/consultations")
    assert [item["id"] for item in listing.json()["items"]] == [own_id]
    _no_leak(listing)
    base = f"/api/v1/consultations/{other_id}"
    attempts = [
        client.get(base),
        client.post(base + "/steps", json={"step": "vastgelegd"}, headers=headers),
        client.put(base + "/message", json={"message": "x"}, headers=headers),
        client.post(base + "/identifiers", json={"kind": "address", "value": "Kerkstraat 1"}, headers=headers),
        client.delete(base + "/reporter-contact", headers=headers),
    ]
    for response in attempts:
        assert response.status_code == 404, response.request.url
        _no_leak(response)


def test_exports_and_figures_only_count_the_officers_own_municipality(client, two_municipalities):
    page_login(client, "anna")
    csv_text = client.get("/cijfers.csv").text
    assert "gemeente;Den Haag;1" in csv_text and "Rotterdam" not in csv_text
    figures = client.get("/api/v1/figures").json()
    assert figures["total"] == 1 and figures["per_municipality"] == {"GM0518": 1}
    assert "GM0599" not in client.get("/cijfers").text


def test_audit_log_does_not_show_another_municipalitys_work(client, other_client, two_municipalities):
    _, other_id = two_municipalities
    page_login(other_client, "bert")
    other_client.get(f"/consultaties/{other_id}")
    page_login(client, "anna")
    events = client.get("/api/v1/audit").json()
    assert all(event["actor"] == "anna" for event in events)
    assert "bert" not in client.get("/logboek").text


def test_a_region_coordinator_sees_region_figures_and_only_consultations_without_a_municipality(
        client, two_municipalities, seed):
    seed(draft(municipality_code="GM0363", region_id="amsterdam"))
    private_here, private_elsewhere = seed(
        draft(municipality_code=None, region_id="haaglanden", route_map_id="haaglanden"),
        draft(municipality_code=None, region_id="nationaal", route_map_id="nationaal"))
    own_id, _ = two_municipalities
    page_login(client, "carla")
    assert client.get("/", follow_redirects=False).headers["location"] == "/consultaties"
    listing = client.get("/consultaties").text
    assert f"Consultatie {private_here}<" in listing and f"Consultatie {private_elsewhere}<" not in listing
    assert f"Consultatie {own_id}<" not in listing
    response = client.get(f"/consultaties/{own_id}")
    assert response.status_code == 404 and "wasstraat" not in response.text
    assert client.get(f"/consultaties/{private_elsewhere}").status_code == 404
    assert client.get(f"/consultaties/{private_here}").status_code == 200
    assert [c["id"] for c in client.get("/api/v1/consultations").json()["items"]] == [private_here]
    assert client.get(f"/api/v1/consultations/{own_id}").status_code == 404
    figures = client.get("/api/v1/figures").json()
    assert figures["total"] == 3 and set(figures["per_municipality"]) == {"GM0518", "GM0599", "onbekend"}
    token = api_login(client, "carla")
    response = client.post(f"/api/v1/consultations/{own_id}/steps", json={"step": "vastgelegd"},
                           headers={"X-CSRF-Token": token})
    assert response.status_code == 404
    response = client.post(f"/api/v1/consultations/{private_here}/steps", json={"step": "vastgelegd"},
                           headers={"X-CSRF-Token": token})
    assert response.status_code in (200, 201, 204)


def test_an_attention_officer_never_sees_consultations_without_a_municipality(client, officers, seed):
    (private,) = seed(draft(municipality_code=None, region_id="haaglanden"))
    page_login(client, "anna")
    assert client.get(f"/consultaties/{private}").status_code == 404
