"""What comes next: the next question, an outcome with its contacts, 112, back, stop."""

from __future__ import annotations

from dataclasses import replace
from typing import Optional

from bot import handover, texts
from bot.catalog import Catalog
from bot.dialogue.state import ACUTE_KEY, OTHER_MUNICIPALITY, PRIVATE_MUNICIPALITY, Reply, RouteEnd, State
from bot.handover import HANDOVER_KEY
from bot.interpret import MUNICIPALITY_QUESTION
from bot.messages import ACUTE_PAYLOAD, Button, Message, choice_payload, contact_message
from bot.regions import Municipality
from bot.routemap import Contact, Outcome, Question, RouteMap
from bot.settings import contact_max_age_months
from bot.staleness import is_stale, national_fallback
from bot.vocabulary import UNKNOWN
from bot.walker import step_back, walk

MAX_ASKS = 2  # no question is asked a third time in a row


def _pending_question(catalog: Catalog, state: State) -> Optional[Question]:
    if not state.pending or state.pending == MUNICIPALITY_QUESTION:
        return None
    node = _map_for(catalog, state).nodes.get(state.pending)
    return node if isinstance(node, Question) else None


def _set_municipality(catalog: Catalog, state: State, muni: Municipality) -> list[Message]:
    route_map = catalog.maps.get(muni.map_id)
    changed_region = state.municipality not in (None, PRIVATE_MUNICIPALITY) and state.has_facts
    state.municipality = muni.code
    state.confirm, state.choices, state.choice_place = None, (), None
    if route_map.is_national:
        regions = texts.region_list(catalog.maps.region_names())
        return [Message(texts.NATIONAL_NOTICE.format(name=muni.name, regions=regions))]
    template = texts.REGION_CHANGED if changed_region else texts.REGION_SET
    return [Message(template.format(name=muni.name, region=route_map.name))]


def _map_for(catalog: Catalog, state: State) -> RouteMap:
    muni = catalog.municipalities.by_code(state.municipality)
    return catalog.maps.get(muni.map_id if muni else state.region)


def _next(catalog: Catalog, state: State, before: list[Message]) -> Reply:
    if state.confirm:
        muni = catalog.municipalities.by_code(state.confirm)
        if muni is not None:
            state.pending = MUNICIPALITY_QUESTION
            return Reply(before + [_confirm_message(muni)], state)
        state.confirm = None
    if state.choices:
        # "Zevenhuizen": a place in more than one municipality is a real choice, asked at most twice.
        if _may_ask(state, MUNICIPALITY_QUESTION):
            return Reply(before + [_choose_between_message(catalog, state)], state)
        state.choices, state.choice_place = (), None
        return _give_up_municipality(catalog, state, before)
    route_map = _map_for(catalog, state)
    step = walk(route_map, state.answers)
    if step.question is not None and (step.question.id == route_map.start or state.municipality):
        if not _may_ask(state, step.question.id):
            return _give_up(catalog, state, step.question, before)
        if step.question.answer == ACUTE_KEY:
            state.danger_asks += 1
        return Reply(before + [_question_message(step.question)], state)
    if state.municipality is None and step.outcome is not None and state.answers.get(ACUTE_KEY) == "ja" \
            and step.outcome.code.startswith("acuut"):
        # "ja" to "Is er nu direct gevaar?": 112 now, never after "In welke gemeente werk je?".
        return _outcome(catalog, state, route_map, step.outcome, before)
    if state.municipality is None:
        if not _may_ask(state, MUNICIPALITY_QUESTION):
            return _give_up_municipality(catalog, state, before)
        return Reply(before + [_municipality_message()], state)
    assert step.outcome is not None
    return _outcome(catalog, state, route_map, step.outcome, before)


def _may_ask(state: State, question_id: str) -> bool:
    """Count one more asking of `question_id` (and make it pending); False when that would
    be its third time in a row: then the assistant moves on instead (never a dead end)."""
    state.asked = state.asked + 1 if state.pending == question_id else 1
    state.pending = question_id
    return state.asked <= MAX_ASKS


def _understood(catalog: Catalog, state: State) -> str:
    """"het gaat om een persoon en je werkt in de gemeente Delft": what the conversation knows."""
    about_place = state.answers.get("subject") == "locatie"
    parts = [
        texts.FACT_PHRASES[(k, v)] for k, v in state.answers.items()
        if k != ACUTE_KEY and (k, v) in texts.FACT_PHRASES and (k != "location_signal" or about_place)
    ]
    muni = catalog.municipalities.by_code(state.municipality)
    if muni:
        parts.append(f"je werkt in de gemeente {muni.name}")
    if not parts:
        return texts.UNDERSTOOD_NOTHING
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " en " + parts[-1]


# What a misread answer says; left out when the assistant gives up and takes the general route.
_MISS_TEXTS = (texts.NOT_UNDERSTOOD, texts.NOT_UNDERSTOOD_AGAIN, texts.GUIDANCE_WANTED, texts.MORE_OF_THE_STORY)


