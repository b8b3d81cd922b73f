"""Security hygiene: no CDN docs by default, HSTS and Secure cookies behind HTTPS, configured origins,
database errors logged without content, and an OpenAPI description that matches the answers."""
import logging

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.exc import IntegrityError

from api_support import PASSWORD, api_login, csrf_from, page_login


def test_swagger_ui_from_a_cdn_is_off_unless_switched_on(client, monkeypatch, settings):
    assert client.get("/api/v1/docs").status_code == 404
    assert client.get("/api/v1/openapi.json").status_code == 200
    monkeypatch.setenv("SIGNAALROUTE_API_DOCS", "true")
    from api.app import create_app
    from bot.settings import load_settings

    with TestClient(create_app(load_settings())) as docs_client:
        assert docs_client.get("/api/v1/docs").status_code == 200


def test_over_https_cookies_are_secure_and_hsts_is_sent(app, database, officers):
    with TestClient(app, base_url="https://werkruimte.example.nl") as secure_client:
        page = secure_client.get("/inloggen")
        assert page.headers["strict-transport-security"].startswith("max-age=")
        assert "secure" in page.headers["set-cookie"].lower()
        response = page_login(secure_client, "anna")
        assert "secure" in response.headers["set-cookie"].lower()


def test_over_plain_http_without_the_setting_there_is_no_hsts(client):
    assert "strict-transport-security" not in client.get("/inloggen").headers


def test_the_setting_forces_secure_cookies_and_hsts(monkeypatch, env):
    monkeypatch.setenv("SIGNAALROUTE_COOKIE_SECURE", "true")
    from api.app import create_app
    from bot.settings import load_settings

    with TestClient(create_app(load_settings())) as behind_proxy:
        page = behind_proxy.get("/inloggen")
        assert "strict-transport-security" in page.headers and "secure" in page.headers["set-cookie"].lower()


def test_allowed_origins_default_to_the_workspace_and_never_any(monkeypatch):
    from bot.settings import allowed_origins

    monkeypatch.delenv("SIGNAALROUTE_ALLOWED_ORIGINS", raising=False)
    monkeypatch.setenv("SIGNAALROUTE_API_PORT", "8123")
    assert allowed_origins() == ("http://127.0.0.1:8123", "http://localhost:8123")
    monkeypatch.setenv("SIGNAALROUTE_ALLOWED_ORIGINS", "https://intranet.example.nl, https://werk.example.nl/")
    assert allowed_origins() == ("https://intranet.example.nl", "https://werk.example.nl")
    for wrong in ("*", "intranet.example.nl"):
        monkeypatch.setenv("SIGNAALROUTE_ALLOWED_ORIGINS", wrong)
        with pytest.raises(ValueError):
            allowed_origins()


def test_the_widget_channel_only_accepts_the_configured_origins(monkeypatch):
    from rasa_ext.channels.widget import WidgetSocketIOInput

    monkeypatch.setenv("SIGNAALROUTE_ALLOWED_ORIGINS", "https://intranet.example.nl")
    channel = WidgetSocketIOInput.from_credentials({"session_persistence": True})
    assert channel.cors_allowed_origins == ["https://intranet.example.nl"]


def test_a_database_error_is_logged_by_type_and_count_only(client, officers, seed, monkeypatch, caplog):
    [consultation_id] = seed()
    page_login(client, "anna")
    token = csrf_from(client.get(f"/consultaties/{consultation_id}").text)
    from api import workspace

    def broken(*args, **kwargs):
        raise IntegrityError("INSERT INTO followup_steps (note) VALUES (?)", ("Jan Geheim woont op Dorpsstraat 1",),
                             Exception("constraint failed"))

    monkeypatch.setattr(workspace, "add_step", broken)
    caplog.set_level(logging.DEBUG)
    response = client.post(f"/consultaties/{consultation_id}/stappen",
                           data={"csrf_token": token, "step": "vastgelegd", "note": "Jan Geheim"})
    assert response.status_code == 500 and "Er ging iets mis" in response.text
    assert "IntegrityError" in caplog.text and "1 since start" in caplog.text
    assert "Geheim" not in caplog.text and "INSERT" not in caplog.text and "Dorpsstraat" not in caplog.text


def test_openapi_declares_nullable_fields_and_the_real_error_body(client, officers):
    spec = client.get("/api/v1/openapi.json").json()
    schemas = spec["components"]["schemas"]
    assert "null" in schemas["ConsultationOut"]["properties"]["municipality_code"]["type"]
    assert "null" in schemas["ConsultationOut"]["properties"]["outcome_code"]["type"]
    assert None in schemas["StepIn"]["properties"]["partner"]["enum"]
    assert "HTTPValidationError" not in schemas
    error = spec["paths"]["/api/v1/consultations/{consultation_id}/steps"]["post"]["responses"]["422"]
    assert error["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Fout"}
    token = api_login(client, "anna", PASSWORD)
    body = client.post("/api/v1/consultations/1/steps", json={"step": "verzonnen"},
                       headers={"X-CSRF-Token": token}).json()
    assert set(body) == set(schemas["Fout"]["required"]) and set(body["errors"][0]) == {"field", "message"}
