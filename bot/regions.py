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
# "in delft", "uit leiden": after these words a name that is also a Dutch word is the place,
# except names that are plural nouns after "in" ("wonen in huizen", "in bergen", "in kampen").
_PLACE_PREPOSITION = re.compile(r"\b(?:in|uit|bij|te|werk in|werkzaam in)\s+$")
_NOUN_AFTER_IN = frozenset({"huizen", "bergen", "buren", "kampen", "putten", "duiven", "beek", "echt", "assen", "best"})
# Words after which a place name follows: "ik werk in zoetermer", "bij de gemeente ...".
# A word said anywhere is read as a misspelt name only when it is long and very close to one.
LONE_TYPO_LENGTH, LONE_TYPO_CUTOFF = 7, 0.9


def _is_gemeente(word: str) -> bool:
    """"gemeente" as typed in a hurry: "gemeenet", "gemente", "gemeene"."""
    return 6 <= len(word) <= 10 and word[:3] == "gem" and difflib.SequenceMatcher(None, word, "gemeente").ratio() >= 0.8


_PLACE_BEFORE = frozenset({"in", "bij", "gemeente", "gem", "te", "uit", "regio", "from", "at", "near", "municipality"})
# "weet ik niet" must never become Weert, nor "liever niet" a place.
DECLINES = re.compile(
    r"\b(?:weet (?:ik )?(?:het )?niet|weet ik veel|geen idee|zeg ik (?:liever )?niet|liever niet|"
    r"wil ik niet zeggen|zeg ik niet|niet zeggen|anoniem|don'?t know|no idea|rather not|prefer not|not saying)\b"
)
_NEGATED = re.compile(r"\b(?:niet|geen|not|no)\s+(?:in\s+|bij\s+|de gemeente\s+)?$")
CLEAR_MATCH = 0.9


@dataclass(frozen=True)
class Guess:
    """A municipality read in a message: 1.0 when written as its name, lower for a typo.

    `place` is the woonplaats or wijk that was written ("Moerwijk"), when not the name itself;
    `alternatives` the municipalities to choose between when that place is in more than one.
    """

    municipality: "Municipality"
    confidence: float
    place: Optional[str] = None
    alternatives: tuple["Municipality", ...] = ()

    @property
    def clear(self) -> bool:
        return self.confidence >= CLEAR_MATCH


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str
    map_id: str
    aliases: tuple[str, ...] = ()


# Words before a municipality that say it is the professional's own: "ik werk in", "gemeente", "vanuit".
_OWN_PLACE = re.compile(
    r"(?:\b(?:ik|wij|we) (?:werk|werken)(?: zelf)? (?:in|bij|voor)|\bwerkzaam (?:in|bij|voor)|\bgemeente|\bvanuit)"
    r"(?: de)?(?: gemeente)? $"
)
# Words before a municipality that say the person is there now: "verhuisd naar", "woont nu in".
_NOW_THERE = re.compile(
    r"(?:(?:verhuisd|verhuist|verhuizen|gevlucht|vertrokken|overgeplaatst|doorverwezen) naar|"
    r"\b(?:nu|inmiddels|tegenwoordig|sinds kort|sindsdien) (?:\w+ ){0,3}(?:in|naar|bij))"
    r" (?:de gemeente |gemeente )?$"
)


