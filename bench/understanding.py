"""Benchmark: does the assistant understand what professionals type?

Plays the conversation set in ``bench/data/understanding/*.yml`` (written apart from
the code and the tests) against the real REST channel, as a professional would: the
opening messages in order, then each question the assistant asks (recognised by the
answer key in its buttons) answered with the conversation's typed answer for that
key (when the danger is told later, in answer to another question, the danger
question is first answered "nee": the professional does not know it yet), then the
follow-up messages. Prints route accuracy, danger recall (112 in the
reply to the message that tells of danger, and within two replies), 112 mentioned in
conversations without danger, turns to the contact, follow-ups answered, and every
failure with its transcript. Not a test: it prints figures.

Then it plays the writers' corpus (``bench/data/corpus``, see ``bench/corpus.py``): per
writer the model was not trained on, danger recall in the reply, 112 on calm messages,
route accuracy and questions asked three times.

Usage: ./scripts/bench understanding [--url http://127.0.0.1:5005] [--only ID] [--category C] [--verbose] [--set DIR]
                                     [--writers W ...] [--corpus-only] [--reading DIR]
Without --url it starts its own action server and Rasa server (like the e2e tests).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import urllib.request
import uuid
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import yaml

SET_DIR = Path(__file__).resolve().parent / "data" / "understanding"
MAX_MESSAGES = 12
# The route's questions; other buttons (leave your contact, new signal) ask nothing.
ROUTE_KEYS = {"gemeente", "acute", "subject", "need", "form", "location_signal", "regio"}
_CHOICE = re.compile(r'^/choose(\{.*\})$')


@dataclass
class Played:
    """One conversation as it was played."""

    spec: dict
    transcript: list[tuple[str, str]] = field(default_factory=list)   # (sent, replies as text)
    danger_at: Optional[int] = None
    contact_at: Optional[int] = None
    asks: Counter = field(default_factory=Counter)
    follow_ups: list[tuple[str, bool]] = field(default_factory=list)
    problem: Optional[str] = None

    @property
    def id(self) -> str:
        return self.spec["id"]

    @property
    def has_danger(self) -> bool:
        return self.danger_at is not None or _marked_danger(self.spec)

    @property
    def is_calm(self) -> bool:
        """No message marked as danger and no 112 expected (danger told only in an answer)."""
        return not self.has_danger and str((self.spec.get("expect") or {}).get("route")) != "112"

    def replies(self, upto: Optional[int] = None) -> str:
        return "\n".join(r for _, r in self.transcript[:upto])

    @property
    def route_ok(self) -> bool:
        if self.contact_at is None:
            return False
        main = self.replies(self.contact_at + 1).lower()
        return not any(str(bad).lower() in main for bad in self.spec.get("expect", {}).get("not") or [])

    def danger_within(self, n: int) -> Optional[bool]:
        if self.danger_at is None:
            return None
        return any("112" in reply for _, reply in self.transcript[self.danger_at:self.danger_at + n])

    @property
    def mentions_112(self) -> bool:
        return any("112" in reply for _, reply in self.transcript)

    @property
    def reasks(self) -> int:
        return sum(n - 1 for n in self.asks.values() if n > 1)


def _marked_danger(spec: dict) -> bool:
    messages = list(spec.get("opening") or []) + list(spec.get("after") or [])
    for answer in (spec.get("answers") or {}).values():
        messages += answer if isinstance(answer, list) else [answer]
    return any(isinstance(m, dict) and m.get("danger") for m in messages)


def _danger_pending(answers: dict, asked: str) -> bool:
    """True when an answer to another question than `asked` tells of danger."""
    for key, answer in answers.items():
        for message in answer if isinstance(answer, list) else [answer]:
            if key != asked and isinstance(message, dict) and message.get("danger"):
                return True
    return False


def load_set(directory: Path = SET_DIR) -> list[dict]:
    conversations = []
    for path in sorted(directory.glob("*.yml")):
        conversations += yaml.safe_load(path.read_text(encoding="utf-8"))["conversations"]
    return conversations


def _text_of(message) -> tuple[str, bool]:
    if isinstance(message, dict):
        return str(message["text"]), bool(message.get("danger"))
    return str(message), False


def _reply_text(replies: list[dict]) -> str:
    parts = []
    for r in replies:
        parts.append(r.get("text") or "")
        custom = r.get("custom") or {}
        if isinstance(custom, dict) and custom.get("contact"):
            parts.append(json.dumps(custom["contact"], ensure_ascii=False))
    return "\n".join(parts)


def _keys_asked(replies: list[dict]) -> list[tuple[str, str, str]]:
    """(answer key, payload, title) of the buttons in the last message that has buttons."""
    for r in reversed(replies):
        buttons = r.get("buttons") or []
        if buttons:
            out = []
            for b in buttons:
                payload = b.get("payload") or ""
                if payload == "/acute_danger":
                    out.append(("acute", payload, b.get("title", "")))
                elif (m := _CHOICE.match(payload)):
                    key = json.loads(m.group(1)).get("keuze", "").split(":", 1)[0]
                    if key in ROUTE_KEYS:
                        out.append((key, payload, b.get("title", "")))
            return out
    return []


class Player:
    def __init__(self, url: str, municipality_codes: dict[str, str]) -> None:
        self.url = url.rstrip("/")
        self.codes = municipality_codes

    def _send(self, sender: str, text: str) -> list[dict]:
        body = json.dumps({"sender": sender, "message": text}).encode()
        req = urllib.request.Request(f"{self.url}/webhooks/rest/webhook", data=body, headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=60) as resp:
            return json.loads(resp.read() or b"[]") or []

    def play(self, spec: dict) -> Played:
        played = Played(spec)
        sender = f"bench-{spec['id']}-{uuid.uuid4().hex[:6]}"
        expected = [str(c) for c in (spec.get("expect") or {}).get("contacts") or []]
        # Corpus conversations (bench/corpus.py): any one of these contacts reaches the route.
        any_of = [str(c).lower() for c in (spec.get("expect") or {}).get("any_of") or []]
        answers = spec.get("answers") or {}
        last: list[dict] = []

        def send(message) -> list[dict]:
            text, danger = _text_of(message)
            replies = self._send(sender, text)
            if danger and played.danger_at is None:
                played.danger_at = len(played.transcript)
            played.transcript.append((text, _reply_text(replies)))
            said = played.replies().lower()
            if played.contact_at is None and (
                (expected and all(c.lower() in said for c in expected)) or any(c in said for c in any_of)
            ):
                played.contact_at = len(played.transcript) - 1
            return replies

        try:
            for message in spec.get("opening") or []:
                last = send(message)
            while played.contact_at is None and len(played.transcript) < MAX_MESSAGES:
                asked = _keys_asked(last)
                if not asked:
                    played.problem = "the route ended without the expected contact"
                    break
                key = asked[0][0]
                played.asks[key] += 1
                confirm = self._confirmation(asked, spec)
                if confirm:
                    last = send("ja")
                    continue
                if key == "location_signal" and key not in answers and "form" in answers:
                    # "Wat zie je op die plek?": a professional answers with the kind of
                    # exploitation they wrote down ("arbeid", "seksueel").
                    key = "form"
                if key == "regio" and key not in answers:
                    # "Wil je wel je regio noemen?" after keeping the municipality private: a
                    # professional who does not say clicks the national button.
                    last = send(asked[0][1])
                    continue
                if key not in answers:
                    played.problem = f"asked '{key}', which the professional cannot answer"
                    break
                if key == "acute" and played.danger_at is None and _danger_pending(answers, "acute"):
                    # The danger comes up later in the chat (answering another question): at this
                    # moment the professional does not know it yet and says no.
                    last = send("nee")
                    continue
                options = answers[key] if isinstance(answers[key], list) else [answers[key]]
                last = send(options[min(played.asks[key], len(options)) - 1])
            if played.contact_at is None and played.problem is None:
                played.problem = f"no contact after {MAX_MESSAGES} messages"
            for message in spec.get("after") or []:
                replies = send(message)
                same = next((b.get("payload") for r in replies for b in r.get("buttons") or []
                             if '"signaal:zelfde"' in (b.get("payload") or "")), None)
                if same:
                    # "Hoort dit bij hetzelfde signaal?": a follow-up is about the same signal.
                    send(same)
                wanted = [str(w).lower() for w in (message.get("expect") or [])] if isinstance(message, dict) else []
                reply = played.transcript[-1][1].lower()
                played.follow_ups.append((_text_of(message)[0], all(w in reply for w in wanted)))
        except Exception as exc:  # a broken reply is a failure to report, not a crash
            played.problem = f"error: {type(exc).__name__}: {exc}"
        return played

    def _confirmation(self, asked: list[tuple[str, str, str]], spec: dict) -> bool:
        """A "Bedoel je X?" with the right X: the professional says yes."""
        code = self.codes.get((spec.get("municipality") or "").lower())
        return bool(code) and any(k == "gemeente" and p.endswith(f'gemeente:{code}"}}') and t.lower() == "ja" for k, p, t in asked)


def report(results: list[Played], verbose: bool) -> None:
    by_cat: dict[str, list[Played]] = defaultdict(list)
    for r in results:
        by_cat[r.spec.get("category", "?")].append(r)
    print(f"\n{'category':<14} {'n':>4} {'route':>7} {'112@1':>7} {'112@2':>7} {'112 w/o danger':>15} {'turns':>6} {'re-asks':>8} {'follow-ups':>11}")
    rows = sorted(by_cat.items()) + [("ALL", results)]
    for cat, rs in rows:
        route = sum(r.route_ok for r in rs) / len(rs)
        dangers = [r for r in rs if r.danger_at is not None]
        d1 = sum(bool(r.danger_within(1)) for r in dangers)
        d2 = sum(bool(r.danger_within(2)) for r in dangers)
        calm = [r for r in rs if r.is_calm]
        fp = sum(r.mentions_112 for r in calm)
        turns = [r.contact_at + 1 for r in rs if r.contact_at is not None]
        fups = [ok for r in rs for _, ok in r.follow_ups]
        print(
            f"{cat:<14} {len(rs):>4} {route:>7.1%} "
            f"{(f'{d1}/{len(dangers)}' if dangers else '-'):>7} {(f'{d2}/{len(dangers)}' if dangers else '-'):>7} "
            f"{(f'{fp}/{len(calm)}' if calm else '-'):>15} "
            f"{(statistics.mean(turns) if turns else 0):>6.1f} {sum(r.reasks for r in rs):>8} "
            f"{(f'{sum(fups)}/{len(fups)}' if fups else '-'):>11}"
        )
    failures = [r for r in results if not r.route_ok or r.danger_within(1) is False
                or (r.is_calm and r.mentions_112) or not all(ok for _, ok in r.follow_ups)
                or any(n >= 3 for n in r.asks.values())]
    unsent = [r.id for r in results if _marked_danger(r.spec) and r.danger_at is None]
    if unsent:
        print(f"\nDanger messages never sent (the question they answer was not asked): {len(unsent)}: {', '.join(unsent)}")
    print(f"\nFailures: {len(failures)}")
    for r in failures:
        why = []
        if not r.route_ok:
            why.append(r.problem or "wrong contact")
        if r.danger_within(1) is False:
            why.append("no 112 in the reply to the danger" + ("" if r.danger_within(2) else " (nor the next)"))
        if r.is_calm and r.mentions_112:
            why.append("112 without danger")
        why += [f"follow-up not answered: {t!r}" for t, ok in r.follow_ups if not ok]
        why += [f"asked {n} times: {key}" for key, n in r.asks.items() if n >= 3]
        print(f"- {r.id} [{r.spec.get('category')}]: {'; '.join(why)}")
        if verbose:
            for sent, reply in r.transcript:
                print(f"    > {sent}")
                for line in reply.splitlines():
                    print(f"      {line[:160]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running Rasa server; without it one is started")
    parser.add_argument("--only", action="append", help="play only this conversation id (repeatable)")
    parser.add_argument("--category", action="append")
    parser.add_argument("--verbose", action="store_true", help="print the transcript of every failure")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--set", type=Path, default=SET_DIR, help="folder with the conversation YAML files")
    parser.add_argument("--writers", nargs="*", help="corpus writers to play (default: those the learned reading "
                        "was not trained on); --writers with no names plays no corpus")
    parser.add_argument("--corpus-only", action="store_true", help="play only the writers' corpus, not the set")
    parser.add_argument("--reading", type=Path, help="a learned reading folder for the started Rasa server")
    parser.add_argument("--core", action="store_true", help="corpus messages only, read by the core directly "
                        "(encoder + learned reading + lexicon, no servers): fast, but not the reported figures")
    args = parser.parse_args()
    from bench import corpus
    from bot.catalog import load_catalog

    catalog = load_catalog()
    if args.core:
        seen = corpus.trained_on(args.reading)
        names = args.writers if args.writers is not None else [w for w in corpus.writers() if w not in seen]
        corpus.report(corpus.read_messages_in_core(catalog, names, args.reading), {}, seen, args.verbose,
                      channel="core only, no servers: not the reported figures")
        return
    conversations = [] if args.corpus_only else load_set(args.set)
    if args.only:
        conversations = [c for c in conversations if c["id"] in args.only]
    if args.category:
        conversations = [c for c in conversations if c.get("category") in args.category]
    seen = corpus.trained_on(args.reading)
    names = args.writers if args.writers is not None else [w for w in corpus.writers() if w not in seen]
    corpus_conversations = {w: corpus.load_conversations(w, catalog) for w in names}
    corpus_messages = [(w, m) for w in names for m in corpus.load_messages(w)]
    stack = None
    url = args.url
    if url is None:
        from tests.stack import Stack

        extra = {"SIGNAALROUTE_READING_DIR": str(args.reading.resolve())} if args.reading else {}
        stack = Stack(Path(tempfile.mkdtemp(prefix="bench-understanding-")), extra_env=extra)
        stack.start_action_server()
        stack.start_rasa()
        url = stack.rasa_url
    try:
        player = Player(url, {m.name.lower(): m.code for m in catalog.municipalities})
        with ThreadPoolExecutor(args.workers) as pool:
            results = list(pool.map(player.play, conversations))
            played_corpus = {w: list(pool.map(player.play, cs)) for w, cs in corpus_conversations.items()}
        message_results = corpus.play_messages(
            lambda sender, text: _reply_text(player._send(sender, text)), corpus_messages, args.workers,
        )
    finally:
        if stack is not None:
            stack.stop()
    if results:
        print(f"Understanding set: {len(results)} conversations from {args.set}")
        report(results, args.verbose)
    if names:
        corpus.report(message_results, played_corpus, seen, args.verbose)
        if args.verbose:
            report([p for ps in played_corpus.values() for p in ps], True)


if __name__ == "__main__":
    sys.exit(main())
