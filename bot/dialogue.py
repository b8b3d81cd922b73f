"""One conversation turn: decide what to say from the state and the reading of a message.

`bot.interpret` reads the message once into a `Reading`; `decide` (through `handle`)
walks the region's route map with it. Pure functions on plain data: the Rasa action
only translates the tracker into a `Turn` and a `State`, calls `handle`, and sends the
messages back.

Order of precedence, on every message:
1. danger (also when another question is pending): 112 first;
2. going on after 112, navigation (restart, back, stop), a municipality to confirm;
3. a knowledge question: answered, then the route goes on where it was;
4. after an outcome: follow-up questions get contacts or the next step, new facts a new route;
5. everything the message adds: the answer, facts, the municipality, corrections.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Optional

from bot import handover, texts
from bot.catalog import Catalog
from bot.danger import ACUTE, POSSIBLE, strongest
from bot.handover import HANDOVER_KEY
from bot.interpret import (
    CORRECTION, FOLLOW_UP, KNOWLEDGE, MUNICIPALITY_QUESTION, SMALL_TALK, Reading, interpret,
)
from bot.messages import ACUTE_PAYLOAD, Button, Message, choice_payload, contact_message
from bot.regions import Municipality
from bot.routemap import Contact, Outcome, Question, RouteMap
from bot.settings import contact_max_age_months
from bot.staleness import is_stale, national_fallback
from bot.textnorm import normalise
from bot.vocabulary import ANSWER_VALUES, UNKNOWN, is_valid_answer
from bot.walker import step_back, walk

MAX_TEXT = 2000
PRIVATE_MUNICIPALITY = "onbekend"
OTHER_MUNICIPALITY = "anders"
ACUTE_KEY = "acute"


@dataclass
class State:
    """What the conversation knows; kept in Rasa slots between turns."""

    municipality: Optional[str] = None   # CBS code, or "onbekend" when not given
    answers: dict[str, str] = field(default_factory=dict)
    pending: Optional[str] = None        # question node id, or "gemeente"
    misses: int = 0
    finished: bool = False
    confirm: Optional[str] = None        # a municipality code guessed from a typo, awaiting "ja"
    minor: bool = False                  # the person is under 18
    minor_told: bool = False
    handover: Optional[dict[str, str]] = None  # location checklist answers so far (redacted); None when not asked

    @property
    def has_facts(self) -> bool:
        return bool({k: v for k, v in self.answers.items() if k != ACUTE_KEY})


@dataclass(frozen=True)
class Turn:
    text: str
    intent: Optional[str] = None
    confidence: float = 1.0
    entities: tuple[dict, ...] = ()
    announced: Optional[str] = None  # the Rasa server already said 112 this turn: "acute" | "possible"
    payload: bool = False            # a button click ("/choose{...}"), not typed text
    truncated: bool = False          # the channel cut an over-long message


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
    text = (turn.text or "").strip()
    prefix: list[Message] = []
    if len(text) > MAX_TEXT or turn.truncated:
        text = text[:MAX_TEXT]
        prefix.append(Message(texts.TOO_LONG))
    reading = interpret(
        catalog, text, turn.intent, turn.confidence, turn.entities,
        state.pending, _pending_question(catalog, state),
    )
    return decide(catalog, state, reading, turn, prefix)


def decide(catalog: Catalog, state: State, reading: Reading, turn: Turn, prefix: list[Message]) -> Reply:
    """What to say, from the state and the reading of the message."""
    intent = reading.intent
    # 1. Danger first, whatever question is pending.
    level = reading.danger.level
    if intent == "acute_danger":
        level = ACUTE
    elif intent == "possible_danger":
        level = strongest(level, POSSIBLE)
    waiting_for_danger = (q := _pending_question(catalog, state)) is not None and q.answer == ACUTE_KEY
    if level == ACUTE or (level == POSSIBLE and waiting_for_danger):
        _learn_quietly(catalog, state, reading)
        return _acute(catalog, state, prefix, announced=turn.announced == "acute")
    if waiting_for_danger and reading.kind == "unclear" and reading.words >= 4:
        # A story typed in answer to "Is er nu direct gevaar?" that is neither yes nor no
        # nor anything the route knows: the safe side is 112 and the question again.
        level = POSSIBLE
    if level == POSSIBLE:
        _learn_quietly(catalog, state, reading)
        state.answers.pop(ACUTE_KEY, None)
        state.finished = False
        return _ask_danger(catalog, state, prefix, announced=turn.announced is not None)

    # 2. Going on after 112, navigation, a municipality to confirm.
    if _continues_after_acute(state, reading):
        state.answers[ACUTE_KEY], state.finished = "nee", False
        return _next(catalog, state, prefix + [Message(texts.CONTINUE_AFTER_ACUTE)])
    if reading.navigation == "restart_route":
        return _next(catalog, State(municipality=state.municipality), [Message(texts.RESTART)])
    if state.handover is not None or reading.choice == (HANDOVER_KEY, handover.START):
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
            return Reply(messages + [Message(texts.KNOWLEDGE_FOLLOW_UP)], state)
        return _next(catalog, state, messages)

    # 4. After an outcome.
    if state.finished:
        after = _after_outcome(catalog, state, reading, prefix)
        if after is not None:
            return after

    # 5. Everything the message adds.
    notices, progress, problem = _learn(catalog, state, reading)
    if problem:
        return _reprompt(catalog, state, prefix + [problem])
    if not progress:
        return _no_progress(catalog, state, reading, prefix + notices)
    state.misses = 0
    return _next(catalog, state, prefix + notices)


# --- learning from the message ------------------------------------------------------

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
    if guess is not None and guess.municipality.code != state.municipality:
        if guess.clear:
            notices += _set_municipality(catalog, state, guess.municipality)
            progress = True
        elif state.municipality in (None, PRIVATE_MUNICIPALITY) or reading.kind == CORRECTION:
            state.confirm = guess.municipality.code
            progress = True
    elif reading.declines_municipality and state.pending == MUNICIPALITY_QUESTION and guess is None:
        state.municipality = PRIVATE_MUNICIPALITY
        notices.append(Message(texts.MUNICIPALITY_PRIVATE))
        progress = True

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
        if key not in state.answers or (reading.kind == CORRECTION and state.answers[key] != value):
            state.answers[key] = value
            told[key] = value
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
        if key != ACUTE_KEY:
            state.answers.setdefault(key, value)
    for key, value in _implied(state.answers).items():
        state.answers.setdefault(key, value)
    state.minor = state.minor or reading.minor


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
    state.confirm = None
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
        by_form = {"seksueel": "prostitutie", "arbeid": "arbeid"}.get(answers.get("form", ""))
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
    if state.finished:
        return Reply(before + [_done_message()], state)
    if state.confirm or (state.pending == MUNICIPALITY_QUESTION and before):
        return _next(catalog, state, before)
    state.misses += 1
    miss = texts.NOT_UNDERSTOOD if state.misses < 2 else texts.NOT_UNDERSTOOD_AGAIN
    return _reprompt(catalog, state, before + [Message(miss)])


# --- after an outcome -----------------------------------------------------------------

def _after_outcome(catalog: Catalog, state: State, reading: Reading, prefix: list[Message]) -> Optional[Reply]:
    """Follow-ups and new facts once the route has ended; None when neither."""
    if reading.kind == FOLLOW_UP or (reading.follow_up and not reading.facts):
        state.minor = state.minor or reading.minor
        return _follow_up(catalog, state, reading.follow_up or "contacts", prefix, reading.text)
    if reading.choice is not None:
        key, value = reading.choice
        if state.answers.get(key) == value:
            # The same button again (a double click): the contacts again, nothing new recorded.
            return _follow_up(catalog, state, "contacts", prefix)
        if key == MUNICIPALITY_QUESTION or not is_valid_answer(key, value):
            return None
        return _new_route(catalog, state, {key: value}, prefix)
    new = {k: v for k, v in reading.facts.items() if k != ACUTE_KEY and state.answers.get(k) != v}
    guess = reading.municipality
    moved = guess is not None and guess.clear and guess.municipality.code != state.municipality
    if new or moved:
        before = list(prefix)
        if moved:
            before += _set_municipality(catalog, state, guess.municipality)
        return _new_route(catalog, state, new, before)
    return None


def _new_route(catalog: Catalog, state: State, new: dict[str, str], before: list[Message]) -> Reply:
    """A new route that keeps what is known, with the new facts in place of the old."""
    used = {key for key, _ in walk(_map_for(catalog, state), state.answers).path}
    answers = {**state.answers, **new}
    if "form" in new and "form" not in used and answers.get("subject") != "locatie":
        # A form of exploitation named after the advice: the professional wants to pass it on.
        answers.update(subject="persoon", need="melden")
    state.answers, state.finished, state.pending = answers, False, None
    told = {k: v for k, v in new.items() if (k, v) in texts.FACT_PHRASES}
    notice = [Message(texts.UNDERSTOOD.format(facts=_facts_phrase(told)))] if told else []
    return _next(catalog, state, before + [Message(texts.NEW_ROUTE)] + notice)


def _follow_up(catalog: Catalog, state: State, kind: str, prefix: list[Message], reading_text: str = "") -> Reply:
    route_map = _map_for(catalog, state)
    step = walk(route_map, state.answers)
    if step.outcome is None:
        state.finished = False
        return _next(catalog, state, prefix)
    muni = catalog.municipalities.by_code(state.municipality)
    label = _municipality_label(catalog, state)
    shown = route_map.contacts_for(step.outcome, muni.code if muni else None)
    if kind == "next_step":
        return Reply(prefix + [_internal_step(catalog, state)], state)
    internal = _internal_step(catalog, state)
    named = _named_contacts(route_map, reading_text, muni)
    if named and kind in ("contacts", "more"):
        return Reply(prefix + [contact_message(c) for c in named], state)
    if kind == "more":
        minors = []
        if state.minor:
            minors = [Message(f"{texts.MINOR_NOTICE_TITLE}\n{catalog.knowledge.answer('minors', route_map.id)}")]
            state.minor_told = True
        others = _other_contacts(route_map, state.answers, muni, {c.id for c in shown})
        if not others:
            return Reply(prefix + minors + [Message(texts.NO_MORE_CONTACTS.format(municipality=label)), internal], state)
        return Reply(prefix + minors + [Message(texts.MORE_CONTACTS)] + [contact_message(c) for c in others] + [internal], state)
    return Reply(prefix + [Message(texts.CONTACTS_AGAIN)] + [contact_message(c) for c in shown], state)


# Which organisation a follow-up asks for: "en het nummer van de politie?".
_ASKED_FOR = {
    "avim": ("politie", "police", "avim", "aangifte"),
    "nla": ("inspectie", "arbeidsinspectie", "nla", "inspectorate"),
    "veilig_thuis": ("veilig thuis", "vt"),
    "fairwork": ("fairwork", "loon", "rechten", "arbeidsrecht"),
    "zorg": ("zorgcoordinator", "zorgcoördinator", "opvang", "shelter", "hulpverlening"),
    "riec": ("riec",),
    "anoniem": ("anoniem", "anonymous", "zonder naam"),
    "heit": ("heit",),
}


def _named_contacts(route_map: RouteMap, text: str, muni: Optional[Municipality]) -> list[Contact]:
    """The contacts of this map that a follow-up names ("het nummer van de inspectie")."""
    norm = normalise(text)
    wanted = [key for key, words in _ASKED_FOR.items() if any(re.search(rf"\b{re.escape(normalise(w))}\b", norm) for w in words)]
    found = []
    for contact in route_map.contacts.values():
        about = normalise(f"{contact.id} {contact.organisation} {contact.role}")
        if contact.applies_to(muni.code if muni else None) and contact.phone != "112" and any(
            key.split("_")[0] in about for key in wanted
        ):
            found.append(contact)
    return found[:3]


def _other_contacts(route_map: RouteMap, answers: dict[str, str], muni: Optional[Municipality], shown: set[str]) -> list[Contact]:
    """Contacts of the neighbouring branches: the same signal with another answer to a
    question on the path, nearest question first ("naar wie kan ik dit nog meer doorzetten?")."""
    found: list[Contact] = []
    # What the victim wants (report, help, worries) first; another form of exploitation
    # is a different signal, not another place to pass this one to.
    path = [key for key, _ in walk(route_map, answers).path if key not in (ACUTE_KEY, "form")]
    for key in sorted(reversed(path), key=lambda k: k != "need"):
        for value in ANSWER_VALUES[key]:
            if value in (answers.get(key), UNKNOWN):
                continue
            step = walk(route_map, {**answers, key: value})
            if step.outcome is None or step.outcome.code.startswith("acuut"):
                continue
            for contact in route_map.contacts_for(step.outcome, muni.code if muni else None):
                if contact.id not in shown and contact.phone != "112":
                    shown.add(contact.id)
                    found.append(contact)
        if found:
            return found[:3]
    return found


# --- what comes next ----------------------------------------------------------------

def _pending_question(catalog: Catalog, state: State) -> Optional[Question]:
    if not state.pending or state.pending == MUNICIPALITY_QUESTION:
        return None
    node = _map_for(catalog, state).nodes.get(state.pending)
    return node if isinstance(node, Question) else None


def _set_municipality(catalog: Catalog, state: State, muni: Municipality) -> list[Message]:
    route_map = catalog.maps.get(muni.map_id)
    changed_region = state.municipality not in (None, PRIVATE_MUNICIPALITY) and state.has_facts
    state.municipality = muni.code
    state.confirm = None
    if route_map.is_national:
        regions = texts.region_list(catalog.maps.region_names())
        return [Message(texts.NATIONAL_NOTICE.format(name=muni.name, regions=regions))]
    template = texts.REGION_CHANGED if changed_region else texts.REGION_SET
    return [Message(template.format(name=muni.name, region=route_map.name))]


def _map_for(catalog: Catalog, state: State) -> RouteMap:
    muni = catalog.municipalities.by_code(state.municipality)
    return catalog.maps.get(muni.map_id if muni else None)


def _next(catalog: Catalog, state: State, before: list[Message]) -> Reply:
    if state.confirm:
        muni = catalog.municipalities.by_code(state.confirm)
        if muni is not None:
            state.pending = MUNICIPALITY_QUESTION
            return Reply(before + [_confirm_message(muni)], state)
        state.confirm = None
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
        if q.answer == ACUTE_KEY and opt.value == "ja":
            buttons.append(Button(opt.label, ACUTE_PAYLOAD))
        else:
            buttons.append(Button(opt.label, choice_payload(q.answer, opt.value)))
    text = q.text if not q.help else f"{q.text}\n{q.help}"
    return Message(text, tuple(buttons))


def _municipality_message(text: str = texts.ASK_MUNICIPALITY) -> Message:
    buttons = [Button(name, choice_payload(MUNICIPALITY_QUESTION, code)) for name, code in texts.MUNICIPALITY_SHORTCUTS]
    buttons.append(Button(texts.BUTTON_PRIVATE, choice_payload(MUNICIPALITY_QUESTION, PRIVATE_MUNICIPALITY)))
    return Message(text, tuple(buttons))


def _confirm_message(muni: Municipality) -> Message:
    return Message(texts.CONFIRM_MUNICIPALITY.format(name=muni.name), (
        Button(texts.BUTTON_YES, choice_payload(MUNICIPALITY_QUESTION, muni.code)),
        Button(texts.BUTTON_OTHER_MUNICIPALITY, choice_payload(MUNICIPALITY_QUESTION, OTHER_MUNICIPALITY)),
        Button(texts.BUTTON_PRIVATE, choice_payload(MUNICIPALITY_QUESTION, PRIVATE_MUNICIPALITY)),
    ))


def _done_message() -> Message:
    return Message(texts.ROUTE_DONE, _after_buttons())


def _after_buttons() -> tuple[Button, ...]:
    return (Button(texts.BUTTON_NEW_SIGNAL, "/restart_route"), Button(texts.BUTTON_AFTER_REPORT, "/knowledge_after_report"))


def _internal_step(catalog: Catalog, state: State) -> Message:
    """What happens with the signal inside the municipality (the chat has recorded it)."""
    muni = catalog.municipalities.by_code(state.municipality)
    text = texts.INTERNAL_STEP.format(municipality=f"de gemeente {muni.name}") if muni else texts.INTERNAL_STEP_NO_MUNICIPALITY
    return Message(text, _after_buttons())


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
        messages.append(Message(texts.NATIONAL_OUTCOME_NOTE.format(regions=texts.region_list(catalog.maps.region_names()))))
    messages += _contact_messages(catalog, route_map, outcome, contacts)
    if outcome.code.startswith("locatie.") and route_map.signalenoverleg_tip:
        messages.append(Message(route_map.signalenoverleg_tip.strip()))
    if state.minor and not state.minor_told:
        minors = catalog.knowledge.answer("minors", route_map.id)
        if minors:
            messages.append(Message(f"{texts.MINOR_NOTICE_TITLE}\n{minors}"))
            state.minor_told = True
    label = _municipality_label(catalog, state)
    if outcome.code.startswith("acuut"):
        messages.append(Message(texts.ACUTE_FOLLOW_UP.format(municipality=label), (
            Button(texts.BUTTON_NO_DANGER_CONTINUE, choice_payload(ACUTE_KEY, "nee")),
            Button(texts.BUTTON_NEW_SIGNAL, "/restart_route"),
        )))
        kind = "acute"
    else:
        step = _internal_step(catalog, state)
        checklist = catalog.maps.checklist_for(route_map)
        if outcome.code.startswith("locatie.") and checklist is not None:
            step = replace(step, buttons=(Button(checklist.button, choice_payload(HANDOVER_KEY, handover.START)),) + step.buttons)
        messages.append(step)
        kind = "outcome"
    ended = RouteEnd(kind, route_map, dict(state.answers), muni, outcome, tuple(contacts))
    state.pending, state.finished = None, True
    return Reply(messages, state, ended)


def _handover(catalog: Catalog, state: State, reading: Reading, prefix: list[Message]) -> Optional[Reply]:
    """The location checklist, one item per turn, then the anonymised handover summary.

    None when there is no checklist to fill (not after a location outcome, or "stop").
    """
    route_map = _map_for(catalog, state)
    checklist = catalog.maps.checklist_for(route_map)
    outcome = walk(route_map, state.answers).outcome
    if checklist is None or outcome is None or not outcome.code.startswith("locatie.") or reading.navigation == "stop":
        state.handover = None
        return None
    messages = list(prefix)
    if reading.choice == (HANDOVER_KEY, handover.START):
        state.handover = {}
        messages.append(Message(checklist.offer))
    elif reading.choice == (HANDOVER_KEY, handover.SKIP):
        state.handover = handover.record(checklist, state.handover or {}, "")
    elif reading.navigation == "go_back":
        state.handover = handover.step_back(checklist, state.handover or {})
        messages.append(Message(texts.BACK))
    elif reading.kind == "empty":
        messages.append(Message(texts.EMPTY_MESSAGE))
    else:
        state.handover = handover.record(checklist, state.handover or {}, reading.text)
    item = handover.next_item(checklist, state.handover)
    if item is not None:
        skip = Button(texts.BUTTON_SKIP, choice_payload(HANDOVER_KEY, handover.SKIP))
        return Reply(messages + [Message(item.question, (skip,))], state)
    muni = catalog.municipalities.by_code(state.municipality)
    question = next((q for q in route_map.questions() if q.answer == "location_signal"), None)
    chosen = question.option(state.answers.get("location_signal", "")) if question else None
    signal = chosen.label if chosen else outcome.title
    text = handover.summary(checklist, state.handover, signal, route_map.name, muni.name if muni else None)
    state.handover = None
    card = {"type": "handover_summary", "text": text}
    return Reply(messages + [Message(text, custom=card), Message(checklist.summary_note), _done_message()], state)


def _contact_messages(catalog: Catalog, route_map: RouteMap, outcome: Outcome, contacts: list[Contact]) -> list[Message]:
    """The contact cards; after the first stale regional contact, the national fallback line."""
    months = contact_max_age_months()
    out: list[Message] = []
    warned = route_map.is_national
    for contact in contacts:
        out.append(contact_message(contact))
        if warned or contact.national_fallback or contact.phone == "112" or not is_stale(contact, months):
            continue
        fallback = national_fallback(catalog.maps, outcome)
        if fallback:
            listed = "; ".join(f"{c.organisation}: {c.phone or c.url}" for c in fallback)
            out.append(Message(texts.STALE_CONTACT.format(organisation=contact.organisation, months=months, fallback=listed)))
            warned = True
    return out


def _acute(catalog: Catalog, state: State, before: list[Message], announced: bool) -> Reply:
    state.answers[ACUTE_KEY] = "ja"
    state.confirm = None
    route_map = _map_for(catalog, state)
    outcome = walk(route_map, {ACUTE_KEY: "ja"}).outcome
    if outcome is None:  # a map whose first question is not about acute danger
        outcome = next(o for o in route_map.outcomes() if o.code.startswith("acuut"))
    return _outcome(catalog, state, route_map, outcome, before, skip_intro=announced)


def _ask_danger(catalog: Catalog, state: State, before: list[Message], announced: bool) -> Reply:
    """A threat or a fear: 112 if the danger is now, and the danger question."""
    route_map = _map_for(catalog, state)
    start = route_map.nodes[route_map.start]
    messages = list(before)
    if not announced:
        messages.append(Message(texts.POSSIBLE_DANGER))
    if isinstance(start, Question) and start.answer == ACUTE_KEY:
        state.pending = start.id
        return Reply(messages + [_question_message(start)], state)
    return _next(catalog, state, messages)


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
