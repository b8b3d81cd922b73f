"""Normalising Dutch free text for matching: lower case, no accents, plain spaces."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[\s\u00a0]+")
_PUNCT = re.compile(r"[^\w\s'*+-]")


def strip_accents(text: str) -> str:
    """``coördinator`` → ``coordinator``."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalise(text: str) -> str:
    """Lower case, accents removed (Polish "ł" too: "miał" → "mial"), punctuation (except - ' * +)
    turned into spaces."""
    text = strip_accents(text or "").lower().replace("’", "'").replace("‘", "'").replace("ł", "l")
    text = _PUNCT.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def words(text: str) -> list[str]:
    """The normalised words of `text` (hyphens split words)."""
    return [w for w in re.split(r"[\s-]+", normalise(text)) if w]
