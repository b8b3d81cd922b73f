"""Button payloads and typed text that only looks like one.

Rasa reads a message that starts with "/" as ``/intent{entities}``. The buttons the
assistant offers use that form (``/choose{"keuze": "form:arbeid"}``, ``/acute_danger``),
but a professional may also type a slash in front of a sentence ("/ hij slaat haar
nu"). Such a message is text: the danger guard, the route and the description must
read it, never drop it as an unknown command. Only a payload whose intent the domain
knows is a button; everything else loses its leading slashes and is read as words.

Used by the channel layer (every channel), the NLU guard and the route action, so the
three agree. Pure functions; the intents are passed in.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

import yaml

_PAYLOAD = re.compile(r"^/(?P<intent>[A-Za-z_][A-Za-z0-9_]*)(?P<entities>\{.*\})?\s*$", re.DOTALL)
_LEADING_SLASHES = re.compile(r"^[\s/\\]+")
DOMAIN_FILE = Path(__file__).resolve().parent.parent / "domain.yml"


def is_button_payload(text: str, intents: Iterable[str]) -> bool:
    """True when `text` is ``/intent`` or ``/intent{json}`` for an intent in `intents`."""
    m = _PAYLOAD.match((text or "").strip())
    known = set(intents)
    # Without a domain to ask (a broken file), the form alone decides: buttons keep working.
    if not m or (known and m.group("intent") not in known):
        return False
    if m.group("entities"):
        try:
            return isinstance(json.loads(m.group("entities")), dict)
        except ValueError:
            return False
    return True


# Rasa's own commands stay commands: the Rasa server answers them politely itself
# (rasa_ext/typed_commands.py: "/restart" is a new signal with its own code).
RASA_COMMANDS = frozenset({"/restart", "/back", "/session_start"})


def as_typed_text(text: str, intents: Iterable[str]) -> str:
    """`text` as the assistant should read it: a known payload or Rasa command unchanged, any
    other leading slashes removed ("/ hij slaat haar" → "hij slaat haar")."""
    if not isinstance(text, str) or not text.lstrip().startswith(("/", "\\")):
        return text
    if is_button_payload(text, intents) or text.strip() in RASA_COMMANDS:
        return text
    return _LEADING_SLASHES.sub("", text)


@lru_cache(maxsize=4)
def domain_intents(path: Optional[str] = None) -> frozenset[str]:
    """The intents listed in the Rasa domain (``domain.yml`` of this checkout)."""
    try:
        raw = yaml.safe_load(Path(path or DOMAIN_FILE).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return frozenset()
    names = []
    for item in raw.get("intents") or []:
        names.append(next(iter(item)) if isinstance(item, dict) else str(item))
    return frozenset(names)
