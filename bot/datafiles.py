"""Loading YAML data files and checking them against their JSON Schema.

Every error names the file, the place in it and what is wrong, so that a policy
officer who edited a route map can find the mistake.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from bot.settings import routekaarten_dir

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = routekaarten_dir()
# The schemas belong to the code that reads the files, so they always come from this checkout.
SCHEMA_DIR = ROOT / "routekaarten" / "schema"


class DataFileError(ValueError):
    """A data file is missing, unreadable or does not match its schema."""

    def __init__(self, path: Path | str, where: str, problem: str) -> None:
        self.path = str(path)
        self.where = where or "(top level)"
        self.problem = problem
        super().__init__(f"{self.path}: {self.where}: {problem}")


def format_path(parts: Any) -> str:
    """Render a JSON path like ``nodes.vorm.options[1].next``."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@lru_cache(maxsize=None)
def _validator(schema_name: str) -> jsonschema.protocols.Validator:
    schema = json.loads((SCHEMA_DIR / schema_name).read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


# libyaml's safe loader reads the route data 15 times faster than the pure-Python one (begrippen.yml 15 ms
# against 230 ms) and gives the same data; a pure-Python parse held the GIL long enough at an action server's
# start to make its first turn miss the Rasa server's liveness watch.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(path: Path, schema_name: str) -> dict[str, Any]:
    """Read `path` and validate it against `schema_name`; raise DataFileError."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataFileError(path, "", f"cannot read file ({exc.strerror})") from None
    try:
        data = yaml.load(text, Loader=_SAFE_LOADER)  # noqa: S506 - a safe loader, in C when libyaml is there
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise DataFileError(path, where, f"not valid YAML: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(data, dict):
        raise DataFileError(path, "", "expected a mapping at the top level")
    # YAML turns unquoted dates into date objects; the schema wants text.
    data = _dates_to_text(data)
    errors = sorted(_validator(schema_name).iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        best = jsonschema.exceptions.best_match(errors)
        raise DataFileError(path, format_path(best.absolute_path), best.message)
    return data


def _dates_to_text(value: Any) -> Any:
    import datetime

    if isinstance(value, dict):
        return {k: _dates_to_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_to_text(v) for v in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value
