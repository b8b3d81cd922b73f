"""The conversation around the route, against the core alone: code, description, contact, status,
duplicate clicks. The shell's effects are played by this test (a dict as database)."""

from __future__ import annotations

import itertools
import json

import pytest

from bot import texts
from bot.dialogue import Turn
from bot.dialogue.conversation import (
    AttachHandover,
    TOO_MANY,
    UNAVAILABLE,
    Conversation,
    LookUpStatus,
    RecordConsultation,
    SaveReporterContact,
    describes_signal,
    finish,
    respond,
)
from bot.store.status import StatusView
from tests.support.core_chat import CATALOG

SIGNAL = ("Bij een controle in Heerlen zag ik arbeidsmigranten die in een loods slapen, "
          "hun paspoorten zijn ingenomen, geen direct gevaar")


class Shell:
    """Plays the action: redacts (upper-cases, to see it happened), records in a dict."""

    def __init__(self, store_works=True):
        self.conversation = Conversation()
        self.records: dict[str, list[RecordConsultation]] = {}
        self.contacts: dict[str, tuple[str, str]] = {}
        self.store_works = store_works
        self.codes = (f"SR-{n:04d}-AA".replace("0", "A") for n in itertools.count(3))
        self.last = []
        self.effects = []
        self.handovers: dict[str, str] = {}

    def say(self, text, intent="nlu_fallback", status=None):
        return self._turn(Turn(text, intent, 0.9), status)

    def click(self, value):
        return self._turn(Turn("", "choose", 1.0, ({"entity": "keuze", "value": value},), payload=True))

    def _turn(self, turn, status=None):
        redacted = f"<{turn.text.upper()}>" if describes_signal(self.conversation, turn) else None
        step = respond(CATALOG, self.conversation, turn, redacted, next(self.codes))
        if step.effect is not None:
            self.effects.append(step.effect)
            result = None
            if isinstance(step.effect, RecordConsultation):
                if self.store_works:
                    self.records.setdefault(step.effect.code, []).append(step.effect)
                result = self.store_works
            elif isinstance(step.effect, SaveReporterContact):
                self.contacts[step.effect.code] = (step.effect.name, step.effect.contact)
                result = True
            elif isinstance(step.effect, LookUpStatus):
                result = status
            elif isinstance(step.effect, AttachHandover):
                self.handovers[step.effect.code] = step.effect.summary
                result = True
            step = finish(step, result)
        self.conversation = step.conversation
        self.last = step.messages
        return "\n".join(m.text for m in step.messages)


def test_the_route_end_records_the_redacted_description_before_the_code_is_shown():
    shell = Shell()
    shell.say(SIGNAL, "signal_labour")
    out = shell.click("need:melden")
    [code] = shell.records
    assert texts.REFERENCE_CODE.format(code=code) in out
    [record] = shell.records[code]
    assert record.description == (f"<{SIGNAL.upper()}>",)  # only the redacted part, never the text
    assert record.ended.outcome.code == "persoon.arbeid.nla"
    assert shell.conversation.description == []  # recorded: nothing kept between turns


def test_no_store_gives_the_advice_and_a_polite_line_without_a_code():
    shell = Shell(store_works=False)
    shell.say(SIGNAL, "signal_labour")
    out = shell.click("need:melden")
    assert "0800-5151" in out and texts.NOT_RECORDED in out
    assert "SR-" not in out
    assert shell.conversation.description  # kept for a later try


def test_a_double_click_on_the_last_button_records_once_and_restarts_nothing():
    shell = Shell()
    shell.say(SIGNAL, "signal_labour")
    shell.click("need:melden")
    out = shell.click("need:melden")
    assert len(shell.records) == 1 and len(next(iter(shell.records.values()))) == 1
    assert "0800-5151" in out and texts.RESTART not in out
    assert shell.conversation.route.finished


def test_a_double_click_mid_route_keeps_the_question_and_the_signal():
    shell = Shell()
    shell.say("Bij een controle in Eijsden-Margraten zag ik arbeidsmigranten die in een loods slapen. Geen direct gevaar.",
              "signal_labour")
    shell.click("subject:persoon")
    before = (shell.conversation.route.pending, shell.conversation.code, list(shell.conversation.description))
    shell.click("subject:persoon")
    assert (shell.conversation.route.pending, shell.conversation.code, shell.conversation.description) == before
    assert not shell.effects


def test_a_new_signal_after_restart_gets_its_own_code_and_the_same_signal_keeps_its_code():
    shell = Shell()
    shell.say("hij wordt nu geslagen in de loods in Heerlen", "acute_danger")
    [acute_code] = shell.records
    assert acute_code not in "\n".join(m.text for m in shell.last)  # not right after 112
    shell.click("acute:nee")
    shell.click("subject:persoon")
    shell.click("form:arbeid")
    out = shell.click("need:melden")
    assert acute_code in out and list(shell.records) == [acute_code]
    shell.say("/restart_route", "restart_route")
    shell.say(SIGNAL, "signal_labour")
    shell.click("need:melden")
    assert len(shell.records) == 2


