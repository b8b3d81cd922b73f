"""After a code was given: new facts belong to the same signal, or start a new one. We ask.

Without asking, anything typed after the advice rewrote the recorded signal (a sexual-exploitation
signal became HEIT advice). Now a message with new facts (a form, a subject, a place, another
municipality) gets "Hoort dit bij hetzelfde signaal (SR-…) of is het een nieuw signaal?". The facts
wait as answer-vocabulary only (never text); the answer either goes on with the same signal (its
record gets a new revision) or starts a new signal with its own code. Danger never waits: a
message that reads as danger goes on as before (112 first).
"""

from __future__ import annotations

import re
from typing import Optional

from bot import texts
from bot.catalog import Catalog
from bot.danger import NONE
from bot.dialogue.after_outcome import _new_route
from bot.dialogue.replies import _next, _set_municipality
from bot.dialogue.state import ACUTE_KEY, Reply, State, Turn
from bot.interpret import interpret
from bot.messages import Button, Message, choice_payload
from bot.textnorm import normalise

KEY = "signaal"
SAME, NEW = "zelfde", "nieuw"
MUNICIPALITY = "_gemeente"  # in the held facts: the municipality the message named
_SAME_WORDS = frozenset({"zelfde", "hetzelfde", "hetzelfde signaal", "zelfde signaal", "hoort erbij", "ja hetzelfde"})
_NEW_WORDS = frozenset({"nieuw", "nieuw signaal", "een nieuw signaal", "ander signaal", "een ander signaal"})


def held_facts(catalog: Catalog, state: State, turn: Turn) -> Optional[dict[str, str]]:
    """The new facts of a typed message after the route ended, when they would change the
    signal; None when there is nothing to ask (no new facts, danger, a button, a question)."""
    if turn.payload or not state.finished or state.handover is not None or state.answers.get(ACUTE_KEY) == "ja":
        return None  # after "bel 112" the story goes on: the same signal, nothing to ask
    reading = interpret(catalog, turn.text, turn.intent, turn.confidence, turn.entities, None, None)
    if reading.danger.level != NONE or reading.kind in ("knowledge", "follow_up", "navigation") or reading.follow_up:
        return None
    new = {k: v for k, v in reading.facts.items() if k != ACUTE_KEY and state.answers.get(k) != v}
    guess = reading.municipality
    if guess is not None and guess.clear and guess.municipality.code != state.municipality:
        new[MUNICIPALITY] = guess.municipality.code
    return new or None


# "ze wil toch geen aangifte", "update: ...", "nee wacht, ik had het verkeerd": news about the
# same signal, said in so many words; no need to ask.
_UPDATE = re.compile(
    r"\b(?:toch|update|alsnog|verkeerd|ik bedoel|ik bedoelde|correctie|inmiddels|intussen|ondertussen|"
    r"belt net terug|belde net terug|belt terug|nu ook|after all|actually)\b"
)


def tells_update(text: str) -> bool:
    """Whether a message says it is news about the same signal."""
    return bool(_UPDATE.search(normalise(text or "")))


def question(code: str) -> Message:
    """The question, with a button for each answer."""
    return Message(texts.SAME_OR_NEW.format(code=code), (
        Button(texts.BUTTON_SAME_SIGNAL, choice_payload(KEY, SAME)),
        Button(texts.BUTTON_NEW_SIGNAL_FACTS, choice_payload(KEY, NEW)),
    ))


def answer_of(turn: Turn) -> Optional[str]:
    """SAME, NEW or None (no answer to the question)."""
    for ent in turn.entities:
        if ent.get("entity") == "keuze" and str(ent.get("value", "")).startswith(KEY + ":"):
            return str(ent["value"]).split(":", 1)[1]
    words = normalise(turn.text or "").strip(" .!?")
    if words in _SAME_WORDS:
        return SAME
    if words in _NEW_WORDS:
        return NEW
    return None


def go_on(catalog: Catalog, state: State, facts: dict[str, str], same: bool) -> Reply:
    """Apply the held facts: to the same signal, or as the start of a new one."""
    facts = dict(facts)
    code = facts.pop(MUNICIPALITY, None)
    muni = catalog.municipalities.by_code(code) if code else None
    if same:
        before = _set_municipality(catalog, state, muni) if muni else []
        return _new_route(catalog, state, facts, before)
    fresh = State(municipality=state.municipality)
    before = [Message(texts.NEW_SIGNAL_STARTED)]
    if muni:
        before += _set_municipality(catalog, fresh, muni)
    fresh.answers = {k: v for k, v in facts.items()}
    return _next(catalog, fresh, before)
