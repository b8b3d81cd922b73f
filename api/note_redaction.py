"""Officers' notes are redacted for identifiers only, never for the workspace's own words.

The de-identifier reads capitalised words as names: "Stap Vastgelegd: NLA gebeld" became
"[NAAM]: NLA gebeld". The words of the step plan, the partners and the domain are no personal
data, so they are lower-cased before redaction (which does not read them as names then) and
given back their own spelling afterwards. Everything else goes through the redactor as it is.
"""
from __future__ import annotations

import re
from typing import Optional

from bot.store import followup
from bot.store.redaction import Redactor, redact_safely

_DOMAIN_WORDS = (
    "Stap", "Notitie", "Melder", "Aandachtsfunctionaris", "Signalenoverleg", "Screeningstafel", "Routekaart",
    "Zorgcoördinator", "Zorgcoordinator", "Ketenregisseur", "Arbeidsinspectie", "Politie", "Veilig Thuis",
    "Mensenhandel", "Consultatie", "Overdracht", "Terugkoppeling", "Kenmerk", "Verrijkt", "Doorgezet",
)


def _vocabulary() -> list[str]:
    words = set(_DOMAIN_WORDS)
    for label, _ in followup.STEPS.values():
        words.update(w for w in re.findall(r"[^\W\d_]{3,}", label) if w[0].isupper())
        words.add(label)
    for label in followup.PARTNERS.values():
        words.update(w for w in re.findall(r"[^\W\d_]{3,}", label) if w[0].isupper())
    # Longest first, so "Vastgelegd en verrijkt" wins over "Vastgelegd".
    return sorted(words, key=len, reverse=True)


_PATTERN = re.compile(r"\b(" + "|".join(re.escape(w) for w in _vocabulary()) + r")\b", re.IGNORECASE)


def redact_note(text: str, redactor: Optional[Redactor] = None) -> str:
    """``text`` de-identified, with the workspace's vocabulary kept as the officer wrote it."""
    originals: list[str] = []

    def lower(match: re.Match) -> str:
        originals.append(match.group(0))
        return match.group(0).lower()

    protected = _PATTERN.sub(lower, text or "")
    redacted = redact_safely(protected, redactor)
    spelling = {original.lower(): original for original in originals}
    return _PATTERN.sub(lambda match: spelling.get(match.group(0).lower(), match.group(0)), redacted)
