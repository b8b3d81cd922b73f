"""NLU component: danger is judged first, on every message, by the Rasa server itself.

Runs after the intent classifiers and reads the message the same way as the route: the
lexicon (``bot.danger``, terms in ``routekaarten/begrippen.yml``) combined with the
learned reading that ``rasa_ext.sentence_features`` put on the message
(``bot.learned.combine``: either can raise danger, only evidence in the words lowers it):

* danger now ("hij wordt nu geslagen", "they locked the door") → intent ``acute_danger``:
  a Rasa rule answers "bel 112" from the server, also when the action server is down;
* a threat, a plan, fear for life ("komt haar vanavond halen") → ``possible_danger``:
  a rule says "bel 112 als er nu gevaar is" and the route asks whether the danger is now;
* no cue at all, but the classifier says danger → ``possible_danger`` when it is sure,
  its next-best intent when it is not, when the message denies danger ("geen direct
  gevaar", "vorig jaar bedreigd", "wat als ...") or when the learned reading, trained on
  far more writers than the classifier, is confidently calm ("ze is niet bang voor hem",
  "het gevaar is geweken": 15 of 148 false alarms on eight unseen writers, no danger lost).

Whatever the pending question is: a threat told in answer to "In welke gemeente werk je?"
still gets 112 in that very reply.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.danger import ACUTE, POSSIBLE
from bot.datafiles import DATA_DIR
from bot.learned import PARSE_KEY, LearnedReading, combine
from bot.lexicon import Lexicon
from bot.payloads import as_typed_text, domain_intents, is_button_payload

logger = logging.getLogger(__name__)
ACUTE_INTENT = "acute_danger"
POSSIBLE_INTENT = "possible_danger"
DANGER_INTENTS = (ACUTE_INTENT, POSSIBLE_INTENT)
# Measured on bench/understanding.py: below this the classifier's danger without any
# cue in the words gave 112 in conversations that had no danger at all.
CLASSIFIER_SURE = 0.85
LEXICON_FILE = DATA_DIR / "begrippen.yml"


class _LexiconFile:
    """The lexicon, reloaded when begrippen.yml changes; the last good version on errors."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._stamp: Optional[int] = None
        self._lexicon: Optional[Lexicon] = None

    def current(self) -> Optional[Lexicon]:
        try:
            stamp = self._path.stat().st_mtime_ns
        except OSError:
            return self._lexicon
        if stamp != self._stamp:
            self._stamp = stamp
            try:
                self._lexicon = Lexicon.load(self._path)
            except Exception:  # the guard must never stop the server from answering
                logger.exception("Danger lexicon not (re)loaded; keeping the previous version.")
        return self._lexicon


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class AcuteDangerGuard(GraphComponent, IntentClassifier):
    """Sets the intent to acute_danger / possible_danger from the danger reading."""

    def __init__(self, lexicon_file: _LexiconFile) -> None:
        self._lexicon_file = lexicon_file

    @classmethod
    def required_components(cls) -> List[type]:
        return [IntentClassifier]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {}

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "AcuteDangerGuard":
        source = _LexiconFile(LEXICON_FILE)
        source.current()
        return cls(source)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._guard(message)
        return messages

    def _guard(self, message: Message) -> None:
        text = message.get(TEXT) or ""
        lexicon = self._lexicon_file.current()
        # A button payload is not words; "/ hij slaat haar" typed with a slash is.
        if lexicon is None or not text.strip() or is_button_payload(text, domain_intents()):
            return
        text = as_typed_text(text, domain_intents())
        intent = message.get(INTENT) or {}
        name, confidence = intent.get("name"), float(intent.get("confidence") or 0.0)
        learned = LearnedReading.from_dict(message.get(PARSE_KEY))
        danger = combine(lexicon.danger(text), learned)
        if danger.level == ACUTE:
            _set_intent(message, ACUTE_INTENT)
        elif danger.level == POSSIBLE:
            if name != ACUTE_INTENT:
                _set_intent(message, POSSIBLE_INTENT)
        elif name == "affirm" and danger.denied:
            # "ja, maar er is geen direct gevaar": at the danger question that is a no; a
            # yes here would make the Rasa rule say 112.
            _set_intent(message, "deny")
        elif name in DANGER_INTENTS:
            # Cues that were there but negated, past or hypothetical: the words say "no".
            # An answer that opens with "nee" is the professional's no, against the classifier alone.
            told_no = danger.denied or bool(danger.cues) or (learned is not None and learned.calm) \
                or "answered_no" in danger.markers
            if confidence >= CLASSIFIER_SURE and not told_no:
                _set_intent(message, POSSIBLE_INTENT)
            else:
                _demote(message)


def _set_intent(message: Message, name: str) -> None:
    ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != name]
    message.set(INTENT, {"name": name, "confidence": 1.0}, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [{"name": name, "confidence": 1.0}] + ranking, add_to_output=True)


def _demote(message: Message) -> None:
    ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") not in (*DANGER_INTENTS, "nlu_fallback")]
    if ranking:
        message.set(INTENT, dict(ranking[0]), add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
    else:
        message.set(INTENT, {"name": "nlu_fallback", "confidence": 1.0}, add_to_output=True)
