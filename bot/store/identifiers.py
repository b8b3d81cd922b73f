"""Enrichment without plaintext: identifiers stored as keyed hashes, matched across consultations."""
from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.store.models import Consultation, Identifier, Officer
from bot.store.types import utcnow

KINDS: dict[str, str] = {
    "address": "Adres",
    "company": "Bedrijfsnaam",
    "licence_plate": "Kenteken",
}

MAX_VALUE_CHARS = 200
LOOKBACK_DAYS = 365

_LEGAL_FORMS = {"bv", "nv", "vof", "cv", "bvba", "holding", "ltd", "gmbh", "sp", "zoo", "eenmanszaak"}
_STREET_ABBREVIATIONS = {"str": "straat", "ln": "laan", "wg": "weg", "pl": "plein", "gr": "gracht"}


class IdentifierError(ValueError):
    """Invalid enrichment input; ``field`` names the input, ``message`` is Dutch."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def _fold(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value)
    without_accents = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return without_accents.casefold()


def normalise(kind: str, value: str) -> str:
    """The canonical form of an identifier, so that spelling variants hash the same.

    "Hoofdstraat 12 A, Den Haag" and "hoofdstr. 12a den haag" give the same address;
    "Bouw & Co B.V." and "bouw en co bv" the same company; "12-ABC-3" and "12abc3" the same plate.
    """
    folded = _fold(value).replace("&", " en ")
    if kind == "licence_plate":
        return re.sub(r"[^a-z0-9]", "", folded).upper()
    if kind == "address":
        # Glue house-number suffixes ("12 a" → "12a") before splitting into words.
        folded = re.sub(r"(\d+)\s*[-/]?\s*([a-z])\b", r"\1\2", folded)
        words = re.findall(r"[a-z0-9]+", folded)
        expanded = []
        for word in words:
            for short, full in _STREET_ABBREVIATIONS.items():
                if word.endswith(short) and not word.endswith(full) and len(word) > len(short):
                    word = word[: -len(short)] + full
                    break
            expanded.append(word)
        return " ".join(expanded)
    if kind == "company":
        compact = re.sub(r"\b([a-z])\.(?=[a-z]\.)", r"\1", folded)  # b.v. → bv.
        words = re.findall(r"[a-z0-9]+", compact.replace(".", ""))
        return " ".join(word for word in words if word not in _LEGAL_FORMS)
    raise IdentifierError("kind", "Kies wat voor kenmerk het is: adres, bedrijfsnaam of kenteken.")


def digest(kind: str, value: str, secret_key: bytes) -> str:
    """HMAC-SHA256 (hex) of the normalised identifier, keyed with the server secret."""
    canonical = normalise(kind, value)
    return hmac.new(secret_key, f"{kind}:{canonical}".encode("utf-8"), hashlib.sha256).hexdigest()


def attach_identifier(
    session: Session, consultation: Consultation, kind: str, value: str, officer: Officer | None,
    secret_key: bytes,
) -> Identifier:
    """Store the keyed hash of an identifier with a consultation (idempotent)."""
    if kind not in KINDS:
        raise IdentifierError("kind", "Kies wat voor kenmerk het is: adres, bedrijfsnaam of kenteken.")
    value = (value or "").strip()
    if not value:
        raise IdentifierError("value", "Vul het kenmerk in.")
    if len(value) > MAX_VALUE_CHARS:
        raise IdentifierError("value", f"Het kenmerk is te lang. Gebruik hoogstens {MAX_VALUE_CHARS} tekens.")
    if not normalise(kind, value):
        raise IdentifierError("value", "Het kenmerk bevat geen letters of cijfers.")
    hashed = digest(kind, value, secret_key)
    existing = session.execute(
        select(Identifier).where(
            Identifier.consultation_id == consultation.id, Identifier.kind == kind, Identifier.digest == hashed
        )
    ).scalar_one_or_none()
    if existing:
        return existing
    identifier = Identifier(
        consultation_id=consultation.id, kind=kind, digest=hashed, officer_id=officer.id if officer else None
    )
    session.add(identifier)
    session.flush()
    return identifier


@dataclass(frozen=True)
class Sighting:
    """How often an identifier of this consultation occurs in others in the last 12 months."""

    identifier_id: int
    kind: str
    kind_label: str
    in_municipality: int
    in_region: int

    @property
    def seen_before(self) -> bool:
        """True when the identifier occurs in at least one other consultation."""
        return self.in_municipality > 0 or self.in_region > 0


def sightings(session: Session, consultation: Consultation) -> list[Sighting]:
    """For each identifier of the consultation: matches in other consultations (municipality, region)."""
    since = utcnow() - timedelta(days=LOOKBACK_DAYS)
    result = []
    for identifier in sorted(consultation.identifiers, key=lambda i: i.id):
        base = (
            select(func.count(func.distinct(Consultation.id)))
            .join(Identifier, Identifier.consultation_id == Consultation.id)
            .where(
                Identifier.digest == identifier.digest,
                Consultation.id != consultation.id,
                Consultation.occurred_at >= since,
            )
        )
        in_municipality = 0
        if consultation.municipality_code:
            in_municipality = session.execute(
                base.where(Consultation.municipality_code == consultation.municipality_code)
            ).scalar_one()
        in_region = session.execute(base.where(Consultation.region_id == consultation.region_id)).scalar_one()
        result.append(
            Sighting(identifier.id, identifier.kind, KINDS.get(identifier.kind, identifier.kind),
                     in_municipality, in_region)
        )
    return result


def describe(sighting: Sighting) -> str:
    """The Dutch flag text, e.g. "eerder gesignaleerd: 2× in de laatste 12 maanden"."""
    if not sighting.seen_before:
        return "niet eerder gesignaleerd in de laatste 12 maanden"
    parts = []
    if sighting.in_municipality:
        parts.append(f"{sighting.in_municipality}× in je gemeente")
    if sighting.in_region:
        parts.append(f"{sighting.in_region}× in de regio")
    return "eerder gesignaleerd: " + ", ".join(parts) + " in de laatste 12 maanden"
