"""The writers' corpus (``bench/data/corpus/<writer>/``), played through the REST channel.

Each writer wrote, apart from the code and from each other, labelled single messages
(``messages.yml``: acuut | mogelijk | kalm_gevaarwoorden | kalm) and whole conversations
(``conversations.yml``, with ``expect: {route: ...}``). Per writer this prints:

* danger recall in the reply: "112" in the reply to each acuut/mogelijk message, sent as
  the opening message of a fresh conversation;
* the 112 false-alarm rate: "112" in the reply to calm messages (kalm and kalm_gevaarwoorden);
* calm conversations (no danger marked, route not 112) in which any reply says "112";
* route accuracy on the conversations, the route resolved to the contacts of the
  conversation's municipality (see :func:`route_contacts`);
* conversations in which one question is asked three times.

A writer is "unseen" when the shipped learned reading (``reading/model.json``) was not
trained on it; only unseen writers say how the assistant does on new wording.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

import yaml

CORPUS_DIR = Path(__file__).resolve().parent / "data" / "corpus"
DANGER_LABELS = ("acuut", "mogelijk")
CALM_LABELS = ("kalm_gevaarwoorden", "kalm")
NLA, POLICE = "0800-5151", "0900-8844"


def writers(directory: Path = CORPUS_DIR) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if (p / "messages.yml").exists() or (p / "conversations.yml").exists())


def trained_on(model_dir: Optional[Path] = None) -> set[str]:
    """The writers the shipped learned reading was trained on."""
    from bot.learned import MODEL_DIR

    meta = json.loads(((model_dir or MODEL_DIR) / "model.json").read_text(encoding="utf-8"))
    return set(filter(None, str(meta.get("version", "")).split("+")))


def load_messages(writer: str, directory: Path = CORPUS_DIR) -> list[dict]:
    path = directory / writer / "messages.yml"
    if not path.exists():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [m for m in data.get("messages") or [] if isinstance(m, dict) and m.get("text")]


def load_conversations(writer: str, catalog, directory: Path = CORPUS_DIR) -> list[dict]:
    """The writer's conversations in the format bench.understanding plays, with the
    expected route resolved to contacts."""
    path = directory / writer / "conversations.yml"
    if not path.exists():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    out = []
    for spec in data.get("conversations") or []:
        spec = dict(spec)
        spec.setdefault("after", spec.pop("follow_ups", None) or [])
        route = str((spec.get("expect") or {}).get("route"))
        spec["category"] = writer
        spec["expect"] = {"route": route, "any_of": route_contacts(catalog, spec.get("municipality"), route), "not": []}
        out.append(spec)
    return out


def route_contacts(catalog, municipality: Optional[str], route: str) -> list[str]:
    """What in a reply shows the route was reached: any one of these strings.

    112 → "112"; nla → 0800-5151; politie → 0900-8844; zorgcoordinator → the region's
    zorgcoördinator contact; advies → the region's advice contact; locatie → a contact of
    any of the region's location outcomes (prostitution, labour, undermining, RIEC: the
    map decides which one a place gets).
    """
    if route == "112":
        return ["112"]
    if route == "nla":
        return [NLA]
    if route == "politie":
        return [POLICE]
    muni = _municipality(catalog, municipality)
    route_map = catalog.maps.get(muni.map_id if muni else None)
    prefix = {"zorgcoordinator": "persoon.zorgcoordinator", "advies": "twijfel.advies", "locatie": "locatie."}[route]
    found: list[str] = []
    for node in route_map.nodes.values():
        code = getattr(node, "code", None)
        if code is None or not (code == prefix or (prefix.endswith(".") and code.startswith(prefix))):
            continue
        first = route_map.contacts.get(node.contact_refs[0]) if node.contact_refs else None
        mark = first and (first.phone or first.url or first.email)
        if mark and mark not in found:
            found.append(mark)
    return found


def _municipality(catalog, name: Optional[str]):
    if not name:
        return None
    wanted = str(name).strip().lower()
    for muni in catalog.municipalities:
        if muni.name.lower() == wanted:
            return muni
    guesses = catalog.municipalities.guesses(str(name))
    return guesses[0].municipality if guesses else None


@dataclass
class MessageResult:
    writer: str
    label: str
    lang: str
    text: str
    reply: str

    @property
    def says_112(self) -> bool:
        return "112" in self.reply


def play_messages(send: Callable[[str, str], str], messages: list[tuple[str, dict]], workers: int = 4) -> list[MessageResult]:
    """Each message as the opening of a fresh conversation; `send(sender, text)` returns the reply text."""
    import uuid

    def one(item: tuple[str, dict]) -> MessageResult:
        writer, m = item
        try:
            reply = send(f"corpus-{writer}-{uuid.uuid4().hex[:8]}", str(m["text"]))
        except Exception as exc:  # a broken reply is a failure to report, not a crash
            reply = f"error: {type(exc).__name__}: {exc}"
        return MessageResult(writer, str(m.get("label")), str(m.get("lang", "")), str(m["text"]), reply)

    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(one, messages))


def read_messages_in_core(catalog, names: list[str], model_dir: Optional[Path] = None) -> list[MessageResult]:
    """Each message read by the core as the Rasa server would (encoder, learned reading, lexicon):
    "112" stands for a reading with danger. For fast iteration; the REST figures are the ones that count."""
    from bot.anonymise import without_identifiers
    from bot.interpret import interpret
    from bot.learned import MODEL_DIR, ReadingModel
    from rasa_ext.sentence_features import encode

    model = ReadingModel.load(model_dir or MODEL_DIR)
    out = []
    for w in names:
        for m in load_messages(w):
            text = str(m["text"])
            reading = interpret(catalog, text, learned=model.read(encode, text, without_identifiers))
            out.append(MessageResult(w, str(m.get("label")), str(m.get("lang", "")), text,
                                     "112" if reading.danger.any else ""))
    return out


def report(
    message_results: list[MessageResult], conversations: dict[str, list], seen: set[str], verbose: bool,
    channel: str = "REST channel",
) -> None:
    """Per writer: danger recall in the reply, 112 on calm messages, route accuracy, three-fold questions."""
    names = sorted({r.writer for r in message_results} | set(conversations))
    print(f"\nCorpus, per writer ({channel}; 'seen' = the learned reading was trained on this writer)")
    print(f"{'writer':<8} {'':>6} {'danger recall':>16} {'112 on calm':>14} {'route':>14} {'calm conv. 112':>15} {'asked 3x':>9}")
    for w in names + ["UNSEEN"]:
        if w == "UNSEEN":
            ms = [r for r in message_results if r.writer not in seen]
            cs = [p for name, ps in conversations.items() if name not in seen for p in ps]
        else:
            ms = [r for r in message_results if r.writer == w]
            cs = conversations.get(w, [])
        danger = [r for r in ms if r.label in DANGER_LABELS]
        calm = [r for r in ms if r.label in CALM_LABELS]
        hit = sum(r.says_112 for r in danger)
        fa = sum(r.says_112 for r in calm)
        route = sum(p.route_ok for p in cs)
        calm_cs = [p for p in cs if p.is_calm]
        calm_112 = sum(p.mentions_112 for p in calm_cs)
        thrice = sum(any(n >= 3 for n in p.asks.values()) for p in cs)
        tag = "" if w == "UNSEEN" else ("seen" if w in seen else "unseen")
        print(
            f"{w:<8} {tag:>6} {_frac(hit, len(danger)):>16} {_frac(fa, len(calm)):>14} "
            f"{_frac(route, len(cs)):>14} {_frac(calm_112, len(calm_cs)):>15} {thrice:>9}"
        )
    if verbose:
        for r in message_results:
            if (r.label in DANGER_LABELS) != r.says_112:
                why = "MISSED" if r.label in DANGER_LABELS else "FALSE 112"
                print(f"  {r.writer} {why} [{r.label}/{r.lang}] {r.text[:200]}")


def _frac(a: int, b: int) -> str:
    return f"{a}/{b} ({a / b:.1%})" if b else "-"
