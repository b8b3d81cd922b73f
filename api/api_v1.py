"""JSON API under /api/v1 (documented at /api/v1/docs). Same rules as the pages: a session
cookie (from POST /api/v1/session), and an X-CSRF-Token header on every change."""
from __future__ import annotations

import re

from datetime import date, datetime
from typing import Literal, Optional

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from pydantic import BaseModel, Field, StrictStr, validator

from api import accounts, sessions, workspace
from api.auth import Principal, check_csrf, current_principal, require_case_worker
from api.context import AppContext, get_context
from api.errors import FieldErrors
from api.filters import FORMS, INVERTED_PERIOD, FieldError, OUTCOME_PATTERN, parse_list_filters, parse_period
from api.pages import login_failed_message, set_session_cookie, sign_in
from bot.store import audit, followup, identifiers

class ErrorOut(BaseModel):
    """Every error: a Dutch message, and per field what is wrong."""

    detail: str
    errors: list[dict[str, str]]


# Every status a route can answer besides its own (the contract that schemathesis checks).
_ERROR = {"model": ErrorOut}
COMMON_RESPONSES = {
    400: {"description": "Het verzoek klopt niet (bijvoorbeeld geen geldige JSON)", **_ERROR},
    401: {"description": "Niet ingelogd, of de sessie is verlopen", **_ERROR},
    403: {"description": "Geen toegang voor deze rol, of X-CSRF-Token ontbreekt", **_ERROR},
    404: {"description": "Niet gevonden (of niet van jouw gemeente)", **_ERROR},
    422: {"description": "De invoer klopt niet: per veld een Nederlandse melding", **_ERROR},
    429: {"description": "Te veel verzoeken; probeer het later opnieuw", **_ERROR},
}
router = APIRouter(prefix="/api/v1", tags=["werkruimte"], responses=COMMON_RESPONSES)
# Text typed by an officer: line breaks and tabs, no other control characters (as the schema says).
_CONTROL_CLASS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f"
NO_CONTROL_CHARACTERS = rf"^[^{_CONTROL_CLASS}]*$"
IDENTIFIER_VALUE = rf"^[^{_CONTROL_CLASS}]*[0-9A-Za-z][^{_CONTROL_CLASS}]*$"
# What the filters accept, in the schema (the checks themselves are api/filters.py, with Dutch messages).
# An empty value means "no filter", as in the pages' forms.
_ENUMS = {"status": ["", *followup.STEPS], "vorm": ["", *FORMS], "open": ["", "ja", "nee", "true", "false", "1", "0"]}
_DATE = {"anyOf": [{"format": "date"}, {"maxLength": 0}]}
_PAGE = {"pattern": r"^(?:|[1-9][0-9]{0,4}|100000)$"}


_CONTROL = re.compile(f"[{_CONTROL_CLASS}]")


def _no_control_characters(value):
    """Before whitespace is stripped: a control character anywhere is refused (as the schema says)."""
    if isinstance(value, str) and _CONTROL.search(value):
        raise ValueError("Gebruik geen stuurtekens.")
    return value


class ApiModel(BaseModel):
    class Config:
        extra = "forbid"
        anystr_strip_whitespace = True


class LoginIn(ApiModel):
    username: StrictStr = Field(..., min_length=1, max_length=64)
    password: StrictStr = Field(..., min_length=1, max_length=1024)


class SessionOut(BaseModel):
    username: str
    role: str
    municipalities: list[str]
    region_id: Optional[str]
    csrf_token: str = Field(..., description="Send as X-CSRF-Token header on POST/PUT/DELETE.")


class StepOut(BaseModel):
    step: str
    label: str
    occurred_at: datetime
    partner: Optional[str]
    note: str


class SightingOut(BaseModel):
    kind: str
    in_municipality: int
    in_region: int
    text: str


class ConsultationOut(BaseModel):
    id: int
    occurred_at: datetime
    municipality_code: Optional[str]
    municipality_name: str
    region_id: str
    channel: str
    route_map_id: str
    route_map_version: str
    answers: dict[str, str]
    acute: bool
    form: Optional[str]
    outcome_code: Optional[str]
    contacts_advised: list[str]
    description: str
    completed: bool
    status: str
    status_label: str
    open: bool
    message_for_reporter: Optional[str]
    has_reporter_contact: bool


class ConsultationDetailOut(ConsultationOut):
    steps: list[StepOut]
    sightings: list[SightingOut]


