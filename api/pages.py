"""Server-rendered workspace pages (Dutch, NL Design System)."""
from __future__ import annotations

import secrets
from pathlib import Path
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from api import accounts, municipalities, sessions, wording, workspace
from api.access import may_handle_consultations
from api.auth import Principal, check_csrf, current_principal, require_case_worker
from api.context import AppContext, get_context
from api.filters import FORMS, PAGE_SIZE, FieldError, parse_list_filters, parse_period
from bot.store import audit, followup, identifiers
from bot.store.figures import FORM_LABELS

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
templates.env.globals.update(
    STEPS=followup.STEPS, OFFICER_STEPS=followup.OFFICER_STEPS, PARTNERS=followup.PARTNERS,
    FORMS=FORMS, FORM_LABELS=FORM_LABELS, KINDS=identifiers.KINDS, ROLES=accounts.ROLES,
    ACTION_LABELS=audit.ACTION_LABELS, OBJECT_LABELS=audit.OBJECT_LABELS, municipality_name=municipalities.name,
    describe_sighting=identifiers.describe, region_name=wording.route_map_name,
)
LOCAL_TIME = ZoneInfo("Europe/Amsterdam")


def _datum(moment) -> str:
    """Dutch local date and time (stored times are UTC)."""
    return moment.astimezone(LOCAL_TIME).strftime("%d-%m-%Y %H:%M") if moment else ""


templates.env.filters["datum"] = _datum
templates.env.filters["decimaal"] = wording.decimal

router = APIRouter(include_in_schema=False)
LOGIN_CSRF_COOKIE = "sr_inlog_csrf"


def render(request: Request, name: str, context: dict, status_code: int = 200,
           principal: Principal | None = None) -> HTMLResponse:
    """Render a template with the signed-in officer and CSRF token available."""
    context = {"request": request, "principal": principal, **context}
    if principal is not None:
        context.setdefault("csrf_token", principal.csrf_token)
        context.setdefault("can_handle", may_handle_consultations(principal.officer))
    return templates.TemplateResponse(request, name, context, status_code=status_code)


def page_principal(request: Request, ctx: AppContext = Depends(get_context)) -> Principal:
    """Dependency: the signed-in officer (redirects to sign-in otherwise)."""
    return current_principal(request, ctx)


def _errors_by_field(errors: list) -> dict[str, str]:
    return {e.field: e.message for e in errors}


@router.get("/", response_class=HTMLResponse)
def home(principal: Principal = Depends(page_principal)):
    """Start page: the consultation list (for coordinators: the ones without a municipality)."""
    target = "/consultaties" if may_handle_consultations(principal.officer) else "/cijfers"
    return RedirectResponse(target, status_code=303)


@router.get("/inloggen", response_class=HTMLResponse)
def login_form(request: Request):
    """The sign-in form, with a double-submit CSRF token (there is no session yet)."""
    token = secrets.token_urlsafe(32)
    response = render(request, "login.html", {"title": "Inloggen", "login_csrf": token, "errors": {}, "username": ""})
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", path="/inloggen",
                        secure=_secure(request))
    return response


def _secure(request: Request) -> bool:
    """Cookies get the Secure flag behind HTTPS (setting) or when the request itself is HTTPS."""
    return request.app.state.ctx.settings.cookie_secure or request.url.scheme == "https"


@router.post("/inloggen", response_class=HTMLResponse)
async def login_submit(request: Request, ctx: AppContext = Depends(get_context)):
    """Check the credentials; on success start a session and go to the start page."""
    form = await request.form()
    username = str(form.get("username") or "").strip()
    password = str(form.get("password") or "")
    cookie_token = request.cookies.get(LOGIN_CSRF_COOKIE) or ""
    submitted = str(form.get("csrf_token") or "")
    errors: dict[str, str] = {}
    general = None
    if not cookie_token or not secrets.compare_digest(cookie_token.encode(), submitted.encode()):
        general = "Het formulier is verlopen. Probeer het nog een keer."
    else:
        if not username:
            errors["username"] = "Vul je gebruikersnaam in."
        if not password:
            errors["password"] = "Vul je wachtwoord in."
    if general is None and not errors:
        token, row = sign_in(ctx, username, password)
        if token:
            response = RedirectResponse("/", status_code=303)
            set_session_cookie(response, token, ctx, secure=_secure(request))
            response.delete_cookie(LOGIN_CSRF_COOKIE, path="/inloggen")
            return response
        general = login_failed_message(ctx)
    new_token = secrets.token_urlsafe(32)
    response = render(request, "login.html", {
        "title": "Inloggen", "login_csrf": new_token, "errors": errors, "general_error": general,
        "username": username[:64],
    }, status_code=400 if errors or "verlopen" in (general or "") else 401)
    response.set_cookie(LOGIN_CSRF_COOKIE, new_token, httponly=True, samesite="strict", path="/inloggen",
                        secure=_secure(request))
    return response


