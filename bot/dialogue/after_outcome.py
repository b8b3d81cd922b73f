"""After an outcome: the contacts again, who else, the next step, new facts, the location checklist."""

from __future__ import annotations

import re
from typing import Optional

from bot import handover, texts
from bot.catalog import Catalog
from bot.dialogue.learn import _facts_phrase
from bot.dialogue.replies import _done_message, _internal_step, _map_for, _municipality_label, _next, _set_municipality
from bot.dialogue.state import ACUTE_KEY, Reply, State
from bot.handover import HANDOVER_KEY
from bot.interpret import FOLLOW_UP, MUNICIPALITY_QUESTION, Reading
from bot.messages import Button, Message, choice_payload, contact_message
from bot.regions import Municipality
from bot.routemap import Contact, RouteMap
from bot.textnorm import normalise
from bot.vocabulary import ANSWER_VALUES, UNKNOWN, is_valid_answer
from bot.walker import walk


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
    if answers.get(ACUTE_KEY) == "ja":
        # More of the story after "bel 112", without danger in it and without a no: the same
        # signal goes on, and the danger question comes first again (at most twice per signal).
        del answers[ACUTE_KEY]
    if "form" in new and "form" not in used and answers.get("subject") != "locatie":
        # A form of exploitation named after the advice: the professional wants to pass it on.
        answers.update(subject="persoon", need="melden")
    state.answers, state.finished, state.pending = answers, False, None
    told = {k: v for k, v in new.items() if (k, v) in texts.FACT_PHRASES}
    phrase = _facts_phrase(told, answers)
    # Never "Ik begrijp: ." (a place's use told without the signal being about the place).
    notice = [Message(texts.UNDERSTOOD.format(facts=phrase))] if phrase else []
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


def _asks_handover(catalog: Catalog, state: State, reading: Reading) -> bool:
    """The checklist is asked for: its button, or its words typed after the outcome."""
    if reading.choice == (HANDOVER_KEY, handover.START):
        return True
    checklist = catalog.maps.checklist_for(_map_for(catalog, state)) if state.finished else None
    return checklist is not None and handover.typed_start(checklist, reading.text)


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
    if reading.choice == (HANDOVER_KEY, handover.START) or (
            state.handover is None and handover.typed_start(checklist, reading.text)):
        state.handover = {}
        messages.append(Message(checklist.offer))
    elif reading.choice == (HANDOVER_KEY, handover.SKIP):
        state.handover = handover.record(checklist, state.handover or {}, "")
    elif reading.navigation == "go_back" and handover.means_back(reading.text):
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
    card = {"type": handover.HANDOVER_SUMMARY, "text": text}
    return Reply(messages + [Message(text, custom=card), Message(checklist.summary_note), _done_message()], state)
