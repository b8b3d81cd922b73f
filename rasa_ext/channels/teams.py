"""Microsoft Teams channel: Rasa's Bot Framework connector made fit for real use.

What differs from ``rasa.core.channels.botframework``:

* The token URL and the OpenID metadata URL are configurable, and nothing is
  fetched at start-up: signing keys are fetched on the first request, cached for a
  day and fetched again when a token names a key we do not know (key rollover).
* Inbound JWTs are validated fully: RS256 signature, ``aud`` (our app id), ``iss``,
  ``exp``/``nbf`` with a small leeway, the key's channel endorsements and the
  ``serviceurl`` claim against the activity, so a forged ``serviceUrl`` cannot make
  the bot post (and fetch a token for) an address of the sender's choosing.
* Buttons become an Adaptive Card; a click arrives with empty ``text`` and the
  payload in ``value`` (RasaHQ/rasa#8164, #11411) and is mapped back to the payload.
* ``contact_card`` messages (docs/contracts.md, "Bot messages") become a readable
  card with ``tel:`` and ``mailto:`` links.
* The Teams user id never reaches the tracker: the sender id is a keyed hash.
* All HTTP is asynchronous, so a slow Microsoft endpoint does not block the server.

credentials.yml (every key optional; secrets only from environment variables)::

    rasa_ext.channels.teams.TeamsInput:
      app_id: ...                 # default: $SIGNAALROUTE_TEAMS_APP_ID
      token_url: ...              # default: $SIGNAALROUTE_TEAMS_TOKEN_URL or Microsoft's
      openid_metadata_url: ...    # default: $SIGNAALROUTE_TEAMS_OPENID_URL or Microsoft's
      issuer: ...                 # default: $SIGNAALROUTE_TEAMS_ISSUER or https://api.botframework.com
      allowed_tenants: [...]      # default: $SIGNAALROUTE_TEAMS_TENANT_IDS (comma separated); empty = any

The app password is read only from ``SIGNAALROUTE_TEAMS_APP_PASSWORD``. The
messaging endpoint is ``https://<host>/webhooks/teams/webhook``.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import os
import re
import time
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable, Dict, List, Mapping, Optional, Text, Tuple
from urllib.parse import quote, urlparse

import aiohttp
import jwt
from jwt.algorithms import RSAAlgorithm
from rasa.core.channels.botframework import BotFramework, BotFrameworkInput
from rasa.core.channels.channel import UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.settings import load_settings

logger = logging.getLogger(__name__)

DEFAULT_TOKEN_URL = "https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token"
DEFAULT_TOKEN_SCOPE = "https://api.botframework.com/.default"
DEFAULT_OPENID_METADATA_URL = "https://login.botframework.com/v1/.well-known/openidconfiguration"
DEFAULT_ISSUER = "https://api.botframework.com"

# Microsoft advises five minutes of clock skew for Bot Framework tokens.
DEFAULT_LEEWAY_SECONDS = 300
# Same limit as the intranet widget. Longer texts are refused, not cut: a cut-off
# description could change its meaning.
DEFAULT_MAX_TEXT_LENGTH = 2000
# A Teams activity is a few kilobytes; anything this large is not one.
MAX_BODY_BYTES = 256 * 1024
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

ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive"
ADAPTIVE_CARD_VERSION = "1.4"

TEXT_TOO_LONG = (
    "Je bericht is te lang. Ik kan maximaal {limit} tekens lezen. "
    "Vertel het in een paar korte zinnen. Noem geen namen. "
    "Is iemand nu in direct gevaar? Bel dan meteen 112."
)
TEXT_EMPTY = "Ik heb geen tekst ontvangen. Typ je antwoord, of kies een knop."
TEXT_FAILED = (
    "Er ging iets mis aan mijn kant. Probeer het zo opnieuw. " "Is iemand nu in direct gevaar? Bel dan meteen 112."
)
TEXT_TYPE_NUMBER = "Typ het nummer van je keuze."
TEXT_NATIONAL_FALLBACK = "Dit is een landelijk contact. Je regio noemt hier geen eigen contact."

_BEARER = re.compile(r"Bearer\s+(\S+)", re.IGNORECASE)
# Teams puts "<at>Bot name</at>" in front of the text in group chats and channels.
_MENTION = re.compile(r"<at>[^<]*</at>", re.IGNORECASE)
_REQUIRED_FIELDS = ("channelId", "serviceUrl", "conversation.id", "from.id", "recipient.id")


# --------------------------------------------------------------------------- settings


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
    max_text_length: int = DEFAULT_MAX_TEXT_LENGTH
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
            max_text_length=int(creds.get("max_text_length", DEFAULT_MAX_TEXT_LENGTH)),
            welcome_payload=str(creds.get("welcome_payload", DEFAULT_WELCOME_PAYLOAD)),
            check_service_url=bool(creds.get("check_service_url", True)),
            key_min_refresh_seconds=float(creds.get("key_min_refresh_seconds", 300)),
            sender_secret=_sender_secret(environ),
        )


def _sender_secret(environ: Mapping[str, str]) -> bytes:
    """The project's HMAC secret: from ``environ``, else as bot.settings resolves it."""
    value = environ.get(ENV_SECRET_KEY)
    return value.encode("utf-8") if value else load_settings().secret_key


