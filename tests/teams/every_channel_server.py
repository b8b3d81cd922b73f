"""REST, socket.io and Teams on one Sanic server with the real core behind them (no Rasa NLU).

Run: ``python tests/teams/every_channel_server.py PORT`` with the Teams settings in the
environment (``EVERY_CHANNEL_TEAMS`` = JSON credentials block). ``POST /mode`` with
``{"down": true}`` or ``{"broken": true}`` plays a part that is down.
Used by test_every_channel_same_answer.py, in its own process because Sanic allows
one in-process test server per session.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any, Dict

from sanic import Sanic, response

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bot.dialogue import State, Turn, handle  # noqa: E402
from rasa_ext.channels.rest import SafeRestInput  # noqa: E402
from rasa_ext.channels.teams import TeamsInput, TeamsSettings  # noqa: E402
from rasa_ext.channels.widget import WidgetSocketIOInput  # noqa: E402
from tests.support.core_chat import CATALOG  # noqa: E402


class CoreAssistant:
    """Plays Rasa with the real core: one State per sender; can play a part that is down."""

    def __init__(self) -> None:
        self.states: Dict[str, State] = {}
        self.down = False  # answers nothing, as Rasa does when the action server is down
        self.broken = False  # raises, as a crashing part would

    async def __call__(self, message: Any) -> None:
        if self.broken:
            raise RuntimeError("a part is down")
        if self.down:
            return
        meta = message.metadata or {}
        turn = Turn(message.text, "nlu_fallback", 0.9, truncated=bool(meta.get("truncated")),
                    part=int(meta.get("part") or 1), parts=int(meta.get("parts") or 1))
        reply = handle(CATALOG, self.states.get(message.sender_id, State()), turn)
        self.states[message.sender_id] = reply.state
        for bot_message in reply.messages:
            shape = bot_message.as_dict()
            if "json_message" in shape:
                shape["custom"] = shape.pop("json_message")
            await message.output_channel.send_response(message.sender_id, shape)


def build_app() -> Sanic:
    """The three channels, as credentials.yml registers them, in front of the core."""
    assistant = CoreAssistant()
    settings = TeamsSettings.load(json.loads(os.environ["EVERY_CHANNEL_TEAMS"]), os.environ)
    app = Sanic("every_channel", configure_logging=False)
    widget = WidgetSocketIOInput.from_credentials(
        {"user_message_evt": "user_uttered", "bot_message_evt": "bot_uttered", "session_persistence": True}
    )
    for channel in (SafeRestInput(), widget, TeamsInput(settings)):
        app.blueprint(channel.blueprint(assistant), url_prefix=f"/webhooks/{channel.name()}")

    @app.post("/mode")
    async def mode(request: Any) -> Any:
        assistant.down = bool(request.json.get("down"))
        assistant.broken = bool(request.json.get("broken"))
        return response.json({"down": assistant.down, "broken": assistant.broken})

    return app


if __name__ == "__main__":
    build_app().run(host="127.0.0.1", port=int(sys.argv[1]), access_log=False, workers=1)
