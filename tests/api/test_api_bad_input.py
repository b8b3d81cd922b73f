"""Bad input to every endpoint: a clear 4xx with field errors, never a 500 or a traceback."""
import pytest

from api_support import api_login, csrf_from, page_login


@pytest.fixture
def signed_in(client, officers, seed):
    [consultation_id] = seed()
    token = api_login(client, "anna")
    return client, consultation_id, token


API_CASES = [
    # (method, path, json body, expected status, field that must be named)
    ("post", "/api/v1/session", {"username": "anna"}, 422, "password"),
    ("post", "/api/v1/session", {"username": "", "password": "x"}, 422, "username"),
    ("post", "/api/v1/session", {"username": "anna", "password": "x", "admin": True}, 422, "admin"),
    ("post", "/api/v1/session", "geen json", 422, "body"),
    ("get", "/api/v1/consultations?van=gisteren", None, 422, "van"),
    ("get", "/api/v1/consultations?van=%202026-05-01", None, 422, "van"),
    ("get", "/api/v1/consultations?vorm=ARBEID", None, 422, "vorm"),
    ("get", "/api/v1/consultations?status=weg", None, 422, "status"),
    ("get", "/api/v1/consultations?vorm=x", None, 422, "vorm"),
    ("get", "/api/v1/consultations?uitkomst=%3Cscript%3E", None, 422, "uitkomst"),
    ("get", "/api/v1/consultations?open=misschien", None, 422, "open"),
    ("get", "/api/v1/consultations?pagina=-1", None, 422, "pagina"),
    ("post", "/api/v1/consultations/{id}/steps", {"step": "verzonnen"}, 422, "step"),
    ("post", "/api/v1/consultations/{id}/steps", {}, 422, "step"),
    ("post", "/api/v1/consultations/{id}/steps", {"step": "doorgestuurd"}, 422, "partner"),
    ("post", "/api/v1/consultations/{id}/steps", {"step": "vastgelegd", "note": "x" * 2001}, 422, "note"),
    ("post", "/api/v1/consultations/{id}/steps", [1, 2], 422, "body"),
    ("put", "/api/v1/consultations/{id}/message", {"message": "x" * 1001}, 422, "message"),
    ("put", "/api/v1/consultations/{id}/message", {"message": 12}, 422, "message"),
    ("post", "/api/v1/consultations/{id}/identifiers", {"kind": "bsn", "value": "1"}, 422, "kind"),
    ("post", "/api/v1/consultations/{id}/identifiers", {"kind": "address", "value": ""}, 422, "value"),
    ("post", "/api/v1/consultations/{id}/identifiers", {"kind": "address", "value": "!!!"}, 422, "value"),
    ("get", "/api/v1/figures?van=31-12-2026", None, 422, "van"),
    ("get", "/api/v1/figures.csv?tot=morgen", None, 422, "tot"),
    ("get", "/api/v1/audit?pagina=nul", None, 422, "pagina"),
]


def test_an_inverted_period_is_empty_in_the_api_not_an_error(signed_in):
    # The contract: two valid dates are a valid query; "tot" before "van" holds no day.
    client, _, _ = signed_in
    listed = client.get("/api/v1/consultations?van=2026-05-01&tot=2026-01-01")
    assert listed.status_code == 200 and listed.json()["items"] == []
    figures = client.get("/api/v1/figures?van=2026-05-01&tot=2026-01-01")
    assert figures.status_code == 200 and figures.json()["total"] == 0


@pytest.mark.parametrize("method,path,body,status,field", API_CASES)
def test_api_bad_input_names_the_field(signed_in, method, path, body, status, field):
    client, consultation_id, token = signed_in
    kwargs = {"headers": {"X-CSRF-Token": token}}
    if isinstance(body, str):
        kwargs["content"] = body
        kwargs["headers"]["Content-Type"] = "application/json"
    elif body is not None:
        kwargs["json"] = body
    response = getattr(client, method)(path.format(id=consultation_id), **kwargs)
    assert response.status_code == status, response.text
    payload = response.json()
    assert payload["detail"] and field in [e["field"] for e in payload["errors"]], payload
    assert all(e["message"] for e in payload["errors"])
    assert "Traceback" not in response.text


@pytest.mark.parametrize("path", [
    "/api/v1/consultations/abc", "/api/v1/consultations/0", "/api/v1/consultations/99999999999999999999",
    "/api/v1/consultations/-1", "/api/v1/bestaat-niet",
])
def test_api_unknown_things_give_404(signed_in, path):
    client, _, _ = signed_in
    response = client.get(path)
    assert response.status_code == 404 and response.json()["detail"]


def test_api_wrong_method_gives_405(signed_in):
    client, consultation_id, _ = signed_in
    assert client.patch(f"/api/v1/consultations/{consultation_id}").status_code == 405


PAGE_CASES = [
    ("/consultaties/{id}/stappen", {"step": "verzonnen"}, "veld-step"),
    ("/consultaties/{id}/stappen", {"step": "doorgestuurd", "partner": ""}, "veld-partner"),
    ("/consultaties/{id}/stappen", {"step": "vastgelegd", "note": "x" * 2001}, "veld-note"),
    ("/consultaties/{id}/bericht", {"message": "x" * 1001}, "veld-message"),
    ("/consultaties/{id}/kenmerken", {"kind": "bsn", "value": "123"}, "veld-kind"),
    ("/consultaties/{id}/kenmerken", {"kind": "address", "value": ""}, "veld-value"),
]


@pytest.mark.parametrize("path,data,field_id", PAGE_CASES)
def test_page_forms_show_errors_linked_to_the_field(client, officers, seed, path, data, field_id):
    [consultation_id] = seed()
    page_login(client, "anna")
    token = csrf_from(client.get(f"/consultaties/{consultation_id}").text)
    response = client.post(path.format(id=consultation_id), data={"csrf_token": token, **data})
    assert response.status_code == 400
    assert f'href="#{field_id}"' in response.text and f'id="{field_id}"' in response.text
    assert 'aria-invalid="true"' in response.text and "Traceback" not in response.text


@pytest.mark.parametrize("query,field_id", [
    ("van=gisteren", "veld-van"), ("status=weg", "veld-status"), ("open=misschien", "veld-open"),
    ("van=2026-05-01&tot=2026-01-01", "veld-tot"),
])
def test_list_filters_show_errors_linked_to_the_field(client, officers, query, field_id):
    page_login(client, "anna")
    response = client.get(f"/consultaties?{query}")
    assert response.status_code == 400 and f'href="#{field_id}"' in response.text


def test_figures_page_with_a_bad_date_explains_it(client, officers):
    page_login(client, "anna")
    for path in ("/cijfers?van=31-12", "/cijfers.csv?tot=x"):
        response = client.get(path)
        assert response.status_code == 400 and "jjjj-mm-dd" in response.text


def test_unknown_pages_give_a_dutch_404(client, officers):
    page_login(client, "anna")
    for path in ("/bestaat-niet", "/consultaties/abc", "/consultaties/0", "/widget/bestaat-niet.js"):
        response = client.get(path)
        assert response.status_code == 404 and 'lang="nl"' in response.text
