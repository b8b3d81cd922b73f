"""Route maps (routekaarten): the model, the loader and the checks.

A route map is a decision tree of questions and outcomes with contacts. The maps
are data in ``routekaarten/*.yml``; this module reads them, checks them against
``routekaarten/schema/routekaart.schema.json`` and then checks what a schema
cannot: that every ``next`` exists, every node is reachable, every path ends in an
outcome, every contact reference resolves (``nationaal/<id>`` takes a contact from
the national map) and every answer value is one the assistant understands.

A regional map can also be built on a template (``template: regio``, a full map in
``routekaarten/sjablonen/``): the template gives the questions and outcomes, the region
gives its contacts and says per role (``roles``) which contact fills it, or (``gaps``)
why none was found; then the role falls back to the template's national contact and
the outcome says so. A new region stays data only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, Optional, Union

from bot.datafiles import DATA_DIR, DataFileError, load_yaml
from bot.handover import LocationChecklist, parse_checklist
from bot.vocabulary import ANSWER_VALUES

NATIONAL_MAP_ID = "nationaal"
NATIONAL_PREFIX = "nationaal/"
ROLE_PREFIX = "rol:"
TEMPLATE_DIR = "sjablonen"
REGION_PLACEHOLDER = "{regio}"
# A contact whose only source is a page from before this year (or undated) is shown with
# "controleer dit nummer" and listed as stale, whatever its verified_on says.
CURRENT_SOURCE_FROM = "2022"
UNKNOWN_DATE = "onbekend"
# The other data files in the directory; every other ``*.yml`` there is a regional map,
# so adding a region is adding a file (and assigning municipalities in gemeenten.yml).
OTHER_DATA_FILES = frozenset({"gemeenten.yml", "begrippen.yml", "kennis.yml", "plaatsen.yml"})


@dataclass(frozen=True)
class Contact:
    """An organisation to call or write, with where the facts come from."""

    id: str
    organisation: str
    role: str
    source: str
    verified_on: str
    phone: Optional[str] = None
    email: Optional[str] = None
    url: Optional[str] = None
    hours: Optional[str] = None
    prepare: Optional[str] = None
    notes: Optional[str] = None
    municipalities: Optional[tuple[str, ...]] = None
    national_fallback: bool = False
    source_date: Optional[str] = None
    also_source: Optional[str] = None
    also_source_date: Optional[str] = None

    @property
    def source_is_old(self) -> bool:
        """True when the pages behind this contact are all from before 2022 or undated.

        Contacts without ``source_date`` (from the seed documents) are dated by ``verified_on`` only.
        """
        if self.source_date is None:
            return False
        dated = [d for d in (self.source_date, self.also_source_date) if d and d != UNKNOWN_DATE]
        return not any(d >= CURRENT_SOURCE_FROM for d in dated)

    def applies_to(self, municipality_code: Optional[str]) -> bool:
        """True when this contact serves `municipality_code` (or has no restriction)."""
        return self.municipalities is None or municipality_code in self.municipalities

    @property
    def phone_uri(self) -> Optional[str]:
        """A ``tel:`` URI in international form (``tel:+31800515``...)."""
        if not self.phone:
            return None
        digits = "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")
        if digits.startswith("+"):
            return f"tel:{digits}"
        if digits.startswith("00"):
            return f"tel:+{digits[2:]}"
        if digits.startswith("0") and len(digits) > 4:
            return f"tel:+31{digits[1:]}"
        return f"tel:{digits}"


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    next: str
    synonyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    answer: str
    options: tuple[Option, ...]
    help: Optional[str] = None

    def option(self, value: str) -> Optional[Option]:
        """The option with `value`, or None."""
        return next((o for o in self.options if o.value == value), None)


@dataclass(frozen=True)
class Outcome:
    id: str
    code: str
    title: str
    advice: str
    contact_refs: tuple[str, ...]
    note: Optional[str] = None


Node = Union[Question, Outcome]


@dataclass(frozen=True)
class RouteMap:
    """One region's (or the national) route map, with contacts resolved."""

    id: str
    name: str
    version: str
    coverage: str
    description: str
    start: str
    nodes: Mapping[str, Node]
    contacts: Mapping[str, Contact]
    path: str
    signalenoverleg_tip: Optional[str] = None
    location_checklist: Optional[LocationChecklist] = None
    template: Optional[str] = None
    roles: Mapping[str, str] = field(default_factory=dict)   # role -> contact id (or nationaal/<id> as fallback)
    gaps: Mapping[str, str] = field(default_factory=dict)    # role -> why no regional contact was found

    @property
    def is_national(self) -> bool:
        return self.coverage == "national"

    def node(self, node_id: str) -> Node:
        return self.nodes[node_id]

    def questions(self) -> Iterator[Question]:
        return (n for n in self.nodes.values() if isinstance(n, Question))

    def outcomes(self) -> Iterator[Outcome]:
        return (n for n in self.nodes.values() if isinstance(n, Outcome))

    def contacts_for(self, outcome: Outcome, municipality_code: Optional[str]) -> list[Contact]:
        """The outcome's contacts that serve this municipality, in map order."""
        found = [self.contacts[ref] for ref in outcome.contact_refs]
        return [c for c in found if c.applies_to(municipality_code)]


