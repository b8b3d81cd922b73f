"""Status look-ups over the widget count per client address, as over REST.

Real stack (action server, Rasa server with credentials.yml, SQLite), the widget's own
socket.io client. The test stands in for the local proxy in front of Rasa: it connects
from loopback (a trusted proxy) and says in X-Forwarded-For whose connection it is.
Before, every widget user shared one strict bucket: one guesser blocked everyone.
"""

from __future__ import annotations

import asyncio
import uuid
from types import SimpleNamespace

import pytest

from bot import texts
from rasa_ext.channels.widget import connection_address
from tests.stack import Stack
from tests.support.widget_client import WidgetClient

pytestmark = pytest.mark.e2e

ASK = "wat is de status van SR-7K3Q-9F?"
ANSWERS = (texts.STATUS_UNKNOWN, texts.STATUS_TOO_MANY, texts.STATUS_UNAVAILABLE)


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    s = Stack(tmp_path_factory.mktemp("widget-source-limit"), extra_env={
        "SIGNAALROUTE_STATUS_LOOKUPS_PER_HOUR": "3",
    })
    try:
        (s.tmpdir / "var").mkdir(parents=True, exist_ok=True)
        s.start_action_server()
        s.start_rasa()
        yield s
    finally:
        s.stop()


class Conversation:
    """One widget conversation (its own session id) of a client behind the proxy."""

    def __init__(self, url: str, client: str) -> None:
        self.widget = WidgetClient(url, headers={"X-Forwarded-For": client})
        self.session = uuid.uuid4().hex

    async def __aenter__(self) -> "Conversation":
        await self.widget.__aenter__()
        await self.widget.start_session(self.session)
        return self

    async def __aexit__(self, *exc) -> None:
        await self.widget.__aexit__(*exc)

    async def ask_status(self, metadata: dict | None = None) -> str:
        """The status answer the widget shows for one question."""
        before = len(self._texts())
        event = {"message": ASK, "session_id": self.session}
        if metadata is not None:
            event["metadata"] = metadata
        await self.widget.sio.emit("user_uttered", event)
        deadline = asyncio.get_running_loop().time() + 60
        while asyncio.get_running_loop().time() < deadline:
            new = self._texts()[before:]
            answer = next((t for t in new if any(a in t for a in ANSWERS)), None)
            if answer:
                return answer
            await asyncio.sleep(0.05)
        raise AssertionError(f"no status answer; got {self._texts()[before:]}")

    def _texts(self) -> list[str]:
        return [data.get("text") or "" for name, data in self.widget.events if name == "bot_uttered"]


def test_two_widget_conversations_of_one_client_share_its_limit_and_others_go_on(stack):
    guesser, colleague = "203.0.113.9", "198.51.100.4"

    async def scenario() -> None:
        async with Conversation(stack.rasa_url, guesser) as first, Conversation(stack.rasa_url, guesser) as second:
            assert texts.STATUS_UNKNOWN in await first.ask_status()
            assert texts.STATUS_UNKNOWN in await second.ask_status()
            assert texts.STATUS_UNKNOWN in await first.ask_status()
            # A new conversation (new session id) does not reset the count of the address ...
            assert texts.STATUS_TOO_MANY in await second.ask_status()
            # ... nor does a source token the browser makes up itself.
            forged = {"sr_source": "0" * 32 + "." + "0" * 32}
            assert texts.STATUS_TOO_MANY in await second.ask_status(forged)
        async with Conversation(stack.rasa_url, guesser) as third:
            assert texts.STATUS_TOO_MANY in await third.ask_status()
        # Another colleague using the widget is not blocked by the guesser.
        async with Conversation(stack.rasa_url, colleague) as other:
            assert texts.STATUS_UNKNOWN in await other.ask_status()

    asyncio.run(scenario())


def test_the_peer_comes_from_the_connection_not_from_the_fixed_remote_addr():
    # python-engineio's Sanic driver always writes REMOTE_ADDR 127.0.0.1 (a trusted proxy):
    # believing it would let any browser choose its bucket through X-Forwarded-For.
    environ = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.77",
               "sanic.request": SimpleNamespace(ip="192.0.2.50")}
    assert connection_address(environ) == ("192.0.2.50", "203.0.113.77")
    from bot.store.ratelimit import client_address

    assert client_address(*connection_address(environ)) == "192.0.2.50"
    # Other servers (ASGI/WSGI) put the real peer in REMOTE_ADDR.
    assert connection_address({"REMOTE_ADDR": "192.0.2.51"}) == ("192.0.2.51", None)
