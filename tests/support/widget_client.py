"""A socket.io client that talks to the widget channel the way the widget does."""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List, Optional

import socketio


class WidgetClient:
    """A socket.io client that talks to the channel like the widget does."""

    def __init__(self, url: str, headers: Optional[Dict[str, str]] = None) -> None:
        self.url = url
        self.headers = headers or {}  # sent with the handshake, e.g. a proxy's X-Forwarded-For
        self.sio = socketio.AsyncClient(reconnection=False)
        self.events: List[tuple[str, Any]] = []
        for name in ("session_confirm", "bot_uttered", "widget_error"):
            self.sio.on(name, self._recorder(name))

    def _recorder(self, name: str):
        async def record(data: Any = None) -> None:
            self.events.append((name, data))

        return record

    async def __aenter__(self) -> "WidgetClient":
        await self.sio.connect(self.url, headers=self.headers, transports=["polling"], socketio_path="/socket.io")
        return self

    async def __aexit__(self, *exc: Any) -> None:
        # With aiohttp 3.9 (pinned by Rasa) a polling client's graceful disconnect
        # waits for the long poll to time out; closing without waiting is enough here.
        eio = self.sio.eio
        read_loop = eio.read_loop_task
        await eio.disconnect(abort=True)
        if read_loop:
            read_loop.cancel()

    async def wait_for(self, name: str, count: int = 1, timeout: float = 10.0) -> List[Any]:
        """The data of the first `count` events called `name`."""
        deadline = asyncio.get_running_loop().time() + timeout
        while asyncio.get_running_loop().time() < deadline:
            found = [data for event, data in self.events if event == name]
            if len(found) >= count:
                return found[:count]
            await asyncio.sleep(0.05)
        raise AssertionError(f"no {count}x {name} within {timeout} s; got {self.events}")

    async def start_session(self, session_id: Any) -> str:
        await self.sio.emit("session_request", {"session_id": session_id})
        return (await self.wait_for("session_confirm"))[0]
