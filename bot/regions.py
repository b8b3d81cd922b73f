"""Dutch municipalities (with CBS code) and the route map each one uses.

The table is data (``routekaarten/gemeenten.yml``). Finding a municipality in free
text is careful with names that are also ordinary Dutch words ("Huizen", "Best",
"Leiden"): those only count when written with a capital or after "gemeente".
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

from bot.datafiles import DATA_DIR, DataFileError, load_yaml
from bot.textnorm import normalise, strip_accents

# Municipality names that are also common Dutch words or verb forms.
COMMON_WORD_NAMES = frozenset({
    "assen", "beek", "best", "bergen", "buren", "delft", "duiven", "echt", "goes", "gouda",
    "hoorn", "horst", "huizen", "hulst", "kampen", "laren", "leiden", "putten", "sluis",
    "stein", "voorst", "weert", "wierden", "epe", "ede", "oss",
})
_TRIGGER = re.compile(r"\b(gemeente|gem\.?)\s+$")


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str
    map_id: str
    aliases: tuple[str, ...] = ()


class MunicipalityTable:
    """All municipalities, searchable by code, by map and in free text."""

    def __init__(self, municipalities: Iterable[Municipality]) -> None:
        self._by_code: dict[str, Municipality] = {}
        self._names: dict[str, list[Municipality]] = {}
        for m in municipalities:
            self._by_code[m.code] = m
        for m in self._by_code.values():
            for variant in _variants(m.name):
                self._names.setdefault(variant, []).append(m)
        # Aliases only where they don't clash with an official name.
        for m in self._by_code.values():
            for alias in m.aliases:
                for variant in _variants(alias):
                    self._names.setdefault(variant, [m])
        self._sorted_names = sorted(self._names, key=len, reverse=True)
        self._pattern = re.compile(
            r"(?<![\w-])(" + "|".join(re.escape(n) for n in self._sorted_names) + r")(?![\w-])"
        )

    @classmethod
    def load(cls, path: Path = DATA_DIR / "gemeenten.yml", known_maps: Optional[set[str]] = None) -> "MunicipalityTable":
        """Read and check the municipality table."""
        raw = load_yaml(path, "gemeenten.schema.json")
        seen: set[str] = set()
        items = []
        for i, row in enumerate(raw["municipalities"]):
            if row["code"] in seen:
                raise DataFileError(path, f"municipalities[{i}].code", f"'{row['code']}' appears twice")
            seen.add(row["code"])
            if known_maps is not None and row["map"] not in known_maps:
                raise DataFileError(path, f"municipalities[{i}].map", f"'{row['map']}' is not a route map")
            items.append(Municipality(row["code"], row["name"], row["map"], tuple(row.get("aliases", ()))))
        return cls(items)

    def __len__(self) -> int:
        return len(self._by_code)

    def __iter__(self):
        return iter(self._by_code.values())

    def by_code(self, code: Optional[str]) -> Optional[Municipality]:
        """The municipality with CBS code `code`, or None."""
        return self._by_code.get(code or "")

    def in_map(self, map_id: str) -> list[Municipality]:
        """Municipalities whose route map is `map_id`."""
        return [m for m in self._by_code.values() if m.map_id == map_id]

    def find_in_text(self, text: str, loose: bool = False) -> Optional[Municipality]:
        """The municipality named in `text`, or None.

        `loose` is for an answer to "in welke gemeente werk je?": the message may be
        just the name, possibly misspelt, so close matches count too.
        """
        if not text:
            return None
        norm = _norm(text)
        original = strip_accents(text)
        found: list[Municipality] = []
        for match in self._pattern.finditer(norm):
            name = match.group(1)
            candidates = self._names[name]
            if len(candidates) != 1:
                continue
            if name in COMMON_WORD_NAMES and not (
                norm == name
                or _TRIGGER.search(norm[: match.start()])
                or _capitalised(original, name)
            ):
                continue
            found.append(candidates[0])
        if found:
            return found[0]
        if loose:
            return self._closest(norm)
        return None

    def _closest(self, norm: str) -> Optional[Municipality]:
        words = norm.split()
        if not words or len(words) > 6:
            return None
        # Try the whole answer, then runs of words, against all names.
        pieces = [norm] + [" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, min(len(words), i + 3) + 1)]
        best: tuple[float, Optional[Municipality]] = (0.0, None)
        for piece in pieces:
            if len(piece) < 4:
                continue
            for name in difflib.get_close_matches(piece, self._sorted_names, n=1, cutoff=0.8):
                score = difflib.SequenceMatcher(None, piece, name).ratio()
                candidates = self._names[name]
                if score > best[0] and len(candidates) == 1:
                    best = (score, candidates[0])
        return best[1]


def _norm(text: str) -> str:
    # "'s-Gravenhage" and "s Gravenhage" both become "s gravenhage".
    return normalise(text).replace("'", " ").replace("-", " ").replace("  ", " ").strip()


def _variants(name: str) -> set[str]:
    base = _norm(name)
    out = {base}
    without_brackets = re.sub(r"\s*\(.*?\)\s*", " ", name).strip()
    if without_brackets != name:
        out.add(_norm(without_brackets))
    return {v for v in out if v}


def _capitalised(original: str, norm_name: str) -> bool:
    first = norm_name.split()[0]
    pattern = re.compile(r"(?<![\w-])" + re.escape(first.capitalize()) + r"(?![\w])")
    for m in pattern.finditer(original.replace("-", " ")):
        before = original[: m.start()].rstrip()
        # A capital at the start of a sentence proves nothing.
        if before and before[-1] not in ".!?:":
            return True
    return False
