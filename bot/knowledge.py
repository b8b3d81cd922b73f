"""Answers to knowledge questions (``routekaarten/kennis.yml``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional

from bot.datafiles import DATA_DIR, load_yaml
from bot.textnorm import normalise

# A message asked as a question: a question mark, or a question word first.
_QUESTION_START = re.compile(
    r"^(?:(?:en|maar|trouwens|btw|oh|ok|oke|even tussendoor|nog een vraag|vraagje|and|but)\s+)*"
    r"(?:wat|wie|wanneer|waar|waarom|hoe|welke|welk|kan|kun|kunnen|mag|moet|moeten|is|zijn|wordt|worden|"
    r"heeft|hebben|krijgt|krijg|geldt|klopt|what|who|when|where|why|how|which|can|could|is|are|does|do|will)\b"
)


@dataclass(frozen=True)
class Topic:
    key: str
    title: str
    answer: str
    by_region: Mapping[str, str]
    cues: Optional[re.Pattern[str]] = None


def is_question(text: str) -> bool:
    """True when `text` is asked as a question."""
    return "?" in text or bool(_QUESTION_START.match(normalise(text)))


class Knowledge:
    def __init__(self, topics: Mapping[str, Topic], version: str) -> None:
        self.topics = dict(topics)
        self.version = version

    @classmethod
    def load(cls, path: Path = DATA_DIR / "kennis.yml") -> "Knowledge":
        from bot.lexicon import term_pattern

        raw = load_yaml(path, "kennis.schema.json")
        topics = {
            key: Topic(
                key, t["title"], t["answer"].strip(), dict(t.get("by_region", {})),
                term_pattern(t["cues"]) if t.get("cues") else None,
            )
            for key, t in raw["topics"].items()
        }
        return cls(topics, str(raw["version"]))

    def answer(self, key: str, map_id: Optional[str] = None) -> Optional[str]:
        """The answer for `key`, with the region's extra paragraph when there is one."""
        topic = self.topics.get(key)
        if topic is None:
            return None
        extra = topic.by_region.get(map_id or "")
        return f"{topic.answer}\n{extra.strip()}" if extra else topic.answer

    def topic_asked(self, text: str) -> Optional[str]:
        """The topic a question in `text` is about ("wordt zij niet gestraft?" → non_punishment).

        Only for messages asked as a question; the longest cue wins, so "signalen van
        arbeidsuitbuiting" beats "signalen".
        """
        if not is_question(text):
            return None
        norm = normalise(text)
        best: tuple[int, Optional[str]] = (0, None)
        for topic in self.topics.values():
            if topic.cues is None:
                continue
            for match in topic.cues.finditer(norm):
                if len(match.group(0)) > best[0]:
                    best = (len(match.group(0)), topic.key)
        return best[1]
