"""Adaptive Cards for Teams: a question with its buttons, a contact with tel: and mailto: links."""

from __future__ import annotations

import re
from typing import Any, Dict, List, Mapping, Optional
from urllib.parse import urlparse

from bot import texts

ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive"
ADAPTIVE_CARD_VERSION = "1.4"

# A Dutch phone number as route maps write them in running text ("Bel dan 06-14007438.").
_PHONE_IN_TEXT = re.compile(r"(?<![\w-])(0\d{1,3}-\d{4,8})(?![\w-])")


def with_phone_links(text: str) -> str:
    """Markdown with every phone number in the text as a tel: link (06-14007438 → tel:+31614007438)."""
    return _PHONE_IN_TEXT.sub(lambda m: f"[{m.group(1)}](tel:+31{m.group(1)[1:].replace('-', '')})", text)


def _adaptive_card(
    body: List[Dict[str, Any]], fallback_text: str, actions: Optional[List[Dict[str, Any]]] = None
) -> Dict[str, Any]:
    content: Dict[str, Any] = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": ADAPTIVE_CARD_VERSION,
        "body": body,
        "fallbackText": fallback_text,
        "msteams": {"width": "Full"},
    }
    if actions:
        content["actions"] = actions
    return {"contentType": ADAPTIVE_CARD, "content": content}


def _text_block(text: str, **style: Any) -> Dict[str, Any]:
    return {"type": "TextBlock", "text": text, "wrap": True, **style}


def question_card(text: str, buttons: List[Dict[str, Any]]) -> Dict[str, Any]:
    """An Adaptive Card with the question and one button per answer.

    Each button is an ``Action.Submit`` sent as ``messageBack``: the chat shows the
    label as the user's message, and the payload comes back in ``value``. One
    ActionSet per button stacks them vertically, so long Dutch labels stay whole.
    """
    body: List[Dict[str, Any]] = [_text_block(text)] if text else []
    lines = [text] if text else []
    for number, button in enumerate(buttons, start=1):
        title = str(button.get("title") or button.get("payload") or "")
        payload = str(button.get("payload") or title)
        body.append(
            {
                "type": "ActionSet",
                "actions": [
                    {
                        "type": "Action.Submit",
                        "title": title,
                        "data": {
                            "payload": payload,
                            "msteams": {"type": "messageBack", "displayText": title},
                        },
                    }
                ],
            }
        )
        lines.append(f"{number}. {title}")
    if buttons:
        lines.append(texts.TYPE_OPTION_NUMBER)
    return _adaptive_card(body, "\n\n".join(lines))


def contact_card(contact: Mapping[str, Any], fallback_text: str) -> Dict[str, Any]:
    """An Adaptive Card for a contact: who, phone (tel:), e-mail, website, hours."""
    body = [_text_block(str(contact["organisation"]), size="Medium", weight="Bolder")]
    actions = []
    if contact.get("role"):
        body.append(_text_block(str(contact["role"]), isSubtle=True, spacing="None"))
    phone, phone_uri = contact.get("phone"), contact.get("phone_uri")
    if phone and isinstance(phone_uri, str) and phone_uri.startswith("tel:"):
        body.append(_text_block(f"**{texts.CARD_PHONE}:** [{phone}]({phone_uri})"))
        actions.append({"type": "Action.OpenUrl", "title": f"Bel {phone}", "url": phone_uri})
    elif phone:
        body.append(_text_block(f"**{texts.CARD_PHONE}:** {phone}"))
    email = contact.get("email")
    if email:
        body.append(_text_block(f"**{texts.CARD_EMAIL}:** [{email}](mailto:{email})"))
        actions.append({"type": "Action.OpenUrl", "title": "Stuur een e-mail", "url": f"mailto:{email}"})
    url = contact.get("url")
    if isinstance(url, str) and urlparse(url).scheme in ("http", "https"):
        body.append(_text_block(f"**{texts.CARD_WEBSITE}:** [{url}]({url})"))
        actions.append({"type": "Action.OpenUrl", "title": "Open de website", "url": url})
    if contact.get("hours"):
        body.append(_text_block(f"**{texts.CARD_HOURS}:** {contact['hours']}"))
    if contact.get("prepare"):
        body.append(_text_block(f"**{texts.CARD_PREPARE}:** {with_phone_links(str(contact['prepare']))}"))
    if contact.get("national_fallback"):
        body.append(_text_block(texts.NATIONAL_CONTACT, isSubtle=True))
    if contact.get("check_number"):
        body.append(_text_block(texts.CHECK_NUMBER, isSubtle=True))
    return _adaptive_card(body, fallback_text, actions)


def contact_of(custom: Any) -> Optional[Mapping[str, Any]]:
    if not isinstance(custom, dict) or custom.get("type") != "contact_card":
        return None
    contact = custom.get("contact")
    if isinstance(contact, dict) and contact.get("organisation"):
        return contact
    return None


def summary(text: str) -> str:
    """The first line of a message, for the notification preview."""
    lines = (text or "").strip().splitlines()
    return lines[0][:100] if lines else ""
