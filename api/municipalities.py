"""Municipality names and codes for the workspace, from bot.regions' table when available."""
from __future__ import annotations

import functools
import logging
import re

logger = logging.getLogger(__name__)

_CODE = re.compile(r"GM\d{4}")


@functools.lru_cache(maxsize=1)
def _table():
    try:
        from bot.regions import MunicipalityTable

        return MunicipalityTable.load()
    except Exception as exc:  # noqa: BLE001 - the workspace must run without the table
        logger.warning("municipality table not available (%s); showing codes only", type(exc).__name__)
        return None


def is_valid_code(code: str) -> bool:
    """True for a CBS municipality code that exists (or is well-formed if the table is absent)."""
    if not isinstance(code, str) or not _CODE.fullmatch(code):
        return False
    table = _table()
    return table is None or table.by_code(code) is not None


def name(code: str | None) -> str:
    """The municipality's name, or the code itself when unknown."""
    if not code:
        return "Onbekende gemeente"
    table = _table()
    found = table.by_code(code) if table is not None else None
    return found.name if found else code

