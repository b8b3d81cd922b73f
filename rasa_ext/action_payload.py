"""A smaller request from the Rasa server to the action server.

Rasa 3.6 posts, for every custom action call, the *whole* tracker (every event of the
conversation, each with its full parse data) and the whole domain (all responses,
intents, slots). The cost grows with the conversation: serialising it in the Rasa
server, sending it, and parsing it in the action server, on every turn.

Our action (``actions/signaalroute.py``) reads only: the slots, ``latest_message``,
the sender id, the input channel of the latest user message and the events after the
latest user message (to see whether a rule already said 112). So the request keeps
the tracker's top-level state and the events from the latest user message on (the
whole list when there is no user message), and leaves out the domain, which the
action does not use (an action listed with ``send_domain: true`` in the domain still
gets it, as in Rasa's own selective-domain mode).

``SIGNAALROUTE_ACTION_EVENTS=all`` restores Rasa's full payload (for an action that
needs the history).

The answer is checked against Rasa's response schema as before, but with a validator
built once: Rasa calls ``jsonschema.validate``, which first validates the *schema*
against the JSON-Schema meta-schema on every call — measured at 46 % of the Rasa
server's CPU time per message with py-spy (bench/bench.py load, concurrency 1).

Installed by ``rasa_ext/__init__.py`` when Rasa imports the package.
"""

from __future__ import annotations

import os
from typing import Any, Dict, List

import rasa
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import EventVerbosity

FULL_ENV = "SIGNAALROUTE_ACTION_EVENTS"

_original = RemoteAction._action_call_format


def events_since_latest_user_message(events: List[Any]) -> List[Any]:
    """The events from the latest ``UserUttered`` on; all of them when there is none."""
    for index in range(len(events) - 1, -1, -1):
        if isinstance(events[index], UserUttered):
            return events[index:]
    return events


def _action_call_format(self: RemoteAction, tracker: Any, domain: Any) -> Dict[str, Any]:
    if os.environ.get(FULL_ENV, "").strip().lower() == "all":
        return _original(self, tracker, domain)
    state = tracker.current_state(EventVerbosity.NONE)  # everything but the events
    state["events"] = [event.as_dict() for event in events_since_latest_user_message(list(tracker.events))]
    result = {"next_action": self._name, "sender_id": tracker.sender_id, "tracker": state,
              "version": rasa.__version__}
    if domain.does_custom_action_explicitly_need_domain(self.name()):
        result["domain"] = domain.as_dict()
    return result


_validator: Any = None


def _validate_action_result(self: RemoteAction, result: Dict[str, Any]) -> bool:
    """Rasa's check of the action server's answer, same errors, schema compiled once."""
    global _validator
    from jsonschema import exceptions, validators

    if _validator is None:
        schema = RemoteAction.action_response_format_spec()
        cls = validators.validator_for(schema)
        cls.check_schema(schema)
        _validator = cls(schema)
    error = exceptions.best_match(_validator.iter_errors(result))
    if error is not None:
        error.message += (
            ". Failed to validate Action server response from API, make sure your response from the "
            "Action endpoint is valid."
        )
        raise error
    return True


def install() -> None:
    """Patch Rasa's RemoteAction (idempotent)."""
    RemoteAction._action_call_format = _action_call_format
    RemoteAction._validate_action_result = _validate_action_result


install()
