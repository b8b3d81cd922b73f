"""Configuration of the Teams channel: credentials.yml over environment variables."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Mapping, Optional, Tuple

from bot.settings import load_settings

logger = logging.getLogger(__name__)

DEFAULT_TOKEN_URL = "https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token"
DEFAULT_TOKEN_SCOPE = "https://api.botframework.com/.default"
DEFAULT_OPENID_METADATA_URL = "https://login.botframework.com/v1/.well-known/openidconfiguration"
DEFAULT_ISSUER = "https://api.botframework.com"

# Microsoft advises five minutes of clock skew for Bot Framework tokens.
DEFAULT_LEEWAY_SECONDS = 300
# The intent Rasa gets when the bot is added to a conversation, so that the
# assistant greets in its own words.
DEFAULT_WELCOME_PAYLOAD = "/greet"

ENV_APP_ID = "SIGNAALROUTE_TEAMS_APP_ID"
ENV_APP_PASSWORD = "SIGNAALROUTE_TEAMS_APP_PASSWORD"
ENV_TOKEN_URL = "SIGNAALROUTE_TEAMS_TOKEN_URL"
ENV_OPENID_URL = "SIGNAALROUTE_TEAMS_OPENID_URL"
ENV_ISSUER = "SIGNAALROUTE_TEAMS_ISSUER"
ENV_TENANT_IDS = "SIGNAALROUTE_TEAMS_TENANT_IDS"
ENV_SECRET_KEY = "SIGNAALROUTE_SECRET_KEY"


@dataclass(frozen=True)
class TeamsSettings:
    """Configuration of the Teams channel (credentials.yml over environment)."""

    app_id: str = ""
    app_password: str = field(default="", repr=False)
    token_url: str = DEFAULT_TOKEN_URL
    token_scope: str = DEFAULT_TOKEN_SCOPE
    openid_metadata_url: str = DEFAULT_OPENID_METADATA_URL
    issuer: str = DEFAULT_ISSUER
    allowed_tenants: Tuple[str, ...] = ()
    leeway_seconds: int = DEFAULT_LEEWAY_SECONDS
    welcome_payload: str = DEFAULT_WELCOME_PAYLOAD
    check_service_url: bool = True
    key_min_refresh_seconds: float = 300.0
    sender_secret: bytes = field(default=b"", repr=False)

    @classmethod
    def load(cls, credentials: Optional[Mapping[str, Any]], environ: Mapping[str, str]) -> "TeamsSettings":
        """Build settings from a credentials.yml block, with environment defaults."""
        creds = dict(credentials or {})
        if creds.get("app_password"):
            logger.warning(
                "Teams: app_password in credentials.yml is ignored; set %s instead.",
                ENV_APP_PASSWORD,
            )

        def pick(key: str, env: str, default: str) -> str:
            return str(creds.get(key) or environ.get(env) or default).strip()

        tenants = creds.get("allowed_tenants")
        if tenants is None:
            tenants = environ.get(ENV_TENANT_IDS, "").split(",")
        elif isinstance(tenants, str):
            tenants = tenants.split(",")
        return cls(
            app_id=pick("app_id", ENV_APP_ID, ""),
            app_password=environ.get(ENV_APP_PASSWORD, ""),
            token_url=pick("token_url", ENV_TOKEN_URL, DEFAULT_TOKEN_URL),
            token_scope=str(creds.get("token_scope") or DEFAULT_TOKEN_SCOPE),
            openid_metadata_url=pick("openid_metadata_url", ENV_OPENID_URL, DEFAULT_OPENID_METADATA_URL),
            issuer=pick("issuer", ENV_ISSUER, DEFAULT_ISSUER),
            allowed_tenants=tuple(str(t).strip() for t in tenants if str(t).strip()),
            leeway_seconds=int(creds.get("leeway_seconds", DEFAULT_LEEWAY_SECONDS)),
            welcome_payload=str(creds.get("welcome_payload", DEFAULT_WELCOME_PAYLOAD)),
            check_service_url=bool(creds.get("check_service_url", True)),
            key_min_refresh_seconds=float(creds.get("key_min_refresh_seconds", 300)),
            sender_secret=_sender_secret(environ),
        )


def _sender_secret(environ: Mapping[str, str]) -> bytes:
    """The project's HMAC secret: from ``environ``, else as bot.settings resolves it."""
    value = environ.get(ENV_SECRET_KEY)
    return value.encode("utf-8") if value else load_settings().secret_key
