"""The production shape (SIGNAALROUTE_INSTANCES=2): PostgreSQL, Redis, two Rasa servers, two
action servers, the workspace and HAProxy, all real, started once for this module by
``tools/cluster.py`` on free ports. What a professional notices: the conversation goes on,
whichever server takes a turn, and nothing typed is left in clear text."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import time
import uuid

import aiohttp
import pytest
import socketio
from yarl import URL

from bot.texts import TECHNICAL_PROBLEM
from tests.cluster.turns import QUESTIONS, fire_at_once, interleaved_turns, send, user_turns
from tests.stack import wait_for
from tests.support.widget_client import WidgetClient

pytestmark = pytest.mark.e2e

PII = ["Piet van der Berg", "06-12345678", "piet@bouwbedrijf.nl", "Kerkstraat 12", "Fatima El Amrani",
       "Anna Jansen", "06-11112222"]
SIGNAL = (
    "Bij een controle in Heerlen zag ik arbeidsmigranten die in een loods slapen aan de Kerkstraat 12. "
    "Hun baas Piet van der Berg (06-12345678, piet@bouwbedrijf.nl) heeft hun paspoorten ingenomen. "
    "Een van hen, Fatima El Amrani, vroeg om hulp. Geen direct gevaar."
)
REPORTER = "Anna Jansen, 06-11112222"
CODE = re.compile(r"SR-[A-Z0-9]{4}-[A-Z0-9]{2}")


def texts(replies: list) -> str:
    return "\n".join(r.get("text", "") for r in replies)


def say(url: str, sender: str, text: str) -> str:
    status, replies = send(url, sender, text)
    assert status == 200, (status, text)
    return texts(replies)


@pytest.fixture(scope="module")
def heerlen(cluster):
    """A labour-exploitation signal from Heerlen, its turns alternating between the two servers."""
    first, second = cluster.rasa_urls
    sender = f"alt-{uuid.uuid4().hex[:8]}"
    replies = [
        say(first, sender, SIGNAL),  # "vroeg om hulp": the outcome at once, with a code
        say(second, sender, "ik wil het melden"),  # new facts after the code: same signal or new?
        say(first, sender, "hetzelfde"),
        say(second, sender, '/choose{"keuze":"contact:ja"}'),
        say(first, sender, REPORTER),
    ]
    return {"sender": sender, "replies": replies}


def test_a_conversation_whose_turns_alternate_between_servers_reaches_the_nla(heerlen):
    opened, same_or_new, outcome, asked, saved = heerlen["replies"]
    assert "Zuid-Limburg" in opened
    code = CODE.search(opened).group(0)
    assert code in same_or_new
    assert "0800-5151" in outcome and "aandachtsfunctionaris" in outcome and code in outcome
    assert "naam" in asked
    assert code in saved


def test_twenty_messages_of_one_sender_at_once_on_both_servers_never_interleave(cluster):
    sender = f"burst-{uuid.uuid4().hex[:8]}"
    results = fire_at_once(cluster.rasa_urls, sender, 20)
    for text, status, replies in results:
        assert status == 200
        assert QUESTIONS[text][1] in texts(replies), "a reply went to another message"
    events = cluster.tracker_events(sender)
    assert user_turns(events) == 20, "turns were lost: two servers ran the same conversation at once"
    assert interleaved_turns(events) == []


class StickyWidget(WidgetClient):
    """The widget's socket.io client, pinned to one Rasa server by HAProxy's cookie.

    Like a browser it sends the cookie with every request; aiohttp's default cookie jar
    would drop cookies of an IP address such as 127.0.0.1.
    """

    def __init__(self, url: str, server: str) -> None:
        super().__init__(url)
        self.server = server

        def http_session() -> aiohttp.ClientSession:
            jar = aiohttp.CookieJar(unsafe=True)
            jar.update_cookies({"SRSERVER": server}, URL(url))
            return aiohttp.ClientSession(cookie_jar=jar)

        self.sio = socketio.AsyncClient(reconnection=False, http_session=http_session)
        for name in ("session_confirm", "bot_uttered", "widget_error"):
            self.sio.on(name, self._recorder(name))

    async def __aexit__(self, *exc) -> None:
        http = self.sio.eio.http
        await super().__aexit__(*exc)
        if http is not None:
            await http.close()

    def replies(self) -> str:
        return "\n".join((data or {}).get("text", "") for name, data in self.events if name == "bot_uttered")


async def _wait_text(client: StickyWidget, needle: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while needle not in client.replies():
        assert time.monotonic() < deadline, f"no {needle!r} in {client.replies()!r}"
        await asyncio.sleep(0.05)


def test_a_widget_that_reconnects_to_the_other_server_keeps_its_conversation(cluster):
    session = uuid.uuid4().hex

    async def scenario() -> None:
        async with StickyWidget(cluster.chat_url, "rasa1") as tab:
            assert await tab.start_session(session) == session
            await tab.sio.emit("user_uttered", {"message": "Ik werk in Heerlen", "session_id": session})
            await _wait_text(tab, "Zuid-Limburg")
        async with StickyWidget(cluster.chat_url, "rasa2") as again:
            assert await again.start_session(session) == session
            await again.sio.emit("user_uttered", {"message": "nee", "session_id": session})
            await _wait_text(again, "Waar gaat je signaal over?")

    asyncio.run(scenario())


def test_a_widget_without_cookies_stays_with_one_server_by_its_address(cluster):
    """The widget's socket.io-client sends no cookies to another origin (withCredentials is off):
    HAProxy keeps its long polling and websocket upgrade on one server by the client's address."""
    session = uuid.uuid4().hex

    async def scenario() -> None:
        async with WidgetClient(cluster.chat_url) as tab:
            assert await tab.start_session(session) == session
            for _ in range(3):  # several polling round trips, all on the server that knows the sid
                await tab.sio.emit("user_uttered", {"message": "wat doet de NLA?", "session_id": session})
            await tab.wait_for("bot_uttered", count=3, timeout=60)

    asyncio.run(scenario())


