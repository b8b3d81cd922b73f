"""What a message adds to the state: the answer, facts, the municipality, corrections."""

from __future__ import annotations

import re
from typing import Optional

from bot import texts
from bot.catalog import Catalog
from bot.dialogue.replies import (
    _done_message,
    _map_for,
    _question_message,
    _municipality_message,
    _next,
    _pending_question,
    _reprompt,
    _set_municipality,
)
from bot.dialogue.region import region_in
from bot.dialogue.state import ACUTE_KEY, OTHER_MUNICIPALITY, PRIVATE_MUNICIPALITY, Reply, State
from bot.interpret import CORRECTION, KNOWLEDGE, MUNICIPALITY_QUESTION, SMALL_TALK, Reading
from bot.knowledge import is_question
from bot.messages import Message
from bot.routemap import Question
from bot.vocabulary import is_valid_answer


# The professional says where they work: only then does a municipality named later in the story move
# the route map ("ze woont nu bij een vriendin in Utrecht" is where she lives, not where one works).
_WHERE_ONE_WORKS = re.compile(
    r"(?i:\b(?:ik\s+werk|werk\s+ik|wij\s+werken|we\s+werken|werkzaam|gemeente|i\s+work|ik\s+zit\s+bij|ik\s+ben\s+van)\b)"
)


def _moves_municipality(state: State, reading: Reading) -> bool:
    """Whether a municipality read in this message may replace the one the conversation has."""
    return (state.municipality in (None, PRIVATE_MUNICIPALITY) or state.pending == MUNICIPALITY_QUESTION
            or reading.kind == CORRECTION or bool(_WHERE_ONE_WORKS.search(reading.text)))


def _learn(catalog: Catalog, state: State, reading: Reading) -> tuple[list[Message], bool, Optional[Message]]:
    """Update `state` from the reading: (notices to show, progress made, problem).

    `progress` is True when the message answered or told something new; `problem` is a
    message that rejects the input (an unknown button).
    """
    notices: list[Message] = []
    progress = False
    question = _pending_question(catalog, state)

    if reading.choice is not None:
        key, value = reading.choice
        if key == MUNICIPALITY_QUESTION:
            return _choose_municipality(catalog, state, value)
        if not is_valid_answer(key, value):
            return [], False, Message(texts.UNKNOWN_CHOICE)
        state.answers[key] = value
        return [], True, None

    # The municipality.
    guess = reading.municipality
    if guess is not None and guess.alternatives:
        if state.municipality in (None, PRIVATE_MUNICIPALITY) or reading.kind == CORRECTION:
            # "Hengelo": a place in two municipalities. Ask which one, with a button each.
            state.choices = tuple(m.code for m in guess.alternatives)
            state.choice_place = guess.place
            progress = True
    elif guess is not None and guess.municipality.code != state.municipality and _moves_municipality(state, reading):
        if guess.clear:
            if guess.place:
                notices.append(Message(texts.PLACE_IN_MUNICIPALITY.format(place=guess.place, name=guess.municipality.name)))
            notices += _set_municipality(catalog, state, guess.municipality)
            progress = True
        elif state.municipality in (None, PRIVATE_MUNICIPALITY) or reading.kind == CORRECTION:
            state.confirm = guess.municipality.code
            progress = True
    elif reading.declines_municipality and state.pending == MUNICIPALITY_QUESTION and guess is None:
        state.municipality = PRIVATE_MUNICIPALITY
        notices.append(Message(texts.MUNICIPALITY_PRIVATE))
        progress = True

    # Only a region ("regio Hollands Midden"), the municipality kept to oneself.
    named_region = region_in(catalog, reading.text) if state.municipality in (None, PRIVATE_MUNICIPALITY) else None
    if named_region is not None and guess is None and named_region.id != state.region:
        state.municipality, state.region, state.confirm = PRIVATE_MUNICIPALITY, named_region.id, None
        notices.append(Message(texts.REGION_ONLY.format(region=named_region.name)))
        progress = True
        question = _pending_question(catalog, state)

    # The answer to the pending question.
    if question is not None and reading.option is not None:
        state.answers[question.answer] = reading.option
        progress = True
        if reading.option_note:
            notices.append(Message(reading.option_note))

    # Facts given away anywhere fill what is unknown; a correction overrides.
    told: dict[str, str] = {}
    for key, value in reading.facts.items():
        if question is not None and reading.option is not None and key == question.answer:
            continue
        if key not in state.answers or (reading.kind == CORRECTION and state.answers[key] != value) or _wish_after_doubt(
            key, state.answers[key], value
        ):
            state.answers[key] = value
            told[key] = value
    if reading.no_case and reading.kind != KNOWLEDGE and state.answers.get("subject") != "twijfel" \
            and not reading.about_place:
        # "voor ons schoolprotocol ...", "nee, het is een algemene vraag": no case to route, whatever
        # place or work the question names; the advice route.
        state.answers["subject"] = "twijfel"
        for key in ("location_signal", "need"):
            state.answers.pop(key, None)
        progress = True
    elif reading.about_place and state.answers.get("subject") != "locatie":
        # Said outright ("het gaat om het pand"): the signal is about the place, whatever was guessed.
        state.answers["subject"] = "locatie"
        state.answers.pop("need", None)
        told["subject"] = "locatie"
    if (reading.facts.get("need") == "steun" and reading.facts.get("subject") == "persoon" and not reading.about_place
            and state.answers.get("subject") == "locatie" and state.answers.get("need") == "steun"):
        # "klusjesman slaapt in de garage" read as a place, then "hij wil weg, heeft geen plek": help
        # for someone is wanted, so the signal is about that person (the zorgcoördinator), not the place.
        state.answers["subject"] = "persoon"
        state.answers.pop("location_signal", None)
        told["subject"] = "persoon"
    for key, value in _implied(state.answers).items():
        state.answers.setdefault(key, value)
    if reading.minor and not state.minor:
        state.minor = True
        told["minor"] = "ja"
    if told:
        progress = True
        if reading.kind == CORRECTION:
            notices.append(Message(texts.CORRECTED))
        phrase = _facts_phrase(told, state.answers)
        if phrase:
            notices.append(Message(texts.UNDERSTOOD.format(facts=phrase)))
    return notices, progress, None


