"""Signing in: argon2 passwords, CSRF-protected forms, expiring sessions, lock-out."""
from datetime import timedelta

from sqlalchemy import select, text, update

from api_support import PASSWORD, api_login, csrf_from, page_login
from bot.store.models import WebSession
from bot.store.types import utcnow


def test_an_officer_signs_in_and_lands_on_the_consultations(client, officers):
    page = client.get("/inloggen")
    assert '<html lang="nl"' in page.text and "Gebruikersnaam" in page.text
    response = page_login(client, "anna")
    assert response.status_code == 303
    assert client.get("/").url.path == "/consultaties"


def test_passwords_are_stored_as_argon2_hashes(database, officers):
    with database.session() as session:
        hashes = list(session.execute(text("SELECT password_hash FROM officers")).scalars())
    assert all(h.startswith("$argon2id$") for h in hashes)
    assert not any(PASSWORD in h for h in hashes)


def test_pages_need_a_session(client, officers):
    for path in ("/", "/consultaties", "/consultaties/1", "/cijfers", "/cijfers.csv", "/logboek"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == "/inloggen", path
    assert client.get("/api/v1/consultations").status_code == 401


def test_a_wrong_password_gets_one_polite_message(client, officers):
    wrong = page_login(client, "anna", "niet-het-goede-wachtwoord")
    unknown = page_login(client, "niemand", "niet-het-goede-wachtwoord")
    assert wrong.status_code == unknown.status_code == 401
    assert "Inloggen is niet gelukt" in wrong.text and "Inloggen is niet gelukt" in unknown.text


def test_five_failures_lock_the_account_even_for_the_right_password(client, officers):
    for _ in range(5):
        assert page_login(client, "anna", "fout-fout-fout-fout").status_code == 401
    assert page_login(client, "anna").status_code == 401
    assert client.post("/api/v1/session", json={"username": "anna", "password": PASSWORD}).status_code == 401
    assert page_login(client, "bert").status_code == 303  # other accounts are not affected


def test_the_lock_lifts_after_the_lockout_period(client, database, officers):
    for _ in range(5):
        page_login(client, "anna", "fout-fout-fout-fout")
    with database.session() as session:
        session.execute(text("UPDATE officers SET locked_until = :t WHERE username = 'anna'"),
                        {"t": (utcnow() - timedelta(minutes=1)).replace(tzinfo=None)})
    assert page_login(client, "anna").status_code == 303


def test_sign_in_form_without_its_csrf_token_is_refused(client, officers):
    client.get("/inloggen")
    response = client.post("/inloggen", data={"username": "anna", "password": PASSWORD, "csrf_token": "vals"},
                           follow_redirects=False)
    assert response.status_code == 400 and "verlopen" in response.text


def test_a_form_post_without_the_session_csrf_token_is_refused(client, officers, seed):
    [consultation_id] = seed()
    page_login(client, "anna")
    response = client.post(f"/consultaties/{consultation_id}/bericht", data={"message": "Hallo"})
    assert response.status_code == 403
    assert "Hallo" not in client.get(f"/consultaties/{consultation_id}").text.split("Bericht voor de melder")[0]


def test_api_changes_need_the_csrf_header(client, officers, seed):
    [consultation_id] = seed()
    token = api_login(client, "anna")
    url = f"/api/v1/consultations/{consultation_id}/message"
    assert client.put(url, json={"message": "Hallo"}).status_code == 403
    assert client.put(url, json={"message": "Hallo"}, headers={"X-CSRF-Token": "vals"}).status_code == 403
    assert client.put(url, json={"message": "Hallo"}, headers={"X-CSRF-Token": token}).status_code == 200


def test_an_expired_session_sends_the_officer_back_to_sign_in(client, database, officers):
    page_login(client, "anna")
    assert client.get("/consultaties").status_code == 200
    with database.session() as session:
        session.execute(update(WebSession).values(expires_at=utcnow() - timedelta(seconds=1)))
    response = client.get("/consultaties", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/inloggen"
    with database.session() as session:
        assert session.execute(select(WebSession)).first() is None


def test_sign_out_ends_the_session(client, database, officers):
    page_login(client, "anna")
    token = csrf_from(client.get("/consultaties").text)
    assert client.post("/uitloggen", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    assert client.get("/consultaties", follow_redirects=False).status_code == 303
    with database.session() as session:
        assert session.execute(select(WebSession)).first() is None


def test_the_session_cookie_is_http_only_and_strict(client, officers):
    response = page_login(client, "anna")
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    assert response.cookies.get("sr_sessie") is not None


def test_thirty_wrong_passwords_at_once_get_at_most_five_guesses(app, database, officers, monkeypatch):
    # Issue 15: thirty simultaneous attempts all read "0 failures" and were all checked. A guess
    # is an attempt whose password is compared with the account's real hash.
    from concurrent.futures import ThreadPoolExecutor

    from api import accounts
    from api.pages import sign_in

    with database.session() as session:
        real_hash = accounts.find(session, "anna").password_hash
    guesses = []
    verify = accounts._verify

    def counting(password_hash, password):
        if password_hash == real_hash:
            guesses.append(password)
        return verify(password_hash, password)

    monkeypatch.setattr(accounts, "_verify", counting)
    ctx = app.state.ctx
    with ThreadPoolExecutor(max_workers=30) as pool:
        results = list(pool.map(lambda i: sign_in(ctx, "anna", f"gok-nummer-{i:02d}-fout"), range(30)))
    assert all(token is None for token, _ in results)
    assert len(guesses) <= ctx.settings.login_max_failures == 5
    assert sign_in(ctx, "anna", PASSWORD)[0] is None  # locked, even for the right password


def test_the_workspace_database_and_the_keys_are_readable_by_their_owner_only(database, env, tmp_path):
    import os
    import stat

    from bot.settings import ensure_secrets

    ensure_secrets()
    files = [tmp_path / "workspace.db", *(tmp_path / "var").iterdir()]
    assert {p.name for p in files} >= {"workspace.db", "secret.key", "encryption.key", "action.token"}
    assert {p.name: stat.S_IMODE(os.stat(p).st_mode) for p in files} == {p.name: 0o600 for p in files}
