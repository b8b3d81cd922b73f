"""Workspace pages about the route maps: each map as a flowchart and as lists, and stale contacts.

The pictures are drawn from the same data the assistant uses (``routekaarten/``), reloaded when
a file changes, so a printed card never drifts from what the assistant says.
"""
from __future__ import annotations

from datetime import date

import functools
import logging

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from api.accounts import ROLE_COORDINATOR
from api.auth import Principal
from api.context import AppContext, get_context
from api.flowchart import graphviz_available, render_svg, route_tree, to_dot, unconfirmed_line
from api.pages import page_principal, render
from bot.catalog import Catalog, CatalogSource
from bot.staleness import StaleContact, stale_contacts
from bot.store import contact_reviews

logger = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)


@functools.lru_cache(maxsize=1)
def _route_data() -> CatalogSource:
    return CatalogSource()


def current_catalog() -> Catalog:
    """The route data as the assistant sees it now (reloaded after an edit)."""
    return _route_data().current()


def own_map_ids(catalog: Catalog, principal: Principal) -> list[str]:
    """The maps of the officer's municipalities, or the coordinator's region."""
    officer = principal.officer
    if officer.role == ROLE_COORDINATOR:
        return [officer.region_id] if officer.region_id in catalog.maps.maps else []
    ids = []
    for code in officer.municipality_codes:
        muni = catalog.municipalities.by_code(code)
        if muni and muni.map_id not in ids:
            ids.append(muni.map_id)
    return ids


def confirmations(ctx: AppContext):
    """(map id, contact id) -> the day a coordinator last confirmed it in the workspace."""
    with ctx.database.session() as session:
        return contact_reviews.confirmed_on(session)


def stale_for(catalog: Catalog, principal: Principal, ctx: AppContext) -> list[StaleContact]:
    """Stale contacts of the maps the officer's own region(s) use; a confirmed contact counts as checked."""
    return stale_contacts(catalog.maps, ctx.settings.contact_max_age_months, map_ids=own_map_ids(catalog, principal),
                          confirmed=confirmations(ctx))


def unconfirmed(catalog: Catalog, ctx: AppContext, map_id: str) -> list[StaleContact]:
    """The contacts of one map that are stale and that no coordinator confirmed since."""
    return stale_contacts(catalog.maps, ctx.settings.contact_max_age_months, map_ids=[map_id],
                          confirmed=confirmations(ctx))


def coordinates(principal: Principal, map_id: str) -> bool:
    """True when the officer is a regio-coordinator of this map's region."""
    return principal.officer.role == ROLE_COORDINATOR and principal.officer.region_id == map_id


@router.get("/routekaarten", response_class=HTMLResponse)
def route_maps_page(request: Request, ctx: AppContext = Depends(get_context),
                    principal: Principal = Depends(page_principal)):
    """Every route map (to view and print), and the stale contacts of the officer's own region."""
    catalog = current_catalog()
    own = own_map_ids(catalog, principal)
    maps = sorted(catalog.maps.maps.values(), key=lambda m: (m.is_national, m.name))
    return render(request, "routekaarten.html", {
        "title": "Routekaarten", "active": "routekaarten", "maps": maps, "own": own,
        "stale": stale_for(catalog, principal, ctx), "max_age": ctx.settings.contact_max_age_months,
        "municipality_counts": {m.id: len(catalog.municipalities.in_map(m.id)) for m in maps},
    }, principal=principal)


def _map_or_404(catalog: Catalog, map_id: str):
    route_map = catalog.maps.maps.get(map_id)
    if route_map is None:
        raise HTTPException(status_code=404)
    return route_map


@router.get("/routekaarten/{map_id}.svg")
def route_map_svg(map_id: str, ctx: AppContext = Depends(get_context),
                  principal: Principal = Depends(page_principal)):
    """The flowchart of one map (SVG drawn by Graphviz)."""
    catalog = current_catalog()
    route_map = _map_or_404(catalog, map_id)
    names = [s.contact.organisation for s in unconfirmed(catalog, ctx, map_id)]
    try:
        svg = render_svg(to_dot(route_map, ctx.settings.contact_max_age_months, unconfirmed=names))
    except RuntimeError as exc:
        logger.error("flowchart for %s not drawn: %s", map_id, exc)
        raise HTTPException(status_code=503) from None
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "no-store"})


@router.get("/routekaarten/{map_id}", response_class=HTMLResponse)
def route_map_page(request: Request, map_id: str, ctx: AppContext = Depends(get_context),
                   principal: Principal = Depends(page_principal)):
    """One map: the flowchart, printable on A4, and the same route as nested lists."""
    catalog = current_catalog()
    route_map = _map_or_404(catalog, map_id)
    months = ctx.settings.contact_max_age_months
    return render(request, "routekaart.html", {
        "title": f"Routekaart {route_map.name}", "active": "routekaarten", "map": route_map,
        "tree": route_tree(route_map, months), "max_age": months, "picture": graphviz_available(),
        "municipalities": sorted(m.name for m in catalog.municipalities.in_map(route_map.id)),
        "stale": (stale := unconfirmed(catalog, ctx, route_map.id)),
        "unconfirmed_line": unconfirmed_line([s.contact.organisation for s in stale]),
        "can_review": coordinates(principal, route_map.id),
        "printed_on": date.today().strftime("%d-%m-%Y"),
    }, principal=principal)
