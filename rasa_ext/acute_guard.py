"""NLU component: acute danger always wins.

Runs after the intent classifiers. When the message signals immediate danger
(the lexicon in routekaarten/begrippen.yml: "hij wordt nu geslagen", "spoed",
"112", ...) the intent becomes ``acute_danger`` whatever the classifier thought,
so the Rasa rule answers "bel 112" from the Rasa server itself — also when the
action server is down. When the classifier said ``acute_danger`` but the text
explicitly says there is no danger ("geen direct gevaar"), the next best intent
is used instead.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.lexicon import Lexicon

logger = logging.getLogger(__name__)
ACUTE = "acute_danger"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class AcuteDangerGuard(GraphComponent, IntentClassifier):
    """Overrides the intent for messages that signal (or explicitly deny) acute danger."""

    def __init__(self, lexicon: Optional[Lexicon]) -> None:
        self._lexicon = lexicon

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
        # Read the lexicon at start-up; it is data and may change without retraining.
        try:
            lexicon = Lexicon.load()
        except Exception:  # the guard must never stop the server from answering
            logger.exception("Acute-danger lexicon could not be loaded; only the classifier decides.")
            lexicon = None
        return cls(lexicon)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._guard(message)
        return messages

    def _guard(self, message: Message) -> None:
        text = message.get(TEXT) or ""
        if self._lexicon is None or not text or text.startswith("/"):
            return
        intent = message.get(INTENT) or {}
        if self._lexicon.is_acute(text):
            if intent.get("name") != ACUTE:
                message.set(INTENT, {"name": ACUTE, "confidence": 1.0}, add_to_output=True)
                ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != ACUTE]
                message.set(INTENT_RANKING_KEY, [{"name": ACUTE, "confidence": 1.0}] + ranking, add_to_output=True)
        elif intent.get("name") == ACUTE and self._lexicon.denies_acute(text):
            ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") not in (ACUTE, "nlu_fallback")]
            if ranking:
                message.set(INTENT, dict(ranking[0]), add_to_output=True)
                message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