def test_two_tabs_of_one_conversation_on_different_servers_both_get_the_replies(cluster):
    session = uuid.uuid4().hex

    async def scenario() -> None:
        async with StickyWidget(cluster.chat_url, "rasa1") as one, StickyWidget(cluster.chat_url, "rasa2") as two:
            await one.start_session(session)
            await two.start_session(session)
            await two.sio.emit("user_uttered", {"message": "wat doet de NLA?", "session_id": session})
            await _wait_text(two, "Arbeidsinspectie")
            await _wait_text(one, "Arbeidsinspectie")  # emitted on server 2, delivered by server 1 via Redis

    asyncio.run(scenario())


def test_a_rasa_server_killed_mid_conversation_the_conversation_goes_on_through_the_balancer(cluster):
    sender = f"kill-{uuid.uuid4().hex[:8]}"
    assert "Zuid-Limburg" in say(cluster.chat_url, sender, "Ik werk in Heerlen")
    victim_port = cluster.ports["rasa"][0]
    victim = cluster.pid_on(victim_port)
    os.kill(victim, signal.SIGKILL)
    # Straight away, before the balancer's health check has noticed: every turn is answered.
    assert "Waar gaat je signaal over?" in say(cluster.chat_url, sender, "nee")
    say(cluster.chat_url, sender, '/choose{"keuze":"subject:persoon"}')
    say(cluster.chat_url, sender, '/choose{"keuze":"need:melden"}')
    assert "0800-5151" in say(cluster.chat_url, sender, '/choose{"keuze":"form:arbeid"}')
    # The supervisor starts the killed server again.
    wait_for(f"http://127.0.0.1:{victim_port}/", 300)
    assert cluster.pid_on(victim_port) != victim