def _learn_quietly(catalog: Catalog, state: State, reading: Reading) -> None:
    """What a danger message also told (municipality, facts), for the route that may follow."""
    guess = reading.municipality
    if guess is not None and guess.clear and state.municipality in (None, PRIVATE_MUNICIPALITY):
        state.municipality = guess.municipality.code
    for key, value in reading.facts.items():
        if key != ACUTE_KEY and (key not in state.answers or _wish_after_doubt(key, state.answers[key], value)):
            state.answers[key] = value
    for key, value in _implied(state.answers).items():
        state.answers.setdefault(key, value)
    state.minor = state.minor or reading.minor


# What the victim wants: a wish told later ("ze wil met de politie praten") replaces worries or
# not knowing read earlier in the story ("ik maak me zorgen", "weet niet wat ze wil").
_WISHES, _NO_WISH = ("melden", "steun"), ("zorgen", "onbekend")


def _wish_after_doubt(key: str, old: str, new: str) -> bool:
    return key == "need" and old in _NO_WISH and new in _WISHES


def _facts_phrase(told: dict[str, str], answers: Optional[dict[str, str]] = None) -> str:
    """"het gaat om werk en er is nu geen direct gevaar": what `told` adds, in words.

    What the place is used for is only said when the signal is about a place.
    """
    about_place = (answers or told).get("subject") == "locatie"
    phrases = [
        texts.FACT_PHRASES[(k, v)] for k, v in told.items()
        if (k, v) in texts.FACT_PHRASES and (k != "location_signal" or about_place)
    ]
    if len(phrases) <= 1:
        return "".join(phrases)
    return ", ".join(phrases[:-1]) + " en " + phrases[-1]


def _choose_municipality(catalog: Catalog, state: State, value: str) -> tuple[list[Message], bool, Optional[Message]]:
    state.confirm, state.choices, state.choice_place = None, (), None
    if value == PRIVATE_MUNICIPALITY:
        state.municipality = PRIVATE_MUNICIPALITY
        return [Message(texts.MUNICIPALITY_PRIVATE)], True, None
    if value == OTHER_MUNICIPALITY:
        state.pending = MUNICIPALITY_QUESTION
        return [], False, None
    muni = catalog.municipalities.by_code(value)
    if muni is None:
        return [], False, Message(texts.UNKNOWN_CHOICE)
    return _set_municipality(catalog, state, muni), True, None


def _confirm_municipality(catalog: Catalog, state: State, reading: Reading, prefix: list[Message]) -> Optional[Reply]:
    """The answer to "Bedoel je de gemeente X?"; None when the message is about something else."""
    code, state.confirm = state.confirm, None
    if reading.yes_no == "ja":
        muni = catalog.municipalities.by_code(code)
        return _next(catalog, state, prefix + (_set_municipality(catalog, state, muni) if muni else []))
    if reading.yes_no == "nee" and not reading.municipalities:
        state.pending = MUNICIPALITY_QUESTION
        return Reply(prefix + [_municipality_message(texts.MUNICIPALITY_AGAIN)], state)
    return None


