"""Reading a Teams activity: required fields, the user's text or clicked payload, the sender."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from typing import Any, List, Mapping, Optional
from urllib.parse import urlparse

# Teams puts "<at>Bot name</at>" in front of the text in group chats and channels.
_MENTION = re.compile(r"<at>[^<]*</at>", re.IGNORECASE)
_REQUIRED_FIELDS = ("channelId", "serviceUrl", "conversation.id", "from.id", "recipient.id")


def missing_fields(activity: Mapping[str, Any]) -> List[str]:
    """Dotted names of the fields this bot needs that the activity lacks."""
    missing = []
    for path in _REQUIRED_FIELDS:
        value: Any = activity
        for part in path.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if not isinstance(value, str) or not value.strip():
            missing.append(path)
    service_url = activity.get("serviceUrl")
    if "serviceUrl" not in missing and urlparse(service_url).scheme not in ("http", "https"):
        missing.append("serviceUrl")
    return missing


def click_payload(value: Any) -> Optional[str]:
    """The button payload carried in an activity's ``value``, if any.

    Accepts the data of our ``Action.Submit`` (``{"payload": ...}``), the same
    as a JSON string, and the data still wrapped in ``msteams``.
    """
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return None
    if not isinstance(value, dict):
        return None
    payload = value.get("payload")
    if isinstance(payload, str) and payload.strip():
        return payload.strip()
    msteams = value.get("msteams")
    if isinstance(msteams, dict) and msteams.get("value") is not None:
        return click_payload(msteams["value"])
    return None


def incoming_text(activity: Mapping[str, Any]) -> str:
    """What the user said: the clicked button's payload, else the typed text."""
    payload = click_payload(activity.get("value"))
    if payload:
        return payload
    text = activity.get("text")
    if not isinstance(text, str):
        return ""
    return _MENTION.sub("", text).strip()


def bot_was_added(activity: Mapping[str, Any]) -> bool:
    """True for a conversationUpdate that adds this bot to the conversation."""
    bot_id = activity["recipient"]["id"]
    added = activity.get("membersAdded")
    return isinstance(added, list) and any(isinstance(member, dict) and member.get("id") == bot_id for member in added)


def pseudonymous_sender(secret: bytes, activity: Mapping[str, Any]) -> str:
    """A stable sender id for Rasa that does not reveal who the Teams user is."""
    identity = f"{activity['conversation']['id']}|{activity['from']['id']}"
    digest = hmac.new(secret, identity.encode("utf-8"), hashlib.sha256).hexdigest()
    return f"teams-{digest[:32]}"