# ------------------------------------------------------------------------------- HTTP


class HttpClient:
    """One aiohttp session per event loop, reused so replies skip a TLS handshake."""

    def __init__(self, timeout_seconds: float = 10.0) -> None:
        self._timeout = aiohttp.ClientTimeout(total=timeout_seconds)
        self._session: Optional[aiohttp.ClientSession] = None
        self._loop: Optional[asyncio.AbstractEventLoop] = None

    def session(self) -> aiohttp.ClientSession:
        """Return the session for the running event loop, creating it if needed."""
        loop = asyncio.get_running_loop()
        if self._session is None or self._session.closed or self._loop is not loop:
            self._session = aiohttp.ClientSession(timeout=self._timeout)
            self._loop = loop
        return self._session

    async def close(self) -> None:
        """Close the session (at server shutdown)."""
        if self._session is not None and not self._session.closed:
            await self._session.close()


HTTP_ERRORS = (aiohttp.ClientError, asyncio.TimeoutError, ValueError, KeyError, TypeError)


# ------------------------------------------------------------------- inbound security


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


# ------------------------------------------------------------------- activity reading


def missing_fields(activity: Mapping[str, Any]) -> List[str]:
    """Dotted names of the fields this bot needs that the activity lacks."""
    missing = []
    for path in _REQUIRED_FIELDS:
        value: Any = activity
        for part in path.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if not isinstance(value, str) or not value.strip():
            missing.append(path)
    service_url = activity.get("serviceUrl")
    if "serviceUrl" not in missing and urlparse(service_url).scheme not in ("http", "https"):
        missing.append("serviceUrl")
    return missing


def click_payload(value: Any) -> Optional[str]:
    """The button payload carried in an activity's ``value``, if any.

    Accepts the data of our ``Action.Submit`` (``{"payload": ...}``), the same
    as a JSON string, and the data still wrapped in ``msteams``.
    """
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return None
    if not isinstance(value, dict):
        return None
    payload = value.get("payload")
    if isinstance(payload, str) and payload.strip():
        return payload.strip()
    msteams = value.get("msteams")
    if isinstance(msteams, dict) and msteams.get("value") is not None:
        return click_payload(msteams["value"])
    return None


def incoming_text(activity: Mapping[str, Any]) -> str:
    """What the user said: the clicked button's payload, else the typed text."""
    payload = click_payload(activity.get("value"))
    if payload:
        return payload
    text = activity.get("text")
    if not isinstance(text, str):
        return ""
    return _MENTION.sub("", text).strip()


def bot_was_added(activity: Mapping[str, Any]) -> bool:
    """True for a conversationUpdate that adds this bot to the conversation."""
    bot_id = activity["recipient"]["id"]
    added = activity.get("membersAdded")
    return isinstance(added, list) and any(isinstance(member, dict) and member.get("id") == bot_id for member in added)


def pseudonymous_sender(secret: bytes, activity: Mapping[str, Any]) -> str:
    """A stable sender id for Rasa that does not reveal who the Teams user is."""
    identity = f"{activity['conversation']['id']}|{activity['from']['id']}"
    digest = hmac.new(secret, identity.encode("utf-8"), hashlib.sha256).hexdigest()
    return f"teams-{digest[:32]}"


# ------------------------------------------------------------------------- rendering


def _adaptive_card(
    body: List[Dict[str, Any]], fallback_text: str, actions: Optional[List[Dict[str, Any]]] = None
) -> Dict[str, Any]:
    content: Dict[str, Any] = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": ADAPTIVE_CARD_VERSION,
        "body": body,
        "fallbackText": fallback_text,
        "msteams": {"width": "Full"},
    }
    if actions:
        content["actions"] = actions
    return {"contentType": ADAPTIVE_CARD, "content": content}