class MunicipalityTable:
    """All municipalities, searchable by code, by map and in free text."""

    def __init__(self, municipalities: Iterable[Municipality], places: Optional[dict[str, Iterable[str]]] = None,
                 not_typos: frozenset[str] = frozenset()) -> None:
        # Dutch words close to a name ("geleden", "worden"): never read as a misspelt one.
        self._not_typos = not_typos
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
        # For typos: names by first letter (a typo rarely hits the first letter).
        self._by_initial: dict[str, list[str]] = {}
        for name in self._sorted_names:
            self._by_initial.setdefault(name[0], []).append(name)
        self._pattern = re.compile(
            r"(?<![\w-])(" + "|".join(re.escape(n) for n in self._sorted_names) + r")(?![\w-])"
        )
        # Places that are not municipalities: "moerwijk" -> Den Haag. A name of a municipality
        # always wins, so a place never hides one; a place in two municipalities is a choice.
        self._places: dict[str, list[Municipality]] = {}
        self._place_names: dict[str, str] = {}
        for code, names in (places or {}).items():
            muni = self._by_code[code]
            for name in names:
                for variant in _variants(name):
                    if variant in self._names:
                        continue
                    found = self._places.setdefault(variant, [])
                    if muni not in found:
                        found.append(muni)
                    self._place_names.setdefault(variant, name)
        self._place_pattern = re.compile(
            r"(?<![\w-])(" + "|".join(re.escape(n) for n in sorted(self._places, key=len, reverse=True)) + r")(?![\w-])"
        ) if self._places else None

    @classmethod
    def load(cls, path: Path = DATA_DIR / "gemeenten.yml", known_maps: Optional[set[str]] = None) -> "MunicipalityTable":
        """Read and check the municipality table."""
        raw = load_yaml(path, "gemeenten.schema.json")
        places = _load_places(path.parent / PLACES_FILE, {row["code"] for row in raw["municipalities"]})
        seen: set[str] = set()
        items = []
        for i, row in enumerate(raw["municipalities"]):
            if row["code"] in seen:
                raise DataFileError(path, f"municipalities[{i}].code", f"'{row['code']}' appears twice")
            seen.add(row["code"])
            if known_maps is not None and row["map"] not in known_maps:
                raise DataFileError(path, f"municipalities[{i}].map", f"'{row['map']}' is not a route map")
            items.append(Municipality(row["code"], row["name"], row["map"], tuple(row.get("aliases", ()))))
        # One folded string of words, not a YAML list: the action server parses the catalog in background
        # threads at start (pure-Python YAML holds the GIL), and 485 list items more made the first turn after a
        # restart miss the Rasa server's 0.5 s liveness watch (tests/faults/test_recording_faults.py).
        return cls(items, places, frozenset(raw.get("not_typos", "").split()))

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
        """The most likely municipality named in `text`, or None (see :meth:`guesses`)."""
        found = self.guesses(text, loose)
        return found[0].municipality if found else None

    def guesses(self, text: str, loose: bool = False) -> list[Guess]:
        """Municipalities read in `text`, best first.

        Names as written come first (1.0), in the order they appear, except names
        the message rules out ("Rijswijk, niet Rijssen"). Without one, typos count:
        after "in", "bij", "gemeente" anywhere, and anywhere when `loose` (the
        message answers "in welke gemeente werk je?").
        """
        if not text:
            return []
        norm = _norm(DECLINES.sub(" ", _norm(text)))
        original = strip_accents(text)
        found: list[Guess] = []
        now_there: list[Guess] = []
        own = False  # a municipality the professional names as their own ("ik werk in", "gemeente", first word)
        for match in self._pattern.finditer(norm):
            name = match.group(1)
            candidates = self._names[name]
            if len(candidates) != 1 or _NEGATED.search(norm[: match.start()]):
                continue
            if name in COMMON_WORD_NAMES and not (
                norm == name
                or _TRIGGER.search(norm[: match.start()])
                or _capitalised(original, name)
                or _said_first(original, name)
                or (name not in _NOUN_AFTER_IN and _PLACE_PREPOSITION.search(norm[: match.start()]))
            ):
                continue
            if all(g.municipality is not candidates[0] for g in found):
                found.append(Guess(candidates[0], 1.0))
                before = norm[max(0, match.start() - 40) : match.start()]
                if _NOW_THERE.search(before):
                    now_there.append(found[-1])
                elif match.start() == 0 or _OWN_PLACE.search(before):
                    own = True
        if len(found) > 1 and len(now_there) == 1 and not own:
            # "zorgcoördinator in Zwolle, nu is ze verhuisd naar Enschede": where the person is now
            # comes first; the place she left is history (w64).
            found = [*now_there, *(g for g in found if g is not now_there[0])]
        if not found:
            found = self._place_guesses(norm, original)
            named = self._after_gemeente(norm)
            if named is not None and all(g.municipality is not named.municipality for g in found):
                # "gemeenet zoetermer ... in Moerwijk": the municipality named as such, even
                # misspelt, is where the professional works; a place elsewhere comes second.
                found = [named, *found]
        first = self._said_first_typo(norm, original)
        if first is not None and all(g.municipality is not first.municipality for g in found):
            # "rotterdm, schuldhulp. ... werkte in het westland": the name said first is where
            # the professional works, also misspelt.
            return [first, *found]
        if found:
            return found
        return self._typos(norm, loose, original)

    def place_of(self, text: str) -> Optional[str]:
        """The way a known place is written in the data ("Moerwijk"), or None."""
        return self._place_names.get(_norm(text))

    def _place_guesses(self, norm: str, original: str) -> list[Guess]:
        """Municipalities of the woonplaatsen and wijken written in `norm` (see `_counts_as_place`)."""
        if self._place_pattern is None:
            return []
        out: list[Guess] = []
        for match in self._place_pattern.finditer(norm):
            name = match.group(1)
            if _NEGATED.search(norm[: match.start()]) or not _counts_as_place(norm, original, name, match.start()):
                continue
            if _in_person_name(original, self._place_names[name]):
                continue
            munis = self._places[name]
            written = self._place_names[name]
            if len(munis) == 1:
                guess = Guess(munis[0], 1.0, place=written)
            else:
                # Two places of the same name: not a guess but a question with both.
                guess = Guess(munis[0], CLEAR_MATCH - 0.2, place=written, alternatives=tuple(munis))
            if all(g.municipality is not guess.municipality for g in out):
                out.append(guess)
        # A place named without doubt goes before one that needs a choice.
        return sorted(out, key=lambda g: bool(g.alternatives))

    def _after_gemeente(self, norm: str) -> Optional[Guess]:
        """A clear (possibly misspelt) name right after "gemeente", or None."""
        words = norm.split()
        best: Optional[Guess] = None
        for i, word in enumerate(words[:-1]):
            if word not in ("gemeente", "gem") and not _is_gemeente(word):
                continue
            for j in (i + 2, i + 3):
                piece = " ".join(words[i + 1 : j])
                if len(piece) < 4 or piece in self._places or piece in self._not_typos:
                    continue
                for name, score in self._close(piece, CLEAR_MATCH):
                    candidates = self._names[name]
                    if len(candidates) == 1 and (best is None or score > best.confidence):
                        best = Guess(candidates[0], round(score, 3))
        return best

    def _said_first_typo(self, norm: str, original: str) -> Optional[Guess]:
        m = re.match(r"^\s*([^\W\d_][\w' -]{2,30}?)\s*[.,:;!]", original.lower())
        if not m or _norm(m.group(1)) in self._names or _norm(m.group(1)) in self._places:
            return None
        piece = _norm(m.group(1))
        if piece in self._not_typos:
            return None
        best = max(self._close(piece, 0.85), key=lambda pair: pair[1], default=None)
        if best is None or len(self._names[best[0]]) != 1 or best[0] in COMMON_WORD_NAMES:
            return None
        return Guess(self._names[best[0]][0], round(best[1], 3))

    def _typos(self, norm: str, loose: bool, original: str) -> list[Guess]:
        words = norm.split()
        # "gemeenet zoetermer": the word "gemeente" may be misspelt too.
        starts = {i + 1 for i, w in enumerate(words) if w in _PLACE_BEFORE or _is_gemeente(w)}
        if loose:
            starts |= set(range(min(len(words), 8)))
        pieces = {" ".join(words[i:j]) for i in starts for j in range(i + 1, min(len(words), i + 3) + 1)}
        if loose and len(words) <= 3:
            pieces.add(norm)
        # Anywhere, a long word very close to one name: "zoetermer", "amersfort". In a message with
        # capitals, only a word written with one: "twee weken geleden" is no Geleen.
        shouted_or_lower = original == original.lower() or original == original.upper()
        lone = {w for w in words if len(w) >= LONE_TYPO_LENGTH
                and (shouted_or_lower or _capitalised(original, w))} - pieces
        scores: dict[str, tuple[float, Municipality]] = {}
        for piece in pieces | lone:
            # A common word that is itself a name ("huizen") is no typo of another name, and a
            # known place of some municipality ("moerwijk") is no typo of another one (Moerdijk).
            if len(piece) < 4 or piece in self._names or any(w in self._places for w in _grams(piece)) \
                    or any(w in self._not_typos for w in piece.split()):
                continue
            cutoff = LONE_TYPO_CUTOFF if piece in lone else 0.8 if loose else 0.85
            for name, score in self._close(piece, cutoff):
                if piece in lone and name.startswith(piece):
                    continue  # a word cut short is another word: "voorschot" is no Voorschoten
                candidates = self._names[name]
                if len(candidates) != 1 or name in COMMON_WORD_NAMES:
                    continue
                muni = candidates[0]
                if score > scores.get(muni.code, (0.0,))[0]:
                    scores[muni.code] = (score, muni)
        ranked = sorted(scores.values(), key=lambda pair: -pair[0])
        guesses = [Guess(m, round(score, 3)) for score, m in ranked]
        # Two names almost as close: neither is a clear match.
        if len(guesses) > 1 and guesses[0].confidence - guesses[1].confidence < 0.05:
            guesses[0] = Guess(guesses[0].municipality, min(guesses[0].confidence, CLEAR_MATCH - 0.01))
        return guesses


    def _close(self, piece: str, cutoff: float) -> list[tuple[str, float]]:
        """Names at least `cutoff` similar to `piece`, with the same first letter."""
        out = []
        matcher = difflib.SequenceMatcher(None, "", piece)  # b (the piece) is analysed once
        for name in self._by_initial.get(piece[0], ()):
            if abs(len(name) - len(piece)) > 3:
                continue
            matcher.set_seq1(name)
            if matcher.real_quick_ratio() >= cutoff and matcher.quick_ratio() >= cutoff and matcher.ratio() >= cutoff:
                out.append((name, matcher.ratio()))
        return out


