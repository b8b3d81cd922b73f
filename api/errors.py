"""Error answers: JSON with field errors under /api, a Dutch page elsewhere; never a traceback."""
from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from sqlalchemy.exc import SQLAlchemyError
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.auth import CsrfError, Forbidden, LoginRequired
from api.workspace import NotFound

logger = logging.getLogger(__name__)


class FieldErrors(Exception):
    """A 4xx answer with a message and field errors (objects with ``field`` and ``message``)."""

    def __init__(self, status_code: int, message: str, errors: list):
        super().__init__(message)
        self.status_code = status_code
        self.message = message
        self.errors = [{"field": e.field, "message": e.message} for e in errors]


_PYDANTIC_MESSAGES = {
    "value_error.missing": "Dit veld is verplicht.",
    "value_error.extra": "Dit veld is onbekend.",
    "value_error.any_str.max_length": "Deze tekst is te lang.",
    "value_error.any_str.min_length": "Vul dit veld in.",
    "value_error.const": "Kies een waarde uit de lijst.",
    "type_error.literal": "Kies een waarde uit de lijst.",
    "value_error.jsondecode": "De inhoud is geen geldige JSON.",
    "json_invalid": "De inhoud is geen geldige JSON.",
    "type_error.dict": "Stuur een JSON-object.",
    "type_error.str": "Vul een tekst in.",
    "type_error.none.not_allowed": "Dit veld mag niet leeg zijn.",
    "type_error.integer": "Vul een heel getal in.",
    "value_error.number.not_ge": "Het getal is te klein.",
    "value_error.number.not_le": "Het getal is te groot.",
}

_BODY_ERRORS = {"value_error.jsondecode", "json_invalid", "type_error.dict"}

STATUS_MESSAGES = {
    400: "Het verzoek klopt niet.",
    401: "Je bent niet ingelogd.",
    403: "Je hebt hier geen toegang toe.",
    404: "Deze pagina bestaat niet, of je hebt er geen toegang toe.",
    405: "Deze actie kan hier niet.",
    413: "Het verzoek is te groot.",
    415: "Dit soort inhoud wordt niet ondersteund.",
    422: "De invoer klopt niet.",
    429: "Te veel verzoeken. Probeer het later nog eens.",
}


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _field_name(location: tuple) -> str:
    parts = [str(p) for p in location if p not in ("body", "query", "path", "header", "cookie")]
    return ".".join(parts) or "body"


def _page(request: Request, status_code: int, message: str):
    from api.pages import render

    return render(request, "error.html", {"title": "Er ging iets mis", "message": message, "status": status_code},
                  status_code=status_code)


def _allowed_methods(request: Request) -> str:
    """The methods the app serves on the request's path (for the Allow header of a 405)."""
    from starlette.routing import Match

    methods: set[str] = set()
    for route in request.app.routes:
        match, _ = route.matches(request.scope)
        if match != Match.NONE and getattr(route, "methods", None):
            methods |= set(route.methods)
    return ", ".join(sorted(methods))


def install(app: FastAPI) -> None:
    """Register the exception handlers on the app."""

    @app.exception_handler(FieldErrors)
    async def field_errors(request: Request, exc: FieldErrors):
        return JSONResponse({"detail": exc.message, "errors": exc.errors}, status_code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        errors = [
            {"field": "body" if e.get("type") in _BODY_ERRORS else _field_name(tuple(e.get("loc", ()))),
             "message": _PYDANTIC_MESSAGES.get(e.get("type", ""), "Deze waarde klopt niet.")}
            for e in exc.errors()
        ]
        if not _is_api(request):
            return _page(request, 400, "Het formulier klopt niet. Ga terug en probeer het opnieuw.")
        return JSONResponse({"detail": STATUS_MESSAGES[422], "errors": errors}, status_code=422)

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, exc: LoginRequired):
        if _is_api(request):
            return JSONResponse({"detail": "Je bent niet ingelogd, of je sessie is verlopen.", "errors": []},
                                status_code=401)
        return RedirectResponse("/inloggen", status_code=303)

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Forbidden):
        if _is_api(request):
            return JSONResponse({"detail": exc.message, "errors": []}, status_code=403)
        return _page(request, 403, exc.message)

    @app.exception_handler(CsrfError)
    async def csrf_error(request: Request, exc: CsrfError):
        message = "Het formulier is verlopen of niet compleet. Laad de pagina opnieuw en probeer het nog eens."
        if _is_api(request):
            return JSONResponse({"detail": "X-CSRF-Token ontbreekt of klopt niet.",
                                 "errors": [{"field": "X-CSRF-Token", "message": message}]}, status_code=403)
        return _page(request, 403, message)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound):
        if _is_api(request):
            return JSONResponse({"detail": STATUS_MESSAGES[404], "errors": []}, status_code=404)
        return _page(request, 404, STATUS_MESSAGES[404])

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        message = STATUS_MESSAGES.get(exc.status_code, "Het verzoek kon niet worden uitgevoerd.")
        headers = getattr(exc, "headers", None)
        if exc.status_code == 405:
            # Every method of the path, not only those of the first route that matched it.
            headers = {**(headers or {}), "Allow": _allowed_methods(request)}
        if _is_api(request) or exc.status_code == 405:
            return JSONResponse({"detail": message, "errors": []}, status_code=exc.status_code, headers=headers)
        return _page(request, exc.status_code, message)

    app.state.unexpected_errors = 0

    @app.middleware("http")
    async def unexpected(request: Request, call_next):
        """Answer every unexpected error here, logging its type and a count only.

        Handled any later, Starlette re-raises the exception after answering and the server logs
        the whole traceback, and a database error's traceback holds the SQL statement with its
        parameters: descriptions, notes, identifiers.
        """
        try:
            return await call_next(request)
        except Exception as exc:  # noqa: BLE001 - nothing may reach the server's traceback log
            app.state.unexpected_errors += 1
            kind = "database error" if isinstance(exc, SQLAlchemyError) else "unexpected error"
            # The path without its query string: queries can carry typed text.
            logger.error("%s on %s %s: %s (%d since start)", kind, request.method, request.url.path,
                         type(exc).__name__, app.state.unexpected_errors)
            message = "Er ging iets mis aan onze kant. Probeer het later nog eens."
            if _is_api(request):
                return JSONResponse({"detail": message, "errors": []}, status_code=500)
            return _page(request, 500, message)
