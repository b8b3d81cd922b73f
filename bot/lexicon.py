"""The lexicon (``routekaarten/begrippen.yml``): words that fill in route answers,
and the signals of acute danger."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from bot.datafiles import DATA_DIR, DataFileError, load_yaml
from bot.textnorm import normalise
from bot.vocabulary import ANSWER_VALUES


_CLAUSE_END = re.compile(r"[.!?;,\n]+")
_CONDITION = re.compile(r"\b(?:als|wanneer|zodra|indien)\b")


def term_pattern(terms: Iterable[str]) -> re.Pattern[str]:
    """One regex for a list of lexicon terms, on word boundaries.

    A trailing ``*`` matches any ending of the last word ("arbeidsmigrant*").
    """
    parts = []
    for term in sorted({normalise(t) for t in terms if normalise(t)}, key=len, reverse=True):
        star = term.endswith("*")
        words = term.rstrip("*").split()
        body = r"\s+".join(re.escape(w) for w in words)
        parts.append(body + (r"\w*" if star else ""))
    return re.compile(r"(?<![\w])(?:" + "|".join(parts) + r")(?![\w])")


@dataclass(frozen=True)
class FactRule:
    answer: str
    value: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class AcuteSignals:
    phrases: re.Pattern[str]
    harm: re.Pattern[str]
    now: re.Pattern[str]
    negations: re.Pattern[str]


class Lexicon:
    """Finds facts (answer key → value) and acute danger in free text."""

    def __init__(self, rules: list[FactRule], acute: AcuteSignals, version: str) -> None:
        self.rules = rules
        self.acute = acute
        self.version = version

    @classmethod
    def load(cls, path: Path = DATA_DIR / "begrippen.yml") -> "Lexicon":
        raw = load_yaml(path, "begrippen.schema.json")
        rules = []
        for i, fact in enumerate(raw["facts"]):
            if fact["value"] not in ANSWER_VALUES[fact["answer"]]:
                raise DataFileError(
                    path, f"facts[{i}].value",
                    f"'{fact['value']}' is not an answer for '{fact['answer']}'",
                )
            rules.append(FactRule(fact["answer"], fact["value"], term_pattern(fact["terms"])))
        a = raw["acute_danger"]
        acute = AcuteSignals(
            term_pattern(a["phrases"]), term_pattern(a["harm_terms"]),
            term_pattern(a["now_terms"]), term_pattern(a["negations"]),
        )
        return cls(rules, acute, str(raw["version"]))

    def facts(self, text: str) -> dict[str, str]:
        """Answers that `text` gives away. A key with two competing values is left out."""
        norm = normalise(text)
        if not norm:
            return {}
        hits: dict[str, Counter] = {}
        for rule in self.rules:
            n = len(rule.pattern.findall(norm))
            if n:
                hits.setdefault(rule.answer, Counter())[rule.value] += n
        out = {}
        for key, counter in hits.items():
            ranked = counter.most_common(2)
            if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
                out[key] = ranked[0][0]
        return out

    def denies_acute(self, text: str) -> bool:
        """True when `text` says outright that there is no immediate danger."""
        return bool(self.acute.negations.search(normalise(text)))

    def is_acute(self, text: str) -> bool:
        """True when `text` signals immediate danger (someone hurt, locked up, threatened now)."""
        norm = normalise(text)
        if not norm:
            return False
        if self.acute.phrases.search(self.acute.negations.sub(" ", norm)):
            return True
        # Harm and "now" must be in the same clause: "vorig jaar mishandeld, nu woont ze
        # bij haar zus" is not an emergency.
        # A threat on a condition ("wordt bedreigd als hij stopt") is an exploitation
        # signal, not danger right now.
        for clause in _CLAUSE_END.split(text):
            cleaned = self.acute.negations.sub(" ", normalise(clause))
            harm = self.acute.harm.search(cleaned)
            if harm and self.acute.now.search(cleaned) and not _CONDITION.search(cleaned, harm.end()):
                return True
        return False
