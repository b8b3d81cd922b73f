"""Rasa's own commands typed as text get an answer, not the "something went wrong" fallback.

"/restart" and "/back" are answered by Rasa itself with the domain's ``utter_restart`` and
``utter_back``. "/session_start" runs Rasa's ``action_session_start``, which says nothing: when a
user typed it (the latest event is their message with that intent), this adds a greeting that
says where to begin, in the words of ``bot.texts``.

Installed on import (``rasa_ext/__init__.py``), like ``rasa_ext.action_client``.
"""

from __future__ import annotations

from typing import Any

_installed = False


def typed_session_start(tracker: Any) -> bool:
    """Whether the latest event is a user message asking for a new session."""
    from rasa.shared.core.constants import USER_INTENT_SESSION_START
    from rasa.shared.core.events import UserUttered

    latest = tracker.events[-1] if tracker.events else None
    return isinstance(latest, UserUttered) and (latest.intent or {}).get("name") == USER_INTENT_SESSION_START


def install() -> None:
    global _installed
    if _installed:
        return
    try:
        from rasa.core.actions.action import ActionSessionStart
    except ImportError:  # not in a Rasa server
        return
    original = ActionSessionStart.run

    async def run(self, output_channel, nlg, tracker, domain):  # type: ignore[no-untyped-def]
        events = await original(self, output_channel, nlg, tracker, domain)
        if typed_session_start(tracker):
            from rasa.shared.core.events import BotUttered

            from bot import texts

            events.insert(len(events) - 1, BotUttered(texts.SESSION_START_TYPED, metadata={}))
        return events

    run.__wrapped__ = original  # type: ignore[attr-defined]
    ActionSessionStart.run = run
    _installed = True


install()
