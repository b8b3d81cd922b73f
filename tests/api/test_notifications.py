"""Officers are told that a consultation arrived, without its content: a real SMTP server
(aiosmtpd, STARTTLS) receives the acute e-mail within 5 s; the others come as one digest at the
officer's hour; the list counts what is unseen; a reporter who left an e-mail is told there is a
message. Issue 14."""
from __future__ import annotations

import time
from datetime import datetime, timezone

import pytest
from fastapi.testclient import TestClient

from api_support import csrf_from, draft, page_login, workspace_env
from tests.support.smtp_server import smtp_server

STORY = "Bij de kas aan de Dorpsweg slapen zes mannen in een container en de baas houdt hun paspoorten."


@pytest.fixture
def inbox(tmp_path):
    with smtp_server(tmp_path) as server:
        yield server


@pytest.fixture
def workspace(tmp_path, monkeypatch, inbox):
    """The real app with its notifier pointed at the SMTP server; Anna follows GM0518 up."""
    for key, value in {**workspace_env(tmp_path), **inbox.env()}.items():
        monkeypatch.setenv(key, value)
    from api import accounts
    from api.app import create_app
    from bot.settings import load_settings

    app = create_app(load_settings())
    with TestClient(app) as client:
        with app.state.ctx.database.session() as session:
            accounts.create_officer(session, "anna", "een-lang-wachtwoord-42", "aandachtsfunctionaris", ["GM0518"])
            accounts.create_officer(session, "carla", "een-lang-wachtwoord-42", "regio-coordinator",
                                    region_id="haaglanden")
        yield app, client


def _settings(client, **values):
    token = csrf_from(client.get("/instellingen").text)
    return client.post("/instellingen", data={"csrf_token": token, **values}, follow_redirects=False)


def _record(app, redactor, *drafts):
    from bot.store.recorder import Recorder

    ctx = app.state.ctx
    recorder = Recorder(ctx.database, ctx.settings.secret_key, ctx.settings.fernet_key, redactor=redactor)
    for item in drafts:
        recorder.submit(item)
    assert recorder.flush(timeout=60)
    recorder.close()


def test_acute_consultation_is_mailed_within_five_seconds_without_any_content(workspace, inbox, redactor):
    app, client = workspace
    assert page_login(client, "anna").status_code == 303
    assert _settings(client, notify_email="anna@gemeente.example", digest_hour="").status_code == 303
    client.cookies.clear()
    assert page_login(client, "carla").status_code == 303
    assert _settings(client, notify_email="carla@regio.example").status_code == 303
    acute = draft(answers={"acute": "ja"}, outcome_code="acuut.112", contacts_advised=["alarm"], description=STORY)
    started = time.monotonic()
    _record(app, redactor, acute)
    mails = inbox.wait_for(2, timeout=5)
    assert len(mails) == 2, "the officer and the region's coordinator both get the acute mail within 5 s"
    assert all(at - started < 5 for at, _, _ in mails)
    assert sorted(r for _, rcpt, _ in mails for r in rcpt) == ["anna@gemeente.example", "carla@regio.example"]
    for _, _, message in mails:
        body = message.get_content()
        assert message["Subject"] == "Nieuw signaal (acuut) voor gemeente Den Haag"
        assert "/consultaties" in body
        whole = (message["Subject"] + body).lower()
        assert acute.reference_code.lower() not in whole
        assert not [w for w in STORY.lower().replace(".", "").split() if len(w) > 4 and w in whole]
    time.sleep(1.5)
    assert len(inbox.mails) == 2, "an acute consultation is mailed once"


def test_calm_consultations_wait_for_the_digest_hour_and_come_in_one_mail(workspace, inbox, redactor):
    from api.notifier import LOCAL_TIME, notify_once

    app, client = workspace
    page_login(client, "anna")
    now = datetime.now(timezone.utc)
    later = (now.astimezone(LOCAL_TIME).hour + 2) % 24
    at_the_hour = now.astimezone(LOCAL_TIME).replace(hour=later, minute=1).astimezone(timezone.utc)
    if at_the_hour < now:
        # From 22:00 local time no later hour is left today: an hour "after midnight" is today's
        # hour gone by, and a digest not sent today is due at once (the notifier catches up).
        pytest.skip("no digest hour is left today; tried again on the next run")
    assert _settings(client, notify_email="anna@gemeente.example", digest_hour=str(later)).status_code == 303
    _record(app, redactor, draft(), draft())
    time.sleep(1.5)
    assert inbox.mails == [], "calm consultations never come at once"
    ctx = app.state.ctx
    assert notify_once(ctx, ctx.mail, at_the_hour) == 1
    assert notify_once(ctx, ctx.mail, at_the_hour) == 0, "one digest a day"
    [(_, _, message)] = inbox.wait_for(1, timeout=5)
    assert message["Subject"] == "2 nieuwe signalen voor gemeente Den Haag"


def test_the_list_title_counts_unseen_and_acute_consultations(workspace, redactor):
    app, client = workspace
    page_login(client, "anna")
    _record(app, redactor, draft(answers={"acute": "ja"}, outcome_code="acuut.112"), draft())
    page = client.get("/consultaties").text
    assert "<title>(2 nieuw, 1 acuut) Consultaties" in page
    assert client.get("/meldingen/teller").json() == {"nieuw": 2, "acuut": 1}
    first = page.split('href="/consultaties/')[1].split('"')[0]
    client.get(f"/consultaties/{first}")
    assert client.get("/meldingen/teller").json() == {"nieuw": 1, "acuut": 0}


def test_settings_page_checks_the_address_and_the_chat_contact(workspace):
    app, client = workspace
    page_login(client, "anna")
    wrong = _settings(client, notify_email="anna@", chat_name="Anna de Wit", chat_phone="12")
    assert wrong.status_code == 400
    assert "Dit e-mailadres klopt niet" in wrong.text and "Dit telefoonnummer klopt niet" in wrong.text
    half = _settings(client, chat_name="Anna de Wit")
    assert "allebei" in half.text
    assert _settings(client, chat_name="Anna de Wit", chat_phone="071 516 5000").status_code == 303
    from bot.store.notices import chat_contact

    with app.state.ctx.database.session() as session:
        assert chat_contact(session, "GM0518") == ("Anna de Wit", "+31 71 516 5000")


def test_reporter_with_an_email_is_told_there_is_a_message_and_nothing_more(workspace, inbox, redactor):
    from bot.store.recorder import Recorder

    app, client = workspace
    ctx = app.state.ctx
    item = draft()
    recorder = Recorder(ctx.database, ctx.settings.secret_key, ctx.settings.fernet_key, redactor=redactor)
    recorder.submit(item)
    recorder.submit_reporter_contact(item.reference_code, "Sanne", "+31 6 12345678, sanne@balie.example")
    assert recorder.flush(timeout=60)
    recorder.close()
    page_login(client, "anna")
    page = client.get("/consultaties").text
    number = page.split('href="/consultaties/')[1].split('"')[0]
    token = csrf_from(client.get(f"/consultaties/{number}").text)
    answer = client.post(f"/consultaties/{number}/bericht", data={"csrf_token": token, "message": "We bellen de NLA."},
                         follow_redirects=False)
    assert answer.status_code == 303
    [(_, rcpt, message)] = inbox.wait_for(1, timeout=5)
    assert rcpt == ["sanne@balie.example"]
    body = message.get_content()
    assert "Er is een bericht over je signaal" in body and "vraag het op met je code" in body.lower()
    assert "NLA" not in body and item.reference_code not in body
