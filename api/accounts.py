"""Officer accounts: argon2 password hashes, lock-out after repeated failures, management."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from api import municipalities
from bot.store.models import Officer, OfficerMunicipality
from bot.store.types import utcnow

ROLE_OFFICER = "aandachtsfunctionaris"
ROLE_COORDINATOR = "regio-coordinator"
ROLES = {ROLE_OFFICER: "Aandachtsfunctionaris", ROLE_COORDINATOR: "Regio-coördinator"}
MIN_PASSWORD_LENGTH = 12

_hasher = PasswordHasher()
# Verified against when the username is unknown, so both cases take the same time.
_DUMMY_HASH = _hasher.hash("not-a-real-password-for-timing")


class AccountError(ValueError):
    """Invalid account input; ``field`` names the input, ``message`` is readable."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def check_password_strength(password: str) -> None:
    """Raise AccountError if the password is too weak."""
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise AccountError("password", f"Het wachtwoord moet minstens {MIN_PASSWORD_LENGTH} tekens hebben.")


def find(session: Session, username: str) -> Officer | None:
    """The officer with this username (case-insensitive), or None."""
    return session.execute(
        select(Officer).where(Officer.username == (username or "").strip().lower())
    ).scalar_one_or_none()


def create_officer(
    session: Session,
    username: str,
    password: str,
    role: str,
    municipality_codes: list[str] | None = None,
    region_id: str | None = None,
    display_name: str = "",
) -> Officer:
    """Create an account; attention officers need municipalities, coordinators a region."""
    username = (username or "").strip().lower()
    if not username or len(username) > 64 or not username.replace(".", "").replace("-", "").replace("_", "").isalnum():
        raise AccountError("username", "Gebruik voor de gebruikersnaam alleen letters, cijfers, punt, - of _.")
    if find(session, username):
        raise AccountError("username", f"Er is al een account met gebruikersnaam {username}.")
    if role not in ROLES:
        raise AccountError("role", f"Kies als rol {ROLE_OFFICER} of {ROLE_COORDINATOR}.")
    codes = sorted({code.strip().upper() for code in municipality_codes or [] if code.strip()})
    if role == ROLE_OFFICER:
        if not codes:
            raise AccountError("municipality", "Een aandachtsfunctionaris heeft minstens één gemeente nodig.")
        unknown = [code for code in codes if not municipalities.is_valid_code(code)]
        if unknown:
            raise AccountError("municipality", f"Onbekende gemeentecode: {', '.join(unknown)}.")
        region_id = None
    else:
        if not region_id:
            raise AccountError("region", "Een regio-coördinator heeft een regio nodig (de id van de routekaart).")
        codes = []
    check_password_strength(password)
    officer = Officer(
        username=username,
        display_name=(display_name or username)[:128],
        password_hash=_hasher.hash(password),
        role=role,
        region_id=region_id,
    )
    officer.municipalities = [OfficerMunicipality(municipality_code=code) for code in codes]
    session.add(officer)
    session.flush()
    return officer


def set_password(session: Session, officer: Officer, password: str) -> None:
    """Replace the password; also lifts a lock-out."""
    check_password_strength(password)
    officer.password_hash = _hasher.hash(password)
    officer.failed_logins = 0
    officer.locked_until = None
    session.flush()


@dataclass(frozen=True)
class LoginResult:
    """The outcome of a sign-in attempt."""

    officer: Officer | None
    locked: bool = False


def authenticate(
    session: Session, username: str, password: str, max_failures: int, lockout_minutes: int
) -> LoginResult:
    """Check credentials, counting failures; after ``max_failures`` the account locks for a while.

    A locked account is refused even with the right password, so guessing gains nothing.
    """
    officer = find(session, username)
    now = utcnow()
    if officer is None or officer.disabled:
        _verify(_DUMMY_HASH, password or "")
        return LoginResult(None)
    attempt = _reserve_attempt(session, officer.id, now)
    if attempt is None or attempt > max_failures:
        # Locked, or the allowed guesses are all being checked right now: this one is not.
        _verify(_DUMMY_HASH, password or "")
        return LoginResult(None, locked=True)
    session.refresh(officer)
    if not _verify(officer.password_hash, password or ""):
        if attempt == max_failures:
            session.execute(update(Officer).where(Officer.id == officer.id).values(
                locked_until=now + timedelta(minutes=lockout_minutes), failed_logins=0))
        session.flush()
        return LoginResult(None, locked=attempt == max_failures)
    officer.failed_logins = 0
    officer.locked_until = None
    if _hasher.check_needs_rehash(officer.password_hash):
        officer.password_hash = _hasher.hash(password)
    session.flush()
    return LoginResult(officer)


def _reserve_attempt(session: Session, officer_id: int, now) -> int | None:
    """Count this attempt before the password is checked, atomically: which attempt it is since
    the last success or lock, or None while the account is locked.

    One UPDATE (a row lock on PostgreSQL, the write lock on SQLite) and a read in the same short
    transaction, committed before the slow hash check: thirty sign-ins at once get the numbers
    1 to 30, and only the first ``max_failures`` are checked at all."""
    not_locked = or_(Officer.locked_until.is_(None), Officer.locked_until <= now)
    changed = session.execute(update(Officer).where(Officer.id == officer_id, not_locked).values(
        failed_logins=func.coalesce(Officer.failed_logins, 0) + 1).execution_options(synchronize_session=False))
    attempt = None
    if changed.rowcount:
        attempt = session.execute(select(Officer.failed_logins).where(Officer.id == officer_id)).scalar_one()
    session.commit()
    return attempt


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