@dataclass(frozen=True)
class RouteMapSet:
    """All route maps by id; the national one is always there."""

    maps: Mapping[str, RouteMap] = field(default_factory=dict)

    @property
    def national(self) -> RouteMap:
        return self.maps[NATIONAL_MAP_ID]

    def get(self, map_id: Optional[str]) -> RouteMap:
        """The map `map_id`, or the national map when unknown."""
        return self.maps.get(map_id or NATIONAL_MAP_ID, self.national)

    def checklist_for(self, route_map: RouteMap) -> Optional[LocationChecklist]:
        """The map's own location checklist, or the national one."""
        return route_map.location_checklist or self.national.location_checklist

    def regional(self) -> list[RouteMap]:
        """The regional maps, by name."""
        return sorted((m for m in self.maps.values() if not m.is_national), key=lambda m: m.name)

    def region_names(self) -> list[str]:
        """The names of the regions with their own map, in alphabetical order."""
        return [m.name for m in self.regional()]


def _contact(contact_id: str, raw: Mapping, national_fallback: bool = False) -> Contact:
    munis = raw.get("municipalities")
    return Contact(
        id=contact_id,
        organisation=raw["organisation"],
        role=raw["role"],
        source=raw["source"],
        verified_on=str(raw["verified_on"]),
        phone=raw.get("phone"),
        email=raw.get("email"),
        url=raw.get("url"),
        hours=raw.get("hours"),
        prepare=raw.get("prepare"),
        notes=raw.get("notes"),
        municipalities=tuple(munis) if munis else None,
        national_fallback=national_fallback,
        source_date=raw.get("source_date"),
        also_source=raw.get("also_source"),
        also_source_date=raw.get("also_source_date"),
    )


def _node(node_id: str, raw: Mapping) -> Node:
    if "question" in raw:
        return Question(
            id=node_id,
            text=raw["question"],
            answer=raw["answer"],
            help=raw.get("help"),
            options=tuple(
                Option(o["value"], o["label"], o["next"], tuple(o.get("synonyms", ())))
                for o in raw["options"]
            ),
        )
    return Outcome(
        id=node_id,
        code=raw["outcome"],
        title=raw["title"],
        advice=raw["advice"],
        contact_refs=tuple(raw["contacts"]),
        note=raw.get("note"),
    )


