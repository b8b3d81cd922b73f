"""Workspace pages where a regio-coordinator checks one route-map contact.

The coordinator marks the contact "gecontroleerd op <datum>" or proposes a correction (number,
e-mail, web address, note, source). Another coordinator of the same region accepts or rejects a
correction; every coordinator of the region sees the proposals. Nothing here changes
``routekaarten/``: accepted changes leave the workspace as a patch (``export-routekaart-wijzigingen``).
"""
from __future__ import annotations

from datetime import date
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from api.auth import Principal, check_csrf
from api.context import AppContext, get_context
from api.pages import page_principal, render
from api.routekaart_pages import confirmations, coordinates, current_catalog
from bot.staleness import is_stale
from bot.store import contact_reviews
from bot.store.models import Officer

router = APIRouter(include_in_schema=False)
NOTICES = {
    "gecontroleerd": "Het contact is gemarkeerd als gecontroleerd. Het telt nu als gecontroleerd in de lijst.",
    "voorgesteld": "Je verbetering is opgeslagen. Een andere coördinator van je regio beoordeelt hem.",
    "geaccepteerd": "De verbetering is geaccepteerd. Ze komt in de volgende patch voor de routekaarten.",
    "afgewezen": "De verbetering is afgewezen.",
}


def _own_contact(principal: Principal, map_id: str, contact_id: str):
    """The map and contact, when the officer coordinates this map's region (404 otherwise)."""
    route_map = current_catalog().maps.maps.get(map_id)
    if route_map is None or not coordinates(principal, map_id):
        raise HTTPException(status_code=404)
    contact = route_map.contacts.get(contact_id)
    if contact is None:
        raise HTTPException(status_code=404)
    return route_map, contact


def _page(request: Request, ctx: AppContext, principal: Principal, map_id: str, contact_id: str,
          errors: dict | None = None, values: dict | None = None, status_code: int = 200):
    route_map, contact = _own_contact(principal, map_id, contact_id)
    with ctx.database.session() as session:
        reviews = contact_reviews.for_region(session, map_id, contact_id)
    confirmed = confirmations(ctx).get((map_id, contact_id))
    return render(request, "routekaart_contact.html", {
        "title": f"Contact {contact.organisation}", "active": "routekaarten", "map": route_map, "contact": contact,
        "reviews": reviews, "confirmed": confirmed, "fields": contact_reviews.FIELDS, "errors": errors or {},
        "values": values or {}, "today": date.today().isoformat(),
        "stale": is_stale(contact, ctx.settings.contact_max_age_months) and confirmed is None,
        "notice": NOTICES.get(request.query_params.get("melding", "")),
    }, status_code=status_code, principal=principal)


@router.get("/routekaart-contacten/{map_id}", response_class=HTMLResponse)
def contact_page(request: Request, map_id: str, contact: str = "", ctx: AppContext = Depends(get_context),
                 principal: Principal = Depends(page_principal)):
    """One contact of the coordinator's region: its source and dates, the checks so far, the two forms."""
    return _page(request, ctx, principal, map_id, contact)


async def _form(request: Request, principal: Principal) -> dict[str, str]:
    form = await request.form()
    check_csrf(principal, str(form.get("csrf_token") or ""))
    return {k: str(v) for k, v in form.items() if isinstance(v, str)}


def _back(map_id: str, contact_id: str, notice: str) -> RedirectResponse:
    return RedirectResponse(f"/routekaart-contacten/{map_id}?contact={quote(contact_id, safe='')}&melding={notice}",
                            status_code=303)


def _officer(session, principal: Principal) -> Officer:
    return session.get(Officer, principal.officer.id)


async def _store(request: Request, ctx: AppContext, principal: Principal, map_id: str, action, notice: str):
    """Check the form, run `action(session, officer, contact_id, form)`, and go back to the contact page."""
    form = await _form(request, principal)
    contact_id = form.get("contact", "")
    _own_contact(principal, map_id, contact_id)
    try:
        with ctx.database.session() as session:
            action(session, _officer(session, principal), contact_id, form)
    except contact_reviews.ReviewError as exc:
        return _page(request, ctx, principal, map_id, contact_id, {exc.field: exc.message}, form, 400)
    return _back(map_id, contact_id, notice)


@router.post("/routekaart-contacten/{map_id}/gecontroleerd")
async def post_confirm(request: Request, map_id: str, ctx: AppContext = Depends(get_context),
                       principal: Principal = Depends(page_principal)):
    """Mark the contact as checked on the given day."""
    return await _store(request, ctx, principal, map_id, lambda session, officer, contact_id, form: contact_reviews.confirm(
        session, officer, map_id, contact_id, form.get("checked_on", "")), "gecontroleerd")


@router.post("/routekaart-contacten/{map_id}/correctie")
async def post_correction(request: Request, map_id: str, ctx: AppContext = Depends(get_context),
                          principal: Principal = Depends(page_principal)):
    """Store a proposed correction for another coordinator of the region to accept."""
    return await _store(request, ctx, principal, map_id, lambda session, officer, contact_id, form: contact_reviews.propose(
        session, officer, map_id, contact_id, form, form.get("checked_on", "")), "voorgesteld")


@router.post("/routekaart-contacten/{map_id}/besluit")
async def post_decision(request: Request, map_id: str, ctx: AppContext = Depends(get_context),
                        principal: Principal = Depends(page_principal)):
    """Accept or reject a colleague's correction."""
    form = await _form(request, principal)
    contact_id = form.get("contact", "")
    _own_contact(principal, map_id, contact_id)
    accept = form.get("besluit") == "accepteren"
    try:
        review_id = int(form.get("review", ""))
        with ctx.database.session() as session:
            contact_reviews.decide(session, _officer(session, principal), review_id, accept)
    except ValueError as exc:
        message = exc.message if isinstance(exc, contact_reviews.ReviewError) else "Dit voorstel bestaat niet."
        return _page(request, ctx, principal, map_id, contact_id, {"review": message}, None, 400)
    return _back(map_id, contact_id, "geaccepteerd" if accept else "afgewezen")
