"""Calls to the action server that never hold up an answer: a short timeout and a liveness watch.

Rasa 3.6 waits up to 300 s (``DEFAULT_REQUEST_TIMEOUT``) for a custom action. The acute rule
runs ``utter_acute_112`` and then ``action_signaalroute``, and the REST channel answers only
when the whole turn is done, so a frozen action server held back "bel 112" for as long as it
was frozen. This module wraps :meth:`rasa.core.actions.action.RemoteAction.run`:

* **overall timeout** ``SIGNAALROUTE_ACTION_TIMEOUT`` seconds (default 5) for one action call;
* **liveness watch**: when a call has not answered after ``PROBE_AFTER`` (0.15 s), one shared
  ``GET /health`` probe goes to the action server. The server counts as *silent* when a probe
  has been outstanding for a while and nothing — neither the probe nor any action call —
  answered in that time. A busy server that still answers something is alive, so a slow
  action under load is not cut off (only the overall timeout does that);
* **a reply waiting is never held up**: when this turn already has something to say (the
  rule's "bel 112", ``utter_acute_112``/``utter_possible_danger``), the call is given up after
  ``SILENT_STRICT`` (0.5 s) of silence: 112 goes out in well under a second. Otherwise the
  server must be silent for ``SILENT_FOR`` (2.5 s) before the call is given up and the server
  declared *unresponsive*; a refused connection declares it at once. The strict limit does not
  declare the server down: a server that is only slow (a cold start, deduce loading in a
  thread, a burst of load) then costs one action of one acute turn, not every message after;
* **fail fast while down**: once declared unresponsive, every call returns at once (no
  events) until a background probe gets a 200 again. When the last probe was refused
  (nothing listens: the server died or is being restarted), a call first tries one quick
  probe, so the first message after the restart is answered normally.

A failed call returns no events, exactly what Rasa's processor does when an action raises
("Bot will continue, but the actions events are lost"), without a traceback per message. The
turn goes on: the 112 response the rule already uttered is sent, and a turn in which nothing
was said gets the channel's fallback (``texts.TECHNICAL_PROBLEM``: 112 and the national
numbers; ``rasa_ext.channels.common``). The log says that a call failed and why, never what
the user wrote.

Installed on import; ``rasa_ext/__init__.py`` imports it, and Rasa imports that package while it
loads ``endpoints.yml`` (the tracker store), before the first message.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import time
from dataclasses import dataclass, field
from typing import Any, Optional

from bot.settings import action_server_url, env_number

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 5.0
PROBE_AFTER = 0.15  # a call that has not answered by then gets a health probe
PROBE_AFTER_STRICT = 0.05  # the same when a reply is waiting
SILENT_STRICT = 0.5  # a reply is waiting: give the call up after this much silence
SILENT_FOR = 2.5  # nothing answered for this long while a probe is outstanding: unresponsive
PROBE_EVERY = 0.2  # at most one probe per this interval while calls are waiting
RECOVER_EVERY = 0.3  # probe interval while the server is declared unresponsive
TICK = 0.02

_installed = False


def action_timeout() -> float:
    return env_number("SIGNAALROUTE_ACTION_TIMEOUT", DEFAULT_TIMEOUT, minimum=sys.float_info.min)


def health_url(action_url: str) -> str:
    """The SDK's /health next to its /webhook."""
    return action_server_url("health", action_url)


@dataclass
class ServerState:
    """What this Rasa server knows of one action server (one per URL, one event loop)."""

    url: str
    last_alive: float = field(default_factory=time.monotonic)
    down: bool = False
    refused: bool = False  # the last verdict was "connection refused" (cheap to check again)
    probe: Optional[asyncio.Task] = None
    probe_started: float = 0.0
    recovery: Optional[asyncio.Task] = None
    failures: int = 0

    def alive(self) -> None:
        self.last_alive = time.monotonic()
        if self.down:
            self.down = False
            logger.warning("Action server answers again; custom actions run again (%d calls failed meanwhile).", self.failures)
            self.failures = 0

    def declare_down(self, why: str) -> None:
        self.refused = why == "connection refused"
        if self.down:
            return
        self.down = True
        logger.warning("Action server unresponsive (%s); custom actions fail fast until it answers.", why)
        if self.recovery is None or self.recovery.done():
            self.recovery = asyncio.get_running_loop().create_task(self._recover())

    async def probe_once(self, timeout: float) -> Optional[bool]:
        """True: 200. False: refused (nothing listens). None: no answer in time or another status."""
        import aiohttp

        try:
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as session:
                async with session.get(self.url) as response:
                    await response.read()
                    return True if response.status == 200 else None
        except aiohttp.ClientConnectorError:
            return False
        except (asyncio.TimeoutError, aiohttp.ClientError, OSError):
            return None

    def start_probe(self) -> None:
        async def probe() -> None:
            result = await self.probe_once(timeout=max(SILENT_FOR * 4, 2.0))
            if result is True:
                self.alive()
            elif result is False:
                self.declare_down("connection refused")

        self.probe_started = time.monotonic()
        self.probe = asyncio.get_running_loop().create_task(probe())

    async def _recover(self) -> None:
        while self.down:
            result = await self.probe_once(timeout=1.0)
            if result is True:
                self.alive()
                return
            self.refused = result is False
            await asyncio.sleep(RECOVER_EVERY)

    async def back_up(self) -> bool:
        """While down: is it back? Only asks when nothing listened last time (that answer is quick)."""
        if self.refused:
            result = await self.probe_once(timeout=SILENT_STRICT / 2)
            if result is True:
                self.alive()
            elif result is None:
                self.refused = False  # something listens now but does not answer
        return not self.down


