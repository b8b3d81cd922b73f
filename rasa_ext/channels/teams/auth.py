"""Inbound security: the Bot Framework's signed JWT, checked against the activity it came with."""

from __future__ import annotations

import logging
import re
import time
from typing import Any, Dict, Mapping, Optional, Tuple

import jwt
from jwt.algorithms import RSAAlgorithm

from rasa_ext.channels.teams.http import HTTP_ERRORS, HttpClient
from rasa_ext.channels.teams.settings import TeamsSettings

logger = logging.getLogger(__name__)

_BEARER = re.compile(r"Bearer\s+(\S+)", re.IGNORECASE)


class AuthenticationError(Exception):
    """A request that must be refused; ``status`` is 401 or 403."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class KeysUnavailable(Exception):
    """The OpenID metadata or the signing keys could not be fetched."""


class SigningKeys:
    """Bot Framework signing keys (JWKS), fetched lazily and cached.

    Keys are fetched on first use, again after ``max_age_seconds``, and again when
    a token names an unknown key id - but not more often than
    ``min_refresh_seconds``, so tokens with made-up key ids cannot make us hammer
    Microsoft.
    """

    def __init__(
        self,
        metadata_url: str,
        http: HttpClient,
        max_age_seconds: float = 24 * 3600,
        min_refresh_seconds: float = 300.0,
    ) -> None:
        self.metadata_url = metadata_url
        self._http = http
        self._max_age = max_age_seconds
        self._min_refresh = min_refresh_seconds
        self._keys: Dict[str, Dict[str, Any]] = {}
        self._fetched_at: Optional[float] = None

    async def get(self, kid: str) -> Optional[Dict[str, Any]]:
        """Return the JWK with this key id, or None when it is not published."""
        now = time.monotonic()
        age = None if self._fetched_at is None else now - self._fetched_at
        stale = age is None or age > self._max_age
        unknown = kid not in self._keys and (age is None or age >= self._min_refresh)
        if stale or unknown:
            try:
                await self._refresh()
            except KeysUnavailable:
                if not self._keys:
                    raise
                logger.warning("Teams: could not refresh signing keys; using cached keys.")
        return self._keys.get(kid)

    async def _refresh(self) -> None:
        try:
            metadata = await self._get_json(self.metadata_url)
            jwks = await self._get_json(str(metadata["jwks_uri"]))
            keys = {str(key["kid"]): key for key in jwks["keys"] if isinstance(key, dict) and key.get("kid")}
        except HTTP_ERRORS as error:
            logger.warning("Teams: fetching signing keys failed (%s).", type(error).__name__)
            raise KeysUnavailable() from error
        self._keys = keys
        self._fetched_at = time.monotonic()
        logger.debug("Teams: %d signing keys loaded.", len(keys))

    async def _get_json(self, url: str) -> Dict[str, Any]:
        async with self._http.session().get(url) as answer:
            answer.raise_for_status()
            return await answer.json(content_type=None)


class InboundAuthenticator:
    """Validates the JWT that the Bot Framework service sends with every activity."""

    def __init__(self, settings: TeamsSettings, keys: SigningKeys) -> None:
        self._settings = settings
        self._keys = keys

    async def authenticate(self, authorization: Optional[str]) -> Tuple[Dict[str, Any], Dict[str, Any]]:
        """Return (claims, signing JWK) of a valid token or raise AuthenticationError.

        Raises KeysUnavailable when no signing keys can be fetched at all.
        """
        if not authorization:
            raise AuthenticationError(401, "Missing Authorization header.")
        match = _BEARER.fullmatch(authorization.strip())
        if not match:
            raise AuthenticationError(401, "Authorization header must be 'Bearer <token>'.")
        token = match.group(1)
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise AuthenticationError(401, "Malformed token.") from None
        # A fixed algorithm closes the door on "alg: none" and HMAC-with-public-key tricks.
        if header.get("alg") != "RS256":
            raise AuthenticationError(401, "Token must be signed with RS256.")
        kid = header.get("kid")
        if not isinstance(kid, str) or not kid:
            raise AuthenticationError(401, "Token has no key id.")
        jwk = await self._keys.get(kid)
        if jwk is None:
            raise AuthenticationError(401, "Token is signed with an unknown key.")
        try:
            public_key = RSAAlgorithm.from_jwk(jwk)
            claims = jwt.decode(
                token,
                key=public_key,
                algorithms=["RS256"],
                audience=self._settings.app_id,
                issuer=self._settings.issuer,
                leeway=self._settings.leeway_seconds,
                options={"require": ["exp", "iss", "aud"]},
            )
        except jwt.ExpiredSignatureError:
            raise AuthenticationError(401, "Token has expired.") from None
        except jwt.InvalidAudienceError:
            raise AuthenticationError(401, "Token is not meant for this bot.") from None
        except jwt.InvalidIssuerError:
            raise AuthenticationError(401, "Token issuer is not trusted.") from None
        except (jwt.PyJWTError, ValueError, TypeError, KeyError):
            raise AuthenticationError(401, "Token could not be verified.") from None
        return claims, jwk

    def authorise_activity(
        self, claims: Mapping[str, Any], jwk: Mapping[str, Any], activity: Mapping[str, Any]
    ) -> None:
        """Check a validly signed token against the activity it came with."""
        endorsements = jwk.get("endorsements")
        if isinstance(endorsements, list) and activity.get("channelId") not in endorsements:
            raise AuthenticationError(403, "The signing key is not endorsed for this channel.")
        if self._settings.check_service_url:
            claimed = claims.get("serviceurl") or claims.get("serviceUrl")
            if not isinstance(claimed, str):
                raise AuthenticationError(403, "Token has no serviceurl claim.")
            if claimed.rstrip("/") != activity["serviceUrl"].rstrip("/"):
                raise AuthenticationError(403, "Token serviceurl does not match the activity.")
        allowed = self._settings.allowed_tenants
        if allowed and tenant_id(activity) not in allowed:
            raise AuthenticationError(403, "This tenant may not use this bot.")


def tenant_id(activity: Mapping[str, Any]) -> Optional[str]:
    """The Microsoft 365 tenant an activity comes from, if Teams says so."""
    channel_data = activity.get("channelData")
    if isinstance(channel_data, dict) and isinstance(channel_data.get("tenant"), dict):
        return channel_data["tenant"].get("id")
    conversation = activity.get("conversation")
    if isinstance(conversation, dict):
        return conversation.get("tenantId")
    return None
