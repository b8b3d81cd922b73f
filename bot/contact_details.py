"""A reporter's name and a way to reach them, read from one typed message and checked.

"Sanne de Vries, 06 12345678" or "Sanne, sanne@gemeente.nl": a name alone reaches nobody, so it
is never accepted as a contact. Phone numbers are checked with ``phonenumbers`` (Google's
libphonenumber data: Dutch numbers without a country code, and international ones with one) and
e-mail addresses with ``email-validator`` (syntax only: no DNS look-up from the chat).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

import phonenumbers
from email_validator import EmailNotValidError, validate_email

DEFAULT_REGION = "NL"
_EMAIL_LIKE = re.compile(r"\S*@\S*")
_PHONE_LIKE = re.compile(r"\+?\(?\d[\d ()./-]{5,}\d")
_SEPARATORS = re.compile(r"[\s,;:]+")
_FILLER = re.compile(
    r"\b(mijn|naam|is|ik|ben|heet|telefoon(nummer)?|tel|mobiel|e-?mail(adres)?|mail|adres|nummer|en|via|"
    r"bereikbaar|op|of)\b\.?", re.IGNORECASE)

# What is missing or wrong, for the chat to ask again.
OK, NO_NAME, NO_REACH, BAD_PHONE, BAD_EMAIL = "ok", "no_name", "no_reach", "bad_phone", "bad_email"


@dataclass(frozen=True)
class ContactDetails:
    """What a typed message held: ``problem`` is OK only with a name and a valid phone or e-mail."""

    name: str
    phone: Optional[str]
    email: Optional[str]
    problem: str

    @property
    def reach(self) -> str:
        """The ways to reach the reporter, as stored: "+31 6 12345678, sanne@gemeente.nl"."""
        return ", ".join(x for x in (self.phone, self.email) if x)


def normalise_phone(text: str) -> Optional[str]:
    """The number in international format ("+31 6 12345678"), or None when it is no valid number."""
    try:
        number = phonenumbers.parse(text, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def normalise_email(text: str) -> Optional[str]:
    """The address in normal form, or None when its syntax is wrong."""
    try:
        return validate_email(text.strip(".,;"), check_deliverability=False).normalized
    except EmailNotValidError:
        return None


def read_contact(text: str) -> ContactDetails:
    """Name, phone and e-mail from one message, with the first problem found."""
    text = " ".join((text or "").split())
    emails = _EMAIL_LIKE.findall(text)
    rest = _EMAIL_LIKE.sub(" ", text)
    phones = _PHONE_LIKE.findall(rest)
    rest = _PHONE_LIKE.sub(" ", rest)
    name = _SEPARATORS.sub(" ", _FILLER.sub(" ", rest)).strip(" .,-")
    email = normalise_email(emails[0]) if emails else None
    phone = normalise_phone(phones[0]) if phones else None
    if emails and email is None:
        problem = BAD_EMAIL
    elif phones and phone is None:
        problem = BAD_PHONE
    elif not (phone or email):
        problem = NO_REACH
    elif not re.search(r"[^\W\d_]{2,}", name):
        problem = NO_NAME
    else:
        problem = OK
    return ContactDetails(name=name[:120], phone=phone, email=email, problem=problem)


def email_in(contact: str) -> Optional[str]:
    """The e-mail address in a stored contact ("+31 6 ..., naam@x.nl"), if any."""
    for found in _EMAIL_LIKE.findall(contact or ""):
        email = normalise_email(found)
        if email:
            return email
    return None
