"""Outgoing HTTP for the Teams channel: one reusable aiohttp session per event loop."""

from __future__ import annotations

import asyncio
from typing import Optional

import aiohttp

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
