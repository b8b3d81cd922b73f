"""A front for the default stack: the chat port answers even while the Rasa server restarts.

The cluster has HAProxy in front of its Rasa servers; the default stack (one Rasa server under
tools/supervise.py) had nothing, so for the 15-25 s of a restart clients got no HTTP answer at
all. This relay listens on the public chat port and passes every connection, byte for byte, to
the Rasa server on its internal port (REST, Teams, socket.io and its websocket alike). When
nothing listens there (killed, restarting, still loading its model), it answers the request
itself as the cluster's HAProxy does: ``503`` with ``Retry-After`` and the channel layer's
words in the REST format, 112 and the national numbers (``bot.texts.TECHNICAL_PROBLEM``).
Like HAProxy's ``check``, it asks Rasa's ``GET /`` every ``PROBE_EVERY`` seconds: a server that
does not answer (killed, still loading its model after a restart, frozen) is passed over at
once instead of holding the client until it answers.

Why a relay in the supervisor and not HAProxy: ``./scripts/start`` needs no root and no
system package for the default stack, and the relay lives and dies with the supervisor that
restarts Rasa. It reads no body and logs nothing of a request.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from typing import Optional

logger = logging.getLogger(__name__)

CONNECT_TIMEOUT = 0.5  # a refused connection fails at once; this bounds a half-open one
HEAD_LIMIT = 65536
HEAD_TIMEOUT = 2.0
CHUNK = 65536
PROBE_EVERY = 0.3
# A Rasa server busy with a burst of messages may take a while to answer its probe: only three
# probes without an answer in a row (≈ 7 s) count as down. A refusal counts at once.
PROBE_TIMEOUT = 2.0
FALL = 3


def unavailable_response() -> bytes:
    from bot.texts import TECHNICAL_PROBLEM

    body = json.dumps([{"recipient_id": "", "text": TECHNICAL_PROBLEM}], ensure_ascii=True).encode("ascii")
    head = (
        "HTTP/1.1 503 Service Unavailable\r\n"
        "Content-Type: application/json\r\n"
        "Retry-After: 5\r\n"
        "Cache-Control: no-store\r\n"
        f"Content-Length: {len(body)}\r\n"
        "Connection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


class Front:
    """Relay ``public_port`` to ``backend_port`` on ``host``; answer 503 when the backend is gone."""

    def __init__(self, public_port: int, backend_port: int, host: str = "127.0.0.1") -> None:
        self.public_port = public_port
        self.backend_port = backend_port
        self.host = host
        self._answer = unavailable_response()
        self._loop: Optional[asyncio.AbstractEventLoop] = None
        self._server: Optional[asyncio.base_events.Server] = None
        self.up = False  # until the first probe answers
        self._misses = 0

    async def _probe_once(self) -> Optional[bool]:
        """True: 200 on GET /. False: refused. None: no (good) answer in time."""
        try:
            reader, writer = await asyncio.wait_for(asyncio.open_connection(self.host, self.backend_port), PROBE_TIMEOUT)
        except (ConnectionRefusedError, OSError):
            return False
        except asyncio.TimeoutError:
            return None
        try:
            writer.write(b"GET / HTTP/1.0\r\nHost: front\r\n\r\n")
            await writer.drain()
            line = await asyncio.wait_for(reader.readline(), PROBE_TIMEOUT)
            return True if line.split(b" ")[1:2] == [b"200"] else None
        except (asyncio.TimeoutError, ConnectionError, OSError):
            return None
        finally:
            writer.close()

    async def _watch(self) -> None:
        while True:
            result = await self._probe_once()
            if result is True:
                self.up, self._misses = True, 0
            elif result is False:
                self.up = False
            else:
                self._misses += 1
                if self._misses >= FALL:
                    self.up = False
            await asyncio.sleep(PROBE_EVERY)

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> int:
        """Copy until the end; how many bytes went through."""
        copied = 0
        try:
            while True:
                data = await reader.read(CHUNK)
                if not data:
                    break
                writer.write(data)
                await writer.drain()
                copied += len(data)
        except (ConnectionError, OSError):
            pass
        return copied

    async def _handle(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        if not self.up:
            await self._unavailable(client_r, client_w)
            return
        try:
            backend_r, backend_w = await asyncio.wait_for(
                asyncio.open_connection(self.host, self.backend_port), CONNECT_TIMEOUT)
        except (OSError, asyncio.TimeoutError):
            self.up = False
            await self._unavailable(client_r, client_w)
            return
        upstream = asyncio.ensure_future(self._pipe(client_r, backend_w))
        # The client closes: close towards the server too, so its answer stream ends as well.
        upstream.add_done_callback(lambda _: backend_w.close())
        answered = await self._pipe(backend_r, client_w)
        asked = not upstream.done() or (not upstream.cancelled() and upstream.result() > 0)
        if not answered and asked:
            # The server went away before it said anything (killed a moment ago): the client
            # still waits for an answer, so it gets the one the front gives.
            await self._send(client_w, self._answer)
        upstream.cancel()
        for writer in (backend_w, client_w):
            try:
                writer.close()
            except (ConnectionError, OSError, RuntimeError):
                pass

    @staticmethod
    async def _send(writer: asyncio.StreamWriter, data: bytes) -> None:
        try:
            writer.write(data)
            await writer.drain()
        except (ConnectionError, OSError):
            pass

    async def _unavailable(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            # Wait for the request head, so the client reads an answer and not a reset.
            await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), HEAD_TIMEOUT)
        except (asyncio.TimeoutError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            pass
        await self._send(writer, self._answer)
        writer.close()

    def start_in_thread(self) -> threading.Thread:
        """Serve in a daemon thread of its own (the supervisor's main thread watches the parts)."""
        ready = threading.Event()
        failed: list[BaseException] = []

        def run() -> None:
            self._loop = asyncio.new_event_loop()
            try:
                self._loop.run_until_complete(self._bind())
            except BaseException as exc:  # noqa: BLE001 - reported to the caller
                failed.append(exc)
                ready.set()
                return
            ready.set()
            self._loop.run_forever()

        thread = threading.Thread(target=run, name="front", daemon=True)
        thread.start()
        ready.wait(10)
        if failed:
            raise failed[0]
        return thread

    async def _bind(self) -> None:
        self._server = await asyncio.start_server(self._handle, self.host, self.public_port, limit=HEAD_LIMIT,
                                                  reuse_address=True)
        self._watcher = asyncio.get_running_loop().create_task(self._watch())


def parse(spec: str) -> tuple[int, int]:
    """"PUBLIC:BACKEND" → (public port, backend port)."""
    public, _, backend = spec.partition(":")
    return int(public), int(backend)
