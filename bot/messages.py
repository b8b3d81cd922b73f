"""What the assistant says, as plain data (text, buttons, optional card)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Optional

from bot import texts
from bot.routemap import Contact


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True)
class Message:
    text: str
    buttons: tuple[Button, ...] = ()
    custom: Optional[dict] = None

    def as_dict(self) -> dict:
        """The message in Rasa's dispatcher shape (text, buttons, json_message)."""
        out: dict = {"text": self.text}
        if self.buttons:
            out["buttons"] = [{"title": b.title, "payload": b.payload} for b in self.buttons]
        if self.custom:
            out["json_message"] = self.custom
        return out


def choice_payload(key: str, value: str) -> str:
    """Button payload that answers `key` with `value` (see docs/contracts.md)."""
    return "/choose" + json.dumps({"keuze": f"{key}:{value}"}, ensure_ascii=False)


ACUTE_PAYLOAD = "/acute_danger"


def contact_message(contact: Contact) -> Message:
    """A contact as readable text plus a card for channels that can show one."""
    lines = [f"{contact.organisation} – {contact.role}"]
    if contact.phone:
        lines.append(f"{texts.CARD_PHONE}: {contact.phone}")
    if contact.email:
        lines.append(f"{texts.CARD_EMAIL}: {contact.email}")
    if contact.url:
        lines.append(f"{texts.CARD_WEBSITE}: {contact.url}")
    if contact.hours:
        lines.append(f"{texts.CARD_HOURS}: {contact.hours}")
    if contact.prepare:
        lines.append(f"{texts.CARD_PREPARE}: {contact.prepare}")
    if contact.national_fallback:
        lines.append(texts.NATIONAL_CONTACT)
    if contact.source_is_old:
        lines.append(texts.CHECK_NUMBER)
    card = {
        "type": "contact_card",
        "contact": {
            "organisation": contact.organisation,
            "role": contact.role,
            "phone": contact.phone,
            "phone_uri": contact.phone_uri,
            "email": contact.email,
            "url": contact.url,
            "hours": contact.hours,
            "prepare": contact.prepare,
            "national_fallback": contact.national_fallback,
            "check_number": contact.source_is_old,
        },
    }
    return Message("\n".join(lines), custom=card)