def parse_route_map(path: Path, national: Optional[RouteMap] = None) -> RouteMap:
    """Load and check one map file. Regional maps need the national map for ``nationaal/`` refs."""
    raw = load_yaml(path, "routekaart.schema.json")
    expected_id = path.stem
    if raw["id"] != expected_id:
        raise DataFileError(path, "id", f"'{raw['id']}' must equal the file name '{expected_id}'")
    roles: dict[str, str] = {}
    if "template" in raw:
        raw, roles = _apply_template(path, raw)
    elif "roles" in raw or "gaps" in raw:
        raise DataFileError(path, "roles", "roles and gaps only work with a template")
    contacts: dict[str, Contact] = {cid: _contact(cid, c) for cid, c in raw["contacts"].items()}
    nodes = {nid: _node(nid, n) for nid, n in raw["nodes"].items()}
    _check_nodes(path, raw["start"], nodes)
    for nid, node in nodes.items():
        if not isinstance(node, Outcome):
            continue
        for i, ref in enumerate(node.contact_refs):
            where = f"nodes.{nid}.contacts[{i}]"
            if ref.startswith(NATIONAL_PREFIX):
                if national is None:
                    raise DataFileError(path, where, f"'{ref}': the national map cannot refer to itself")
                target = ref[len(NATIONAL_PREFIX):]
                if target not in national.contacts:
                    raise DataFileError(path, where, f"'{ref}' is not a contact in nationaal.yml")
                base = national.contacts[target]
                contacts[ref] = Contact(**{**base.__dict__, "id": ref, "national_fallback": True})
            elif ref not in contacts:
                raise DataFileError(path, where, f"'{ref}' is not a contact in this map")
    return RouteMap(
        id=raw["id"],
        name=raw["name"],
        version=str(raw["version"]),
        coverage=raw["coverage"],
        description=raw["description"],
        start=raw["start"],
        nodes=nodes,
        contacts=contacts,
        path=str(path),
        signalenoverleg_tip=raw.get("signalenoverleg_tip"),
        location_checklist=parse_checklist(raw.get("location_checklist")),
        template=raw.get("template"),
        roles=roles,
        gaps=dict(raw.get("gaps", {})),
    )


def _fill(value: Any, region: str) -> Any:
    """The template text with the region's name in place of ``{regio}``."""
    if isinstance(value, str):
        return value.replace(REGION_PLACEHOLDER, region)
    if isinstance(value, list):
        return [_fill(v, region) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, region) for k, v in value.items()}
    return value