def test_an_action_server_killed_both_rasa_servers_keep_giving_real_answers(cluster):
    sender = f"actions-{uuid.uuid4().hex[:8]}"
    first, second = cluster.rasa_urls
    assert "Zuid-Limburg" in say(first, sender, "Ik werk in Heerlen")
    victim_port = cluster.ports["actions"][0]
    victim = cluster.pid_on(victim_port)
    os.kill(victim, signal.SIGKILL)
    # The balanced action port sends every call to the action server that is left.
    assert "Waar gaat je signaal over?" in say(second, sender, "nee")
    say(first, sender, '/choose{"keuze":"subject:persoon"}')
    say(second, sender, '/choose{"keuze":"need:melden"}')
    answer = say(first, sender, '/choose{"keuze":"form:arbeid"}')
    assert "0800-5151" in answer and "Er gaat nu iets mis" not in answer
    wait_for(f"http://127.0.0.1:{victim_port}/health", 300)
    assert cluster.pid_on(victim_port) != victim


def _database_rows(cluster, name: str) -> str:
    connection = cluster.database(name)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            tables = [row[0] for row in cursor.fetchall()]
            dump = []
            for table in tables:
                cursor.execute(f'SELECT row_to_json(t)::text FROM "{table}" t')
                dump += [row[0] for row in cursor.fetchall()]
            return "\n".join(dump)
    finally:
        connection.close()


def _redis_contents(cluster) -> str:
    client = cluster.redis()
    found = []
    for key in client.scan_iter(count=1000):
        kind = client.type(key).decode()
        if kind == "string":
            value = client.get(key)
        elif kind == "list":
            value = client.lrange(key, 0, -1)
        elif kind == "zset":
            value = client.zrange(key, 0, -1)
        elif kind == "hash":
            value = client.hgetall(key)
        elif kind == "set":
            value = client.smembers(key)
        else:
            value = kind
        found.append(f"{key!r} {value!r}")
    return "\n".join(found)


def test_nothing_typed_is_left_in_clear_text_in_databases_redis_or_logs(cluster, heerlen):
    # The consultation (and its encrypted contact) is written before the code is shown;
    # give the tracker store and the workspace a moment, then read everything.
    time.sleep(2)
    tracker = _database_rows(cluster, "signaalroute_tracker")
    # Conversations are stored under a keyed hash of the sender id, never the id itself (issue 15).
    from bot.store.codes import conversation_tag

    secret = (cluster.root / "var" / "secret.key").read_bytes()
    assert conversation_tag(heerlen["sender"], secret) in tracker and heerlen["sender"] not in tracker
    assert SIGNAL not in tracker and "ik wil het melden" not in tracker
    workspace = _database_rows(cluster, "signaalroute")
    stored = _redis_contents(cluster)
    for pii in PII:
        assert pii not in tracker, pii
        assert pii not in workspace, pii
        assert pii not in stored, pii
    files = [p for p in cluster.root.rglob("*") if p.is_file() and "cache" not in p.parts]
    assert any("pg_wal" in p.parts for p in files) and any(p.suffix == ".log" for p in files)
    for path in files:
        raw = path.read_bytes()
        for pii in PII:
            assert pii.encode() not in raw, f"{pii!r} found in {path.relative_to(cluster.root)}"
        if path.suffix == ".log":  # the redacted description is in the workspace database, never in a log
            assert SIGNAL[:60].encode() not in raw, f"a message found in {path.name}"


def _consultation_count(cluster, acute: bool = False) -> int:
    """Consultations without danger (with danger: those of the 112 messages, whose code is not shown)."""
    connection = cluster.database("signaalroute")
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM consultations WHERE acute = %s", (acute,))
            return cursor.fetchone()[0]
    finally:
        connection.close()


def _consultations_with_code(cluster, code: str) -> int:
    from bot.store.codes import hash_code

    secret = (cluster.root / "var" / "secret.key").read_bytes()
    connection = cluster.database("signaalroute")
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM consultations WHERE code_hash = %s", (hash_code(code, secret),))
            return cursor.fetchone()[0]
    finally:
        connection.close()


