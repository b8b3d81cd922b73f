"""Events read back from the tracker store resolve to the same classes as in Rasa (rasa_ext/event_lookup.py)."""

from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SlotSet, UserUttered
from rasa.shared.utils.common import all_subclasses

from rasa_ext import event_lookup


def test_every_event_name_resolves_to_the_class_rasa_would_find():
    for cls in all_subclasses(Event):
        first = next(c for c in all_subclasses(Event) if c.type_name == cls.type_name)
        assert Event.resolve_by_type(cls.type_name) is first


def test_stored_events_come_back_as_the_same_events_and_unknown_names_still_fail():
    events = [UserUttered("hallo", {"name": "greet", "confidence": 1.0}), SlotSet("sr_state", "x"),
              ActionExecuted("action_listen"), BotUttered("Is er nu direct gevaar?")]
    assert [Event.from_parameters(e.as_dict()) for e in events] == events
    assert Event.resolve_by_type("topic") is None
    assert event_lookup.resolve_by_type("no_such_event", SlotSet) is SlotSet
    try:
        Event.resolve_by_type("no_such_event")
    except ValueError:
        pass
    else:
        raise AssertionError("an unknown event name must still raise")
