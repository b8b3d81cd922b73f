"""Configuration in one place: environment variables with safe defaults.

Relative paths are resolved against the repository root, so the services behave the same
whatever directory they are started from. Secrets come from the environment or from files in
``var/`` that ``ensure_secrets()`` (called by ``scripts/setup`` and on first use) generates.
"""
from __future__ import annotations

import base64
import hashlib
import logging
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

SECRET_KEY_FILE = "secret.key"
ENCRYPTION_KEY_FILE = "encryption.key"
ACTION_TOKEN_FILE = "action.token"  # the Rasa server's credential at the action server


_logger = logging.getLogger(__name__)

# The action server as scripts/start runs it, when SIGNAALROUTE_ACTION_URL is not set.
DEFAULT_ACTION_URL = "http://127.0.0.1:5055/webhook"

def _resolve(path: str) -> Path:
    candidate = Path(path)
    return candidate if candidate.is_absolute() else REPO_ROOT / candidate


def var_dir() -> Path:
    """The directory for runtime data (databases, generated secrets), created on demand."""
    directory = _resolve(os.environ.get("SIGNAALROUTE_VAR_DIR", "var"))
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def _resolve_sqlite_url(url: str) -> str:
    """Make a relative SQLite path relative to the repo root and create its directory."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or url == prefix + ":memory:":
        return url
    path = url[len(prefix):]
    absolute = Path(path) if path.startswith("/") else _resolve(path)
    private_file(absolute)
    return prefix + str(absolute)


def private_file(path: Path) -> Path:
    """Create ``path`` (and its directory) readable by its owner only, unless it exists.

    SQLite gives its journal files the mode of the database file, so a database created here
    never has a moment in which another local user could read it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass
    return path


def ensure_secrets() -> None:
    """Create the secret files in ``var/`` (mode 0600) when they do not exist yet.

    Existing files are never overwritten: replacing the secret key would orphan every stored
    keyed hash, replacing the encryption key would make stored reporter contacts unreadable.
    """
    directory = var_dir()
    for name in (SECRET_KEY_FILE, ENCRYPTION_KEY_FILE, ACTION_TOKEN_FILE):
        path = directory / name
        if path.exists():
            continue
        # O_EXCL: two processes starting at once must not overwrite each other's key.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_urlsafe(32).encode("ascii") if name == ACTION_TOKEN_FILE
                         else secrets.token_bytes(32))
        os.chmod(path, 0o600)


def _secret(env_name: str, file_name: str) -> bytes:
    value = os.environ.get(env_name)
    if value:
        return value.encode("utf-8")
    ensure_secrets()
    return (var_dir() / file_name).read_bytes()


def secret_key() -> bytes:
    """The HMAC secret alone (``SIGNAALROUTE_SECRET_KEY`` or ``var/secret.key``), for processes
    that need no other secret (the Rasa server)."""
    return _secret("SIGNAALROUTE_SECRET_KEY", SECRET_KEY_FILE)


def action_token() -> str:
    """The shared token the Rasa server shows the action server (``SIGNAALROUTE_ACTION_TOKEN``,
    else generated into ``var/action.token``): /webhook and /redact answer no one else."""
    return _secret("SIGNAALROUTE_ACTION_TOKEN", ACTION_TOKEN_FILE).decode("utf-8").strip()