def login_failed_message(ctx: AppContext) -> str:
    """One message for every failed sign-in, so it does not reveal which accounts exist."""
    return (
        "Inloggen is niet gelukt. Controleer je gebruikersnaam en wachtwoord. "
        f"Na {ctx.settings.login_max_failures} mislukte pogingen kun je "
        f"{ctx.settings.login_lockout_minutes} minuten niet inloggen."
    )


def sign_in(ctx: AppContext, username: str, password: str):
    """Check credentials (with lock-out) and start a session; returns (cookie token, session) or (None, None)."""
    with ctx.database.session() as session:
        result = accounts.authenticate(
            session, username, password, ctx.settings.login_max_failures, ctx.settings.login_lockout_minutes
        )
        if result.officer is None:
            officer = accounts.find(session, username)
            audit.log_event(session, officer, "login_failed", "officer",
                            detail="geblokkeerd" if result.locked else "", actor="onbekend")
            return None, None
        token, row = sessions.start(session, result.officer, ctx.settings.session_idle_minutes)
        audit.log_event(session, result.officer, "login", "officer", result.officer.id)
        return token, row


def set_session_cookie(response: Response, token: str, ctx: AppContext, secure: bool = False) -> None:
    """Put the session token in an HttpOnly, SameSite=Strict cookie (Secure behind HTTPS)."""
    response.set_cookie(
        sessions.COOKIE_NAME, token, httponly=True, samesite="strict", secure=ctx.settings.cookie_secure or secure,
        max_age=ctx.settings.session_max_hours * 3600, path="/",
    )


@router.post("/uitloggen")
async def logout(request: Request, ctx: AppContext = Depends(get_context),
                 principal: Principal = Depends(page_principal)):
    """End the session."""
    form = await request.form()
    check_csrf(principal, str(form.get("csrf_token") or ""))
    with ctx.database.session() as session:
        sessions.end(session, request.cookies.get(sessions.COOKIE_NAME))
        audit.log_event(session, principal.officer, "logout", "officer", principal.officer.id)
    response = RedirectResponse("/inloggen", status_code=303)
    response.delete_cookie(sessions.COOKIE_NAME, path="/")
    return response


