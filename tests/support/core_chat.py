"""A conversation against the domain core alone (no Rasa): what the professional sees."""

from __future__ import annotations

import json

from bot.catalog import load_catalog
from bot.dialogue import State, Turn, handle

CATALOG = load_catalog()


class Chat:
    """Say things and click buttons; keeps the state between turns like the Rasa slots do."""

    def __init__(self, state: State | None = None, catalog=None):
        self.catalog = catalog or CATALOG
        self.state = state or State()
        self.ended = []
        self.last = []

    def say(self, text, intent="nlu_fallback", confidence=0.9, announced=None):
        return self._turn(Turn(text, intent, confidence, announced=announced))

    def click(self, payload):
        if payload.startswith("/choose"):
            value = json.loads(payload[len("/choose"):])["keuze"]
            return self._turn(Turn("", "choose", 1.0, ({"entity": "keuze", "value": value},), payload=True))
        return self._turn(Turn("", payload.lstrip("/"), 1.0, payload=True))

    def _turn(self, turn):
        reply = handle(self.catalog, self.state, turn)
        self.state = reply.state
        if reply.ended:
            self.ended.append(reply.ended)
        self.last = reply.messages
        return "\n".join(m.text for m in reply.messages)

    def buttons(self):
        return [b for m in self.last for b in m.buttons]

    def button(self, fragment):
        """The payload of the offered button whose payload contains `fragment`."""
        return next(b.payload for b in self.buttons() if fragment in b.payload)