def _text_block(text: str, **style: Any) -> Dict[str, Any]:
    return {"type": "TextBlock", "text": text, "wrap": True, **style}


def question_card(text: str, buttons: List[Dict[str, Any]]) -> Dict[str, Any]:
    """An Adaptive Card with the question and one button per answer.

    Each button is an ``Action.Submit`` sent as ``messageBack``: the chat shows the
    label as the user's message, and the payload comes back in ``value``. One
    ActionSet per button stacks them vertically, so long Dutch labels stay whole.
    """
    body: List[Dict[str, Any]] = [_text_block(text)] if text else []
    lines = [text] if text else []
    for number, button in enumerate(buttons, start=1):
        title = str(button.get("title") or button.get("payload") or "")
        payload = str(button.get("payload") or title)
        body.append(
            {
                "type": "ActionSet",
                "actions": [
                    {
                        "type": "Action.Submit",
                        "title": title,
                        "data": {
                            "payload": payload,
                            "msteams": {"type": "messageBack", "displayText": title},
                        },
                    }
                ],
            }
        )
        lines.append(f"{number}. {title}")
    if buttons:
        lines.append(TEXT_TYPE_NUMBER)
    return _adaptive_card(body, "\n\n".join(lines))


def contact_card(contact: Mapping[str, Any], fallback_text: str) -> Dict[str, Any]:
    """An Adaptive Card for a contact: who, phone (tel:), e-mail, website, hours."""
    body = [_text_block(str(contact["organisation"]), size="Medium", weight="Bolder")]
    actions = []
    if contact.get("role"):
        body.append(_text_block(str(contact["role"]), isSubtle=True, spacing="None"))
    phone, phone_uri = contact.get("phone"), contact.get("phone_uri")
    if phone and isinstance(phone_uri, str) and phone_uri.startswith("tel:"):
        body.append(_text_block(f"**Telefoon:** [{phone}]({phone_uri})"))
        actions.append({"type": "Action.OpenUrl", "title": f"Bel {phone}", "url": phone_uri})
    elif phone:
        body.append(_text_block(f"**Telefoon:** {phone}"))
    email = contact.get("email")
    if email:
        body.append(_text_block(f"**E-mail:** [{email}](mailto:{email})"))
        actions.append({"type": "Action.OpenUrl", "title": "Stuur een e-mail", "url": f"mailto:{email}"})
    url = contact.get("url")
    if isinstance(url, str) and urlparse(url).scheme in ("http", "https"):
        body.append(_text_block(f"**Website:** [{url}]({url})"))
        actions.append({"type": "Action.OpenUrl", "title": "Open de website", "url": url})
    if contact.get("hours"):
        body.append(_text_block(f"**Bereikbaar:** {contact['hours']}"))
    if contact.get("prepare"):
        body.append(_text_block(f"**Leg dit klaar:** {contact['prepare']}"))
    if contact.get("national_fallback"):
        body.append(_text_block(TEXT_NATIONAL_FALLBACK, isSubtle=True))
    return _adaptive_card(body, fallback_text, actions)


def _contact_of(custom: Any) -> Optional[Mapping[str, Any]]:
    if not isinstance(custom, dict) or custom.get("type") != "contact_card":
        return None
    contact = custom.get("contact")
    if isinstance(contact, dict) and contact.get("organisation"):
        return contact
    return None


# --------------------------------------------------------------------------- outbound


