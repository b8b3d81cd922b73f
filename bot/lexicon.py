"""The lexicon (``routekaarten/begrippen.yml``): words in free text that fill in route
answers, and the signals of danger (read by :mod:`bot.danger`)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from bot.danger import Danger, DangerLexicon
from bot.datafiles import DATA_DIR, DataFileError, load_yaml
from bot.textnorm import normalise
from bot.vocabulary import ANSWER_VALUES

# "ze wil GEEN aangifte", "not forced": a term right after a negation gives nothing away.
_NEGATED_BEFORE = re.compile(r"(?:^|\s)(?:geen|niet|nooit|zonder|not|no|never|don't|doesn't)(?:\s+\S+)?\s*$")


def _fact_rules(path: Path, section: str, items: list[dict]) -> list["FactRule"]:
    """One rule per item of `section`, each value checked against the shared vocabulary."""
    rules = []
    for i, item in enumerate(items):
        if item["value"] not in ANSWER_VALUES[item["answer"]]:
            raise DataFileError(
                path, f"{section}[{i}].value", f"'{item['value']}' is not an answer for '{item['answer']}'",
            )
        rules.append(FactRule(item["answer"], item["value"], term_pattern(item["terms"])))
    return rules


def _negated(norm: str, match: re.Match) -> bool:
    """A term right after a negation; a term that is itself a negation ("geen grip",
    "niet acuut") is never negated by what comes before it."""
    if _STARTS_NEGATED.match(match.group(0)):
        return False
    return bool(_NEGATED_BEFORE.search(norm[: match.start()]))


_CLAUSES = re.compile(r"[.;:!?\n]+|,\s")
_STARTS_NEGATED = re.compile(r"(?:geen|niet|nooit|zonder|not|no|never)\b")
# "niet over een persoon": a negation right before the words (normalised text has no commas, so a
# wider window would reach into the clause before: "begrijpt niet wat, hij wil").
_RIGHT_AFTER_NEGATION = re.compile(r"(?:^|\s)(?:niet|geen|not|no)\s*$")


def _said(pattern: re.Pattern[str], text: str) -> bool:
    """`pattern` occurs in a clause of `text`, not right after a negation."""
    for clause in _CLAUSES.split(text or ""):
        norm = normalise(clause)
        if any(not _RIGHT_AFTER_NEGATION.search(norm, 0, m.start()) for m in pattern.finditer(norm)):
            return True
    return False


_NEVER = re.compile(r"(?!x)x")


# "Iryna (Oekraïens, 31)", "vrouw (27)", "een 18-jarige jongen": someone described by age is one person.
_AGE_TOLD = re.compile(r"\((?:[^\W\d_]+\s*,\s*)?\d{1,2}\)|\b\d{1,2}-?jarige\b")


def _optional_pattern(terms: Iterable[str] | None) -> re.Pattern[str]:
    return term_pattern(terms) if terms else _NEVER


def _ending_pattern(endings: Iterable[str] | None, exceptions: Iterable[str] | None) -> re.Pattern[str]:
    """Words that end in one of `endings` after at least three letters of their own
    ("shoarmazaak", "Erasmusweg"), in the singular or plural, except `exceptions`."""
    if not endings:
        return _NEVER
    ends = "|".join(re.escape(e) for e in sorted(set(endings), key=len, reverse=True))
    skip = "|".join(re.escape(normalise(w)) for w in exceptions or ())
    guard = rf"(?!(?:{skip})(?![\w]))" if skip else ""
    return re.compile(rf"(?<![\w]){guard}[^\W\d_]{{3,}}(?:{ends})(?:s|en)?(?![\w])")


def term_pattern(terms: Iterable[str]) -> re.Pattern[str]:
    """One regex for a list of lexicon terms, on word boundaries.

    A trailing ``*`` matches any ending of the last word ("arbeidsmigrant*").
    """
    parts = []
    for term in sorted({normalise(t) for t in terms if normalise(t)}, key=len, reverse=True):
        star = term.endswith("*")
        words = term.rstrip("*").split()
        # a word quoted inside a phrase is still the phrase: "die niet betalen 'gestraft' worden"
        body = r"['\s]+".join(re.escape(w) for w in words)
        parts.append(body + (r"\w*" if star else ""))
    return re.compile(r"(?<![\w])(?:" + "|".join(parts) + r")(?![\w])")


@dataclass(frozen=True)
class FactRule:
    answer: str
    value: str
    pattern: re.Pattern[str]


class Lexicon:
    """Finds facts (answer key → value) and danger in free text."""

    def __init__(
        self, rules: list[FactRule], about_place: re.Pattern[str], danger: DangerLexicon, version: str,
        answer_rules: tuple[FactRule, ...] = (), about_person: re.Pattern[str] = _NEVER,
        one_person: re.Pattern[str] = _NEVER, many_people: re.Pattern[str] = _NEVER,
        person_as_source: re.Pattern[str] = _NEVER, place_words: re.Pattern[str] = _NEVER,
        no_case: re.Pattern[str] = _NEVER,
    ) -> None:
        self.rules = rules
        self.no_case = no_case
        self.about_person = about_person
        self.one_person = one_person
        self.many_people = many_people
        self.person_as_source = person_as_source
        self.place_words = place_words
        self.answer_rules = answer_rules
        self.about_place = about_place
        self.danger_terms = danger
        self.version = version

    @classmethod
    def load(cls, path: Path = DATA_DIR / "begrippen.yml") -> "Lexicon":
        raw = load_yaml(path, "begrippen.schema.json")
        rules = _fact_rules(path, "facts", raw["facts"])
        answer_rules = _fact_rules(path, "answer_terms", raw["answer_terms"])
        return cls(
            rules, term_pattern(raw["about_place"]), DangerLexicon(raw["danger"]), str(raw["version"]),
            tuple(answer_rules), _optional_pattern(raw.get("about_person")),
            _optional_pattern(raw.get("one_person")), _optional_pattern(raw.get("many_people")),
            _optional_pattern(raw.get("person_as_source")),
            _ending_pattern(raw.get("place_endings"), raw.get("not_place_endings")),
            _optional_pattern(raw.get("no_case")),
        )

    def says_about_place(self, text: str) -> bool:
        """The message says the signal is about a place: "het gaat om de salon", not "niet over een pand"."""
        return _said(self.about_place, text)

    def says_about_person(self, text: str) -> bool:
        """The message says the signal is about a person: "het gaat om haar", not "iets over een huis,
        niet over een persoon" (w53)."""
        return _said(self.about_person, text)

    def place_or_person(self, text: str) -> str:
        """For a message that names a place: "persoon" when it also names one person (not
        the one who told it: "volgens een cliënte"), "locatie" when it says it is about the
        place, names changing or many people there, or only people in general."""
        norm = normalise(text)
        if self.says_about_place(text) or self.many_people.search(norm):
            return "locatie"
        if self.one_person.search(self.person_as_source.sub(" ", norm)) or _AGE_TOLD.search(text):
            return "persoon"
        return "locatie"

    def names_place(self, text: str, subject_hits: Counter) -> bool:
        """A place is named: a place term, or a word that ends like one ("boven de
        shoarmazaak", "aan de Erasmusweg"). Such a word is weaker evidence: it counts only
        when no person is named, or when changing or many people are."""
        if subject_hits.get("locatie"):
            return True
        norm = normalise(text)
        return bool(self.place_words.search(norm)) and (
            not subject_hits.get("persoon") or bool(self.many_people.search(norm))
        )

    def answer_words(self, key: str, text: str) -> Counter:
        """For a question about `key` that was just asked: how often each value's
        answer words occur in `text` (negated words left out)."""
        norm = normalise(text)
        counter: Counter = Counter()
        for rule in self.answer_rules:
            if rule.answer == key:
                n = sum(1 for m in rule.pattern.finditer(norm) if not _negated(norm, m))
                if n:
                    counter[rule.value] += n
        return counter

    def danger(self, text: str) -> Danger:
        """How dangerous `text` sounds (see :mod:`bot.danger`)."""
        return self.danger_terms.assess(text)

    def is_acute(self, text: str) -> bool:
        """True when `text` tells of danger now (someone hurt, locked up, a weapon)."""
        return self.danger(text).acute

    def hits(self, text: str) -> dict[str, Counter]:
        """Per answer key, how often each value's terms occur (negated terms left out).

        Read clause by clause, so a "niet" in one sentence never negates the next one.
        """
        hits: dict[str, Counter] = {}
        for clause in _CLAUSES.split(text or ""):
            norm = normalise(clause)
            if not norm:
                continue
            for rule in self.rules:
                n = sum(1 for m in rule.pattern.finditer(norm) if not _negated(norm, m))
                if n:
                    hits.setdefault(rule.answer, Counter())[rule.value] += n
        return hits

    def facts(self, text: str) -> dict[str, str]:
        """Answers that `text` gives away. A key with two competing values is left out.

        "locatie" wins outright when the message says the signal is about the place.
        """
        hits = self.hits(text)
        subject = hits.get("subject")
        if subject and subject["persoon"] and self.says_about_place(text):
            subject["locatie"] += 1
            del subject["persoon"]
        elif subject and subject["locatie"] and hits.get("need"):
            # What the victim wants is only asked about a person.
            del subject["locatie"]
        places = hits.get("location_signal", Counter())
        business = max(places["ondermijning"], places["grootschalig"])
        if subject and subject["persoon"] and not hits.get("need") and business > max(places["arbeid"], places["prostitutie"]) \
                and self.place_or_person(text) == "locatie":
            # Undermining is about the business, not about the people who work there; unless one of them
            # is the signal ("een 18-jarige jongen ... werkt in een shishalounge", w47).
            subject["locatie"] += subject.pop("persoon")
        places = hits.get("location_signal")
        if places and places["grootschalig"]:
            # Large-scale undermining is a different question from the kind of work:
            # several partners are needed, whatever the kind.
            hits["location_signal"] = Counter({"grootschalig": 1})
        out = {}
        for key, counter in hits.items():
            ranked = [pair for pair in counter.most_common(2) if pair[1] > 0]
            if len(ranked) == 1 or (ranked and ranked[0][1] > ranked[1][1]):
                out[key] = ranked[0][0]
        return out
