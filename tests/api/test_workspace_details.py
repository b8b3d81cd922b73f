"""The officer's own work, issue 14: one danger label, waiting time from the consultation's own
hour, a one-line redacted summary in the list, "eerder gesignaleerd" linking to the earlier
consultation, the logbook in Dutch, the handover summary on the consultation."""
from datetime import datetime, timezone

from api_support import api_login, draft, page_login


def test_one_danger_label_and_a_fresh_case_never_waits_an_hour(client, officers, seed):
    now = datetime.now(timezone.utc)
    [acute] = seed(draft(answers={"acute": "ja", "subject": "persoon"}, outcome_code="acuut.112", occurred_at=now))
    page_login(client, "anna")
    page = client.get(f"/consultaties/{acute}").text
    assert "Acuut gevaar" in page and "Direct gevaar" not in page
    listing = client.get("/consultaties").text
    assert "Wacht al 1 uur" not in listing and "Wacht al minder dan een uur" in listing


def test_list_rows_carry_a_one_line_summary(client, officers, seed):
    long = "Mensen slapen in de loods achter het bedrijf en werken zeven dagen per week tot laat in de avond zonder pauze."
    seed(draft(description=long + "\nTweede deel."))
    page_login(client, "anna")
    listing = client.get("/consultaties").text
    assert "Mensen slapen in de loods achter het bedrijf" in listing and "Tweede deel" not in listing
    assert "zonder pauze" not in listing and "…" in listing


def test_earlier_sighting_links_to_the_consultation_the_officer_may_open(client, officers, seed):
    first, second = seed(draft(), draft())
    token = api_login(client, "anna")
    for number in (first, second):
        client.post(f"/api/v1/consultations/{number}/identifiers", json={"kind": "address", "value": "Dorpsstraat 5, Delft"},
                    headers={"X-CSRF-Token": token})
    page_login(client, "anna")
    page = client.get(f"/consultaties/{second}").text
    assert f'href="/consultaties/{first}">Consultatie {first}</a>' in page


def test_the_logbook_speaks_dutch(client, officers, seed):
    page_login(client, "anna")
    client.get("/logboek")
    page = client.get("/logboek").text
    assert ">Account<" in page or ">Logboek<" in page
    assert ">officer<" not in page and ">audit<" not in page


def test_the_handover_summary_shows_on_the_consultation(client, officers, seed, database, settings):
    from bot.store.notices import attach_handover

    item = draft()
    [number] = seed(item)
    with database.session() as session:
        assert attach_handover(session, settings.secret_key, item.reference_code,
                               "Overdracht voor de intake\nWanneer: vorige week dinsdag")
    page_login(client, "anna")
    page = client.get(f"/consultaties/{number}").text
    assert "Overdracht voor de intake" in page and "Wanneer: vorige week dinsdag" in page


def test_the_demo_page_uses_the_rasa_port_the_stack_was_given(tmp_path, monkeypatch):
    from fastapi.testclient import TestClient

    from api_support import workspace_env

    for key, value in workspace_env(tmp_path).items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("SIGNAALROUTE_RASA_PORT", "6105")
    from api.app import create_app

    page = TestClient(create_app()).get("/demo").text
    assert 'data-server="http://127.0.0.1:6105"' in page and "5005" not in page


def test_notes_lose_identifiers_but_keep_the_workspace_vocabulary(redactor):
    from api.note_redaction import redact_note

    note = redact_note("Stap Vastgelegd: NLA gebeld. Jan de Vries van de Politie (AVIM) belt terug op 06-12345678.",
                       redactor)
    assert note.startswith("Stap Vastgelegd: NLA gebeld.")
    assert "Politie (AVIM)" in note
    assert "Jan" not in note and "Vries" not in note and "06-12345678" not in note
