"""rasa_ext/action_client.py against small stand-in action servers: frozen, dead, slow, busy.

Rasa's own RemoteAction is run (patched by importing rasa_ext); only the server is a stand-in,
so the timing of each fault is exact. The real-stack fault tests are in
test_action_server_faults.py.
"""

from __future__ import annotations

import asyncio
import time

from aiohttp import web
from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

import rasa_ext  # noqa: F401 - installs the action client
from rasa_ext import action_client
from tests.stack import free_port

ANSWER = {"events": [{"event": "slot", "name": "x", "value": 1}], "responses": []}


def tracker(reply_waiting: bool) -> DialogueStateTracker:
    events = [UserUttered("hallo", {"name": "greet", "confidence": 1.0})]
    if reply_waiting:
        events.append(BotUttered("Bel direct 112."))
    return DialogueStateTracker.from_events("t", events)


async def call(port: int, reply_waiting: bool = False) -> tuple[list, float]:
    action = RemoteAction("action_signaalroute", EndpointConfig(f"http://127.0.0.1:{port}/webhook"))
    started = time.monotonic()
    events = await action.run(
        CollectingOutputChannel(), TemplatedNaturalLanguageGenerator({}), tracker(reply_waiting), Domain.empty()
    )
    return events, time.monotonic() - started


async def stand_in(port: int, webhook_delay: float = 0.0, health_delay: float = 0.0) -> web.AppRunner:
    """An action server whose answers take the given time (asyncio: it stays responsive)."""

    async def webhook(_request):
        await asyncio.sleep(webhook_delay)
        return web.json_response(ANSWER)

    async def health(_request):
        await asyncio.sleep(health_delay)
        return web.json_response({"status": "ok"})

    app = web.Application()
    app.router.add_post("/webhook", webhook)
    app.router.add_get("/health", health)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    return runner


async def frozen(port: int) -> asyncio.AbstractServer:
    """Accepts connections and never answers: what a SIGSTOPped server looks like from outside."""

    async def ignore(reader, writer):
        await asyncio.sleep(3600)

    return await asyncio.start_server(ignore, "127.0.0.1", port)


def test_a_frozen_server_holds_a_waiting_112_for_well_under_a_second():
    async def scenario():
        port = free_port()
        server = await frozen(port)
        try:
            first, took_first = await call(port, reply_waiting=True)
            second, took_second = await call(port, reply_waiting=True)
            return first, took_first, second, took_second
        finally:
            server.close()

    first, took_first, second, took_second = asyncio.run(scenario())
    assert first == [] and second == []
    assert took_first < 0.8, took_first
    assert took_second < 0.3, took_second  # the probe has been silent already


def test_a_frozen_server_is_declared_down_and_later_calls_fail_at_once():
    async def scenario():
        port = free_port()
        server = await frozen(port)
        try:
            _, took_first = await call(port)
            down = action_client.state_for(f"http://127.0.0.1:{port}/webhook").down
            _, took_next = await call(port)
            return took_first, down, took_next
        finally:
            server.close()

    took_first, down, took_next = asyncio.run(scenario())
    assert 2.0 < took_first < 4.0, took_first
    assert down
    assert took_next < 0.1, took_next


def test_a_dead_server_fails_at_once_and_the_first_call_after_its_restart_runs():
    async def scenario():
        port = free_port()
        _, took_dead = await call(port)
        _, took_again = await call(port)
        runner = await stand_in(port)
        try:
            events, _ = await call(port)
        finally:
            await runner.cleanup()
        return took_dead, took_again, events

    took_dead, took_again, events = asyncio.run(scenario())
    assert took_dead < 0.3 and took_again < 0.5
    assert events and events[0].key == "x"


def test_a_slow_server_that_still_answers_its_health_check_is_not_cut_off():
    async def scenario():
        port = free_port()
        runner = await stand_in(port, webhook_delay=1.5, health_delay=0.3)
        try:
            return await asyncio.gather(call(port, reply_waiting=True), call(port))
        finally:
            await runner.cleanup()

    for events, took in asyncio.run(scenario()):
        assert events and events[0].key == "x"
        assert took >= 1.5


def test_under_load_actions_that_answer_keep_the_server_alive_even_when_health_is_slow():
    async def scenario():
        port = free_port()
        # Health is slower than the silence limit, but some action answers every 0.3 s.
        runner = await stand_in(port, webhook_delay=0.3, health_delay=1.2)
        try:
            calls = []
            for i in range(12):
                calls.append(asyncio.ensure_future(call(port, reply_waiting=i % 2 == 0)))
                await asyncio.sleep(0.1)
            return await asyncio.gather(*calls)
        finally:
            await runner.cleanup()

    results = asyncio.run(scenario())
    assert all(events and events[0].key == "x" for events, _ in results)


def test_the_overall_limit_ends_a_call_that_never_finishes(monkeypatch):
    monkeypatch.setenv("SIGNAALROUTE_ACTION_TIMEOUT", "1")

    async def scenario():
        port = free_port()
        runner = await stand_in(port, webhook_delay=30)
        try:
            return await call(port)
        finally:
            await runner.cleanup()

    events, took = asyncio.run(scenario())
    assert events == [] and 0.9 < took < 2.0
