"""A small web server that puts the widget's real channels in front of a scripted dialogue.

It serves what the workspace serves for the widget (``/demo``, ``/widget/``,
``/vendor/socket.io/``, ``/vendor/utrecht/``) and registers the project's
``WidgetSocketIOInput`` and ``SafeRestInput`` exactly as ``rasa run`` does.
Only the dialogue is scripted: a fixed route to the NLA with the bot messages of
docs/contracts.md, so widget behaviour (rendering, focus, reconnects, reloads,
REST fallback) can be tested quickly and deterministically without a trained
model. The conversation state lives in a JSON file, so it survives a restart of
this server the way Rasa's tracker store survives a Rasa restart.

Run: ``python tests/browser/channel_harness.py PORT STATE_FILE``
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Dict, List

from rasa.core.channels.channel import UserMessage, register
from sanic import Sanic

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from rasa_ext.channels.rest import SafeRestInput  # noqa: E402
from rasa_ext.channels.widget import WidgetSocketIOInput  # noqa: E402


def choose(value: str) -> str:
    """The payload of a route button, as the bot sends it."""
    return '/choose{"keuze":"%s"}' % value


NLA_CARD = {
    "type": "contact_card",
    "contact": {
        "organisation": "Nederlandse Arbeidsinspectie",
        "role": "Meldpunt arbeidsuitbuiting",
        "phone": "0800-5151",
        "phone_uri": "tel:+318005151",
        "email": None,
        "url": "https://www.nlarbeidsinspectie.nl/",
        "hours": "Werkdagen 8.00 - 17.00 uur",
        "prepare": "Wat je zag, waar en wanneer.",
        "national_fallback": True,
    },
}

# step -> (bot message for that step, {payload: next step}); None = any answer.
SCRIPT: Dict[str, Dict[str, Any]] = {
    "acute": {
        "message": {
            "text": "Hoi, ik help je een signaal van mensenhandel door te geven.\n\n"
            "Is er nu direct gevaar voor iemand?",
            "buttons": [
                {"title": "Ja, nu gevaar", "payload": "/acute_danger"},
                {"title": "Nee", "payload": choose("acute:nee")},
            ],
        },
        "next": {choose("acute:nee"): "subject", "/acute_danger": "done"},
    },
    "subject": {
        "message": {
            "text": "Gaat het om een persoon of om een plek?",
            "buttons": [
                {"title": "Een persoon", "payload": choose("subject:persoon")},
                {"title": "Een plek of bedrijf", "payload": choose("subject:locatie")},
                {"title": "Ik twijfel", "payload": choose("subject:twijfel")},
            ],
        },
        "next": {choose("subject:persoon"): "need"},
    },
    "need": {
        "message": {
            "text": "Wat is nu nodig?",
            "buttons": [
                {"title": "Melden bij politie of inspectie", "payload": choose("need:melden")},
                {"title": "Hulp voor de persoon", "payload": choose("need:steun")},
            ],
        },
        "next": {choose("need:melden"): "form"},
    },
    "form": {
        "message": {
            "text": "Welke vorm van uitbuiting denk je dat het is?",
            "buttons": [
                {"title": "Werk (arbeidsuitbuiting)", "payload": choose("form:arbeid")},
                {"title": "Seksueel", "payload": choose("form:seksueel")},
                {"title": "Weet ik niet", "payload": choose("form:onbekend")},
            ],
        },
        "next": {choose("form:arbeid"): "municipality"},
    },
    "municipality": {
        "message": {
            "text": "In welke gemeente werk je? Typ de naam, of kies hieronder.",
            "buttons": [
                {"title": "Den Haag", "payload": choose("gemeente:GM0518")},
                {"title": "Rotterdam", "payload": choose("gemeente:GM0599")},
            ],
        },
        "next": None,
    },
}

OUTCOME: List[Dict[str, Any]] = [
    {"text": "Dank je. Dit signaal gaat naar de Arbeidsinspectie."},
    {
        "text": "Nederlandse Arbeidsinspectie\nTelefoon: 0800-5151\n"
        "https://www.nlarbeidsinspectie.nl/",
        "custom": NLA_CARD,
    },
    {"text": "Je code is SR-7K3Q-9F. Met die code kun je later naar de status vragen."},
]


class ScriptedDialogue:
    """Walks SCRIPT per sender; state is kept in a JSON file."""

    def __init__(self, state_file: Path) -> None:
        self.state_file = state_file

    def _load(self) -> Dict[str, str]:
        if self.state_file.exists():
            return json.loads(self.state_file.read_text())
        return {}

    def _save(self, state: Dict[str, str]) -> None:
        self.state_file.write_text(json.dumps(state))

    def replies(self, sender: str, text: str) -> List[Dict[str, Any]]:
        """The bot messages for one user message."""
        state = self._load()
        step = state.get(sender)
        if text == "/restart":
            state.pop(sender, None)
            self._save(state)
            return []
        if step is None or text == "/greet":
            state[sender] = "acute"
            self._save(state)
            return [SCRIPT["acute"]["message"]]
        transitions = SCRIPT.get(step, {}).get("next")
        if transitions is None and step == "municipality":
            state[sender] = "done"
            self._save(state)
            return OUTCOME
        if transitions and text in transitions:
            step = transitions[text]
            state[sender] = step
            self._save(state)
            if step == "done":
                return [{"text": "Bel nu 112."}]
            return [SCRIPT[step]["message"]]
        return [{"text": "Dat begreep ik niet. Kies een van de knoppen."}]


def build_app(state_file: Path) -> Sanic:
    """The harness app: widget files, the two real channels, the scripted bot."""
    app = Sanic("signaalroute_widget_harness")
    dialogue = ScriptedDialogue(state_file)

    async def on_new_message(message: UserMessage) -> None:
        for reply in dialogue.replies(message.sender_id, message.text or ""):
            await message.output_channel.send_response(message.sender_id, dict(reply))

    class Agent:
        async def handle_message(self, message: UserMessage) -> None:
            await on_new_message(message)

    app.ctx.agent = Agent()
    channel = WidgetSocketIOInput.from_credentials(
        {
            "user_message_evt": "user_uttered",
            "bot_message_evt": "bot_uttered",
            "session_persistence": True,
        }
    )
    register([channel, SafeRestInput()], app, route="/webhooks/")
    app.static("/widget", str(ROOT / "widget" / "static"))
    app.static("/demo", str(ROOT / "widget" / "demo.html"))
    # The same vendor paths as the workspace (api/app.py VENDOR_DIRS).
    modules = ROOT / "node_modules"
    app.static("/vendor/socket.io", str(modules / "socket.io-client" / "dist"))
    app.static("/vendor/utrecht/design-tokens", str(modules / "@utrecht" / "design-tokens" / "dist"))
    app.static(
        "/vendor/utrecht/component-library-css",
        str(modules / "@utrecht" / "component-library-css" / "dist"),
    )
    return app


if __name__ == "__main__":
    port, state = int(sys.argv[1]), Path(sys.argv[2])
    build_app(state).run(host="127.0.0.1", port=port, access_log=False, workers=1)