def test_contact_capture_saves_name_and_contact_for_the_code_given():
    shell = Shell()
    shell.say(SIGNAL, "signal_labour")
    shell.click("need:melden")
    [code] = shell.records
    assert texts.ASK_CONTACT in shell.click("contact:ja")
    out = shell.say("Anna Jansen, 06-11112222")
    assert shell.contacts == {code: ("Anna Jansen", "+31 6 11112222")}
    assert texts.CONTACT_SAVED.format(code=code) in out
    assert not shell.conversation.awaiting_contact
    # The typed contact is no description part.
    assert all("ANNA" not in p for r in shell.records[code] for p in r.description)


def test_contact_declined_or_before_any_code():
    shell = Shell()
    shell.click("contact:ja")
    assert texts.CONTACT_NO_CODE in shell.say("Anna Jansen, 06-11112222")
    shell.click("contact:ja")
    assert texts.CONTACT_SKIPPED in shell.say("nee")
    assert not shell.contacts


def test_status_questions_ask_the_shell_and_answer_every_result():
    shell = Shell()
    assert texts.STATUS_ASK_CODE in shell.say("wat is de status?", "ask_status")
    assert texts.STATUS_UNKNOWN in shell.say("status van SR-0000", "ask_status")
    assert not shell.effects  # a malformed code is not even looked up
    view = StatusView(status="doorgestuurd", message_for_reporter="Dank voor je melding.")
    out = shell.say("wat is de status van SR-7K3Q-9F?", "ask_status", status=view)
    assert shell.effects == [LookUpStatus("SR-7K3Q-9F")]
    assert "doorgestuurd" in out and "Dank voor je melding." in out
    assert texts.STATUS_TOO_MANY in shell.say("status SR-7K3Q-9F", "ask_status", status=TOO_MANY)
    assert texts.STATUS_UNAVAILABLE in shell.say("status SR-7K3Q-9F", "ask_status", status=UNAVAILABLE)
    assert texts.STATUS_UNKNOWN in shell.say("status SR-7K3Q-9F", "ask_status", status=None)


def test_a_statement_at_a_route_question_is_its_answer_even_when_the_classifier_hears_a_status_question():
    # w51: "Advertenties staan er nog op" at the danger question got "Wat is je referentiecode?".
    shell = Shell()
    shell.say("Ik werk in Deventer. Een vrouw werkt via een escortsite, de man krijgt de helft.")
    assert shell.conversation.route.pending is not None
    out = shell.say("Ze is 21. Advertenties staan er nog op, ik heb screenshots.", "ask_status")
    assert texts.STATUS_ASK_CODE not in out
    # Words that ask about a signal told before still get the status answer.
    assert texts.STATUS_ASK_CODE in shell.say("hoe staat het met mijn vorige melding?", "ask_status")


def test_the_conversation_is_plain_data_that_survives_a_round_trip():
    # What the shell keeps between turns must be JSON (a tracker slot) and be enough to go on.
    from dataclasses import asdict

    shell = Shell()
    shell.say(SIGNAL, "signal_labour")
    data = json.loads(json.dumps(asdict(shell.conversation)))
    from bot.dialogue import State

    shell.conversation = Conversation(route=State(**data.pop("route")), **data)
    shell.click("need:melden")
    [code] = shell.records
    assert code == data["code"] and shell.records[code][0].description


def test_a_choice_to_leave_a_contact_lapses_after_half_an_hour():
    shell = Shell()
    shell.say(SIGNAL, "signal_labour")
    shell.click("need:melden")
    step = respond(CATALOG, shell.conversation, Turn("", "choose", 1.0, ({"entity": "keuze", "value": "contact:ja"},),
                                                     payload=True), now=1000.0)
    later = Turn("Er is weer een nieuwe groep arbeidsmigranten in de loods", "signal_labour", 0.9)
    assert describes_signal(step.conversation, later, now=1000.0 + 3600)
    assert not describes_signal(step.conversation, later, now=1000.0 + 60)  # within the window: the contact
    out = respond(CATALOG, step.conversation, later, "<redacted>", "SR-XXXX-XX", now=1000.0 + 3600)
    assert not isinstance(out.effect, SaveReporterContact) and not out.conversation.awaiting_contact