class ConsultationPage(BaseModel):
    total: int
    page: int
    items: list[ConsultationOut]


class StepIn(ApiModel):
    step: Literal[tuple(followup.OFFICER_STEPS)]  # type: ignore[valid-type]
    partner: Optional[Literal[tuple(followup.PARTNERS)]] = None  # type: ignore[valid-type]
    note: StrictStr = Field("", max_length=followup.MAX_NOTE_CHARS, regex=NO_CONTROL_CHARACTERS)
    _note_controls = validator("note", pre=True, allow_reuse=True)(_no_control_characters)

    class Config:
        # "doorgestuurd" needs the partner it went to (bot.store.followup.validate_step).
        schema_extra = {"if": {"properties": {"step": {"const": followup.STEP_FORWARDED}}, "required": ["step"]},
                        "then": {"required": ["partner"], "properties": {"partner": {"type": "string"}}}}


class MessageIn(ApiModel):
    message: StrictStr = Field(..., max_length=followup.MAX_MESSAGE_CHARS, regex=NO_CONTROL_CHARACTERS)
    _message_controls = validator("message", pre=True, allow_reuse=True)(_no_control_characters)


class IdentifierIn(ApiModel):
    kind: Literal[tuple(identifiers.KINDS)]  # type: ignore[valid-type]
    # At least one letter or digit (a-z, 0-9): what is left of a plate, address or company name
    # once folded (bot.store.identifiers.normalise); no control characters.
    value: StrictStr = Field(..., min_length=1, max_length=identifiers.MAX_VALUE_CHARS, regex=IDENTIFIER_VALUE)
    _value_controls = validator("value", pre=True, allow_reuse=True)(_no_control_characters)


class FiguresOut(BaseModel):
    total: int
    acute: int
    acute_share: float
    per_form: dict[str, int]
    per_outcome: dict[str, int]
    per_month: dict[str, int]
    per_municipality: dict[str, int]
    reported_back: int
    median_hours_to_report_back: Optional[float]


class AuditOut(BaseModel):
    at: datetime
    actor: str
    action: str
    object_type: str
    object_id: Optional[str]
    municipality_code: Optional[str]
    detail: str


# Models whose optional fields the OpenAPI description declares nullable (api/openapi.py).
MODELS = [SessionOut, StepOut, SightingOut, ConsultationOut, ConsultationDetailOut, ConsultationPage, StepIn,
          MessageIn, IdentifierIn, FiguresOut, AuditOut, LoginIn, ErrorOut]


def api_principal(request: Request, ctx: AppContext = Depends(get_context)) -> Principal:
    """Dependency: the signed-in officer (401 otherwise)."""
    return current_principal(request, ctx)


def case_worker(principal: Principal = Depends(api_principal)) -> Principal:
    """Dependency: an attention officer (403 for other roles)."""
    require_case_worker(principal)
    return principal


def csrf_case_worker(
    principal: Principal = Depends(case_worker),
    x_csrf_token: Optional[str] = Header(None, description="The csrf_token from POST /api/v1/session."),
) -> Principal:
    """Dependency for changes: an attention officer with the session's CSRF token."""
    check_csrf(principal, x_csrf_token)
    return principal


def _out(view: workspace.ConsultationView) -> dict:
    data = {k: v for k, v in view.__dict__.items() if k not in ("steps", "sightings")}
    return data


def _detail_out(view: workspace.ConsultationView) -> dict:
    data = _out(view)
    data["steps"] = [StepOut(step=s.step, label=s.label, occurred_at=s.occurred_at, partner=s.partner, note=s.note)
                     for s in view.steps]
    data["sightings"] = [SightingOut(kind=s.kind, in_municipality=s.in_municipality, in_region=s.in_region,
                                     text=identifiers.describe(s)) for s in view.sightings]
    return data


@router.post("/session", response_model=SessionOut, responses={401: {"description": "Inloggen mislukt"}})
def create_session(body: LoginIn, request: Request, response: Response, ctx: AppContext = Depends(get_context)):
    """Sign in. Sets the session cookie; returns the CSRF token for later changes."""
    token, row = sign_in(ctx, body.username, body.password)
    if not token:
        raise FieldErrors(401, login_failed_message(ctx), [])
    set_session_cookie(response, token, ctx, secure=request.url.scheme == "https")
    with ctx.database.session() as session:
        officer = accounts.find(session, body.username)
        return SessionOut(username=officer.username, role=officer.role, municipalities=officer.municipality_codes,
                          region_id=officer.region_id, csrf_token=row.csrf_token)