PLACES_FILE = "plaatsen.yml"
# Place names that are also ordinary words after "in" ("in de heide"): only with a capital.
COMMON_PLACE_WORDS = frozenset({
    "broek", "heide", "linde", "spier", "erica", "enter", "zegge", "joppe", "haven", "holten", "vries",
    "rijen", "loon", "doorn", "made", "veen", "waal", "hoek", "horn", "kaag", "lies", "neer", "wier",
    "boer", "heel", "hall", "leek", "lent", "een", "hem", "tuil", "reek", "ried", "rien", "haler",
})
_ARTICLE_FIRST = re.compile(r"^(?:de|den|het|t|ter|ten|te|op|in|aan|de)\s")
_PLACE_AFTER = re.compile(r"\b(?:in|uit|bij|te|rond|richting|omgeving|wijk|buurt|stadsdeel|dorp|woonplaats)\s+(?:de\s+|het\s+)?$")


def _counts_as_place(norm: str, original: str, name: str, start: int) -> bool:
    """Whether a place name in the text is meant as a place: the whole message, said first,
    written with a capital in mid-sentence, or (a longer name that is no common word)
    right after "in", "uit", "bij"."""
    if norm == name or _said_first(original, name) or _capitalised(original, name):
        return True
    return (
        bool(_PLACE_AFTER.search(norm[:start]))
        and not _ARTICLE_FIRST.match(name)
        and name not in COMMON_PLACE_WORDS
        and (len(name) >= 5 or " " in name)
    )


