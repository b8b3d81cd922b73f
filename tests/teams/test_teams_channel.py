"""What a Teams user sees: cards, button clicks, welcome, odd and oversized input.

The channel code is real and talks HTTP to the Bot Framework stand-in; the
``Assistant`` fixture answers in the shapes of docs/contracts.md instead of Rasa.
"""

from __future__ import annotations

import json

from bot import texts
from rasa_ext.channels.common import MAX_MESSAGE_CHARS
from tests.teams.botframework_standin import card_of, submit_actions, visible_text

FORM_QUESTION = {
    "text": "Om welke vorm van uitbuiting gaat het?",
    "buttons": [
        {"title": "Werk (arbeidsuitbuiting)", "payload": '/choose{"keuze":"form:arbeid"}'},
        {"title": "Seks (seksuele uitbuiting)", "payload": '/choose{"keuze":"form:seksueel"}'},
        {"title": "Weet ik niet", "payload": '/choose{"keuze":"form:onbekend"}'},
    ],
}
NLA_CONTACT = {
    "text": "Nederlandse Arbeidsinspectie. Bel 0800 5151. https://www.nlarbeidsinspectie.nl",
    "custom": {
        "type": "contact_card",
        "contact": {
            "organisation": "Nederlandse Arbeidsinspectie",
            "role": "Meldpunt arbeidsuitbuiting",
            "phone": "0800 5151",
            "phone_uri": "tel:+318005151",
            "email": None,
            "url": "https://www.nlarbeidsinspectie.nl",
            "hours": "Werkdagen 08:30-17:00",
            "prepare": "Wat je zag, waar en wanneer.",
            "national_fallback": True,
        },
    },
}


def test_question_with_buttons_arrives_as_adaptive_card(harness, user):
    harness.assistant.answers["hallo"] = [FORM_QUESTION]

    _, replies = harness.post(user.message("hallo"))

    card = card_of(replies[0])
    assert card["type"] == "AdaptiveCard"
    assert "Om welke vorm van uitbuiting gaat het?" in visible_text(replies[0])
    buttons = submit_actions(card)
    assert [b["title"] for b in buttons] == [b["title"] for b in FORM_QUESTION["buttons"]]
    assert buttons[0]["data"]["msteams"] == {"type": "messageBack", "displayText": "Werk (arbeidsuitbuiting)"}
    assert "1. Werk (arbeidsuitbuiting)" in card["fallbackText"]


def test_button_click_with_empty_text_reaches_rasa_as_the_payload(harness, user):
    harness.assistant.answers["hallo"] = [FORM_QUESTION]
    _, replies = harness.post(user.message("hallo"))
    labour = submit_actions(card_of(replies[0]))[0]

    click = user.click(labour)
    assert click["text"] == "" and "payload" in click["value"]
    result, _ = harness.post(click)

    assert result.status == 200
    assert harness.assistant.heard[-1].text == '/choose{"keuze":"form:arbeid"}'


def test_click_value_as_json_string_or_wrapped_in_msteams_is_understood(harness, user):
    payload = '/choose{"keuze":"form:arbeid"}'
    as_string = dict(user.message(""), value=json.dumps({"payload": payload}))
    wrapped = dict(user.message(""), value={"msteams": {"value": {"payload": payload}}})

    harness.post(as_string)
    harness.post(wrapped)

    assert [m.text for m in harness.assistant.heard] == [payload, payload]


def test_contact_card_is_shown_instead_of_its_plain_text(harness, user):
    harness.assistant.answers["klaar"] = [NLA_CONTACT]

    _, replies = harness.post(user.message("klaar"))

    assert len(replies) == 1, "the plain-text version must not be sent next to the card"
    card = card_of(replies[0])
    shown = visible_text(replies[0])
    assert "Nederlandse Arbeidsinspectie" in shown
    assert "[0800 5151](tel:+318005151)" in shown
    assert "Werkdagen 08:30-17:00" in shown and "Wat je zag" in shown
    assert "landelijk contact" in shown
    assert {"type": "Action.OpenUrl", "title": "Bel 0800 5151", "url": "tel:+318005151"} in card["actions"]
    assert card["fallbackText"] == NLA_CONTACT["text"]


def test_contact_card_email_is_a_mailto_link(harness, user):
    contact = json.loads(json.dumps(NLA_CONTACT))
    contact["custom"]["contact"]["email"] = "meldpunt@example.nl"
    harness.assistant.answers["mail"] = [contact]

    _, replies = harness.post(user.message("mail"))

    assert "[meldpunt@example.nl](mailto:meldpunt@example.nl)" in visible_text(replies[0])


def test_plain_text_reply_is_one_message_to_the_right_conversation(harness, user):
    harness.assistant.answers["hallo"] = [{"text": "Eerste alinea.\n\nTweede alinea."}]

    _, replies = harness.post(user.message("hallo"))

    assert len(replies) == 1
    reply = replies[0]
    assert reply["text"] == "Eerste alinea.\n\nTweede alinea."
    assert reply["_conversation_in_path"] == user.conversation_id
    assert reply["recipient"]["id"] == user.user_id
    assert reply["from"]["id"] == user.bot["id"]


def test_reply_token_is_fetched_once_and_reused(harness, user, standin):
    before = standin.token_requests
    harness.post(user.message("een"))
    harness.post(user.message("twee"))
    assert standin.token_requests - before == 1


