"""A local stand-in for the Microsoft Bot Framework service, for offline tests.

It plays every Microsoft part the Teams channel talks to:

* the OpenID metadata document and the JWKS (an RSA key generated per test run),
* the token endpoint the bot calls for its reply token (client credentials),
* the Bot Connector at ``serviceUrl`` that receives the bot's replies,
* the Teams client: it signs tokens and sends activities shaped like Teams sends
  them (message, Adaptive Card click as ``messageBack``, conversationUpdate).
"""

from __future__ import annotations

import asyncio
import json
import secrets
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Dict, List, Optional

import jwt
import requests
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

ISSUER = "https://api.botframework.com"
TENANT_ID = "0f3a8c2e-4b7d-4e21-9a55-6c1d2b3e4f50"


@dataclass
class SigningKey:
    """An RSA key pair as the Bot Framework publishes it."""

    kid: str
    private_key: Any = field(repr=False)
    endorsements: List[str] = field(default_factory=lambda: ["msteams"])

    @classmethod
    def generate(cls, kid: Optional[str] = None) -> "SigningKey":
        """A fresh 2048-bit key with a random key id."""
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        return cls(kid=kid or f"standin-{secrets.token_hex(4)}", private_key=key)

    def jwk(self) -> Dict[str, Any]:
        """The public half as a JWK with Bot Framework's endorsements."""
        data = json.loads(RSAAlgorithm.to_jwk(self.private_key.public_key()))
        data.update({"kid": self.kid, "use": "sig", "endorsements": self.endorsements})
        return data