# "Jan de Vries", "mevrouw Van Eelde", "dhr. Ter Apel": a place name that ends a person's name.
_NAME_PARTICLE = r"(?:van|de|der|den|ter|ten|te|el|al|da|dos|le|la|von)"
_TITLE = r"(?:mevrouw|meneer|mevr|mw|dhr|heer|mr|mrs|ms|miss)\.?"
_NOT_A_NAME = frozenset({
    "in", "uit", "bij", "naar", "te", "rond", "richting", "vanuit", "wijk", "buurt", "dorp", "woonplaats",
    "omgeving", "regio", "gemeente", "de", "het", "een", "en", "of", "maar", "vanaf", "tot", "via", "op",
})


def _in_person_name(original: str, written: str) -> bool:
    """Whether every mention of the place `written` in `original` is the end of a person's name:
    after a title, or after a capitalised word and a name particle ("Jan de Vries")."""
    words = [re.escape(w) for w in strip_accents(written).split()]
    place = re.compile(r"(?<![\w-])" + r"[\s-]+".join(words) + r"(?![\w-])", re.IGNORECASE)
    mentions = list(place.finditer(original))
    if not mentions:
        return False
    for m in mentions:
        before = original[: m.start()]
        titled = re.search(r"\b" + _TITLE + r"\s+(?:" + _NAME_PARTICLE + r"\s+)*$", before, re.IGNORECASE)
        named = re.search(r"(?<![\w-])([A-Z][\w'-]+)\s+(?:" + _NAME_PARTICLE + r"\s+)+$", before, re.IGNORECASE)
        if titled or (named and named.group(1)[0].isupper() and named.group(1).lower() not in _NOT_A_NAME):
            continue
        return False
    return True