_states: dict[str, ServerState] = {}


def state_for(action_url: str) -> ServerState:
    url = health_url(action_url)
    state = _states.get(url)
    if state is None:
        state = _states[url] = ServerState(url)
    return state


async def watched(
    call, state: ServerState, timeout: float, strict: bool = False
) -> tuple[Optional[Any], Optional[str]]:
    """Run ``call`` (a coroutine) under the watch: (result, None) or (None, why it failed).

    ``strict``: a reply is waiting, give up after SILENT_STRICT of silence (without declaring
    the server down).
    """
    if state.down and not await state.back_up():
        call.close()
        return None, "unresponsive"
    started = time.monotonic()
    task = asyncio.ensure_future(call)
    while True:
        done, _ = await asyncio.wait({task}, timeout=TICK)
        if done:
            error = task.exception()
            if error is None or _is_an_answer(error):
                state.alive()
            if error is None:
                return task.result(), None
            lost = _connection_error(error)
            if lost == "refused":
                state.declare_down("connection refused")
                return None, "refused the connection"
            if lost:
                return None, "lost the connection"
            raise error  # anything else: Rasa's processor logs it and goes on, as before
        now = time.monotonic()
        why = None
        if state.down:
            why = "unresponsive"
        elif now - started >= timeout:
            why = f"no answer within {timeout:g} s"
        elif state.probe is not None and not state.probe.done():
            silent = now - max(state.probe_started, state.last_alive)
            if silent >= SILENT_FOR:
                state.declare_down(f"nothing answered for {SILENT_FOR:g} s")
                why = "unresponsive"
            elif strict and silent >= SILENT_STRICT:
                why = f"silent for {SILENT_STRICT:g} s while a reply waited"
        elif now - started >= (PROBE_AFTER_STRICT if strict else PROBE_AFTER) and now - state.last_alive >= PROBE_EVERY:
            state.start_probe()
        if why:
            task.cancel()
            try:
                await task
            except BaseException:  # noqa: BLE001 - the call is abandoned, whatever it did
                pass
            return None, why


def _is_an_answer(error: BaseException) -> bool:
    from rasa.utils.endpoints import ClientResponseError

    return isinstance(error, ClientResponseError) or type(error).__name__ == "ActionExecutionRejection"


def _connection_error(error: BaseException) -> Optional[str]:
    """"refused" when nothing listens, "lost" when the connection broke, else None.

    Rasa turns aiohttp's connection errors into a RasaException raised while handling them,
    so the original error is the exception's context.
    """
    import aiohttp

    seen = set()
    current: Optional[BaseException] = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, (aiohttp.ClientConnectorError, ConnectionRefusedError)):
            return "refused"
        if isinstance(current, (aiohttp.ServerDisconnectedError, aiohttp.ClientOSError)):
            return "lost"
        current = current.__cause__ or current.__context__
    return None


def reply_waiting(tracker: Any) -> bool:
    """Whether the bot already said something in this turn (after the last user message)."""
    from rasa.shared.core.events import BotUttered, UserUttered

    for event in reversed(getattr(tracker, "events", ())):
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, BotUttered):
            return True
    return False


def _authorise(endpoint: Any) -> None:
    """Show the action server the shared token (``bot.settings.action_token``) on every call."""
    headers = endpoint.headers if isinstance(getattr(endpoint, "headers", None), dict) else {}
    if "Authorization" not in headers:
        from bot.settings import action_token

        headers["Authorization"] = f"Bearer {action_token()}"
        endpoint.headers = headers


def install() -> None:
    """Wrap RemoteAction.run (idempotent)."""
    global _installed
    if _installed:
        return
    try:
        from rasa.core.actions.action import RemoteAction
    except ImportError:  # not in a Rasa server (the action server, the workspace)
        return
    original = RemoteAction.run

    async def run(self, output_channel, nlg, tracker, domain):  # type: ignore[no-untyped-def]
        endpoint = getattr(self, "action_endpoint", None)
        if endpoint is None or not getattr(endpoint, "url", None):
            return await original(self, output_channel, nlg, tracker, domain)
        _authorise(endpoint)
        state = state_for(endpoint.url)
        call = original(self, output_channel, nlg, tracker, domain)
        result, why = await watched(call, state, action_timeout(), strict=reply_waiting(tracker))
        if why is None:
            return result
        state.failures += 1
        logger.warning("Custom action %s not run: action server %s; the turn goes on without it.", self.name(), why)
        from rasa_ext.missed_turns import queue_if_acute

        queue_if_acute(self.name(), tracker)  # the consultation of an acute signal is still recorded
        return []

    run.__wrapped__ = original  # type: ignore[attr-defined]
    RemoteAction.run = run
    _installed = True
    logger.info("Action calls: at most %g s, liveness watch on.", action_timeout())


install()
