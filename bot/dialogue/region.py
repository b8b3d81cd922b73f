"""A professional may name only their region ("ik werk voor de regio Hollands Midden"), or keep the
municipality to themselves and then name the region: the route then follows that region's map,
and the consultation goes to the region's coordinator (no municipality, the region's map)."""

from __future__ import annotations

import re
from typing import Optional

from bot.catalog import Catalog
from bot.routemap import RouteMap
from bot.textnorm import normalise


def region_in(catalog: Catalog, text: str) -> Optional[RouteMap]:
    """The regional map the text names after the word "regio", or None."""
    norm = normalise(text or "")
    if "regio" not in norm:
        return None
    for route_map in catalog.maps.regional():
        name = normalise(route_map.name).replace("-", " ")
        pattern = r"\bregio\s+(?:de\s+|het\s+)?" + r"[\s-]+".join(re.escape(w) for w in name.split()) + r"\b"
        if re.search(pattern, norm.replace("-", " ")):
            return route_map
    return None


# The question "Wil je wel je regio noemen?", asked once after the municipality was kept private.
REGION_QUESTION = "regio"
NATIONAL = "landelijk"


def region_named(catalog: Catalog, text: str) -> Optional[RouteMap]:
    """The regional map `text` names, with or without the word "regio" ("Hollands Midden", "twente")."""
    found = region_in(catalog, text)
    if found is not None:
        return found
    norm = " " + normalise(text or "").replace("-", " ") + " "
    for route_map in catalog.maps.regional():
        name = normalise(route_map.name).replace("-", " ")
        if name and f" {name} " in norm:
            return route_map
    return None
