"""One conversation turn: from what the professional said to what the assistant says.

Pure functions on plain data. The Rasa action only translates the tracker into a
`Turn` and a `State`, calls `handle`, and sends the messages back.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, replace
from typing import Optional

from bot import texts
from bot.catalog import Catalog
from bot.messages import ACUTE_PAYLOAD, Button, Message, choice_payload, contact_message
from bot.regions import Municipality
from bot.routemap import Contact, Outcome, Question, RouteMap
from bot.textnorm import normalise
from bot.vocabulary import UNKNOWN, is_valid_answer
from bot.walker import step_back, walk

MAX_TEXT = 2000
MUNICIPALITY_QUESTION = "gemeente"
PRIVATE_MUNICIPALITY = "onbekend"
CONFIDENT = 0.5

INTENT_FACTS: dict[str, dict[str, str]] = {
    "signal_labour": {"form": "arbeid"},
    "signal_sexual": {"form": "seksueel"},
    "signal_criminal": {"form": "crimineel"},
    "signal_organ": {"form": "orgaan"},
    "signal_location": {"subject": "locatie"},
    "doubt": {"subject": "twijfel"},
    "need_report": {"need": "melden"},
    "need_support": {"need": "steun"},
    "worried_no_grip": {"need": "zorgen"},
}
ORDINALS = {
    "1": 0, "een": 0, "eerste": 0, "a": 0,
    "2": 1, "twee": 1, "tweede": 1, "b": 1,
    "3": 2, "drie": 2, "derde": 2, "c": 2,
    "4": 3, "vier": 3, "vierde": 3, "d": 3,
    "5": 4, "vijf": 4, "vijfde": 4, "e": 4,
}
_ORDINAL_TEXT = re.compile(r"^(?:optie|keuze|nummer|nr|de|antwoord)?\s*(\w+)$")


@dataclass
class State:
    """What the conversation knows; kept in Rasa slots between turns."""

    municipality: Optional[str] = None   # CBS code, or "onbekend" when not given
    answers: dict[str, str] = field(default_factory=dict)
    pending: Optional[str] = None        # question node id, or "gemeente"
    misses: int = 0
    finished: bool = False

    @property
    def has_facts(self) -> bool:
        return bool({k: v for k, v in self.answers.items() if k != "acute"})


@dataclass(frozen=True)
class Turn:
    text: str
    intent: Optional[str] = None
    confidence: float = 1.0
    entities: tuple[dict, ...] = ()
    acute_announced: bool = False  # the Rasa rule already said "bel 112" this turn
    payload: bool = False          # a button click ("/choose{...}"), not typed text
    truncated: bool = False        # the channel cut an over-long message


@dataclass(frozen=True)
class RouteEnd:
    """A route that ended this turn: with an outcome, by 112, or stopped halfway."""

    kind: str                       # "outcome" | "acute" | "stopped"
    route_map: RouteMap
    answers: dict[str, str]
    municipality: Optional[Municipality]
    outcome: Optional[Outcome] = None
    contacts: tuple[Contact, ...] = ()


@dataclass
class Reply:
    messages: list[Message]
    state: State
    ended: Optional[RouteEnd] = None


def handle(catalog: Catalog, state: State, turn: Turn) -> Reply:
    """Answer one user message."""
    state = replace(state, answers=dict(state.answers))
    intent = turn.intent or "nlu_fallback"
    text = (turn.text or "").strip()
    prefix: list[Message] = []
    if len(text) > MAX_TEXT or turn.truncated:
        text = text[:MAX_TEXT]
        prefix.append(Message(texts.TOO_LONG))

    if intent == "acute_danger" or catalog.lexicon.is_acute(text):
        if text:
            _learn_facts(catalog, state, text, intent)
        return _acute(catalog, state, announced=turn.acute_announced)
    if _continues_after_acute(state, turn, intent):
        state.answers["acute"], state.finished = "nee", False
        return _next(catalog, state, [Message(texts.CONTINUE_AFTER_ACUTE)])
    if intent == "restart_route":
        return _next(catalog, State(municipality=state.municipality), [Message(texts.RESTART)])
    if intent == "go_back":
        return _go_back(catalog, state)
    if intent == "stop":
        return _stop(catalog, state)
    if intent.startswith("knowledge_") and turn.confidence >= CONFIDENT:
        return _knowledge(catalog, state, intent[len("knowledge_"):])
    if not text and not turn.payload and not _entity(turn, "keuze"):
        return _reprompt(catalog, state, [Message(texts.EMPTY_MESSAGE)])

    progress, notices, problem = _learn(catalog, state, turn, text, intent)
    if problem:
        return _reprompt(catalog, state, prefix + [problem])
    if not progress:
        simple = {
            "greet": texts.WELCOME, "thank": texts.THANKS, "goodbye": texts.GOODBYE,
            "help": texts.HELP, "out_of_scope": texts.OUT_OF_SCOPE,
        }.get(intent)
        if simple and (intent != "greet" or not state.has_facts):
            if state.finished and intent in ("thank", "goodbye"):
                return Reply(prefix + [Message(simple)], state)
            return _reprompt(catalog, state, prefix + [Message(simple)])
        if state.finished:
            return Reply(prefix + [_done_message()], state)
        state.misses += 1
        miss = texts.NOT_UNDERSTOOD if state.misses < 2 else texts.NOT_UNDERSTOOD_AGAIN
        return _reprompt(catalog, state, prefix + [Message(miss)])
    state.misses = 0
    return _next(catalog, state, prefix + notices)


# --- learning from the message ------------------------------------------------------

def _learn(catalog: Catalog, state: State, turn: Turn, text: str, intent: str) -> tuple[bool, list[Message], Optional[Message]]:
    """Update `state` from the message.

    Returns (progress, notices to show, problem): `progress` is True when the
    message answered something; `problem` is a message that rejects the input.
    """
    notices: list[Message] = []
    progress = False
    choice = _entity(turn, "keuze")

    if state.finished and (choice or _has_route_content(catalog, text, intent)):
        # A new signal after a finished route starts a fresh route in the same municipality.
        state.answers, state.pending, state.finished = {}, None, False

    # Buttons: "key:value".
    if choice and ":" in choice:
        key, value = choice.split(":", 1)
        if key == MUNICIPALITY_QUESTION:
            muni = catalog.municipalities.by_code(value)
            if value == PRIVATE_MUNICIPALITY:
                state.municipality = PRIVATE_MUNICIPALITY
                return True, [Message(texts.MUNICIPALITY_PRIVATE)], None
            if muni is None:
                return False, [], Message(texts.UNKNOWN_CHOICE)
            return True, _set_municipality(catalog, state, muni), None
        if not is_valid_answer(key, value):
            return False, [], Message(texts.UNKNOWN_CHOICE)
        state.answers[key] = value
        return True, [], None

    # The municipality, from any message.
    loose = state.pending == MUNICIPALITY_QUESTION or (intent == "inform_municipality" and state.municipality is None)
    muni = catalog.municipalities.find_in_text(text, loose=loose)
    if muni and muni.code != state.municipality:
        notices += _set_municipality(catalog, state, muni)
        progress = True

    # An answer to the pending question.
    question = _pending_question(catalog, state)
    if question is not None:
        value, warning = _match_option(catalog, question, turn, text, intent, choice)
        if value is not None:
            state.answers[question.answer] = value
            progress = True
            if warning:
                notices.append(Message(warning))

    # Facts given away anywhere in the message fill what is still unknown.
    facts = catalog.lexicon.facts(text)
    if turn.confidence >= CONFIDENT:
        for key, value in INTENT_FACTS.get(intent, {}).items():
            facts.setdefault(key, value)
    for key, value in _implied(state.answers | facts).items():
        facts.setdefault(key, value)
    for key, value in facts.items():
        if key not in state.answers:
            state.answers[key] = value
            progress = True
    return progress, notices, None


def _continues_after_acute(state: State, turn: Turn, intent: str) -> bool:
    """After "bel 112": the professional says there is no danger now after all."""
    if not (state.finished and state.answers.get("acute") == "ja"):
        return False
    return _entity(turn, "keuze") == "acute:nee" or intent == "deny"


def _learn_facts(catalog: Catalog, state: State, text: str, intent: str) -> None:
    """Municipality and route facts from a message that is answered with 112 first."""
    muni = catalog.municipalities.find_in_text(text)
    if muni and state.municipality in (None, PRIVATE_MUNICIPALITY):
        state.municipality = muni.code
    for key, value in catalog.lexicon.facts(text).items():
        if key != "acute":
            state.answers.setdefault(key, value)


def _has_route_content(catalog: Catalog, text: str, intent: str) -> bool:
    return intent in INTENT_FACTS or bool(catalog.lexicon.facts(text))


def _implied(answers: dict[str, str]) -> dict[str, str]:
    """Answers that follow from others (e.g. a wish for shelter is about a person)."""
    out: dict[str, str] = {}
    if answers.get("need") in ("melden", "steun", "zorgen"):
        out["subject"] = "persoon"
    if answers.get("location_signal") and answers.get("location_signal") != UNKNOWN:
        out["subject"] = "locatie"
    if answers.get("subject", out.get("subject")) == "locatie":
        by_form = {"seksueel": "prostitutie", "arbeid": "arbeid"}.get(answers.get("form", ""))
        if by_form:
            out["location_signal"] = by_form
    return out


def _entity(turn: Turn, name: str) -> Optional[str]:
    for ent in turn.entities:
        if ent.get("entity") == name and ent.get("value") is not None:
            return str(ent["value"]).strip()
    return None


def _pending_question(catalog: Catalog, state: State) -> Optional[Question]:
    if not state.pending or state.pending == MUNICIPALITY_QUESTION:
        return None
    node = _map_for(catalog, state).nodes.get(state.pending)
    return node if isinstance(node, Question) else None


def _match_option(catalog: Catalog, q: Question, turn: Turn, text: str, intent: str, choice: Optional[str]) -> tuple[Optional[str], Optional[str]]:
    """Which option of `q` the message picks, plus an optional warning to show."""
    values = [o.value for o in q.options]
    norm = normalise(text)
    # A typed option number or ordinal ("2", "de tweede", "b").
    ordinal = _ordinal(choice or norm)
    if ordinal is not None and ordinal < len(q.options) and (choice or len(norm) <= 12):
        return q.options[ordinal].value, None
    # Yes / no / don't know.
    if intent == "affirm" and "ja" in values:
        return "ja", None
    if intent == "deny" and "nee" in values:
        return "nee", None
    if intent == "dont_know" or norm in ("weet ik niet", "weet niet", "geen idee", "geen flauw idee"):
        if UNKNOWN in values:
            return UNKNOWN, None
        if q.answer == "acute":
            return "nee", texts.ACUTE_DOUBT
    # The option's own words.
    for opt in q.options:
        phrases = [opt.label, opt.value, *opt.synonyms]
        if any(normalise(p) == norm for p in phrases):
            return opt.value, None
    for opt in q.options:
        if opt.synonyms and _contains_any(norm, opt.synonyms):
            return opt.value, None
    facts = catalog.lexicon.facts(text)
    if q.answer in facts and facts[q.answer] in values:
        return facts[q.answer], None
    if turn.confidence >= CONFIDENT:
        guess = INTENT_FACTS.get(intent, {}).get(q.answer)
        if guess in values:
            return guess, None
    # Typos: a close match with a label or synonym.
    if 3 <= len(norm) <= 40:
        best, best_score = None, 0.0
        for opt in q.options:
            for phrase in (opt.label, opt.value, *opt.synonyms):
                score = difflib.SequenceMatcher(None, norm, normalise(phrase)).ratio()
                if score > best_score:
                    best, best_score = opt.value, score
        if best_score >= 0.84:
            return best, None
    return None, None


def _contains_any(norm: str, phrases: tuple[str, ...]) -> bool:
    for p in phrases:
        p = normalise(p)
        if p and re.search(r"(?<!\w)" + re.escape(p) + r"(?!\w)", norm):
            return True
    return False


def _ordinal(norm: str) -> Optional[int]:
    if not norm:
        return None
    m = _ORDINAL_TEXT.match(norm.strip().lower())
    if not m:
        return None
    return ORDINALS.get(m.group(1))


def _set_municipality(catalog: Catalog, state: State, muni: Municipality) -> list[Message]:
    route_map = catalog.maps.get(muni.map_id)
    changed_region = state.municipality not in (None, PRIVATE_MUNICIPALITY) and state.has_facts
    state.municipality = muni.code
    if route_map.is_national:
        return [Message(texts.NATIONAL_NOTICE.format(name=muni.name))]
    template = texts.REGION_CHANGED if changed_region else texts.REGION_SET
    return [Message(template.format(name=muni.name, region=route_map.name))]


# --- what comes next ----------------------------------------------------------------

def _map_for(catalog: Catalog, state: State) -> RouteMap:
    muni = catalog.municipalities.by_code(state.municipality)
    return catalog.maps.get(muni.map_id if muni else None)


def _next(catalog: Catalog, state: State, before: list[Message]) -> Reply:
    route_map = _map_for(catalog, state)
    step = walk(route_map, state.answers)
    if step.question is not None and (step.question.id == route_map.start or state.municipality):
        state.pending = step.question.id
        return Reply(before + [_question_message(step.question)], state)
    if state.municipality is None:
        state.pending = MUNICIPALITY_QUESTION
        return Reply(before + [_municipality_message()], state)
    assert step.outcome is not None
    return _outcome(catalog, state, route_map, step.outcome, before)


def _reprompt(catalog: Catalog, state: State, before: list[Message]) -> Reply:
    """Say `before`, then ask again whatever is still open."""
    if state.finished:
        return Reply(before + [_done_message()], state)
    return _next(catalog, state, before)


def _question_message(q: Question) -> Message:
    buttons = []
    for opt in q.options:
        if q.answer == "acute" and opt.value == "ja":
            buttons.append(Button(opt.label, ACUTE_PAYLOAD))
        else:
            buttons.append(Button(opt.label, choice_payload(q.answer, opt.value)))
    text = q.text if not q.help else f"{q.text}\n{q.help}"
    return Message(text, tuple(buttons))


def _municipality_message() -> Message:
    buttons = [Button(name, choice_payload(MUNICIPALITY_QUESTION, code)) for name, code in texts.MUNICIPALITY_SHORTCUTS]
    buttons.append(Button(texts.BUTTON_PRIVATE, choice_payload(MUNICIPALITY_QUESTION, PRIVATE_MUNICIPALITY)))
    return Message(texts.ASK_MUNICIPALITY, tuple(buttons))


def _done_message() -> Message:
    return Message(texts.ROUTE_DONE, _after_buttons())


def _after_buttons() -> tuple[Button, ...]:
    return (Button(texts.BUTTON_NEW_SIGNAL, "/restart_route"), Button(texts.BUTTON_AFTER_REPORT, "/knowledge_after_report"))


def _municipality_label(catalog: Catalog, state: State) -> str:
    muni = catalog.municipalities.by_code(state.municipality)
    return f"de gemeente {muni.name}" if muni else "je gemeente"


def _outcome(catalog: Catalog, state: State, route_map: RouteMap, outcome: Outcome, before: list[Message], skip_intro: bool = False) -> Reply:
    muni = catalog.municipalities.by_code(state.municipality)
    contacts = route_map.contacts_for(outcome, muni.code if muni else None)
    messages = list(before)
    if not skip_intro:
        messages.append(Message(f"{outcome.title}\n{outcome.advice.strip()}"))
    if outcome.note:
        messages.append(Message(outcome.note.strip()))
    if route_map.is_national and not outcome.code.startswith("acuut"):
        messages.append(Message(texts.NATIONAL_OUTCOME_NOTE))
    messages += [contact_message(c) for c in contacts]
    if outcome.code.startswith("locatie.") and route_map.signalenoverleg_tip:
        messages.append(Message(route_map.signalenoverleg_tip.strip()))
    label = _municipality_label(catalog, state)
    if outcome.code.startswith("acuut"):
        messages.append(Message(texts.ACUTE_FOLLOW_UP.format(municipality=label), (
            Button(texts.BUTTON_NO_DANGER_CONTINUE, choice_payload("acute", "nee")),
            Button(texts.BUTTON_NEW_SIGNAL, "/restart_route"),
        )))
        kind = "acute"
    else:
        messages.append(Message(texts.INTERNAL_STEP.format(municipality=label), _after_buttons()))
        kind = "outcome"
    ended = RouteEnd(kind, route_map, dict(state.answers), muni, outcome, tuple(contacts))
    state.pending, state.finished = None, True
    return Reply(messages, state, ended)


def _acute(catalog: Catalog, state: State, announced: bool) -> Reply:
    state.answers["acute"] = "ja"
    route_map = _map_for(catalog, state)
    step = walk(route_map, {"acute": "ja"})
    outcome = step.outcome
    if outcome is None:  # a map whose first question is not about acute danger
        outcome = next(o for o in route_map.outcomes() if o.code.startswith("acuut"))
    return _outcome(catalog, state, route_map, outcome, [], skip_intro=announced)


def _go_back(catalog: Catalog, state: State) -> Reply:
    route_map = _map_for(catalog, state)
    if not walk(route_map, state.answers).path:
        return _next(catalog, state, [Message(texts.BACK_AT_START)])
    state.answers = step_back(route_map, state.answers)
    state.finished = False
    return _next(catalog, state, [Message(texts.BACK)])


def _stop(catalog: Catalog, state: State) -> Reply:
    ended = None
    if state.has_facts and not state.finished:
        muni = catalog.municipalities.by_code(state.municipality)
        ended = RouteEnd("stopped", _map_for(catalog, state), dict(state.answers), muni)
    text = texts.STOP if state.has_facts else texts.STOP_NOTHING
    return Reply([Message(text, (Button(texts.BUTTON_START, "/restart_route"),))], State(municipality=state.municipality), ended)


def _knowledge(catalog: Catalog, state: State, key: str) -> Reply:
    muni = catalog.municipalities.by_code(state.municipality)
    answer = catalog.knowledge.answer(key, muni.map_id if muni else None)
    messages = [Message(answer or texts.KNOWLEDGE_UNKNOWN)]
    if state.pending and not state.finished:
        return _next(catalog, state, messages)
    messages.append(Message(texts.KNOWLEDGE_FOLLOW_UP))
    return Reply(messages, state)