@router.get("/consultaties", response_class=HTMLResponse)
def consultation_list(request: Request, ctx: AppContext = Depends(get_context),
                      principal: Principal = Depends(page_principal)):
    """The list with filters, and the search by reference code."""
    require_case_worker(principal)
    params = dict(request.query_params)
    search_error = None
    typed_code = (params.pop("code", "") or "").strip()
    if typed_code:
        try:
            found = workspace.find_by_code(ctx, principal.officer, typed_code[:40])
        except workspace.TooManySearches:
            found, search_error = None, (f"Je hebt in het afgelopen uur {workspace.CODE_SEARCHES_PER_HOUR} keer "
                                         "op een code gezocht. Probeer het later nog een keer.")
        if found is not None:
            return RedirectResponse(f"/consultaties/{found}?melding=gevonden", status_code=303)
        if search_error is None:
            search_error = ("Geen consultatie gevonden met die code. Controleer de code (bijvoorbeeld SR-7K3Q-9F). "
                            "Je ziet alleen consultaties van je eigen gemeente.")
    filters, errors = parse_list_filters(params)
    rows, total = workspace.list_consultations(ctx, principal.officer, filters) if not errors else ([], 0)
    pages = max(1, -(-total // PAGE_SIZE))
    base = {k: v for k, v in params.items() if k != "pagina" and v}
    filtered = any(v for k, v in params.items() if k != "pagina")
    if search_error:
        errors = [FieldError("code", search_error)] + errors
    return render(request, "consultations.html", {
        "title": "Consultaties", "active": "consultaties", "rows": rows, "total": total, "filters": params,
        "errors": _errors_by_field(errors), "error_list": errors, "page": filters.page, "pages": pages,
        "outcomes": workspace.outcome_choices(ctx, principal.officer), "filtered": filtered,
        "page_url": lambda number: "/consultaties?" + urlencode({**base, "pagina": number}),
        "unseen": workspace.unseen_counts(ctx, principal.officer), "refresh": True,
    }, status_code=400 if any(e.field != "code" for e in errors) else 200, principal=principal)


def _detail_page(request: Request, ctx: AppContext, principal: Principal, consultation_id: str,
                 errors: list | None = None, values: dict | None = None, status_code: int = 200,
                 notice: str | None = None, confirm_delete: bool = False):
    require_case_worker(principal)
    view = workspace.get_detail(ctx, principal.officer, consultation_id)
    contact = None
    if request.query_params.get("melder") == "tonen" and view.has_reporter_contact:
        contact = workspace.reveal_reporter_contact(ctx, principal.officer, consultation_id)
    confirm_delete = confirm_delete or (request.query_params.get("melder") == "verwijderen"
                                        and view.has_reporter_contact)
    errors = errors or []
    return render(request, "consultation.html", {
        "title": f"Consultatie {view.id}", "active": "consultaties", "c": view, "contact": contact,
        "errors": _errors_by_field(errors), "error_list": errors, "values": values or {},
        "notice": notice, "confirm_delete": confirm_delete,
    }, status_code=status_code, principal=principal)


# Success messages by id: the page never echoes text from the address bar.
NOTICES = {
    "stap": "De stap is opgeslagen.",
    "bericht": "Het bericht voor de melder is opgeslagen.",
    "kenmerk": "Het kenmerk is opgeslagen. Alleen een versleutelde vingerafdruk wordt bewaard.",
    "melder-verwijderd": "De naam en de contactgegevens van de melder zijn verwijderd. De consultatie zelf en het "
                         "bericht voor de melder blijven bewaard.",
    "melder-was-leeg": "Er waren geen naam en contactgegevens van de melder meer om te verwijderen.",
    "gevonden": "Gevonden met de referentiecode.",
}


@router.get("/consultaties/{consultation_id}", response_class=HTMLResponse)
def consultation_detail(request: Request, consultation_id: str, ctx: AppContext = Depends(get_context),
                        principal: Principal = Depends(page_principal)):
    """The full anonymised record with the follow-up forms."""
    notice = NOTICES.get(request.query_params.get("melding", ""))
    return _detail_page(request, ctx, principal, consultation_id, notice=notice)


async def _form(request: Request, principal: Principal) -> dict[str, str]:
    form = await request.form()
    check_csrf(principal, str(form.get("csrf_token") or ""))
    return {key: str(value) for key, value in form.items() if isinstance(value, str)}


def _back(consultation_id: str, notice: str) -> RedirectResponse:
    return RedirectResponse(f"/consultaties/{int(consultation_id)}?melding={notice}", status_code=303)


@router.post("/consultaties/{consultation_id}/stappen")
async def post_step(request: Request, consultation_id: str, ctx: AppContext = Depends(get_context),
                    principal: Principal = Depends(page_principal)):
    """Record a step of the step plan."""
    require_case_worker(principal)
    form = await _form(request, principal)
    data = followup.StepInput(step=form.get("step", ""), note=form.get("note", ""),
                              partner=form.get("partner") or None)
    errors = followup.validate_step(data)
    if not errors:
        try:
            workspace.add_step(ctx, principal.officer, consultation_id, data)
            return _back(consultation_id, "stap")
        except followup.FollowUpError as exc:
            errors = [exc]
    return _detail_page(request, ctx, principal, consultation_id,
                        [FieldError(e.field, e.message) for e in errors], form, 400)


@router.post("/consultaties/{consultation_id}/bericht")
async def post_message(request: Request, consultation_id: str, ctx: AppContext = Depends(get_context),
                       principal: Principal = Depends(page_principal)):
    """Save the message the reporter sees with their reference code."""
    require_case_worker(principal)
    form = await _form(request, principal)
    try:
        workspace.set_message(ctx, principal.officer, consultation_id, form.get("message", ""))
        return _back(consultation_id, "bericht")
    except followup.FollowUpError as exc:
        return _detail_page(request, ctx, principal, consultation_id, [FieldError(exc.field, exc.message)], form, 400)


@router.post("/consultaties/{consultation_id}/kenmerken")
async def post_identifier(request: Request, consultation_id: str, ctx: AppContext = Depends(get_context),
                          principal: Principal = Depends(page_principal)):
    """Attach an identifier (stored as a keyed hash)."""
    require_case_worker(principal)
    form = await _form(request, principal)
    try:
        workspace.enrich(ctx, principal.officer, consultation_id, form.get("kind", ""), form.get("value", ""))
        return _back(consultation_id, "kenmerk")
    except identifiers.IdentifierError as exc:
        # Never echo the identifier back into the page: re-render with the kind only.
        values = {"kind": form.get("kind", "")}
        return _detail_page(request, ctx, principal, consultation_id, [FieldError(exc.field, exc.message)], values, 400)


@router.post("/consultaties/{consultation_id}/melder/verwijderen")
async def delete_contact(request: Request, consultation_id: str, ctx: AppContext = Depends(get_context),
                         principal: Principal = Depends(page_principal)):
    """Delete the reporter's name and contact, after a confirmation."""
    require_case_worker(principal)
    form = await _form(request, principal)
    if form.get("bevestigd") != "ja":
        return _detail_page(request, ctx, principal, consultation_id, confirm_delete=True)
    deleted = workspace.delete_reporter_contact(ctx, principal.officer, consultation_id)
    return _back(consultation_id, "melder-verwijderd" if deleted else "melder-was-leeg")


@router.get("/cijfers", response_class=HTMLResponse)
def figures_page(request: Request, ctx: AppContext = Depends(get_context),
                 principal: Principal = Depends(page_principal)):
    """Figures for the twice-yearly report, as bars and a table."""
    params = dict(request.query_params)
    start, end, errors = parse_period(params)
    result = None
    if not errors:
        result, _ = workspace.figures(ctx, principal.officer, start, end)
    query = urlencode({k: v for k, v in params.items() if k in ("van", "tot") and v})
    return render(request, "figures.html", {
        "title": "Cijfers", "active": "cijfers", "f": wording.figures_in_words(result) if result else None, "filters": params, "errors": _errors_by_field(errors),
        "error_list": errors, "csv_url": "/cijfers.csv" + ("?" + query if query else ""),
    }, status_code=400 if errors else 200, principal=principal)


@router.get("/cijfers.csv")
def figures_csv(request: Request, ctx: AppContext = Depends(get_context),
                principal: Principal = Depends(page_principal)):
    """The figures as a CSV download."""
    start, end, errors = parse_period(dict(request.query_params))
    if errors:
        return figures_page(request, ctx, principal)
    _, text = workspace.figures(ctx, principal.officer, start, end, export=True)
    return Response("\ufeff" + text, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="signaalroute-cijfers.csv"'})


@router.get("/logboek", response_class=HTMLResponse)
def audit_page(request: Request, ctx: AppContext = Depends(get_context),
               principal: Principal = Depends(page_principal)):
    """Who viewed, changed or exported what."""
    events = workspace.audit_events(ctx, principal.officer)
    return render(request, "audit.html", {"title": "Logboek", "active": "logboek", "events": events}, principal=principal)


@router.get("/meldingen/teller")
def unseen_counter(ctx: AppContext = Depends(get_context), principal: Principal = Depends(page_principal)):
    """How many consultations the officer has not opened yet, and how many of those are acute
    (the list page polls this to keep its title and badge current)."""
    require_case_worker(principal)
    unseen, acute = workspace.unseen_counts(ctx, principal.officer)
    return JSONResponse({"nieuw": unseen, "acuut": acute})


SETTINGS_NOTICE = "Je instellingen zijn opgeslagen."


@router.get("/instellingen", response_class=HTMLResponse)
def settings_page(request: Request, ctx: AppContext = Depends(get_context),
                  principal: Principal = Depends(page_principal)):
    """The officer's own notification address, digest hour and the contact the chat gives."""
    values = workspace.get_preferences(ctx, principal.officer)
    notice = SETTINGS_NOTICE if request.query_params.get("melding") == "opgeslagen" else None
    return render(request, "settings.html", {
        "title": "Instellingen", "active": "instellingen", "values": values, "errors": {}, "error_list": [],
        "notice": notice,
    }, principal=principal)


@router.post("/instellingen", response_class=HTMLResponse)
async def settings_submit(request: Request, ctx: AppContext = Depends(get_context),
                          principal: Principal = Depends(page_principal)):
    """Check and save the settings; errors come back next to their fields."""
    form = await _form(request, principal)
    values = workspace.PreferencesView(
        notify_email=form.get("notify_email", "")[:254], digest_hour=form.get("digest_hour", "")[:2],
        chat_name=form.get("chat_name", "")[:128], chat_phone=form.get("chat_phone", "")[:32],
    )
    errors = [FieldError(f, m) for f, m in workspace.save_preferences(ctx, principal.officer, values)]
    if not errors:
        return RedirectResponse("/instellingen?melding=opgeslagen", status_code=303)
    return render(request, "settings.html", {
        "title": "Instellingen", "active": "instellingen", "values": values, "errors": _errors_by_field(errors),
        "error_list": errors, "notice": None,
    }, status_code=400, principal=principal)