def _give_up(catalog: Catalog, state: State, q: Question, before: list[Message]) -> Reply:
    """A question asked twice without an answer: say what is known, take the general
    answer ("Weet ik niet", a gut feeling, no danger now) and go on. The options stay
    as buttons, so a better answer can still be chosen."""
    before = [m for m in before if m.text not in _MISS_TEXTS]
    values = [o.value for o in q.options]
    general = _general_answer(q.answer, state, values)
    state.asked = 0
    if q.answer == ACUTE_KEY:
        # Never guess danger away in silence: the yes button (the Rasa server's own 112) stays.
        state.answers[ACUTE_KEY] = "nee"
        note = Message(texts.GIVE_UP_DANGER, (Button(texts.BUTTON_DANGER_AFTER_ALL, ACUTE_PAYLOAD),))
        return _next(catalog, state, before + [note])
    value = general or values[-1]
    state.answers[q.answer] = value
    others = tuple(
        Button(o.label, choice_payload(q.answer, o.value)) for o in q.options if o.value != value
    )
    note = Message(texts.GIVE_UP.format(understood=_understood(catalog, state)), others)
    return _next(catalog, state, before + [note])


def _general_answer(key: str, state: State, values: list[str]) -> Optional[str]:
    """The answer the general route takes for a question given up, from the facts known.

    A form of exploitation known makes the signal one about a person, to pass on to the
    organisation for that form ("de stekers bij een teler" misread twice after "asperge, 5 euro
    per uur": the NLA, not only the advice line). Without such a fact: not knowing, or doubt.
    """
    form = state.answers.get("form")
    known_form = form is not None and form != UNKNOWN
    if key == "subject" and "persoon" in values and (known_form or state.answers.get("need")):
        return "persoon"
    if key == "need" and "melden" in values and known_form:
        return "melden"
    return next((v for v in (UNKNOWN, "twijfel") if v in values), None)


def _give_up_municipality(catalog: Catalog, state: State, before: list[Message]) -> Reply:
    """The municipality asked twice: go on with the national map (and say so)."""
    before = [m for m in before if m.text not in _MISS_TEXTS]
    state.municipality, state.asked = PRIVATE_MUNICIPALITY, 0
    return _next(catalog, state, before + [Message(texts.GIVE_UP_MUNICIPALITY, _municipality_message().buttons)])


def _choose_between_message(catalog: Catalog, state: State) -> Message:
    munis = [m for m in (catalog.municipalities.by_code(c) for c in state.choices) if m is not None]
    buttons = [Button(m.name, choice_payload(MUNICIPALITY_QUESTION, m.code)) for m in munis]
    buttons.append(Button(texts.BUTTON_OTHER_MUNICIPALITY, choice_payload(MUNICIPALITY_QUESTION, OTHER_MUNICIPALITY)))
    names = " of ".join(m.name for m in munis)
    return Message(texts.CHOOSE_MUNICIPALITY.format(place=state.choice_place or "Die plaats", names=names), tuple(buttons))


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
    region = catalog.maps.get(state.region) if state.region and muni is None else None
    if muni:
        text = texts.INTERNAL_STEP.format(municipality=f"de gemeente {muni.name}")
    elif region is not None:
        text = texts.INTERNAL_STEP_REGION.format(region=region.name)
    else:
        text = texts.INTERNAL_STEP_NO_MUNICIPALITY
    return Message(text, _after_buttons())


def _municipality_label(catalog: Catalog, state: State) -> str:
    muni = catalog.municipalities.by_code(state.municipality)
    return f"de gemeente {muni.name}" if muni else "je gemeente"


def _outcome(
    catalog: Catalog, state: State, route_map: RouteMap, outcome: Outcome, before: list[Message],
    skip_intro: bool = False, after_advice: bool = False,
) -> Reply:
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
        after = texts.ACUTE_NEXT_AFTER_ADVICE if after_advice else texts.ACUTE_NEXT
        messages.append(Message(texts.ACUTE_FOLLOW_UP.format(municipality=label, next=after), (
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
    state.pending, state.finished, state.asked = None, True, 0
    return Reply(messages, state, ended)


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
            text = texts.STALE_SOURCE if contact.source_is_old else texts.STALE_CONTACT
            out.append(Message(text.format(organisation=contact.organisation, months=months, fallback=listed)))
            warned = True
    return out


def _acute(catalog: Catalog, state: State, before: list[Message], announced: bool) -> Reply:
    # Danger after the advice: that route ended with "no danger now" and its reference code.
    after_advice = state.finished and state.answers.get(ACUTE_KEY) == "nee"
    state.answers[ACUTE_KEY] = "ja"
    state.confirm = None
    route_map = _map_for(catalog, state)
    outcome = walk(route_map, {ACUTE_KEY: "ja"}).outcome
    if outcome is None:  # a map whose first question is not about acute danger
        outcome = next(o for o in route_map.outcomes() if o.code.startswith("acuut"))
    return _outcome(catalog, state, route_map, outcome, before, skip_intro=announced, after_advice=after_advice)


def _ask_danger(catalog: Catalog, state: State, before: list[Message], announced: bool) -> Reply:
    """A threat or a fear: 112 if the danger is now, and the danger question."""
    route_map = _map_for(catalog, state)
    start = route_map.nodes[route_map.start]
    messages = list(before)
    if not announced:
        messages.append(Message(texts.POSSIBLE_DANGER))
    if isinstance(start, Question) and start.answer == ACUTE_KEY:
        state.danger_asks += 1
        if not _may_ask(state, start.id) or state.danger_asks > MAX_ASKS:
            # Asked twice already (also with 112 between, when the same answer keeps sounding like
            # danger): 112 has been said; the route goes on and the yes button stays.
            state.answers[ACUTE_KEY], state.asked = "nee", 0
            return _next(catalog, state, messages + [Message(texts.GIVE_UP_DANGER, (Button(texts.BUTTON_DANGER_AFTER_ALL, ACUTE_PAYLOAD),))])
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
