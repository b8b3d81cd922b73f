"""The reporter's optional name and contact: encrypted at rest, for that municipality's officers only.

Never part of exports, figures or logs. The plaintext exists only in memory while an officer of
the consultation's municipality looks at the detail page.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy.orm import Session

from bot.store.models import Consultation, Officer, ReporterContact

MAX_FIELD_CHARS = 200


@dataclass(frozen=True)
class ContactDetails:
    """Decrypted reporter details."""

    name: str
    contact: str


class NotAllowed(PermissionError):
    """The officer may not read this reporter contact."""


def encrypt_contact(name: str, contact: str, fernet_key: bytes) -> bytes | None:
    """The Fernet token for the reporter's details; None when both are empty."""
    name, contact = (name or "").strip()[:MAX_FIELD_CHARS], (contact or "").strip()[:MAX_FIELD_CHARS]
    if not name and not contact:
        return None
    return Fernet(fernet_key).encrypt(json.dumps({"name": name, "contact": contact}).encode("utf-8"))


def save_encrypted(session: Session, consultation: Consultation, token: bytes) -> None:
    """Store (or replace) an already encrypted contact for a consultation."""
    if consultation.reporter_contact is None:
        consultation.reporter_contact = ReporterContact(ciphertext=token)
    else:
        consultation.reporter_contact.ciphertext = token
    session.flush()


def save_contact(session: Session, consultation: Consultation, name: str, contact: str, fernet_key: bytes) -> None:
    """Encrypt and store (or replace) the reporter's details for a consultation."""
    token = encrypt_contact(name, contact, fernet_key)
    if token is not None:
        save_encrypted(session, consultation, token)


def may_read(officer: Officer, consultation: Consultation) -> bool:
    """Only whoever follows the consultation up may read the contact: an attention officer of its
    municipality, or, when the professional kept the municipality to themselves, the regional
    coordinator of the route map's region."""
    if officer.disabled:
        return False
    if consultation.municipality_code is None:
        return officer.role == "regio-coordinator" and officer.region_id == consultation.region_id
    return officer.role == "aandachtsfunctionaris" and consultation.municipality_code in officer.municipality_codes


def read_contact(officer: Officer, consultation: Consultation, fernet_key: bytes) -> ContactDetails | None:
    """Decrypt the contact for an allowed officer; None if there is none (or it is unreadable)."""
    if not may_read(officer, consultation):
        raise NotAllowed("officer is not an attention officer of this municipality")
    stored = consultation.reporter_contact
    if stored is None:
        return None
    try:
        data = json.loads(Fernet(fernet_key).decrypt(stored.ciphertext))
    except (InvalidToken, ValueError):
        return None
    return ContactDetails(name=data.get("name", ""), contact=data.get("contact", ""))


def delete_contact(session: Session, officer: Officer, consultation: Consultation) -> bool:
    """Delete the contact; True if there was one."""
    if not may_read(officer, consultation):
        raise NotAllowed("officer is not an attention officer of this municipality")
    if consultation.reporter_contact is None:
        return False
    session.delete(consultation.reporter_contact)
    consultation.reporter_contact = None
    session.flush()
    return True
