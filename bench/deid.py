"""Benchmark: recall of bot.anonymise on our own marked evaluation set.

Usage: .venv/bin/python -m bench.deid [--set bench/data/deid_set.yml] [--half dev|test] [--quiet] [--memory]

``--half dev`` keeps the even-indexed messages of the set (0-based), ``--half
test`` the odd-indexed ones: look at the dev half's misses while improving, and
only at the test half's figures (``--quiet``) to check that a fix generalises.

Prints recall per identifier kind and overall, keep-rate per kind of domain
word, every miss and every lost keep word, and milliseconds per message.

Scoring (shared with tests/privacy/test_deid_set.py):

* The redacted text must be the original with some stretches replaced by tags
  (``[NAAM]``, ``[TELEFOON]`` ...). We align it back onto the original, which
  tells for every original character whether it survived.
* An identifier counts as **removed** when none of its letters and digits
  survived. Separators (spaces, dashes, dots, ``+``) do not count, and for
  names neither do the lower-case name particles ("de", "van", "el" ...),
  which identify no one on their own.
* A domain word counts as **kept** when all its letters and digits survived.
* Unless ``--strict``: the label of a marked number ("kamer", "plek", "kraam") and the trade before a
  marked business name ("camping", "...bedrijf") do not count, nor a town after a comma in a marked
  address ("Akerstraat 218, Kerkrade"): the assistant keeps these on purpose (they identify no one and
  tell the officer what and where). Writers of sets 12 and 13 marked them with the identifier; the
  first runs of sets 1..13 were scored strictly. The privacy test scores strictly.
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

import yaml

DEFAULT_SET = Path(__file__).resolve().parent / "data" / "deid_set.yml"

IDENTIFIER_KINDS = (
    "name", "nickname", "phone", "email", "address", "postcode", "plate",
    "iban", "bsn", "document", "date_of_birth", "account",
    # kinds a new writer's set found kept in clear (issue 18, section 7)
    "staff_number", "room", "pitch", "street", "farm", "vin", "case_number",
)
KEEP_KINDS = ("place", "nationality", "sector", "org", "service", "age", "word")

_MARKUP = re.compile(r"\[\[(?P<ikind>\w+):(?P<itext>.+?)\]\]|\{\{(?P<kkind>\w+):(?P<ktext>.+?)\}\}")
_TAG = re.compile(
    r"\[(?:NAAM|ADRES|POSTCODE|TELEFOON|EMAIL|BSN|IBAN|KENTEKEN|DATUM|NUMMER|DOCUMENTNUMMER|ACCOUNT|ANDER SCHRIFT)\]"
)
_PARTICLES = frozenset(
    "de van der den het 't te ten ter el al bin ben da di do dos das du la le von vom zu y e".split()
)


@dataclass(frozen=True)
class Mark:
    kind: str
    text: str
    start: int
    end: int
    identifier: bool


@dataclass
class Sentence:
    text: str
    marks: list[Mark]


@dataclass
class Report:
    found: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    total: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    kept: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    keep_total: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    misses: list[tuple[Mark, str]] = field(default_factory=list)
    lost: list[tuple[Mark, str]] = field(default_factory=list)
    ms_per_message: list[float] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return sum(self.found.values()) / max(1, sum(self.total.values()))

    @property
    def keep_rate(self) -> float:
        return sum(self.kept.values()) / max(1, sum(self.keep_total.values()))


def parse(line: str) -> Sentence:
    """Strip the markup from one set entry; remember where each mark sits."""
    parts, marks, position, length = [], [], 0, 0
    for match in _MARKUP.finditer(line):
        parts.append(line[position : match.start()])
        length += match.start() - position
        identifier = match.group("ikind") is not None
        kind = match.group("ikind") or match.group("kkind")
        text = match.group("itext") if identifier else match.group("ktext")
        allowed = IDENTIFIER_KINDS if identifier else KEEP_KINDS
        if kind not in allowed:
            raise ValueError(f"unknown kind {kind!r} in: {line}")
        marks.append(Mark(kind, text, length, length + len(text), identifier))
        parts.append(text)
        length += len(text)
        position = match.end()
    parts.append(line[position:])
    return Sentence("".join(parts), marks)


def load(path: Path = DEFAULT_SET) -> list[Sentence]:
    with open(path, encoding="utf-8") as file:
        data = yaml.safe_load(file)
    return [parse(line) for line in data["sentences"]]


def half(sentences: list[Sentence], which: Optional[str]) -> list[Sentence]:
    """The even-indexed ("dev") or odd-indexed ("test") messages; all for None."""
    if which is None:
        return sentences
    if which not in ("dev", "test"):
        raise ValueError(f"unknown half {which!r}: dev or test")
    return sentences[0 if which == "dev" else 1 :: 2]


def surviving(original: str, redacted: str) -> list[bool]:
    """For each character of ``original``: is it still in ``redacted``?

    ``redacted`` must be ``original`` with stretches replaced by tags; the
    stretches are found by matching the kept pieces in order.
    """
    pieces = _TAG.split(redacted)
    pattern = "(.+?)".join(re.escape(piece) for piece in pieces)
    match = re.fullmatch(pattern, original, re.S)
    if match is None:
        raise ValueError(f"redaction changed more than tagged stretches:\n{original}\n{redacted}")
    alive = [True] * len(original)
    for group in range(1, len(pieces)):
        for index in range(match.start(group), match.end(group)):
            alive[index] = False
    return alive


# Words inside a marked identifier that identify no one and that the assistant keeps on purpose
# (not counted unless --strict): the label of a number ("kamer 5", "plek 12", "suite 9") and the trade
# before a name ("camping de zeeuwse weide"), which tell the officer what kind of place it is.
_LABEL_WORDS = frozenset(
    "kamer kamers room rooms suite unit units appartement studio plek plekken plaats plaatsen standplaats "
    "standplaatsen kraam kramen caravan caravans stacaravan stacaravans chalet chalets nr nummer nummers "
    "camping minicamping boerderij zorgboerderij hoeve kwekerij bedrijf maatschap landgoed".split()
)
def _counted(mark: Mark, original: str, is_town: Optional[Callable[[str], bool]] = None) -> list[int]:
    """Positions of the mark's letters and digits that must be judged.

    With `is_town` (unless --strict), label words and a town after a comma in a marked address
    ("Akerstraat 218, Kerkrade") are not judged: the assistant keeps them for the officer by design.
    """
    positions = []
    text = original[mark.start : mark.end]
    last_comma = text.rfind(",")
    for token in re.finditer(r"[^\W_]+", text):
        word = token.group(0)
        if mark.kind in ("name", "nickname") and word in _PARTICLES:
            continue
        if is_town is not None and mark.kind not in ("name", "nickname"):
            if word.lower() in _LABEL_WORDS or word.lower().endswith(("bedrijf", "kwekerij")):
                continue
            if mark.kind == "address" and last_comma >= 0 and token.start() > last_comma and is_town(word):
                continue
        positions.extend(range(mark.start + token.start(), mark.start + token.end()))
    return positions


def evaluate(sentences: list[Sentence], redact: Callable[[str], str], report: Optional[Report] = None,
             is_town: Optional[Callable[[str], bool]] = None) -> Report:
    report = report or Report()
    for sentence in sentences:
        start = time.perf_counter()
        redacted = redact(sentence.text)
        report.ms_per_message.append((time.perf_counter() - start) * 1000)
        alive = surviving(sentence.text, redacted)
        for mark in sentence.marks:
            positions = _counted(mark, sentence.text, is_town)
            if mark.identifier:
                report.total[mark.kind] += 1
                if not any(alive[i] for i in positions):
                    report.found[mark.kind] += 1
                else:
                    report.misses.append((mark, redacted))
            else:
                report.keep_total[mark.kind] += 1
                if all(alive[i] for i in positions):
                    report.kept[mark.kind] += 1
                else:
                    report.lost.append((mark, redacted))
    return report


def _is_lower_or_lone_name(mark: Mark) -> bool:
    return mark.kind == "name" and (mark.text == mark.text.lower() or " " not in mark.text)


def print_report(report: Report, sentences: list[Sentence], verbose: bool = True) -> None:
    print(f"{len(sentences)} messages, {sum(report.total.values())} identifiers, "
          f"{sum(report.keep_total.values())} domain words")
    print("\nRecall per kind (removed / marked)")
    for kind in IDENTIFIER_KINDS:
        if report.total[kind]:
            print(f"  {kind:<14} {report.found[kind]:>4} / {report.total[kind]:<4} "
                  f"{report.found[kind] / report.total[kind]:7.1%}")
    names = [m for s in sentences for m in s.marks if _is_lower_or_lone_name(m)]
    missed = {id(m) for m, _ in report.misses}
    lower = [m for m in names if m.text == m.text.lower()]
    print(f"  (of the names: {len(lower)} lower case, {len(names) - len(lower)} more single-word; "
          f"{sum(1 for m in names if id(m) not in missed)} / {len(names)} removed)")
    print(f"  {'overall':<14} {sum(report.found.values()):>4} / {sum(report.total.values()):<4} "
          f"{report.recall:7.1%}")
    print("\nKeep-rate per kind (kept / marked)")
    for kind in KEEP_KINDS:
        if report.keep_total[kind]:
            print(f"  {kind:<14} {report.kept[kind]:>4} / {report.keep_total[kind]:<4} "
                  f"{report.kept[kind] / report.keep_total[kind]:7.1%}")
    print(f"  {'overall':<14} {sum(report.kept.values()):>4} / {sum(report.keep_total.values()):<4} "
          f"{report.keep_rate:7.1%}")
    times = sorted(report.ms_per_message)
    print(f"\nms per message: mean {statistics.mean(times):.2f}, median {statistics.median(times):.2f}, "
          f"max {times[-1]:.2f} (deduce already loaded)")
    if verbose:
        print(f"\nMisses ({len(report.misses)}):")
        for mark, redacted in report.misses:
            print(f"  {mark.kind}: {mark.text!r}\n      -> {redacted}")
        print(f"\nLost domain words ({len(report.lost)}):")
        for mark, redacted in report.lost:
            print(f"  {mark.kind}: {mark.text!r}\n      -> {redacted}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=DEFAULT_SET)
    parser.add_argument("--half", choices=("dev", "test"), default=None,
                        help="only the even-indexed (dev) or odd-indexed (test) messages of the set")
    parser.add_argument("--quiet", action="store_true", help="figures only, no list of misses")
    parser.add_argument("--memory", action="store_true", help="also print resident memory before/after loading")
    parser.add_argument("--strict", action="store_true",
                        help="count every word of a mark, also a label ('kamer 5') and a town after an address")
    args = parser.parse_args()

    import psutil  # noqa: PLC0415

    process = psutil.Process()
    rss_before = process.memory_info().rss
    from bot import anonymise  # noqa: PLC0415 - loads deduce

    sentences = half(load(args.set), args.half)
    compact = (anonymise.cache_dir() / "cache" / anonymise._COMPACT_CACHE).exists()
    start = time.perf_counter()
    anonymise.warm_up().join()
    print(f"deduce loaded in {time.perf_counter() - start:.1f} s")
    if args.memory:
        print(f"RSS {rss_before / 2**20:.0f} MiB at start, {process.memory_info().rss / 2**20:.0f} MiB after "
              f"loading deduce and the name lexicon ({'compact' if compact else 'full'} lookup cache)")
    anonymise.redact(sentences[0].text)  # first call outside the timing
    print("scoring: " + ("strict (every word of a mark)" if args.strict else
                         "labels ('kamer', 'camping') and a town after an address not counted"))
    report = evaluate(sentences, anonymise.redact, is_town=None if args.strict else anonymise._is_known_place)
    print_report(report, sentences, verbose=not args.quiet)


if __name__ == "__main__":
    main()
