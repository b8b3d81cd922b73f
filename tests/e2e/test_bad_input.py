"""Bad input through the REST channel gets a sane Dutch answer; 112 survives a dead action server."""

import json
import uuid

import pytest

from tests.stack import texts

pytestmark = pytest.mark.e2e

DUTCH_HINTS = ("je", "sorry", "gevaar", "gemeente", "begrijp", "kies", "leeg", "lang", "keuze")


def sane(replies):
    text = texts(replies)
    assert replies and text.strip(), "no answer"
    assert "Traceback" not in text and "Exception" not in text
    assert any(h in text.lower() for h in DUTCH_HINTS), text
    return text


@pytest.mark.parametrize(
    "message",
    [
        "",
        "   ",
        "x" * 5000,
        "Ik zag iets raars. " * 300,
        "🙂🙂🙂",
        "<script>alert('x')</script>",
        "<b>vet</b> <img src=x onerror=alert(1)>",
        "'; DROP TABLE consultations; --",
        "1 OR 1=1",
        "/onbekende_payload",
        '/choose{"keuze":"bestaat_niet:x"}',
        '/choose{"keuze":"form:slavernij"}',
        '/choose{"keuze":"gemeente:GM9999"}',
        "/choose{kapotte json",
        "\x00\x01\x02",
    ],
)
def test_bad_message_gets_a_sane_dutch_answer(stack, message):
    sender = f"bad-{uuid.uuid4().hex[:8]}"
    stack.send(sender, "ik werk in Rotterdam")
    text = sane(stack.send(sender, message))
    assert "<script>" not in text


def test_route_still_works_after_bad_input(stack):
    sender = f"bad-{uuid.uuid4().hex[:8]}"
    stack.send(sender, "<script>alert(1)</script>")
    stack.send(sender, "/onbekende_payload")
    stack.send(sender, "ik werk in Heerlen")
    stack.send(sender, '/choose{"keuze":"acute:nee"}')
    stack.send(sender, '/choose{"keuze":"subject:persoon"}')
    stack.send(sender, '/choose{"keuze":"need:melden"}')
    assert "0800-5151" in texts(stack.send(sender, '/choose{"keuze":"form:arbeid"}'))


@pytest.mark.parametrize(
    "body,field",
    [
        (b"dit is geen json", "body"),
        (b"[1, 2, 3]", "body"),
        (json.dumps({"message": "hallo"}).encode(), "sender"),
        (json.dumps({"sender": 12, "message": "hallo"}).encode(), "sender"),
        (json.dumps({"sender": "a", "message": 12}).encode(), "message"),
        (json.dumps({"sender": "a", "message": ["x"]}).encode(), "message"),
        (json.dumps({"sender": "a", "message": "x", "metadata": "y"}).encode(), "metadata"),
    ],
)
def test_malformed_request_gets_400_with_the_field(stack, body, field):
    status, answer = stack.post("/webhooks/rest/webhook", body)
    assert status == 400
    assert answer["field"] == field
    assert "Traceback" not in json.dumps(answer)


def test_acute_message_gets_112_with_the_action_server_stopped(stack):
    sender = f"down-{uuid.uuid4().hex[:8]}"
    stack.send(sender, "ik werk in Heerlen")
    stack.stop_action_server()
    try:
        assert "112" in texts(stack.send(sender, "hij wordt nu geslagen"))
        assert "112" in texts(stack.send(f"down-{uuid.uuid4().hex[:8]}", "spoed, er wordt iemand vastgehouden"))
        # Danger told late, as a threat, in answer to another question: 112 from the server too.
        late = f"down-{uuid.uuid4().hex[:8]}"
        stack.send(late, "hoi, een vraag over een vrouw aan de balie")
        assert "112" in texts(stack.send(late, "zoetermeer, ze zegt dat hij haar vanavond komt halen als ze niet betaalt"))
        assert "112" in texts(stack.send(late, "they locked the door"))
        # Anything else gets a polite answer that still names 112 and the national numbers.
        other = texts(stack.send(sender, "ik zag arbeidsmigranten in een loods"))
        assert "112" in other and "0800-5151" in other
    finally:
        stack.start_action_server()
    # Back up: the route goes on where it was (the municipality is still known).
    assert "gevaar" in texts(stack.send(sender, "opnieuw")).lower()


@pytest.mark.parametrize("answer", ["ja", "hij staat beneden en heeft gezegd dat hij haar iets aandoet als ze met ons praat"])
def test_danger_at_the_danger_question_gives_one_112_answer_not_a_cascade(stack, answer):
    sender = f"once-{uuid.uuid4().hex[:8]}"
    stack.send(sender, "Gouda, een vrouw aan de balie die voor niks in een nagelsalon werkt")
    replies = stack.send(sender, answer)
    cards = [r for r in replies if (r.get("custom") or {}).get("contact", {}).get("phone") == "112"]
    assert len(cards) == 1, texts(replies)
    assert texts(replies).count("Je referentiecode") <= 1


@pytest.mark.parametrize("command", ["/restart", "/back", "/session_start"])
def test_rasa_commands_typed_by_a_user_get_a_polite_answer(stack, command):
    from bot import texts as bot_texts

    sender = f"cmd-{uuid.uuid4().hex[:8]}"
    stack.send(sender, "Ik werk in Heerlen en zag arbeidsmigranten in een loods")
    answer = texts(stack.send(sender, command))
    assert answer.strip() and bot_texts.TECHNICAL_PROBLEM not in answer, answer
    if command == "/restart":
        assert "nieuw signaal" in answer.lower()


def test_danger_at_the_end_of_a_pasted_long_story_gets_112(stack):
    # 2,400 characters pasted at once: read in two parts as one story, the danger at the end included.
    story = "Bij de controle in de loods zagen we arbeidsmigranten die veel te lang werken. " * 29
    story += "Nu staat de baas met een mes bij de deur van de container en schreeuwt."
    assert 2000 < len(story) < 4000
    text = sane(stack.send(f"long-{uuid.uuid4().hex[:8]}", story))
    assert "112" in text
