"""All domain data in one place, reloaded when a file changes.

Editing a route map, a contact, the lexicon or a knowledge answer takes effect on
the next message: no retraining and no restart. A file that no longer passes the
checks is reported and the last good version stays in use, so a typo in a map
can never take the assistant down.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from bot.datafiles import DATA_DIR, DataFileError
from bot.knowledge import Knowledge
from bot.lexicon import Lexicon
from bot.regions import MunicipalityTable
from bot.routemap import RouteMapSet, load_route_maps

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Catalog:
    maps: RouteMapSet
    municipalities: MunicipalityTable
    lexicon: Lexicon
    knowledge: Knowledge


def load_catalog(directory: Path = DATA_DIR) -> Catalog:
    """Load and check every data file; raise DataFileError on the first problem."""
    maps = load_route_maps(directory)
    municipalities = MunicipalityTable.load(directory / "gemeenten.yml", known_maps=set(maps.maps))
    return Catalog(maps, municipalities, Lexicon.load(directory / "begrippen.yml"), Knowledge.load(directory / "kennis.yml"))


class CatalogSource:
    """Gives the current catalog; reloads when a YAML file under the directory changed."""

    def __init__(self, directory: Path = DATA_DIR, check_every: float = 0.0) -> None:
        """``check_every``: seconds between two looks at the files (0: at every call). The action
        server looks once a second: listing and stat-ing every data file cost about 1 ms a turn."""
        self._dir = directory
        self._lock = threading.Lock()
        self._check_every = check_every
        self._checked = time.monotonic()
        self._stamp = self._fingerprint()
        self._catalog = load_catalog(directory)

    def _fingerprint(self) -> tuple:
        return tuple(sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in self._dir.rglob("*.y*ml")))

    def current(self) -> Catalog:
        """The catalog, reloaded first if a data file changed since the last look."""
        now = time.monotonic()
        if self._check_every and now - self._checked < self._check_every:
            return self._catalog
        self._checked = now
        stamp = self._fingerprint()
        if stamp != self._stamp:
            with self._lock:
                if stamp != self._stamp:
                    try:
                        self._catalog = load_catalog(self._dir)
                        logger.info("Route data reloaded from %s", self._dir)
                    except DataFileError as exc:
                        logger.error("Route data not reloaded, keeping the previous version: %s", exc)
                    self._stamp = stamp
        return self._catalog
