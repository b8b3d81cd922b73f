"""Sign-in checks for pages and API: session cookie, roles and CSRF tokens."""
from __future__ import annotations

import hmac
from dataclasses import dataclass

from fastapi import Request

from api import sessions
from api.access import may_handle_consultations
from api.context import AppContext
from bot.store.models import Officer


class LoginRequired(Exception):
    """No valid session: pages redirect to the sign-in page, the API answers 401."""


class Forbidden(Exception):
    """Signed in, but the role does not allow this (403)."""

    def __init__(self, message: str = "Je hebt geen toegang tot deze pagina."):
        super().__init__(message)
        self.message = message


class CsrfError(Exception):
    """A form or API call without the right CSRF token (403)."""


@dataclass
class Principal:
    """The signed-in officer and the CSRF token of their session."""

    officer: Officer
    csrf_token: str


def current_principal(request: Request, ctx: AppContext) -> Principal:
    """The signed-in officer for this request, or LoginRequired."""
    token = request.cookies.get(sessions.COOKIE_NAME)
    with ctx.database.session() as session:
        found = sessions.resume(
            session, token, ctx.settings.session_idle_minutes, ctx.settings.session_max_hours
        )
        principal = None
        if found is not None:
            row, officer = found
            _ = officer.municipality_codes  # load before the session closes
            principal = Principal(officer=officer, csrf_token=row.csrf_token)
    # Raised outside the transaction so that removing an expired session is committed.
    if principal is None:
        raise LoginRequired()
    return principal


def require_case_worker(principal: Principal) -> None:
    """Only attention officers may list, read or change consultations."""
    if not may_handle_consultations(principal.officer):
        raise Forbidden("Met jouw rol zie je alleen de cijfers van je regio, geen consultaties.")


def check_csrf(principal: Principal, submitted: str | None) -> None:
    """Raise CsrfError unless ``submitted`` equals the session's token."""
    if not submitted or not hmac.compare_digest(submitted.encode(), principal.csrf_token.encode()):
        raise CsrfError()