class BotFrameworkStandIn:
    """Runs the stand-in on 127.0.0.1 in a background thread."""

    def __init__(self, app_id: str, app_password: str) -> None:
        self.app_id = app_id
        self.app_password = app_password
        self.key = SigningKey.generate()
        self.published_keys: List[SigningKey] = [self.key]
        self.bot_url = ""  # the bot's webhook, set by the test
        self.base_url = ""
        self.replies: List[Dict[str, Any]] = []
        self.rejected_replies = 0
        self.token_requests = 0
        self.key_requests = 0
        self._issued_tokens: set = set()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._runner: Optional[web.AppRunner] = None

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> "BotFrameworkStandIn":
        """Start serving; returns self once the port is known."""
        self._thread.start()
        future = asyncio.run_coroutine_threadsafe(self._serve(), self._loop)
        port = future.result(timeout=10)
        self.base_url = f"http://127.0.0.1:{port}"
        return self

    def stop(self) -> None:
        """Stop serving and end the thread."""
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)

    async def _serve(self) -> int:
        app = web.Application()
        app.router.add_get("/v1/.well-known/openidconfiguration", self._openid)
        app.router.add_get("/v1/.well-known/keys", self._keys)
        app.router.add_post("/botframework.com/oauth2/v2.0/token", self._token)
        app.router.add_post("/teams/v3/conversations/{conversation}/activities", self._reply)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        return self._runner.addresses[0][1]

    # ------------------------------------------------------------ Microsoft parts

    @property
    def openid_url(self) -> str:
        return f"{self.base_url}/v1/.well-known/openidconfiguration"

    @property
    def token_url(self) -> str:
        return f"{self.base_url}/botframework.com/oauth2/v2.0/token"

    @property
    def service_url(self) -> str:
        return f"{self.base_url}/teams/"

    async def _openid(self, request: web.Request) -> web.Response:
        return web.json_response(
            {
                "issuer": ISSUER,
                "authorization_endpoint": f"{self.base_url}/v1/authorize",
                "jwks_uri": f"{self.base_url}/v1/.well-known/keys",
                "id_token_signing_alg_values_supported": ["RS256"],
                "token_endpoint_auth_methods_supported": ["private_key_jwt"],
            }
        )

    async def _keys(self, request: web.Request) -> web.Response:
        self.key_requests += 1
        return web.json_response({"keys": [key.jwk() for key in self.published_keys]})

    async def _token(self, request: web.Request) -> web.Response:
        self.token_requests += 1
        form = await request.post()
        if (
            form.get("grant_type") != "client_credentials"
            or form.get("client_id") != self.app_id
            or form.get("client_secret") != self.app_password
            or form.get("scope") != "https://api.botframework.com/.default"
        ):
            return web.json_response({"error": "invalid_client"}, status=401)
        token = secrets.token_urlsafe(24)
        self._issued_tokens.add(token)
        return web.json_response(
            {"token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599, "access_token": token}
        )

    async def _reply(self, request: web.Request) -> web.Response:
        authorization = request.headers.get("Authorization", "")
        if authorization.removeprefix("Bearer ") not in self._issued_tokens:
            self.rejected_replies += 1
            return web.json_response({"error": {"code": "Unauthorized"}}, status=401)
        activity = await request.json()
        activity["_conversation_in_path"] = request.match_info["conversation"]
        self.replies.append(activity)
        return web.json_response({"id": f"1:{uuid.uuid4().hex}"})

    # ------------------------------------------------------------- the Teams side

    def inbound_token(
        self,
        *,
        audience: Optional[str] = None,
        issuer: str = ISSUER,
        lifetime: int = 3600,
        not_before_offset: int = -300,
        key: Optional[SigningKey] = None,
        service_url: Optional[str] = None,
        algorithm: str = "RS256",
    ) -> str:
        """A JWT like the Bot Framework service sends with an activity."""
        now = int(time.time())
        claims = {
            "serviceurl": service_url or self.service_url,
            "nbf": now + not_before_offset,
            "exp": now + lifetime,
            "iss": issuer,
            "aud": audience or self.app_id,
        }
        signer = key or self.key
        return jwt.encode(claims, signer.private_key, algorithm=algorithm, headers={"kid": signer.kid})

    def send(
        self,
        activity: Any,
        *,
        token: Optional[str] = None,
        authorization: Optional[str] = "default",
        raw_body: Optional[bytes] = None,
    ) -> requests.Response:
        """POST an activity to the bot like the Bot Framework service does."""
        headers = {"Content-Type": "application/json; charset=utf-8"}
        if authorization == "default":
            headers["Authorization"] = f"Bearer {token or self.inbound_token()}"
        elif authorization is not None:
            headers["Authorization"] = authorization
        body = raw_body if raw_body is not None else json.dumps(activity).encode("utf-8")
        return requests.post(self.bot_url, data=body, headers=headers, timeout=120)


class TeamsUser:
    """One person in a personal (1:1) Teams chat with the bot."""

    def __init__(self, standin: BotFrameworkStandIn, name: str = "Sanne de Vries") -> None:
        self.standin = standin
        self.user_id = f"29:1{secrets.token_urlsafe(40)}"
        self.aad_object_id = str(uuid.uuid4())
        self.name = name
        self.conversation_id = f"a:1{secrets.token_urlsafe(60)}"
        self.bot = {"id": f"28:{standin.app_id}", "name": "Signaalroute"}

    def _base(self, kind: str) -> Dict[str, Any]:
        now = datetime.now(timezone.utc)
        return {
            "type": kind,
            "id": str(int(now.timestamp() * 1000)),
            "timestamp": now.isoformat().replace("+00:00", "Z"),
            "localTimestamp": now.astimezone().isoformat(),
            "serviceUrl": self.standin.service_url,
            "channelId": "msteams",
            "from": {"id": self.user_id, "name": self.name, "aadObjectId": self.aad_object_id},
            "conversation": {
                "conversationType": "personal",
                "tenantId": TENANT_ID,
                "id": self.conversation_id,
            },
            "recipient": dict(self.bot),
            "channelData": {"tenant": {"id": TENANT_ID}},
            "locale": "nl-NL",
            "localTimezone": "Europe/Amsterdam",
        }

    def message(self, text: str) -> Dict[str, Any]:
        """A typed message."""
        activity = self._base("message")
        activity.update(
            {
                "text": text,
                "textFormat": "plain",
                "attachments": [],
                "entities": [
                    {
                        "type": "clientInfo",
                        "locale": "nl-NL",
                        "country": "NL",
                        "platform": "Web",
                        "timezone": "Europe/Amsterdam",
                    }
                ],
            }
        )
        return activity

    def click(self, action: Dict[str, Any], card_activity_id: str = "1:card") -> Dict[str, Any]:
        """A click on an Adaptive Card ``Action.Submit`` sent as messageBack.

        Teams posts the label as the user's chat line but sends the bot an empty
        ``text`` and the action's data (without ``msteams``) in ``value``.
        """
        data = {k: v for k, v in action["data"].items() if k != "msteams"}
        activity = self._base("message")
        activity.update(
            {
                "text": "",
                "textFormat": "plain",
                "replyToId": card_activity_id,
                "value": data,
            }
        )
        activity["channelData"].update({"source": {"name": "message"}, "legacy": {"replyToId": card_activity_id}})
        return activity

    def bot_added(self) -> Dict[str, Any]:
        """The conversationUpdate Teams sends when the user installs the app."""
        activity = self._base("conversationUpdate")
        activity["membersAdded"] = [{"id": self.bot["id"]}]
        return activity

    def greet_bot(self) -> List[Dict[str, Any]]:
        """Install the app (conversationUpdate); return the welcome replies."""
        return self._exchange(self.bot_added())

    def say(self, text: str) -> List[Dict[str, Any]]:
        """Send a typed message; return the replies it produced."""
        return self._exchange(self.message(text))

    def press(self, action: Dict[str, Any]) -> List[Dict[str, Any]]:
        """Click a card button; return the replies it produced."""
        return self._exchange(self.click(action))

    def _exchange(self, activity: Dict[str, Any]) -> List[Dict[str, Any]]:
        before = len(self.standin.replies)
        answer = self.standin.send(activity)
        assert answer.status_code == 200, answer.text
        return self.standin.replies[before:]


def card_of(reply: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """The Adaptive Card content of a reply, if it has one."""
    for attachment in reply.get("attachments") or []:
        if attachment.get("contentType") == "application/vnd.microsoft.card.adaptive":
            return attachment["content"]
    return None


def submit_actions(card: Dict[str, Any]) -> List[Dict[str, Any]]:
    """All Action.Submit buttons of a card, in order."""
    found = []
    for element in card.get("body", []) + [{"type": "ActionSet", "actions": card.get("actions", [])}]:
        if element.get("type") == "ActionSet":
            found += [a for a in element["actions"] if a.get("type") == "Action.Submit"]
    return found


def visible_text(reply: Dict[str, Any]) -> str:
    """Everything a user can read in a reply: its text and its card's text blocks."""
    parts = [reply.get("text") or ""]
    card = card_of(reply)
    if card:
        parts += [b.get("text", "") for b in card.get("body", []) if b.get("type") == "TextBlock"]
        parts += [a.get("title", "") for a in submit_actions(card)]
        parts += [a.get("url", "") for a in card.get("actions", [])]
    return "\n".join(p for p in parts if p)


def check_odd_activities(standin: BotFrameworkStandIn) -> None:
    """Send what Teams (or an attacker) may send besides a normal message; assert sane answers.

    Missing serviceUrl → 400 naming the field; an unknown activity type → 200 and ignored;
    a broken body → 400; an empty message → 200 and the shared "leeg" answer;
    oversized text → 200 and an answer (the assistant reads the beginning).
    """
    user = TeamsUser(standin)

    missing = user.message("hallo")
    del missing["serviceUrl"]
    answer = standin.send(missing)
    assert answer.status_code == 400 and "serviceUrl" in answer.json()["fields"]

    unknown = user.message("")
    unknown["type"] = "messageReaction"
    assert standin.send(unknown).status_code == 200

    assert standin.send(None, raw_body=b"{broken").status_code == 400

    before = len(standin.replies)
    assert standin.send(user.message("   ")).status_code == 200
    assert "leeg" in standin.replies[before]["text"]

    before = len(standin.replies)
    assert standin.send(user.message("Ik zag iets. " * 400)).status_code == 200
    assert standin.replies[before:], "no answer to an over-long message"