def _continues_after_acute(state: State, reading: Reading) -> bool:
    """After "bel 112": the professional says there is no danger now after all."""
    if not (state.finished and state.answers.get(ACUTE_KEY) == "ja"):
        return False
    if reading.choice == (ACUTE_KEY, "nee"):
        return True
    return reading.yes_no == "nee" or reading.facts.get(ACUTE_KEY) == "nee" or reading.follow_up == "continue"


def _implied(answers: dict[str, str]) -> dict[str, str]:
    """Answers that follow from others (a wish for shelter is about a person).

    What kind of place it is never makes a signal about a place: a person who works
    in a nail salon is a person signal unless the professional says it is the place.
    """
    out: dict[str, str] = {}
    if answers.get("need") in ("melden", "steun", "zorgen"):
        out["subject"] = "persoon"
    if answers.get("subject", out.get("subject")) == "locatie":
        by_form = {"seksueel": "prostitutie", "arbeid": "arbeid", "crimineel": "crimineel"}.get(answers.get("form", ""))
        if by_form:
            out["location_signal"] = by_form
    return out


def _no_progress(catalog: Catalog, state: State, reading: Reading, before: list[Message]) -> Reply:
    simple = {
        "greet": texts.WELCOME, "thank": texts.THANKS, "goodbye": texts.GOODBYE,
        "help": texts.HELP, "out_of_scope": texts.OUT_OF_SCOPE,
    }.get(reading.small_talk or "")
    if reading.kind == SMALL_TALK and simple and (reading.small_talk != "greet" or not state.has_facts):
        if state.finished and reading.small_talk in ("thank", "goodbye"):
            return Reply(before + [Message(simple)], state)
        return _reprompt(catalog, state, before + [Message(simple)])
    if state.finished and reading.words >= AFTER_OUTCOME_STORY_WORDS:
        if is_question(reading.text) and reading.learned is not None and not reading.learned.hears_danger:
            # "kan ik het toch doorgeven zonder dat zij het weet?": a question the assistant
            # has no answer to, in which the model hears no danger.
            return Reply(before + [Message(texts.KNOWLEDGE_UNKNOWN), _done_message()], state)
        # A story after the advice that the assistant cannot place may be danger told in
        # words it does not know: never "route klaar", but the danger question again.
        return _ask_again_about_danger(catalog, state, before)
    if state.finished:
        return Reply(before + [_done_message()], state)
    if state.confirm or (state.pending == MUNICIPALITY_QUESTION and before):
        return _next(catalog, state, before)
    if reading.words >= MORE_OF_THE_STORY_WORDS and _pending_question(catalog, state) is not None \
            and not is_question(reading.text) and not reading.unsure_what_to_do:
        # More of the story instead of an answer ("ze werken 50 uur per week, krijgen 320 euro"):
        # no "Sorry", thanks and the question again (still asked at most twice).
        return _reprompt(catalog, state, before + [Message(texts.MORE_OF_THE_STORY)])
    if reading.words >= MORE_OF_THE_STORY_WORDS and state.pending is None and not state.has_facts \
            and not is_question(reading.text) and not reading.unsure_what_to_do:
        # The first message tells a story with nothing the route knows yet ("een lening van 7.000 euro
        # op haar naam die ze niet herkent"): the questions follow, without "Sorry".
        return _reprompt(catalog, state, before + [Message(texts.STORY_RECEIVED)])
    state.misses += 1
    miss = texts.NOT_UNDERSTOOD if state.misses < 2 else texts.NOT_UNDERSTOOD_AGAIN
    if reading.unsure_what_to_do and state.misses < 2:
        miss = texts.GUIDANCE_WANTED
    return _reprompt(catalog, state, before + [Message(miss)])


# Before the outcome, a message of this many words that answers nothing is more of the story.
MORE_OF_THE_STORY_WORDS = 8
# After the advice, a message of this many words that tells nothing the route knows is a story.
AFTER_OUTCOME_STORY_WORDS = 6


def _ask_again_about_danger(catalog: Catalog, state: State, before: list[Message]) -> Reply:
    route_map = _map_for(catalog, state)
    start = route_map.nodes[route_map.start]
    if not isinstance(start, Question) or start.answer != ACUTE_KEY:
        return Reply(before + [_done_message()], state)
    state.answers.pop(ACUTE_KEY, None)
    state.finished = False
    state.pending, state.asked = start.id, 1
    return Reply(before + [Message(texts.AFTER_OUTCOME_UNCLEAR), _question_message(start)], state)