def test_teams_user_id_does_not_reach_rasa(harness, user):
    harness.post(user.message("hallo"))
    harness.post(user.message("nog iets"))

    first, second = harness.assistant.heard
    assert first.sender_id == second.sender_id, "one chat must stay one conversation"
    assert user.user_id not in first.sender_id and user.aad_object_id not in first.sender_id
    assert first.input_channel == "teams"


def test_mention_in_group_chat_is_stripped(harness, user):
    harness.post(user.message("<at>Signaalroute</at> hallo"))
    assert harness.assistant.heard[-1].text == "hallo"


def test_bot_added_to_chat_greets_the_user(harness, user):
    harness.assistant.answers["/greet"] = [{"text": "Hoi! Ik help je bij signalen van mensenhandel."}]

    result, replies = harness.post(user.bot_added())

    assert result.status == 200
    assert [m.text for m in harness.assistant.heard] == ["/greet"]
    assert replies[0]["text"].startswith("Hoi!")


def test_other_member_added_gets_no_welcome(harness, user):
    update = user.bot_added()
    update["membersAdded"] = [{"id": "29:someone-else"}]

    result, replies = harness.post(update)

    assert result.status == 200 and replies == [] and harness.assistant.heard == []


def test_unknown_activity_types_are_accepted_and_ignored(harness, user):
    for kind in ("typing", "messageReaction", "installationUpdate", "somethingNew"):
        activity = user.message("")
        activity["type"] = kind
        result, replies = harness.post(activity)
        assert result.status == 200, kind
        assert replies == []
    assert harness.assistant.heard == []


def test_activity_with_missing_fields_gets_400_naming_them(harness, user):
    activity = user.message("hallo")
    del activity["conversation"]
    del activity["from"]["id"]

    result, replies = harness.post(activity)

    assert result.status == 400
    assert set(result.body["fields"]) == {"conversation.id", "from.id"}
    assert replies == [] and harness.assistant.heard == []


def test_activity_without_type_or_with_bad_json_gets_400(harness, user):
    no_type = user.message("hallo")
    del no_type["type"]
    assert harness.post(no_type)[0].status == 400
    assert harness.post(None, raw=b"{not json")[0].status == 400
    assert harness.post(None, raw=b"[1, 2]")[0].status == 400


def test_service_url_that_is_not_http_gets_400(harness, user, standin):
    activity = user.message("hallo")
    activity["serviceUrl"] = "file:///etc/passwd"
    token = standin.inbound_token(service_url="file:///etc/passwd")
    result, _ = harness.post(activity, token=token)
    assert result.status == 400 and "serviceUrl" in result.body["fields"]


def test_long_text_reaches_the_assistant_in_parts_between_words(harness, user):
    long_text = "Ik zag iets. " * 400
    result, replies = harness.post(user.message(long_text))

    assert result.status == 200 and replies
    heard = harness.assistant.heard
    assert len(heard) == 3
    assert all(len(h.text) <= MAX_MESSAGE_CHARS for h in heard)
    assert " ".join(h.text for h in heard).split() == long_text.split(), "a word was lost or cut"
    assert [h.metadata for h in heard] == [{"part": i, "parts": 3} for i in (1, 2, 3)]
    assert len({h.message_id for h in heard}) == 3


def test_text_beyond_five_parts_is_cut_and_marked_for_the_assistant(harness, user):
    long_text = "Ik zag iets. " * 1000
    harness.post(user.message(long_text))

    heard = harness.assistant.heard
    assert len(heard) == 5 and all(h.metadata["truncated"] for h in heard)


def test_huge_body_is_refused_with_413(harness, user):
    activity = user.message("x")
    activity["attachments"] = [{"contentType": "text/plain", "content": "x" * 300_000}]
    assert harness.post(activity)[0].status == 413


def test_click_without_payload_gets_the_shared_empty_answer(harness, user):
    result, replies = harness.post(dict(user.message(""), value={"something": "else"}))

    assert result.status == 200 and harness.assistant.heard == []
    assert replies[0]["text"] == texts.EMPTY_MESSAGE


def test_failure_while_answering_tells_the_user_to_call_112_in_danger(harness, user):
    async def broken_assistant(message):
        raise RuntimeError("dialogue crashed")

    harness.assistant = broken_assistant
    result, replies = harness.post(user.message("hallo"))

    assert result.status == 200
    assert replies[0]["text"] == texts.TECHNICAL_PROBLEM and "112" in replies[0]["text"]


def test_assistant_that_answers_nothing_gets_the_fallback_too(harness, user):
    harness.assistant.answers["hallo"] = []
    result, replies = harness.post(user.message("hallo"))

    assert result.status == 200
    assert [r["text"] for r in replies] == [texts.TECHNICAL_PROBLEM]


def test_rejected_reply_token_is_renewed_once(harness, user, standin):
    harness.post(user.message("een"))
    standin._issued_tokens.clear()  # the service no longer accepts the cached token
    before = standin.token_requests

    _, replies = harness.post(user.message("twee"))

    assert standin.token_requests - before == 1
    assert replies and replies[0]["text"] == "Dank je."


def test_second_phone_number_in_a_contact_card_is_a_tel_link(harness, user):
    contact = json.loads(json.dumps(NLA_CONTACT))
    contact["custom"]["contact"]["prepare"] = "Geen gehoor? Bel dan 06-14007438. Vertel wat je zag."
    harness.assistant.answers["shop"] = [contact]

    _, replies = harness.post(user.message("shop"))

    assert "Bel dan [06-14007438](tel:+31614007438). Vertel" in visible_text(replies[0])
