"""Check a routekaarten directory the way the assistant loads it, and report everything found.

The assistant stops at the first broken file and keeps the last good version. A maintainer (or
a municipality's own CI) wants the whole picture instead: every file checked, each error with
the file and the path in it, and the contacts that were not verified for too long.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Optional

from bot.datafiles import DataFileError
from bot.knowledge import Knowledge
from bot.lexicon import Lexicon
from bot.regions import MunicipalityTable
from bot.routemap import NATIONAL_MAP_ID, RouteMap, RouteMapSet, parse_route_map, regional_map_files
from bot.staleness import StaleContact, stale_contacts


@dataclass
class CheckReport:
    """What a check found: errors (each with file and path) and stale contacts."""

    errors: list[DataFileError] = field(default_factory=list)
    stale: list[StaleContact] = field(default_factory=list)
    maps: Optional[RouteMapSet] = None

    @property
    def ok(self) -> bool:
        return not self.errors


def check_directory(directory: Path, max_age_months: int, today: Optional[date] = None) -> CheckReport:
    """Check every data file in `directory`; never raises for a broken file."""
    report = CheckReport()
    national: Optional[RouteMap] = None
    try:
        national = parse_route_map(directory / f"{NATIONAL_MAP_ID}.yml")
    except DataFileError as exc:
        report.errors.append(exc)
    maps: dict[str, RouteMap] = {national.id: national} if national else {}
    files = regional_map_files(directory)
    # Regional maps borrow national contacts: without a valid nationaal.yml they cannot be checked.
    for path in files if national is not None else []:
        try:
            route_map = parse_route_map(path, national)
        except DataFileError as exc:
            report.errors.append(exc)
            continue
        maps[route_map.id] = route_map
    # Municipalities may point at any map file, also one that has an error of its own.
    known = {NATIONAL_MAP_ID} | {p.stem for p in files}
    for name, load in (
        ("gemeenten.yml", lambda p: MunicipalityTable.load(p, known_maps=known)),
        ("begrippen.yml", Lexicon.load),
        ("kennis.yml", Knowledge.load),
    ):
        try:
            load(directory / name)
        except DataFileError as exc:
            report.errors.append(exc)
    if national is not None:
        report.maps = RouteMapSet(maps)
        report.stale = stale_contacts(report.maps, max_age_months, today)
    return report