def _apply_template(path: Path, raw: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """The region's map with the template's questions and outcomes, and its role for each slot."""
    template_path = path.parent / TEMPLATE_DIR / f"{raw['template']}.yml"
    if not template_path.exists():
        raise DataFileError(path, "template", f"'{raw['template']}' is not a template in {TEMPLATE_DIR}/")
    template = load_yaml(template_path, "routekaart.schema.json")
    slots = template.get("role_slots") or {}
    if not slots or "template" in template:
        raise DataFileError(template_path, "role_slots", "a template needs role_slots and its own questions")
    given, gaps = raw.get("roles", {}), raw.get("gaps", {})
    for key in list(given) + list(gaps):
        if key not in slots:
            raise DataFileError(path, f"roles.{key}", f"'{key}' is not a role in the template (roles: {', '.join(slots)})")
    contacts = {**template["contacts"], **raw["contacts"]}
    roles: dict[str, str] = {}
    notes: dict[str, str] = {}
    for slot, spec in slots.items():
        if slot in given and slot in gaps:
            raise DataFileError(path, f"gaps.{slot}", "a role has either a contact or a gap, not both")
        if slot in given:
            roles[slot] = given[slot]
            if not given[slot].startswith(NATIONAL_PREFIX) and given[slot] not in contacts:
                raise DataFileError(path, f"roles.{slot}", f"'{given[slot]}' is not a contact in this map")
        elif slot in gaps:
            roles[slot] = spec["fallback"]
            notes[slot] = spec["gap_note"]
        else:
            raise DataFileError(path, "roles", f"role '{slot}' ({spec['label']}) needs a contact in roles or a reason in gaps")
    nodes = {}
    for nid, node in template["nodes"].items():
        node = dict(node)
        if "contacts" in node:
            refs, extra = [], []
            for ref in node["contacts"]:
                if ref.startswith(ROLE_PREFIX):
                    slot = ref[len(ROLE_PREFIX):]
                    if slot not in slots:
                        raise DataFileError(template_path, f"nodes.{nid}.contacts", f"'{ref}' is not a role slot")
                    ref = roles[slot]
                    if slot in notes:
                        extra.append(notes[slot])
                if ref not in refs:
                    refs.append(ref)
            node["contacts"] = refs
            if extra:
                node["note"] = " ".join(([node["note"]] if node.get("note") else []) + extra)
        nodes[nid] = node
    merged = {**raw, "contacts": contacts, "start": template["start"], "nodes": _fill(nodes, raw["name"])}
    for key in ("signalenoverleg_tip", "location_checklist"):
        if key not in merged and key in template:
            merged[key] = template[key]
    return merged, roles


def _check_nodes(path: Path, start: str, nodes: Mapping[str, Node]) -> None:
    if start not in nodes:
        raise DataFileError(path, "start", f"'{start}' is not a node in this map")
    for nid, node in nodes.items():
        if not isinstance(node, Question):
            continue
        allowed = ANSWER_VALUES[node.answer]
        seen: set[str] = set()
        for i, opt in enumerate(node.options):
            where = f"nodes.{nid}.options[{i}]"
            if opt.value not in allowed:
                raise DataFileError(
                    path, f"{where}.value",
                    f"'{opt.value}' is not an answer for '{node.answer}' (allowed: {', '.join(allowed)})",
                )
            if opt.value in seen:
                raise DataFileError(path, f"{where}.value", f"'{opt.value}' appears twice in this question")
            seen.add(opt.value)
            if opt.next not in nodes:
                raise DataFileError(path, f"{where}.next", f"'{opt.next}' is not a node in this map")
    # Every node reachable, and no path loops back (each path must end in an outcome).
    reached: set[str] = set()

    def visit(nid: str, trail: tuple[str, ...]) -> None:
        if nid in trail:
            loop = " -> ".join(trail + (nid,))
            raise DataFileError(path, f"nodes.{nid}", f"the route loops: {loop}")
        reached.add(nid)
        node = nodes[nid]
        if isinstance(node, Question):
            for opt in node.options:
                visit(opt.next, trail + (nid,))

    visit(start, ())
    unreachable = sorted(set(nodes) - reached)
    if unreachable:
        raise DataFileError(path, f"nodes.{unreachable[0]}", "no question leads to this node")


def regional_map_files(directory: Path = DATA_DIR) -> list[Path]:
    """Every regional map file in `directory`: each ``*.yml`` that is not another data file."""
    skip = OTHER_DATA_FILES | {f"{NATIONAL_MAP_ID}.yml"}
    return sorted(p for p in directory.glob("*.yml") if p.name not in skip)


def load_route_maps(directory: Path = DATA_DIR) -> RouteMapSet:
    """Load the national map and every regional map in `directory`."""
    national = parse_route_map(directory / f"{NATIONAL_MAP_ID}.yml")
    maps: dict[str, RouteMap] = {national.id: national}
    for path in regional_map_files(directory):
        rm = parse_route_map(path, national)
        if rm.is_national:
            raise DataFileError(path, "coverage", "only nationaal.yml can be the national map")
        maps[rm.id] = rm
    return RouteMapSet(maps)


def all_paths(route_map: RouteMap) -> Iterable[tuple[dict[str, str], Outcome]]:
    """Every answer combination from the start to an outcome (for tests and checks)."""

    def walk(nid: str, answers: dict[str, str]) -> Iterable[tuple[dict[str, str], Outcome]]:
        node = route_map.nodes[nid]
        if isinstance(node, Outcome):
            yield dict(answers), node
            return
        for opt in node.options:
            yield from walk(opt.next, {**answers, node.answer: opt.value})

    return walk(route_map.start, {})
