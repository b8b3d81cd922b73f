"""Print the Dutch words that the municipality finder must not read as a misspelt name.

bot.regions reads a word close to a municipality's name as a typo of it ("zoetermer"). Some
Dutch words are that close to a name: "geleden" (Geleen), "worden" (Woerden). This lists the
word forms of spaCy's Dutch lemma tables and stop words (spacy-lookups-data, spaCy) at least
0.85 similar to a name with the same first letter, leaving out forms made from the name itself
("amsterdamse"). Its output, one word a line, is the folded ``not_typos`` string in routekaarten/gemeenten.yml:

    .venv/bin/python -m tools.not_typos > /tmp/not_typos.txt
"""

from __future__ import annotations

import collections
import difflib

from spacy.lang.nl.stop_words import STOP_WORDS

from bot.catalog import load_catalog
from bot.deid_names import _spacy_lookups

CUTOFF = 0.85
# Endings that make a word of the name itself: "amsterdams", "alkmaarse", "rotterdammer".
_MADE_FROM_NAME = frozenset({"s", "se", "e", "er", "ers", "mer", "mers", "aar", "naar", "enaar", "ner", "ners"})  # the lowest cutoff bot.regions uses for a typo outside an answer to the question


def dutch_forms() -> set[str]:
    lookup = _spacy_lookups("nl_lemma_lookup")
    forms = {w.lower() for w in [*lookup, *lookup.values()]}
    for table in _spacy_lookups("nl_lemma_exc").values():
        forms.update(f.lower() for f in table)
    forms |= set(STOP_WORDS)
    return {w for w in forms if w.isalpha() and len(w) >= 4}


def main() -> None:
    table = load_catalog().municipalities
    names = [n for n in table._names if len(n) >= 4]
    by_initial: dict[str, list[str]] = collections.defaultdict(list)
    for word in dutch_forms():
        if word not in table._names and word not in table._places:
            by_initial[word[0]].append(word)
    found = set()
    for name in names:
        matcher = difflib.SequenceMatcher(None, "", name)
        for word in by_initial.get(name[0], ()):
            if abs(len(word) - len(name)) > 3 or (word.startswith(name) and word[len(name):] in _MADE_FROM_NAME):
                continue
            matcher.set_seq1(word)
            if matcher.real_quick_ratio() >= CUTOFF and matcher.quick_ratio() >= CUTOFF and matcher.ratio() >= CUTOFF:
                found.add(word)
    for word in sorted(found):
        print(word)


if __name__ == "__main__":
    main()
