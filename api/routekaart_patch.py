"""Accepted contact reviews as a patch against ``routekaarten/``, for a maintainer to commit.

The route maps stay the single source: the workspace stores what coordinators checked, and this
module turns it into a unified diff (``git apply``-able) that changes only the reviewed lines of
the contact. Each change is preceded by a comment with its source and the checking role; the
role is named, not the person.
"""
from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

import yaml

from bot.routemap import NATIONAL_MAP_ID, NATIONAL_PREFIX, TEMPLATE_DIR
from bot.store.contact_reviews import CONFIRM, FIELDS
from bot.store.models import ContactReview

ROLE_NAME = "regio-coördinator"


class PatchError(ValueError):
    """A review that cannot be placed in a route-map file."""


@dataclass(frozen=True)
class Placement:
    path: Path        # the file that holds the contact
    contact_key: str  # its key under contacts:


def locate(directory: Path, map_id: str, contact_id: str) -> Placement:
    """The file and key of a contact as one region's map uses it (own file, template or national map)."""
    if contact_id.startswith(NATIONAL_PREFIX):
        return Placement(directory / f"{NATIONAL_MAP_ID}.yml", contact_id[len(NATIONAL_PREFIX):])
    own = directory / f"{map_id}.yml"
    raw = yaml.safe_load(own.read_text(encoding="utf-8")) if own.exists() else None
    if not isinstance(raw, dict):
        raise PatchError(f"kaart {map_id} bestaat niet")
    if contact_id in (raw.get("contacts") or {}):
        return Placement(own, contact_id)
    if raw.get("template"):
        template = directory / TEMPLATE_DIR / f"{raw['template']}.yml"
        if contact_id in (yaml.safe_load(template.read_text(encoding="utf-8")).get("contacts") or {}):
            return Placement(template, contact_id)
    raise PatchError(f"contact {contact_id} staat niet in kaart {map_id}")


def _block(lines: list[str], key: str) -> tuple[int, int]:
    """Start and end (exclusive) of the contact `key` under the top-level contacts: mapping."""
    try:
        top = lines.index("contacts:")
    except ValueError:
        raise PatchError("geen contacts: in het bestand") from None
    start = next((i for i in range(top + 1, len(lines)) if lines[i] == f"  {key}:"), None)
    if start is None:
        raise PatchError(f"contact {key} niet gevonden")
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or lines[end].startswith("    ")):
        end += 1
    return start, end


def _set_field(lines: list[str], start: int, end: int, field: str, value: str) -> list[str]:
    """Replace (or add before verified_on) one field of the contact block; returns the new lines."""
    new_line = f"    {field}: {json.dumps(value, ensure_ascii=False)}"
    i = next((j for j in range(start + 1, end) if lines[j].startswith(f"    {field}:")), None)
    if i is not None:
        stop = i + 1
        while stop < end and lines[stop].startswith("      "):  # folded continuation lines
            stop += 1
        return lines[:i] + [new_line] + lines[stop:]
    at = next((j for j in range(start + 1, end) if lines[j].startswith("    verified_on:")), end)
    return lines[:at] + [new_line] + lines[at:]


def apply_review(text: str, key: str, review: ContactReview) -> str:
    """The file text with the review's fields and its check date written into contact `key`."""
    lines = text.split("\n")
    for field, value in sorted((review.changes or {}).items()):
        if field not in FIELDS:
            continue
        start, end = _block(lines, key)
        lines = _set_field(lines, start, end, field, value)
    start, end = _block(lines, key)
    i = next((j for j in range(start + 1, end) if lines[j].startswith("    verified_on:")), None)
    line = f"    verified_on: {review.checked_on}"
    lines = lines[:i] + [line] + lines[i + 1:] if i is not None else lines[:end] + [line] + lines[end:]
    return "\n".join(lines)


def describe(review: ContactReview, region_name: str) -> str:
    """One comment line: what changed, its source and the checking role."""
    what = "gecontroleerd, klopt" if review.kind == CONFIRM else "verbeterd: " + ", ".join(sorted(review.changes))
    source = (review.changes or {}).get("source", "controle door de coördinator (telefoon of website)")
    return (f"# {review.map_id}/{review.contact_id}: {what}; bron: {source}; gecontroleerd op {review.checked_on} "
            f"door de {ROLE_NAME} {region_name}" + ("" if review.kind == CONFIRM else ", geaccepteerd door een tweede coördinator"))


def build_patch(directory: Path, reviews: Iterable[ContactReview], region_names: dict[str, str],
                root: Optional[Path] = None) -> tuple[str, list[str]]:
    """The unified diff for `reviews`, and the problems with reviews that could not be placed."""
    root = root or directory.parent
    before: dict[Path, str] = {}
    after: dict[Path, str] = {}
    comments: list[str] = []
    problems: list[str] = []
    for review in reviews:
        try:
            place = locate(directory, review.map_id, review.contact_id)
            text = after.get(place.path)
            if text is None:
                text = before.setdefault(place.path, place.path.read_text(encoding="utf-8"))
            after[place.path] = apply_review(text, place.contact_key, review)
        except PatchError as exc:
            problems.append(f"voorstel {review.id} ({review.map_id}/{review.contact_id}): {exc}")
            continue
        comments.append(describe(review, region_names.get(review.map_id, review.map_id)))
    diffs: list[str] = []
    for path in sorted(after):
        try:
            name = str(path.resolve().relative_to(root.resolve()))
        except ValueError:
            name = str(path)
        diffs.extend(difflib.unified_diff(before[path].splitlines(keepends=True),
                                          after[path].splitlines(keepends=True), f"a/{name}", f"b/{name}"))
    if not diffs:
        return "", problems
    return "".join(line + "\n" for line in comments) + "".join(diffs), problems