@router.delete("/session", status_code=204)
def delete_session(request: Request, ctx: AppContext = Depends(get_context),
                   principal: Principal = Depends(api_principal),
                   x_csrf_token: Optional[str] = Header(None)):
    """Sign out."""
    check_csrf(principal, x_csrf_token)
    with ctx.database.session() as session:
        sessions.end(session, request.cookies.get(sessions.COOKIE_NAME))
        audit.log_event(session, principal.officer, "logout", "officer", principal.officer.id)
    response = Response(status_code=204)
    response.delete_cookie(sessions.COOKIE_NAME, path="/")
    return response


@router.get("/consultations", response_model=ConsultationPage)
def list_consultations(
    ctx: AppContext = Depends(get_context),
    principal: Principal = Depends(case_worker),
    status: Optional[str] = Query(None, description="Stap van het stappenplan, bv. doorgestuurd", enum=_ENUMS["status"]),
    vorm: Optional[str] = Query(None, description="arbeid, seksueel, crimineel, orgaan, onbekend", enum=_ENUMS["vorm"]),
    uitkomst: Optional[str] = Query(None, description="Uitkomstcode van de routekaart", pattern=OUTCOME_PATTERN),
    van: Optional[str] = Query(None, description="Vanaf datum (jjjj-mm-dd)", **_DATE),
    tot: Optional[str] = Query(None, description="Tot en met datum (jjjj-mm-dd); voor 'van': geen uitkomsten", **_DATE),
    open: Optional[str] = Query(None, description="ja: alleen open opvolging; nee: alleen afgesloten",
                                enum=_ENUMS["open"]),
    pagina: Optional[str] = Query(None, description="Paginanummer, vanaf 1 (50 per pagina)", **_PAGE),
):
    """The officer's consultations, newest first, with filters."""
    params = {k: v for k, v in dict(status=status, vorm=vorm, uitkomst=uitkomst, van=van, tot=tot,
                                     open=open, pagina=pagina).items() if v is not None}
    _exactly_as_documented(params)
    filters, errors = parse_list_filters(params)
    errors = _without_inverted_period(errors)  # an empty period: no consultations, not an error
    if errors:
        raise FieldErrors(422, "De filters kloppen niet.", errors)
    rows, total = workspace.list_consultations(ctx, principal.officer, filters)
    return {"total": total, "page": filters.page, "items": [_out(v) for v in rows]}


@router.get("/consultations/{consultation_id}", response_model=ConsultationDetailOut,
            responses={404: {"description": "Niet gevonden (of niet van jouw gemeente)"}})
def get_consultation(consultation_id: str, ctx: AppContext = Depends(get_context),
                     principal: Principal = Depends(case_worker)):
    """The full anonymised record, steps and 'eerder gesignaleerd' flags."""
    return _detail_out(workspace.get_detail(ctx, principal.officer, consultation_id))


@router.post("/consultations/{consultation_id}/steps", response_model=ConsultationDetailOut, status_code=201,
             responses={409: {"description": "De consultatie is al afgesloten", **_ERROR}})
def add_step(consultation_id: str, body: StepIn, ctx: AppContext = Depends(get_context),
             principal: Principal = Depends(csrf_case_worker)):
    """Record a step of the step plan (the note is redacted before it is stored)."""
    data = followup.StepInput(step=body.step, note=body.note, partner=body.partner)
    try:
        workspace.add_step(ctx, principal.officer, consultation_id, data)
    except followup.ConsultationClosed as exc:
        raise FieldErrors(409, exc.message, [exc]) from None
    except followup.FollowUpError as exc:
        raise FieldErrors(422, exc.message, [exc]) from None
    return _detail_out(workspace.get_detail(ctx, principal.officer, consultation_id))


@router.put("/consultations/{consultation_id}/message", response_model=ConsultationDetailOut)
def set_message(consultation_id: str, body: MessageIn, ctx: AppContext = Depends(get_context),
                principal: Principal = Depends(csrf_case_worker)):
    """Set the message the reporter sees with their reference code (redacted; empty removes it)."""
    try:
        workspace.set_message(ctx, principal.officer, consultation_id, body.message)
    except followup.FollowUpError as exc:
        raise FieldErrors(422, exc.message, [exc]) from None
    return _detail_out(workspace.get_detail(ctx, principal.officer, consultation_id))