class PostgresDown:
    """PostgreSQL killed with -9 and kept down: its data directory is moved aside, so each
    restart the supervisor tries fails until it is back (connections are refused meanwhile).
    Only the fault is injected; the supervisor, PostgreSQL and its crash recovery are real."""

    def __init__(self, cluster) -> None:
        self.cluster = cluster
        self.data = cluster.dir / "postgres" / "data"
        self.away = self.data.with_name("data.away")

    def __enter__(self) -> "PostgresDown":
        postmaster = self.cluster.pid_on(self.cluster.ports["postgres"])
        # The running server works relative to its data directory: moving it changes nothing
        # for it, only for the next start.
        self.data.rename(self.away)
        os.kill(postmaster, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while True:
            try:
                self.cluster.pid_on(self.cluster.ports["postgres"])
            except LookupError:
                return self
            assert time.monotonic() < deadline, "PostgreSQL did not go down"
            time.sleep(0.05)

    def __exit__(self, *exc) -> None:
        self.away.rename(self.data)


def _until_answered(url: str, sender: str, text: str, needle: str, timeout: float = 120) -> str:
    """What a professional does after "probeer het zo nog eens": the same message again."""
    deadline = time.monotonic() + timeout
    while True:
        answer = say(url, sender, text)
        # The channel layer's own words (the tracker store not readable yet) are no answer.
        if needle in answer and TECHNICAL_PROBLEM not in answer:
            return answer
        assert time.monotonic() < deadline, f"no {needle!r} after PostgreSQL came back: {answer!r}"
        time.sleep(1)


def test_postgresql_killed_and_restarted_112_stays_and_every_consultation_is_kept_once(cluster):
    from bot import texts as bot_texts

    before = _consultation_count(cluster)
    before_acute = _consultation_count(cluster, acute=True)
    url = cluster.chat_url
    sender = f"pg-{uuid.uuid4().hex[:8]}"
    assert "Zuid-Limburg" in say(url, sender, SIGNAL)
    with PostgresDown(cluster):
        # Down: the danger line answers at once, and any other turn gets the polite fallback.
        started = time.monotonic()
        acute = say(url, f"pg112-{uuid.uuid4().hex[:8]}", "hij wordt nu geslagen, spoed")
        took = time.monotonic() - started
        assert "112" in acute and took < 1.0, (took, acute)
        # The tracker store cannot be read: Rasa does not go on from an empty tracker
        # (rasa_ext.store_outage), the channel layer answers with 112 and the national numbers.
        down = say(url, sender, "ik wil het melden")
        assert down.strip() and "Traceback" not in down, down
        down_code = CODE.search(down)
        time.sleep(5)  # down for a while: the supervisor's restarts fail meanwhile
        assert "112" in say(url, f"pg112-{uuid.uuid4().hex[:8]}", "hij wordt nu geslagen, spoed")
    # Back: the supervisor restarts PostgreSQL (crash recovery); the professional clicks again.
    outcome = _until_answered(url, sender, "ik wil het melden", "aandachtsfunctionaris")
    assert "0800-5151" in outcome
    code = CODE.search(outcome)
    assert code or bot_texts.NOT_RECORDED in outcome, outcome
    codes = {c.group(0) for c in (down_code, code) if c}
    # The conversation goes on after the restart.
    assert "naam" in say(url, sender, '/choose{"keuze":"contact:ja"}')

    # Restarted mid-conversation as well (kill -9, the supervisor's own restart, no port held).
    other = f"pg-{uuid.uuid4().hex[:8]}"
    assert "Zuid-Limburg" in say(url, other, SIGNAL.replace("Heerlen", "Kerkrade"))
    os.kill(cluster.pid_on(cluster.ports["postgres"]), signal.SIGKILL)
    outcome = _until_answered(url, other, "ik wil het melden", "aandachtsfunctionaris")
    found = CODE.search(outcome)
    assert found or bot_texts.NOT_RECORDED in outcome, outcome
    if found:
        codes.add(found.group(0))
    assert "naam" in say(url, other, '/choose{"keuze":"contact:ja"}')

    # Every consultation finished is in the workspace database exactly once (the outbox drains).
    deadline = time.monotonic() + 60
    while _consultation_count(cluster) < before + len(codes) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert _consultation_count(cluster) == before + len(codes)
    # The two 112 messages may each be recorded once (when their action ran), never more.
    assert _consultation_count(cluster, acute=True) - before_acute <= 2
    for one in codes:
        assert _consultations_with_code(cluster, one) == 1, one
