"""After a signal about a place: a short checklist, then an anonymised handover summary.

Inspectors and police ask the same things at intake (what kind of place, what was seen, when,
how many people, signs of living on site, control by others). The questions are data
(``location_checklist`` in the route maps; regional maps use the national list unless they have
their own). Every answer is de-identified (``bot.anonymise.redact``) the moment it is read, so only
redacted text is kept in the conversation state and shown in the summary.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping, Optional

HANDOVER_KEY = "overdracht"     # button payload key: /choose{"keuze": "overdracht:start"}
START = "start"
SKIP = "overslaan"
SKIP_WORDS = frozenset({"weet ik niet", "weet niet", "geen idee", "overslaan", "sla over", "skip", "onbekend", "-"})
UNKNOWN_ANSWER = "niet bekend"
HANDOVER_SUMMARY = "handover_summary"  # the custom message type of the summary (docs/contracts.md)
# Only these, typed alone, go back one question: "vorige week dinsdag" is an answer.
BACK_WORDS = frozenset({"terug", "vorige", "vorige vraag", "ga terug", "een vraag terug"})


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    label: str       # as it appears in the summary
    question: str    # as the assistant asks it


@dataclass(frozen=True)
class LocationChecklist:
    offer: str
    button: str
    items: tuple[ChecklistItem, ...]
    summary_title: str
    summary_note: str


def parse_checklist(raw: Optional[Mapping]) -> Optional[LocationChecklist]:
    """The checklist from a map's ``location_checklist`` (already schema-checked), or None."""
    if not raw:
        return None
    return LocationChecklist(
        offer=raw["offer"].strip(), button=raw["button"],
        items=tuple(ChecklistItem(i["key"], i["label"], i["question"].strip()) for i in raw["items"]),
        summary_title=raw["summary_title"], summary_note=raw["summary_note"].strip(),
    )


def means_back(text: str) -> bool:
    """Whether a message that reads as "go back" is only that: the button (no text) or a back
    word alone. "vorige week dinsdag" answers "Wanneer was dat?"."""
    cleaned = " ".join((text or "").lower().strip(" .!?").split())
    return not cleaned or cleaned in BACK_WORDS


def typed_start(checklist: LocationChecklist, text: str) -> bool:
    """Whether the typed text asks for the checklist: the button's words, or "overdracht"."""
    cleaned = " ".join((text or "").lower().strip(" .!?").split())
    return cleaned in {checklist.button.lower(), "overdracht", "overdracht maken", "maak een overdracht"}


def next_item(checklist: LocationChecklist, answers: Mapping[str, str]) -> Optional[ChecklistItem]:
    """The first item without an answer, or None when the checklist is done."""
    return next((item for item in checklist.items if item.key not in answers), None)


def record(checklist: LocationChecklist, answers: Mapping[str, str], text: str,
           redactor: Optional[Callable[[str], str]] = None) -> dict[str, str]:
    """The answers with `text` as the answer to the next item, de-identified first."""
    item = next_item(checklist, answers)
    if item is None:
        return dict(answers)
    cleaned = " ".join(text.split())
    if cleaned.lower().strip(".!") in SKIP_WORDS or not cleaned:
        value = UNKNOWN_ANSWER
    else:
        value = (redactor or _redact)(cleaned)
    return {**answers, item.key: value}


def step_back(checklist: LocationChecklist, answers: Mapping[str, str]) -> dict[str, str]:
    """The answers without the last one given ("terug" during the checklist)."""
    given = [item.key for item in checklist.items if item.key in answers]
    return {k: v for k, v in answers.items() if not given or k != given[-1]}


def summary(checklist: LocationChecklist, answers: Mapping[str, str], signal: str, region: str,
            municipality: Optional[str]) -> str:
    """The handover text: kind of signal, region, and the (redacted) answers, one per line."""
    lines = [checklist.summary_title, f"Signaal: {signal}"]
    lines.append(f"Gemeente: {municipality}" if municipality else f"Regio: {region}")
    for item in checklist.items:
        lines.append(f"{item.label}: {answers.get(item.key, UNKNOWN_ANSWER)}")
    return "\n".join(lines)


def _redact(text: str) -> str:
    # Imported here: loading the de-identifier takes seconds and most turns never need it.
    from bot.anonymise import redact

    return redact(text)
