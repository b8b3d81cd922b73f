"""Rasa's own commands typed as text get an answer, not the "something went wrong" fallback.

"/restart", "/back" and "/session_start" make Rasa run ``action_restart``, ``action_back`` or
``action_session_start``, which say nothing here (no ``utter_restart``/``utter_back`` in the
domain: responses no story uses fail ``rasa data validate``). When a user typed one of them
(their latest message has that intent), the action also says, in the words of
``bot.texts``, what happened: a restart is a new signal with its own code.

Installed on import (``rasa_ext/__init__.py``), like ``rasa_ext.action_client``.
"""

from __future__ import annotations

from typing import Any, Optional

_installed = False


def typed_command(tracker: Any) -> Optional[str]:
    """The intent of the user's latest message (a typed command runs right after it)."""
    latest = getattr(tracker, "latest_message", None)
    return (getattr(latest, "intent", None) or {}).get("name")


def install() -> None:
    global _installed
    if _installed:
        return
    try:
        from rasa.core.actions.action import ActionBack, ActionRestart, ActionSessionStart
        from rasa.shared.core.constants import USER_INTENT_BACK, USER_INTENT_RESTART, USER_INTENT_SESSION_START
    except ImportError:  # not in a Rasa server
        return
    from bot import texts

    answers = {
        ActionRestart: (USER_INTENT_RESTART, texts.RESTART_TYPED),
        ActionBack: (USER_INTENT_BACK, texts.BACK_TYPED),
        ActionSessionStart: (USER_INTENT_SESSION_START, texts.SESSION_START_TYPED),
    }
    for action, (intent, text) in answers.items():
        action.run = _answering(action.run, intent, text)
    _installed = True


def _answering(original, intent: str, text: str):
    async def run(self, output_channel, nlg, tracker, domain):  # type: ignore[no-untyped-def]
        typed = typed_command(tracker) == intent
        events = await original(self, output_channel, nlg, tracker, domain)
        if typed:
            from rasa.shared.core.events import BotUttered

            # First: "back" reverts the user's message after it, "session start" ends listening.
            events.insert(0, BotUttered(text, metadata={}))
        return events

    run.__wrapped__ = original  # type: ignore[attr-defined]
    return run


install()