def test_a_name_alone_is_never_confirmed_and_the_number_typed_next_is_kept():
    shell = Shell()
    shell.say(SIGNAL, "signal_labour")
    shell.click("need:melden")
    [code] = shell.records
    asked = shell.click("contact:ja")
    assert [b.payload for m in shell.last for b in m.buttons] == ['/choose{"keuze": "contact:overslaan"}']
    assert shell.last[0].custom == {"type": "contact_form"} and "Sla over" in asked
    out = shell.say("Anna Jansen")
    assert texts.CONTACT_SAVED.format(code=code) not in out and texts.CONTACT_NEEDS_REACH in out
    assert not shell.contacts and shell.conversation.awaiting_contact
    assert texts.CONTACT_BAD_PHONE in shell.say("Anna Jansen, 06-1234")
    out = shell.say("Anna Jansen, anna.jansen@gemeente.example")
    assert shell.contacts == {code: ("Anna Jansen", "anna.jansen@gemeente.example")}
    assert texts.CONTACT_SAVED.format(code=code) in out


def test_the_skip_button_ends_the_contact_question_anonymously():
    shell = Shell()
    shell.say(SIGNAL, "signal_labour")
    shell.click("need:melden")
    shell.click("contact:ja")
    assert texts.CONTACT_SKIPPED in shell.click("contact:overslaan")
    assert not shell.contacts and not shell.conversation.awaiting_contact


def test_the_handover_summary_is_attached_to_the_consultation_and_contact_stays_possible():
    shell = Shell()
    shell.say("Ik werk in Leiden", "inform_municipality")
    shell.say("nee, geen direct gevaar", "deny")
    shell.click("subject:locatie")
    shell.click("location_signal:arbeid")
    [code] = shell.records
    out = shell.say("Overdracht maken")  # the button's words, typed
    assert "Wat voor plek is het?" in out
    for answer in ["een loods", "mannen die sjouwen", "vorige week dinsdag", "zes", "matrassen", "iemand haalt ze op"]:
        out = shell.say(answer)
    summary = shell.handovers[code]
    assert "Wanneer: vorige week dinsdag" in summary and "Soort plek: een loods" in summary
    assert texts.HANDOVER_ATTACHED.format(code=code) in out
    assert any(b.payload == '/choose{"keuze": "contact:ja"}' for m in shell.last for b in m.buttons)
    assert texts.ASK_CONTACT in shell.click("contact:ja")


def test_new_facts_after_a_code_ask_same_or_new_and_same_updates_the_record():
    shell = Shell()
    shell.say(SIGNAL, "signal_labour")
    shell.click("need:melden")
    [code] = shell.records
    out = shell.say("Ze moeten ook met klanten naar bed, het is seksuele uitbuiting", "signal_sexual")
    assert texts.SAME_OR_NEW.format(code=code) in out
    assert len(shell.records[code]) == 1, "nothing is rewritten before the answer"
    shell.click("signaal:zelfde")
    for _ in range(3):
        if len(shell.records[code]) > 1:
            break
        buttons = [b.payload for m in shell.last for b in m.buttons if "choose" in b.payload]
        shell.click(json.loads(buttons[0][len("/choose"):])["keuze"])
    assert list(shell.records) == [code] and len(shell.records[code]) == 2
    assert shell.records[code][-1].revision > shell.records[code][0].revision
    assert shell.records[code][-1].ended.answers.get("form") == "seksueel"


def test_new_facts_after_a_code_can_start_a_new_signal_with_its_own_code():
    shell = Shell()
    shell.say(SIGNAL, "signal_labour")
    shell.click("need:melden")
    [first] = shell.records
    shell.say("Het gaat ook om een bedrijf waar vrouwen in de prostitutie werken", "signal_location")
    out = shell.click("signaal:nieuw")
    assert texts.NEW_SIGNAL_STARTED in out
    assert shell.conversation.code != first and not shell.conversation.description[:-1]
    assert len(shell.records[first]) == 1


@pytest.mark.parametrize("news", [
    "update: hij wil toch geen melding, hij wil vooral een veilige slaapplek en hulp",
    "hij belt net terug, hij wil inmiddels opvang en hulp",
])
def test_news_said_to_be_about_the_same_signal_updates_it_without_asking(news):
    shell = Shell()
    shell.say(SIGNAL, "signal_labour")
    shell.click("need:melden")
    [code] = shell.records
    assert texts.SAME_OR_NEW.format(code=code) not in shell.say(news)
    assert list(shell.records) == [code], "no new signal"
    assert [r.ended.answers.get("need") for r in shell.records[code]] == ["melden", "steun"]


def test_more_of_the_story_after_bel_112_goes_on_with_the_same_signal_and_asks_about_danger_again():
    shell = Shell()
    shell.say("ik werk in Smallingerland")
    out = shell.say("oekraïense vrouw werkt in een wasserette en slaapt daar, de eigenaar houdt haar loon in",
                    "acute_danger")
    assert "112" in out
    first_code = next(iter(shell.records))
    out = shell.say("ze wil weg maar heeft geen plek om te slapen")
    assert "hetzelfde signaal" not in out
    assert "Is er nu direct gevaar" in out
    out = shell.say("nee")
    assert "zorgcoördinator" in out.lower()
    assert list(shell.records) == [first_code], "the same signal, one record with a new revision"
    assert shell.records[first_code][-1].ended.answers.get("need") == "steun"