def _grams(piece: str) -> list[str]:
    words = piece.split()
    return [" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)]


# Woonplaatsen named like something bigger: the village Nederland (Steenwijkerland) and
# Zeeland (Maashorst). "ze werkte eerder in Nederland" is the country, not a move to Steenwijkerland.
NAMED_LIKE_A_COUNTRY = frozenset({"Nederland", "Zeeland"})


def _load_places(path: Path, codes: set[str]) -> dict[str, list[str]]:
    """woonplaatsen and wijken per municipality code (see routekaarten/plaatsen.yml), without
    the woonplaatsen named like a country or province (NAMED_LIKE_A_COUNTRY)."""
    if not path.exists():
        return {}
    raw = load_yaml(path, "plaatsen.schema.json")
    out: dict[str, list[str]] = {}
    for section in ("woonplaatsen", "wijken"):
        for code, names in raw[section].items():
            if code not in codes:
                raise DataFileError(path, f"{section}.{code}", f"'{code}' is not a municipality in gemeenten.yml")
            out.setdefault(code, []).extend(n for n in names if n not in NAMED_LIKE_A_COUNTRY)
    return out


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


def _said_first(original: str, norm_name: str) -> bool:
    """"leiden. vrouw werkt in een club": the name first, set off by punctuation."""
    return bool(re.match(r"^\s*" + re.escape(norm_name).replace(r"\ ", r"[\s-]+") + r"\s*[.,:;!]", original.lower()))


def _capitalised(original: str, norm_name: str) -> bool:
    first = norm_name.split()[0]
    pattern = re.compile(r"(?<![\w-])" + re.escape(first.capitalize()) + r"(?![\w])")
    for m in pattern.finditer(original.replace("-", " ")):
        before = original[: m.start()].rstrip()
        # A capital at the start of a sentence proves nothing.
        if before and before[-1] not in ".!?:":
            return True
    return False
