"""A temporary copy of routekaarten/ to edit in a test (the real files stay untouched)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from bot.datafiles import DATA_DIR


def copy_maps(tmp_path: Path) -> Path:
    """A copy of the route map directory under `tmp_path`."""
    directory = tmp_path / "routekaarten"
    shutil.copytree(DATA_DIR, directory)
    return directory


def set_verified_on(directory: Path, map_file: str, contact_id: str, day: str) -> None:
    """Change one contact's ``verified_on`` in a copied map file."""
    path = directory / map_file
    text = path.read_text(encoding="utf-8")
    start = text.index(f"\n  {contact_id}:\n")
    end = text.index("verified_on:", start)
    line_end = text.index("\n", end)
    path.write_text(text[:end] + f"verified_on: {day}" + text[line_end:], encoding="utf-8")
    assert re.search(rf"verified_on: {day}", path.read_text(encoding="utf-8"))
