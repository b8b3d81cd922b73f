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


# Southern dialect and speech-to-text spellings of a few function words, so that the rules read "omda" as
# "omdat" and "hee" as "heeft" (w49: a Brabant foreman's voice notes). Dialect "nie" ("niet") is also Polish
# and is left as typed; bot.danger reads it as a negation.
_DIALECT = {"da": "dat", "omda": "omdat", "wa": "wat", "hee": "heeft", "unne": "een", "efkes": "even",
            "nix": "niks", "nimmer": "nooit",
            # as speech-to-text splits them
            "mensen handel": "mensenhandel", "mensen smokkel": "mensensmokkel"}
_DIALECT_WORD = re.compile(r"(?<![\w'-])(?:" + "|".join(_DIALECT) + r")(?![\w'-])")


def normalise(text: str) -> str:
    """Lower case, accents removed (Polish "ł" too: "miał" → "mial"), punctuation (except - ' * +)
    turned into spaces, a few dialect spellings of function words made standard ("omda" → "omdat")."""
    text = strip_accents(text or "").lower().replace("’", "'").replace("‘", "'").replace("ł", "l")
    text = _PUNCT.sub(" ", text)
    text = _DIALECT_WORD.sub(lambda m: _DIALECT[m.group(0)], text)
    return _SPACES.sub(" ", text).strip()


def words(text: str) -> list[str]:
    """The normalised words of `text` (hyphens split words)."""
    return [w for w in re.split(r"[\s-]+", normalise(text)) if w]