class BotTokens:
    """Access tokens for replies, from the (configurable) token URL, cached."""

    def __init__(self, settings: TeamsSettings, http: HttpClient) -> None:
        self._settings = settings
        self._http = http
        self._token: Optional[str] = None
        self._valid_until = 0.0

    @property
    def app_id(self) -> str:
        """The bot's app id the tokens are for."""
        return self._settings.app_id

    async def authorization(self) -> Optional[str]:
        """``Bearer <token>`` for the Bot Connector API, or None if none can be had."""
        if self._token and time.monotonic() < self._valid_until:
            return f"Bearer {self._token}"
        form = {
            "grant_type": "client_credentials",
            "client_id": self._settings.app_id,
            "client_secret": self._settings.app_password,
            "scope": self._settings.token_scope,
        }
        try:
            async with self._http.session().post(self._settings.token_url, data=form) as answer:
                if answer.status != 200:
                    logger.error("Teams: token endpoint answered HTTP %s.", answer.status)
                    return None
                body = await answer.json(content_type=None)
            token, lifetime = str(body["access_token"]), int(body.get("expires_in", 3600))
        except HTTP_ERRORS as error:
            logger.error("Teams: could not get a token (%s).", type(error).__name__)
            return None
        self._token = token
        # Renew ahead of expiry so a reply never goes out with a token about to lapse.
        self._valid_until = time.monotonic() + lifetime - min(300, lifetime // 2)
        return f"Bearer {token}"

    def forget(self) -> None:
        """Drop the cached token (the service rejected it)."""
        self._token = None


class TeamsOutput(BotFramework):
    """Sends Rasa's answers to one Teams conversation."""

    @classmethod
    def name(cls) -> Text:
        return "teams"

    def __init__(self, tokens: BotTokens, http: HttpClient, activity: Mapping[str, Any]) -> None:
        # The parent only needs the password for its own token fetch, which BotTokens replaces.
        super().__init__(
            app_id=tokens.app_id,
            app_password="",
            conversation=activity["conversation"],
            bot=activity["recipient"],
            service_url=activity["serviceUrl"],
        )
        self._tokens = tokens
        self._http = http
        self._user = {"id": activity["from"]["id"]}
        self._reply_to = activity.get("id")

    def prepare_message(self, recipient_id: Text, message_data: Dict[Text, Any]) -> Dict[Text, Any]:
        """An outgoing activity addressed to the Teams user (not Rasa's sender id)."""
        data: Dict[Text, Any] = {
            "type": "message",
            "from": self.bot,
            "recipient": self._user,
            "conversation": self.conversation,
            "text": "",
        }
        if self._reply_to:
            data["replyToId"] = self._reply_to
        data.update(message_data)
        return data

    async def send(self, message_data: Dict[Text, Any]) -> None:
        """Post one activity; on a rejected token fetch a new one and retry once."""
        url = f"{self.global_uri}conversations/{quote(self.conversation['id'], safe='')}/activities"
        for attempt in (1, 2):
            authorization = await self._tokens.authorization()
            if authorization is None:
                return
            try:
                async with self._http.session().post(
                    url, json=message_data, headers={"Authorization": authorization}
                ) as answer:
                    status = answer.status
            except HTTP_ERRORS as error:
                logger.error("Teams: sending a reply failed (%s).", type(error).__name__)
                return
            if status == 401 and attempt == 1:
                self._tokens.forget()
                continue
            if status >= 300:
                logger.error("Teams: the Bot Connector refused a reply (HTTP %s).", status)
            return

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        """One activity per message; Teams renders the paragraphs itself."""
        await self.send(self.prepare_message(recipient_id, {"text": text.strip()}))

    async def send_text_with_buttons(
        self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        """The question as an Adaptive Card whose buttons return their payload."""
        card = question_card(text, buttons)
        message = {"attachments": [card], "summary": _summary(text)}
        await self.send(self.prepare_message(recipient_id, message))

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        """Contact cards become Adaptive Cards; other custom payloads are not for Teams."""
        contact = _contact_of(json_message)
        if contact is None:
            logger.debug("Teams: custom message without a Teams rendering skipped.")
            return
        card = contact_card(contact, str(kwargs.get("text") or contact["organisation"]))
        message = {"attachments": [card], "summary": str(contact["organisation"])}
        await self.send(self.prepare_message(recipient_id, message))

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        """Show a contact card instead of (not next to) its plain-text version."""
        if _contact_of(message.get("custom")) is not None and not message.get("buttons"):
            await self.send_custom_json(recipient_id, message["custom"], text=message.get("text"))
            return
        await super().send_response(recipient_id, message)


def _summary(text: str) -> str:
    """The first line of a message, for the notification preview."""
    lines = (text or "").strip().splitlines()
    return lines[0][:100] if lines else ""


# ---------------------------------------------------------------------------- inbound


@dataclass(frozen=True)
class WebhookResult:
    """The HTTP answer to the Bot Framework service."""

    status: int
    body: Dict[str, Any]


class TeamsInput(BotFrameworkInput):
    """Microsoft Teams (Bot Framework) input channel: ``/webhooks/teams/webhook``."""

    @classmethod
    def name(cls) -> Text:
        return "teams"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "TeamsInput":
        """Create the channel; every credentials key is optional (see module doc)."""
        return cls(TeamsSettings.load(credentials, os.environ))

    def __init__(self, settings: TeamsSettings) -> None:
        """Set up the channel without any network traffic (keys come on first use)."""
        # BotFrameworkInput.__init__ is skipped on purpose: it fetches keys from
        # Microsoft at start-up, which is what this channel must not do.
        self.settings = settings
        self.app_id = settings.app_id
        self.app_password = settings.app_password
        self.http = HttpClient()
        self.keys = SigningKeys(
            settings.openid_metadata_url,
            self.http,
            min_refresh_seconds=settings.key_min_refresh_seconds,
        )
        self.authenticator = InboundAuthenticator(settings, self.keys)
        self.tokens = BotTokens(settings, self.http)
        if not settings.app_id:
            logger.warning("Teams: %s is not set; the Teams webhook refuses all requests.", ENV_APP_ID)

    async def handle(
        self,
        authorization: Optional[str],
        body: bytes,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
    ) -> WebhookResult:
        """Authenticate, check and dispatch one activity; never raises."""
        if not self.settings.app_id:
            return WebhookResult(503, {"error": "The Teams channel is not configured."})
        try:
            claims, jwk = await self.authenticator.authenticate(authorization)
        except AuthenticationError as refusal:
            logger.info("Teams: request refused (%s).", refusal.message)
            return WebhookResult(refusal.status, {"error": refusal.message})
        except KeysUnavailable:
            return WebhookResult(503, {"error": "Signing keys are unavailable; try again."})

        if len(body) > MAX_BODY_BYTES:
            return WebhookResult(413, {"error": "The activity is too large."})
        try:
            activity = json.loads(body)
        except ValueError:
            activity = None
        if not isinstance(activity, dict):
            return WebhookResult(400, {"error": "The body must be a JSON activity object."})
        kind = activity.get("type")
        if not isinstance(kind, str) or not kind:
            return WebhookResult(400, {"error": "The activity has no type.", "fields": {"type": "missing"}})
        if kind not in ("message", "conversationUpdate"):
            logger.debug("Teams: %s activity ignored.", kind)
            return WebhookResult(200, {"status": "ignored"})
        missing = missing_fields(activity)
        if missing:
            return WebhookResult(
                400,
                {
                    "error": "The activity misses required fields.",
                    "fields": {name: "missing or invalid" for name in missing},
                },
            )
        try:
            self.authenticator.authorise_activity(claims, jwk, activity)
        except AuthenticationError as refusal:
            logger.info("Teams: activity refused (%s).", refusal.message)
            return WebhookResult(refusal.status, {"error": refusal.message})
        return await self._dispatch(kind, activity, on_new_message)

    async def _dispatch(
        self,
        kind: str,
        activity: Dict[str, Any],
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
    ) -> WebhookResult:
        output = TeamsOutput(self.tokens, self.http, activity)
        sender = pseudonymous_sender(self.settings.sender_secret, activity)
        if kind == "conversationUpdate":
            if not (bot_was_added(activity) and self.settings.welcome_payload):
                return WebhookResult(200, {"status": "ignored"})
            text = self.settings.welcome_payload
        else:
            text = incoming_text(activity)
            if not text:
                await output.send_text_message(sender, TEXT_EMPTY)
                return WebhookResult(200, {"status": "empty"})
            if len(text) > self.settings.max_text_length:
                await output.send_text_message(sender, TEXT_TOO_LONG.format(limit=self.settings.max_text_length))
                return WebhookResult(200, {"status": "too_long"})
        message = UserMessage(
            text=text,
            output_channel=output,
            sender_id=sender,
            input_channel=self.name(),
            message_id=activity.get("id") if isinstance(activity.get("id"), str) else None,
        )
        try:
            await on_new_message(message)
        except Exception as error:  # noqa: BLE001 - the user must hear something, never a 500
            logger.error("Teams: handling a message failed (%s).", type(error).__name__)
            await output.send_text_message(sender, TEXT_FAILED)
            return WebhookResult(200, {"status": "failed"})
        return WebhookResult(200, {"status": "ok"})

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Sanic routes: ``GET /`` (health) and ``POST /webhook`` (activities)."""
        teams_webhook = Blueprint("teams_webhook")

        @teams_webhook.listener("after_server_stop")
        async def close_http(app: Any, loop: Any) -> None:
            await self.http.close()

        @teams_webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @teams_webhook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            result = await self.handle(request.headers.get("Authorization"), request.body or b"", on_new_message)
            headers = {"WWW-Authenticate": "Bearer"} if result.status == 401 else None
            return response.json(result.body, status=result.status, headers=headers)

        return teams_webhook