@router.post("/consultations/{consultation_id}/identifiers", response_model=ConsultationDetailOut, status_code=201)
def add_identifier(consultation_id: str, body: IdentifierIn, ctx: AppContext = Depends(get_context),
                   principal: Principal = Depends(csrf_case_worker)):
    """Attach an address, company name or licence plate; only its keyed hash is stored."""
    try:
        workspace.enrich(ctx, principal.officer, consultation_id, body.kind, body.value)
    except identifiers.IdentifierError as exc:
        raise FieldErrors(422, exc.message, [exc]) from None
    return _detail_out(workspace.get_detail(ctx, principal.officer, consultation_id))


@router.delete("/consultations/{consultation_id}/reporter-contact", status_code=204)
def delete_reporter_contact(consultation_id: str, ctx: AppContext = Depends(get_context),
                            principal: Principal = Depends(csrf_case_worker)):
    """Delete the reporter's name and contact. (They are shown only on the detail page, never here.)"""
    workspace.delete_reporter_contact(ctx, principal.officer, consultation_id)
    return Response(status_code=204)


_PATTERNS = {"van": r"|[0-9]{4}-[0-9]{2}-[0-9]{2}", "tot": r"|[0-9]{4}-[0-9]{2}-[0-9]{2}",
             "pagina": r"|[1-9][0-9]{0,4}|100000"}


def _exactly_as_documented(params: dict) -> None:
    """The API takes its query values exactly as the OpenAPI document says (the pages' forms are
    more forgiving: spaces, capitals); a value that is not gets 422 with the field."""
    wrong = [name for name, value in params.items()
             if (name in _ENUMS and value not in _ENUMS[name])
             or (name in _PATTERNS and not re.fullmatch(_PATTERNS[name], value))]
    if wrong:
        raise FieldErrors(422, "De filters kloppen niet.",
                          [FieldError(name, "Gebruik een waarde zoals de API-beschrijving die noemt.") for name in wrong])


def _without_inverted_period(errors: list) -> list:
    """The API reads "tot" before "van" as an empty period (the pages say it is a mistake)."""
    return [e for e in errors if e.message != INVERTED_PERIOD]


def _period(van: Optional[str], tot: Optional[str]) -> tuple[Optional[date], Optional[date]]:
    params = {k: v for k, v in (("van", van), ("tot", tot)) if v is not None}
    _exactly_as_documented(params)
    start, end, errors = parse_period(params)
    errors = _without_inverted_period(errors)
    if errors:
        raise FieldErrors(422, "De periode klopt niet.", errors)
    return start, end


@router.get("/figures", response_model=FiguresOut)
def get_figures(ctx: AppContext = Depends(get_context), principal: Principal = Depends(api_principal),
                van: Optional[str] = Query(None, description="Vanaf datum (jjjj-mm-dd)", **_DATE),
                tot: Optional[str] = Query(None, description="Tot en met datum (jjjj-mm-dd)", **_DATE)):
    """Figures in your scope (your municipalities, or your region for a coordinator)."""
    start, end = _period(van, tot)
    result, _ = workspace.figures(ctx, principal.officer, start, end)
    return FiguresOut(acute_share=result.acute_share, **result.__dict__)


@router.get("/figures.csv", response_class=Response,
            responses={200: {"content": {"text/csv": {}}, "description": "CSV, puntkomma-gescheiden"}})
def get_figures_csv(ctx: AppContext = Depends(get_context), principal: Principal = Depends(api_principal),
                    van: Optional[str] = Query(None, description="Vanaf datum (jjjj-mm-dd)", **_DATE),
                    tot: Optional[str] = Query(None, description="Tot en met datum (jjjj-mm-dd)", **_DATE)):
    """The figures as CSV."""
    start, end = _period(van, tot)
    _, text = workspace.figures(ctx, principal.officer, start, end, export=True)
    return Response("\ufeff" + text, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="signaalroute-cijfers.csv"'})


@router.get("/audit", response_model=list[AuditOut])
def get_audit(ctx: AppContext = Depends(get_context), principal: Principal = Depends(api_principal),
              pagina: int = Query(1, ge=1, le=100000)):
    """Audit events you may see, newest first (50 per page)."""
    return [AuditOut(at=e.at, actor=e.actor, action=e.action, object_type=e.object_type, object_id=e.object_id,
                     municipality_code=e.municipality_code, detail=e.detail)
            for e in workspace.audit_events(ctx, principal.officer, pagina)]
