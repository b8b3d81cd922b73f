"""One conversation turn: decide what to say from the state and the reading of a message.

`bot.interpret` reads the message once into a `Reading`; `decide` (through `handle`)
walks the region's route map with it. Pure functions on plain data: the Rasa action
only translates the tracker into a `Turn` and a `Conversation`, calls
`conversation.respond`, carries out the one effect it asks for, and sends the messages back.

The package: `state` (the plain data), `learn` (what a message adds), `replies` (what
comes next: questions, outcomes, 112), `after_outcome` (follow-ups, new facts, the
location checklist), `conversation` (around the route: the reference code, the redacted
description, the reporter's contact, status questions; effects the action carries out).
This module holds only the order of precedence.

Order of precedence, on every message:
1. danger (also when another question is pending): 112 first;
2. going on after 112, navigation (restart, back, stop), a municipality to confirm;
3. a knowledge question: answered, then the route goes on where it was;
4. after an outcome: follow-up questions get contacts or the next step, new facts a new route;
5. everything the message adds: the answer, facts, the municipality, corrections.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Optional

from bot import texts
from bot.catalog import Catalog
from bot.danger import ACUTE, NONE, POSSIBLE, strongest
from bot.dialogue.after_outcome import _after_outcome, _asks_handover, _handover
from bot.dialogue.learn import _confirm_municipality, _continues_after_acute, _learn, _learn_quietly, _no_progress
from bot.dialogue.region import NATIONAL, REGION_QUESTION, region_named
from bot.dialogue.replies import (
    MAX_ASKS,
    _acute,
    _ask_danger,
    _give_up,
    _go_back,
    _map_for,
    _next,
    _pending_question,
    _reprompt,
    _stop,
)
from bot.dialogue.state import ACUTE_KEY, MAX_PARTS, MAX_TEXT, OTHER_MUNICIPALITY, PRIVATE_MUNICIPALITY, Reply, RouteEnd, State, Turn
from bot.interpret import KNOWLEDGE, Reading, interpret
from bot.messages import Button, Message, choice_payload, contact_message

__all__ = [
    "ACUTE_KEY", "MAX_PARTS", "MAX_TEXT", "OTHER_MUNICIPALITY", "PRIVATE_MUNICIPALITY",
    "Reply", "RouteEnd", "State", "Turn", "decide", "handle",
]


def handle(catalog: Catalog, state: State, turn: Turn) -> Reply:
    """Answer one user message."""
    state = replace(state, answers=dict(state.answers))
    text = (turn.text or "").strip()
    prefix: list[Message] = []
    if len(text) > MAX_TEXT or (turn.truncated and turn.part == turn.parts):
        text = text[:MAX_TEXT]
        read = MAX_TEXT * (turn.parts if turn.truncated else 1)
        prefix.append(Message(texts.TOO_LONG.format(chars=f"{read:,}".replace(",", "."))))
    # A later part of a long message goes on with the story: it answers no pending question.
    continuation = turn.part > 1
    reading = interpret(
        catalog, text, turn.intent, turn.confidence, turn.entities,
        None if continuation else state.pending, None if continuation else _pending_question(catalog, state),
        learned=turn.learned,
    )
    if turn.part < turn.parts:
        return _part_of_long_message(catalog, state, reading, turn, prefix)
    if turn.parts > 1:
        prefix.insert(0, Message(texts.READ_IN_PARTS.format(parts=turn.parts)))
        if continuation and _adds_nothing(state, reading):
            # The earlier parts told the story; this one adds nothing new: no "Sorry".
            return _next(catalog, state, prefix) if not state.finished else Reply(prefix, state)
    return decide(catalog, state, reading, turn, prefix)


def _region_answer(catalog: Catalog, state: State, reading: Reading, prefix: list[Message]) -> Optional[Reply]:
    """The answer to "Wil je wel je regio noemen?": a region, or the national map. None when the
    message names a municipality after all (the usual reading takes it)."""
    state.pending, state.asked = None, 0
    named = None if reading.choice is not None else region_named(catalog, reading.text)
    if named is not None:
        state.region = named.id
        return _next(catalog, state, prefix + [Message(texts.REGION_ONLY.format(region=named.name))])
    if reading.municipality is not None and reading.municipality.clear:
        state.municipality = None
        return None
    if reading.choice is not None and reading.choice[0] != REGION_QUESTION:
        return None  # another button: the national map, and that button's answer
    return _next(catalog, state, prefix + [Message(texts.MUNICIPALITY_PRIVATE)])


def _adds_nothing(state: State, reading: Reading) -> bool:
    """A story part with no danger, no new fact and no other municipality than the one known."""
    if reading.danger.any or reading.retracts_no_danger or reading.kind not in ("unclear", "facts", "answer"):
        return False
    guess = reading.municipality
    return all(state.answers.get(k) == v for k, v in reading.facts.items()) and (
        guess is None or guess.municipality.code == state.municipality
    )


def _part_of_long_message(catalog: Catalog, state: State, reading: Reading, turn: Turn, prefix: list[Message]) -> Reply:
    """A part before the last: danger is answered at once; otherwise its facts are kept and
    the assistant answers when the last part has arrived."""
    if reading.danger.any or reading.retracts_no_danger or turn.intent in ("acute_danger", "possible_danger"):
        return decide(catalog, state, reading, turn, prefix)
    _learn_quietly(catalog, state, reading)
    if reading.facts.get(ACUTE_KEY) == "nee":
        state.answers.setdefault(ACUTE_KEY, "nee")
    return Reply(prefix, state)


def decide(catalog: Catalog, state: State, reading: Reading, turn: Turn, prefix: list[Message]) -> Reply:
    """What to say, from the state and the reading of the message."""
    intent = reading.intent
    # 1. Danger first, whatever question is pending.
    level = reading.danger.level
    if intent == "acute_danger":
        level = ACUTE
    elif intent == "possible_danger":
        level = strongest(level, POSSIBLE)
    if reading.retracts_no_danger:
        # "ik zei geen gevaar, maar ...": an earlier no is taken back. Always 112.
        level = ACUTE
    waiting_for_danger = (q := _pending_question(catalog, state)) is not None and q.answer == ACUTE_KEY
    if waiting_for_danger and reading.choice is None and reading.words >= 3 and _denies_every_danger(reading):
        # "geen geweld, geen opsluiting, niemand bedreigd": a list of dangers denied is a no,
        # also when the danger words in it look like the yes option.
        reading = replace(reading, option="nee", option_note=None, kind="answer")
    if q is not None and q.answer == "subject" and reading.option is None and reading.yes_no == "weet niet":
        # "weet niet" to "Waar gaat je signaal over?": a signal that names a form of exploitation
        # is about the one exploited; without one it is the doubt the card has a route for.
        reading = replace(reading, option="persoon" if state.answers.get("form") else "twijfel",
                          option_note=None, kind="answer")
    if level != NONE and not waiting_for_danger and state.answers.get(ACUTE_KEY) == "nee" and reading.text \
            and not turn.payload and not reading.retracts_no_danger and not any(c.counts for c in reading.danger.cues):
        # Danger a model alone hears (the sentence model, or the intent the Rasa server's guard set
        # from it), after the professional said there is none now: 112 once more (the Rasa server's
        # own line, or ours), and the message is read for what else it answers. The same need answer
        # got the whole 112 card and the question again five times in a row (w65); words of danger
        # still get the card.
        if turn.announced is None:
            prefix = prefix + [Message(texts.POSSIBLE_DANGER)]
        level = NONE
    if level == ACUTE or (level == POSSIBLE and waiting_for_danger):
        _learn_quietly(catalog, state, reading)
        return _danger_first(_acute(catalog, state, [], announced=turn.announced == "acute"), prefix)
    if waiting_for_danger and reading.kind == "unclear" and reading.words >= 4:
        if reading.learned is None or reading.learned.danger_level != NONE:
            # A story typed in answer to "Is er nu direct gevaar?" that is neither yes nor no
            # nor anything the route knows, in which the model hears danger (or no model read
            # it): the safe side is 112 and the question again. When the model is only unsure
            # or calm, the question comes again with its yes button, without 112: calm stories
            # told on at this question got 112 (fifteenth session, w55..w62).
            level = POSSIBLE
    if level == POSSIBLE and state.danger_asks > MAX_ASKS:
        # Asked twice already and the professional kept to no: the 112 line again, then the
        # message is read for what else it answers (never the danger question a third time).
        prefix = prefix + [Message(texts.POSSIBLE_DANGER)]
    elif level == POSSIBLE:
        _learn_quietly(catalog, state, reading)
        state.answers.pop(ACUTE_KEY, None)
        state.finished = False
        return _danger_first(_ask_danger(catalog, state, [], announced=turn.announced is not None), prefix)

    # 2. Going on after 112, navigation, a municipality to confirm.
    if state.finished and state.answers.get(ACUTE_KEY) == "ja" and level == NONE and reading.facts \
            and reading.kind != KNOWLEDGE and reading.navigation is None and not _continues_after_acute(state, reading):
        # After "bel 112", more of the story and no danger in it: the route goes on once the professional
        # says there is no danger now, so that is asked (with its yes button), not "Deze route is klaar" (w65).
        _learn_quietly(catalog, state, reading)
        state.answers.pop(ACUTE_KEY, None)
        state.finished = False
        return _next(catalog, state, prefix)
    if _continues_after_acute(state, reading):
        state.answers[ACUTE_KEY], state.finished = "nee", False
        return _next(catalog, state, prefix + [Message(texts.CONTINUE_AFTER_ACUTE)])
    if reading.navigation == "restart_route":
        return _next(catalog, State(municipality=state.municipality), [Message(texts.RESTART)])
    if state.handover is not None or _asks_handover(catalog, state, reading):
        answered = _handover(catalog, state, reading, prefix)
        if answered is not None:
            return answered
    if reading.navigation == "go_back":
        return _go_back(catalog, state)
    if reading.navigation == "stop":
        return _stop(catalog, state)
    if state.confirm and reading.choice is None:
        confirmed = _confirm_municipality(catalog, state, reading, prefix)
        if confirmed is not None:
            return confirmed
    if reading.kind == "empty":
        return _reprompt(catalog, state, prefix + [Message(texts.EMPTY_MESSAGE)])

    # 3. A knowledge question, answered at any point.
    if reading.kind == KNOWLEDGE:
        notices, _, _ = _learn(catalog, state, reading)
        muni = catalog.municipalities.by_code(state.municipality)
        answer = catalog.knowledge.answer(reading.knowledge, muni.map_id if muni else None)
        messages = prefix + [Message(answer or texts.KNOWLEDGE_UNKNOWN)] + notices
        if state.finished:
            return Reply(messages, state)
        if not (state.pending or state.has_facts):
            return Reply(messages + _advice_line(catalog, state) + [Message(texts.KNOWLEDGE_FOLLOW_UP)], state)
        pending = _pending_question(catalog, state)
        if pending is not None and state.asked >= MAX_ASKS:
            # Asked twice already and answered with a question again ("zorg en afstemming, wie doet
            # wat", typed as an answer): not a third time, never a dead end: the general route.
            return _give_up(catalog, state, pending, messages)
        return _next(catalog, state, messages)

    # 4. After an outcome.
    if state.finished:
        after = _after_outcome(catalog, state, reading, prefix)
        if after is not None:
            return after

    # 5. Everything the message adds.
    if state.pending == REGION_QUESTION:
        answered = _region_answer(catalog, state, reading, prefix)
        if answered is not None:
            return answered
    private_before = state.municipality == PRIVATE_MUNICIPALITY
    if reading.choice is not None:
        # A click is no misreading: a repeated or earlier button does not count as asking again.
        state.asked = max(0, state.asked - 1)
    notices, progress, problem = _learn(catalog, state, reading)
    if problem:
        return _reprompt(catalog, state, prefix + [problem])
    if (state.municipality == PRIVATE_MUNICIPALITY and not private_before and state.region is None
            and texts.MUNICIPALITY_PRIVATE in [m.text for m in notices] and any(catalog.maps.regional())):
        # "Liever niet zeggen": the region is enough for a regional map. Asked once.
        state.pending, state.asked = REGION_QUESTION, 1
        others = [m for m in notices if m.text != texts.MUNICIPALITY_PRIVATE]
        ask = Message(texts.ASK_REGION, (Button(texts.BUTTON_NATIONAL, choice_payload(REGION_QUESTION, NATIONAL)),))
        return Reply(prefix + others + [ask], state)
    if not progress:
        return _no_progress(catalog, state, reading, prefix + notices)
    state.misses = 0
    return _next(catalog, state, prefix + notices)



def _denies_every_danger(reading: Reading) -> bool:
    """The words deny danger, or every danger cue in them is negated: "geen geweld, niemand bedreigd". A threat
    told as past or conditional ("vorige week dreigde hij haar te laten verdwijnen als ze naar de SVB ging")
    is no "nee" to "Is er nu direct gevaar?": the question stays open (and the model may hear danger)."""
    danger = reading.danger
    return danger.level != ACUTE and (danger.denied or (bool(danger.cues) and all(c.negated for c in danger.cues)))


def _danger_first(reply: Reply, prefix: list[Message]) -> Reply:
    """The 112 block first, then anything else there is to say ("je bericht is erg lang")."""
    if prefix and reply.messages:
        reply.messages[1:1] = prefix
    elif prefix:
        reply.messages[:0] = prefix
    return reply


def _advice_line(catalog: Catalog, state: State) -> list[Message]:
    """After a question without a case: whom to think it through with (the map's advice contact)."""
    route_map = _map_for(catalog, state)
    advice = next((o for o in route_map.outcomes() if o.code == "twijfel.advies"), None)
    contacts = route_map.contacts_for(advice, state.municipality) if advice else []
    if not contacts:
        return []
    return [Message(texts.KNOWLEDGE_ADVICE), contact_message(contacts[0])]
