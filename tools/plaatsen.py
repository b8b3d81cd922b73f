"""Build ``routekaarten/plaatsen.yml``: places that are not municipalities, with their municipality.

Input: a CSV with the columns ``Woonplaats`` and ``Gemeentecode`` (CBS "Woonplaatsen in
Nederland"; see routekaarten/BRONNEN.md for the copy used), and the hand-kept neighbourhoods
and districts already in ``plaatsen.yml`` (section ``wijken``), which are kept as they are.

    .venv/bin/python -m tools.plaatsen woonplaatsen.csv --version 2024-11-13

Only places of the 342 municipalities in gemeenten.yml are written. A woonplaats that has
the name of its own municipality adds nothing and is left out; one whose name is the name
of another municipality is left out too (the municipality's name always wins). BAG adds a
province to names that occur twice ("Bergen L", "Katwijk NB"): the name is written as
people say it, so "Afferden L" and "Afferden" (Druten) become one name in two municipalities,
which the assistant then offers as a choice.
"""

from __future__ import annotations

import argparse
import csv
import re
from collections import defaultdict
from pathlib import Path

import yaml

from bot.datafiles import DATA_DIR

_BAG_SUFFIX = re.compile(r"\s+(?:L|Gn|GN|NB|Gld|NH|Ut|AC|ZH|Ov|Fr|Dr|Z|U|Lb)$")
HEADER = """\
# Plaatsen die geen gemeente zijn, met de gemeente waar ze bij horen (CBS-code).
# woonplaatsen: CBS "Woonplaatsen in Nederland" (zie BRONNEN.md), gemaakt met tools/plaatsen.py.
# wijken: wijken, stadsdelen en kernen die mensen noemen ("Moerwijk", "Rotterdam-Zuid"), met de hand bijgehouden.
# Een naam die bij meer dan een gemeente staat, laat de assistent kiezen ("Bedoel je ... of ...?").
"""


def spoken(name: str) -> str:
    """The name as people write it: without the province BAG adds to double names."""
    return _BAG_SUFFIX.sub("", name).strip()


def build(csv_path: Path, version: str, out: Path) -> dict:
    municipalities = yaml.safe_load((DATA_DIR / "gemeenten.yml").read_text(encoding="utf-8"))["municipalities"]
    known = {m["code"] for m in municipalities}
    taken = {_key(m["name"]) for m in municipalities} | {_key(spoken(m["name"].replace("(", "").replace(")", "")))
                                                        for m in municipalities}
    taken |= {_key(a) for m in municipalities for a in m.get("aliases", [])}
    places: dict[str, set[str]] = defaultdict(set)
    with csv_path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            code = "GM" + row["Gemeentecode"].strip().zfill(4)
            name = spoken(row["Woonplaats"])
            if code in known and _key(name) not in taken:
                places[code].add(name)
    old = yaml.safe_load(out.read_text(encoding="utf-8")) if out.exists() else {}
    data = {
        "version": version,
        "source": old.get("source", ""),
        "woonplaatsen": {code: sorted(places[code]) for code in sorted(places)},
        "wijken": old.get("wijken", {}),
    }
    out.write_text(HEADER + _dump(data), encoding="utf-8")
    return data


def _dump(data: dict) -> str:
    """Compact YAML: one flow list per municipality."""
    head = yaml.safe_dump({k: data[k] for k in ("version", "source")}, allow_unicode=True, sort_keys=False, width=116)
    lines = [head.rstrip("\n")]
    for section in ("woonplaatsen", "wijken"):
        lines.append(f"{section}:" + ("" if data[section] else " {}"))
        for code, names in data[section].items():
            flow = yaml.safe_dump(names, allow_unicode=True, default_flow_style=True, width=112).strip()
            lines.append(f"  {code}: " + flow.replace("\n", "\n    "))
    return "\n".join(lines) + "\n"


def _key(name: str) -> str:
    return re.sub(r"[\s'-]+", " ", name.lower()).strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", type=Path)
    parser.add_argument("--version", required=True, help="date of the CBS data, YYYY-MM-DD")
    parser.add_argument("--out", type=Path, default=DATA_DIR / "plaatsen.yml")
    args = parser.parse_args()
    data = build(args.csv, args.version, args.out)
    print(f"{sum(len(v) for v in data['woonplaatsen'].values())} woonplaatsen in {len(data['woonplaatsen'])} gemeenten")


if __name__ == "__main__":
    main()
