"""Answers to knowledge questions (``routekaarten/kennis.yml``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional

from bot.datafiles import DATA_DIR, load_yaml


@dataclass(frozen=True)
class Topic:
    key: str
    title: str
    answer: str
    by_region: Mapping[str, str]


class Knowledge:
    def __init__(self, topics: Mapping[str, Topic], version: str) -> None:
        self.topics = dict(topics)
        self.version = version

    @classmethod
    def load(cls, path: Path = DATA_DIR / "kennis.yml") -> "Knowledge":
        raw = load_yaml(path, "kennis.schema.json")
        topics = {
            key: Topic(key, t["title"], t["answer"].strip(), dict(t.get("by_region", {})))
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