def _int(env_name: str, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(env_name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ValueError(f"{env_name} must be a whole number, got {raw!r}") from exc
    if value < minimum:
        raise ValueError(f"{env_name} must be at least {minimum}, got {value}")
    return value


def env_number(env_name: str, default: float, minimum: float | None = None) -> float:
    """A number from the environment for a tuning setting (a wait, a limit): blank gives the default;
    a value that is no number, or below ``minimum``, gives the default with a warning, so a typo in a
    tuning knob never stops the chat."""
    raw = os.environ.get(env_name, "")
    if not raw.strip():
        return default
    try:
        value = float(raw)
    except ValueError:
        _logger.warning("%s is not a number; using %s.", env_name, default)
        return default
    if minimum is not None and value < minimum:
        _logger.warning("%s is below %s; using %s.", env_name, minimum, default)
        return default
    return value


def action_server_url(path: str, action_url: str | None = None) -> str:
    """``path`` (e.g. "health", "redact") next to the SDK's /webhook of ``action_url``
    (by default SIGNAALROUTE_ACTION_URL)."""
    base = (action_url or os.environ.get("SIGNAALROUTE_ACTION_URL") or DEFAULT_ACTION_URL).rstrip("/")
    return f"{base.removesuffix('/webhook')}/{path}"


def _bool(env_name: str, default: bool) -> bool:
    raw = os.environ.get(env_name)
    if raw is None or raw.strip() == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "ja", "on"}


@dataclass(frozen=True)
class Settings:
    """Resolved configuration; build it with ``load_settings()``."""

    database_url: str
    tracker_db: Path
    secret_key: bytes
    encryption_key: bytes
    retention_days: int
    tracker_ttl_hours: int
    session_idle_minutes: int
    session_max_hours: int
    login_max_failures: int
    login_lockout_minutes: int
    retention_interval_minutes: int
    cookie_secure: bool
    contact_max_age_months: int = 12
    allowed_origins: tuple[str, ...] = ()
    api_docs: bool = False

    @property
    def fernet_key(self) -> bytes:
        """A Fernet key derived from the encryption secret (any length in, 32 bytes out)."""
        return base64.urlsafe_b64encode(hashlib.sha256(self.encryption_key).digest())


def load_settings() -> Settings:
    """Read the configuration from the environment (called at start-up, cheap to repeat)."""
    return Settings(
        database_url=_resolve_sqlite_url(
            os.environ.get("SIGNAALROUTE_DATABASE_URL", "sqlite:///var/signaalroute.db")
        ),
        tracker_db=_resolve(os.environ.get("SIGNAALROUTE_TRACKER_DB", "var/tracker.db")),
        secret_key=_secret("SIGNAALROUTE_SECRET_KEY", SECRET_KEY_FILE),
        encryption_key=_secret("SIGNAALROUTE_ENCRYPTION_KEY", ENCRYPTION_KEY_FILE),
        retention_days=_int("SIGNAALROUTE_RETENTION_DAYS", 730, minimum=1),
        tracker_ttl_hours=_int("SIGNAALROUTE_TRACKER_TTL_HOURS", 12, minimum=1),
        session_idle_minutes=_int("SIGNAALROUTE_SESSION_IDLE_MINUTES", 30, minimum=1),
        session_max_hours=_int("SIGNAALROUTE_SESSION_MAX_HOURS", 8, minimum=1),
        login_max_failures=_int("SIGNAALROUTE_LOGIN_MAX_FAILURES", 5, minimum=1),
        login_lockout_minutes=_int("SIGNAALROUTE_LOGIN_LOCKOUT_MINUTES", 15, minimum=1),
        retention_interval_minutes=_int("SIGNAALROUTE_RETENTION_INTERVAL_MINUTES", 360, minimum=1),
        cookie_secure=_bool("SIGNAALROUTE_COOKIE_SECURE", False),
        contact_max_age_months=contact_max_age_months(),
        allowed_origins=allowed_origins(),
        api_docs=_bool("SIGNAALROUTE_API_DOCS", False),
    )


@dataclass(frozen=True)
class MailSettings:
    """Where the workspace sends its notifications (SMTP). Without a host nothing is sent."""

    host: str = ""
    port: int = 587
    starttls: bool = True
    username: str = ""
    password: str = ""
    sender: str = "signaalroute@localhost"
    ca_file: str = ""                            # extra CA bundle for STARTTLS (a private mail relay)
    public_url: str = "http://127.0.0.1:8000"   # the workspace as officers reach it, for the link
    interval_seconds: float = 2.0                # how often the notifier looks for new consultations

    @property
    def enabled(self) -> bool:
        return bool(self.host)


def mail_settings() -> MailSettings:
    """``SIGNAALROUTE_SMTP_*`` and ``SIGNAALROUTE_PUBLIC_URL`` (no secrets are generated for these)."""
    port = _int("SIGNAALROUTE_API_PORT", 8000, minimum=1)
    return MailSettings(
        host=os.environ.get("SIGNAALROUTE_SMTP_HOST", "").strip(),
        port=_int("SIGNAALROUTE_SMTP_PORT", 587, minimum=1),
        starttls=_bool("SIGNAALROUTE_SMTP_STARTTLS", True),
        username=os.environ.get("SIGNAALROUTE_SMTP_USERNAME", ""),
        password=os.environ.get("SIGNAALROUTE_SMTP_PASSWORD", ""),
        sender=os.environ.get("SIGNAALROUTE_SMTP_FROM", "").strip() or "signaalroute@localhost",
        ca_file=os.environ.get("SIGNAALROUTE_SMTP_CA_FILE", "").strip(),
        public_url=(os.environ.get("SIGNAALROUTE_PUBLIC_URL", "").strip() or f"http://127.0.0.1:{port}").rstrip("/"),
        interval_seconds=env_number("SIGNAALROUTE_NOTIFY_INTERVAL_SECONDS", 2.0, minimum=0.2),
    )


def routekaarten_dir() -> Path:
    """The directory with the route maps and other data files (``SIGNAALROUTE_ROUTEKAARTEN_DIR``).

    Default ``routekaarten/`` in this checkout; a municipality can point it at its own copy.
    """
    return _resolve(os.environ.get("SIGNAALROUTE_ROUTEKAARTEN_DIR") or "routekaarten")


def reading_dir() -> Path:
    """The learned reading's weights (``SIGNAALROUTE_READING_DIR``, default ``reading/``; see bot/learned.py)."""
    return _resolve(os.environ.get("SIGNAALROUTE_READING_DIR") or "reading")


def contact_max_age_months() -> int:
    """Months after its ``verified_on`` date that a contact counts as stale (no secrets needed).

    The chat core reads this on its own, so it does not load the workspace's secrets.
    """
    return _int("SIGNAALROUTE_CONTACT_MAX_AGE_MONTHS", 12, minimum=1)


def allowed_origins() -> tuple[str, ...]:
    """Web origins that may talk to the Rasa server from a browser (CORS and socket.io).

    ``SIGNAALROUTE_ALLOWED_ORIGINS``: comma- or space-separated, e.g.
    ``https://intranet.gemeente.nl,https://werkruimte.gemeente.nl``. The default is the
    workspace's own origin, which serves the widget and the demo page. ``*`` is refused: any
    web page could otherwise talk to the assistant in the name of a visitor.
    """
    raw = os.environ.get("SIGNAALROUTE_ALLOWED_ORIGINS", "")
    origins = tuple(o.strip().rstrip("/") for o in raw.replace(",", " ").split() if o.strip())
    if "*" in origins:
        raise ValueError("SIGNAALROUTE_ALLOWED_ORIGINS may not be '*'; name the origins (https://...)")
    for origin in origins:
        if not origin.startswith(("http://", "https://")):
            raise ValueError(f"SIGNAALROUTE_ALLOWED_ORIGINS: {origin!r} is no origin like https://intranet.example.nl")
    if origins:
        return origins
    port = _int("SIGNAALROUTE_API_PORT", 8000, minimum=1)
    return (f"http://127.0.0.1:{port}", f"http://localhost:{port}")


if __name__ == "__main__":
    # ``python -m bot.settings origins``: the allowed origins for scripts (Rasa's --cors).
    import sys

    if sys.argv[1:] == ["origins"]:
        print(" ".join(allowed_origins()))
    else:
        sys.exit("usage: python -m bot.settings origins")
