"""Plays Rasa's agent for channel tests that must run without a trained model."""

from __future__ import annotations

from typing import Any, Dict, List


class Assistant:
    """Plays Rasa for channel-level tests: records user messages, answers per script.

    ``answers`` maps a user text to the bot messages (docs/contracts.md shapes)
    to send back through the channel's real output channel.
    """

    def __init__(self) -> None:
        self.heard: List[Any] = []
        self.answers: Dict[str, List[Dict[str, Any]]] = {}

    async def __call__(self, message: Any) -> None:
        self.heard.append(message)
        for bot_message in self.answers.get(message.text, [{"text": "Dank je."}]):
            await message.output_channel.send_response(message.sender_id, dict(bot_message))
