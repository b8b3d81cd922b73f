"""A long message is read in parts, as one story; nothing is dropped without a word (issue 14)."""

from bot import texts
from bot.dialogue import MAX_PARTS, MAX_TEXT, State, Turn, handle
from rasa_ext.channels.common import inbound, split
from tests.support.core_chat import CATALOG

CALM = "Bij de controle in de kas in Naaldwijk zag ik arbeidsmigranten die lang werken en weinig krijgen. " * 30
DANGER = "En nu staat de baas met een mes voor de deur van de container."


def _play(text: str, state: State = State()):
    """The parts as the channel hands them on, through the core; every reply in order."""
    shown = []
    for part, meta in inbound(text).parts():
        reply = handle(CATALOG, state, Turn(part, part=meta.get("part", 1), parts=meta.get("parts", 1),
                                             truncated=bool(meta.get("truncated"))))
        state = reply.state
        shown.append([m.text for m in reply.messages])
    return shown, state


def test_the_channel_splits_between_words_and_keeps_every_word():
    parts, cut_off = split(CALM + DANGER)
    assert len(parts) == 2 and not cut_off
    assert all(len(p) <= MAX_TEXT for p in parts)
    assert " ".join(parts).split() == (CALM + DANGER).split()


def test_danger_at_the_end_of_a_long_story_gets_112():
    shown, _ = _play(CALM + DANGER)
    assert shown[0] == []  # the first part waits for the rest
    assert any("112" in t for t in shown[-1])


def test_danger_in_the_first_part_gets_112_at_once():
    shown, _ = _play(DANGER + " " + CALM)
    assert any("112" in t for t in shown[0])


def test_the_story_is_answered_once_and_says_it_was_read_in_parts():
    shown, state = _play(CALM + " Ik werk bij de gemeente Westland.")
    assert shown[0] == []
    assert shown[-1][0] == texts.READ_IN_PARTS.format(parts=2)
    assert not any(t.startswith("Sorry") for t in shown[-1])
    assert state.municipality is not None  # learnt from the first part


def test_beyond_the_cap_the_rest_is_asked_for_in_a_new_message():
    text = CALM * (MAX_PARTS + 1)
    shown, _ = _play(text)
    assert len(shown) == MAX_PARTS
    assert any("Stuur de rest in een nieuw bericht" in t for t in shown[-1])
    assert not any("Stuur de rest" in t for reply in shown[:-1] for t in reply)
