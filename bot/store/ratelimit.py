"""Rate limits in shared storage, so every Rasa and action server counts the same hits.

``allow(key, limit, window_s)`` counts one hit for ``key`` and says whether the hits of the last
``window_s`` seconds stay within ``limit``. The window slides: the count is this window's hits plus
the previous window's, weighted by how much of it still lies within the last ``window_s`` seconds
(the "sliding window counter"; two counters per key), so a limit never opens all at once at the
turn of a clock hour. The storage is Redis when
``SIGNAALROUTE_REDIS_URL`` is set (the production shape), else the workspace database (table
``rate_limit_hits``). Keys are stored as keyed hashes: a key may be derived from a client address.

When the storage cannot be reached, ``allow`` raises `RateLimitUnavailable`: the caller decides
(for codes: refuse, so a broken limit never opens the door to guessing).
"""
from __future__ import annotations

import hashlib
import hmac
import logging
import os
import random
import threading
import time
from typing import Optional

from sqlalchemy import delete, select

from bot.store.db import Database
from bot.store.models import RateLimitHit

logger = logging.getLogger(__name__)

REDIS_URL_ENV = "SIGNAALROUTE_REDIS_URL"
_REDIS_PREFIX = "signaalroute:rl:"


class RateLimitUnavailable(RuntimeError):
    """The shared storage of the rate limits cannot be reached."""


def _key_hash(key: str, secret: Optional[bytes]) -> str:
    if secret is None:
        from bot.settings import load_settings

        secret = load_settings().secret_key
    return hmac.new(secret, b"rate-limit:" + key.encode("utf-8"), hashlib.sha256).hexdigest()


def _window(now: float, window_s: int) -> int:
    second = int(now)
    return second - second % window_s


def _sliding(current: int, previous: int, now: float, start: int, window_s: int) -> float:
    """The hits in the last ``window_s`` seconds, estimated from two fixed windows."""
    return current + previous * max(0.0, 1.0 - (now - start) / window_s)


def allow_sql(database: Database, key_hash: str, limit: int, window_s: int, now: Optional[float] = None) -> bool:
    """Count one hit in the database; True while within ``limit``."""
    now = time.time() if now is None else now
    start = _window(now, window_s)
    table = RateLimitHit.__table__
    dialect = database.engine.dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:  # pragma: no cover - the project runs on SQLite and PostgreSQL
        raise RateLimitUnavailable(f"no rate limits on {dialect}")
    upsert = insert(table).values(key_hash=key_hash, window_start=start, expires_at=start + window_s, hits=1)
    upsert = upsert.on_conflict_do_update(index_elements=["key_hash", "window_start"], set_={"hits": table.c.hits + 1})
    with database.engine.begin() as connection:
        connection.execute(upsert)
        counts = dict(connection.execute(
            select(table.c.window_start, table.c.hits).where(
                table.c.key_hash == key_hash, table.c.window_start.in_([start, start - window_s]))
        ).all())
        if random.random() < 0.01:  # now and then, forget windows that can no longer count
            connection.execute(delete(table).where(table.c.expires_at < int(now) - window_s))
    return _sliding(counts.get(start, 0), counts.get(start - window_s, 0), now, start, window_s) <= limit


def allow_redis(client, key_hash: str, limit: int, window_s: int, now: Optional[float] = None) -> bool:
    """Count one hit in Redis (INCR + EXPIRE on the window's key); True while within ``limit``."""
    now = time.time() if now is None else now
    start = _window(now, window_s)
    name = f"{_REDIS_PREFIX}{key_hash}:{start}"
    pipe = client.pipeline()
    pipe.incr(name)
    pipe.expire(name, 2 * window_s + 5)  # it counts, weighted, through the next window too
    pipe.get(f"{_REDIS_PREFIX}{key_hash}:{start - window_s}")
    hits, _, previous = pipe.execute()
    return _sliding(int(hits), int(previous or 0), now, start, window_s) <= limit


_redis_lock = threading.Lock()
_redis_clients: dict[str, object] = {}


def _redis(url: str):
    with _redis_lock:
        client = _redis_clients.get(url)
        if client is None:
            import redis

            client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
            _redis_clients[url] = client
        return client


def allow(key: str, limit: int, window_s: int, *, database: Optional[Database] = None,
          secret: Optional[bytes] = None, now: Optional[float] = None) -> bool:
    """Count one hit for ``key``; True while at most ``limit`` hits fell in this window.

    Raises `RateLimitUnavailable` when the shared storage cannot be reached.
    """
    if limit <= 0 or window_s <= 0:
        return False
    key_hash = _key_hash(key, secret)
    url = os.environ.get(REDIS_URL_ENV, "").strip()
    try:
        if url:
            return allow_redis(_redis(url), key_hash, limit, window_s, now)
        if database is None:
            from bot.store.db import default_database

            database = default_database()
        return allow_sql(database, key_hash, limit, window_s, now)
    except RateLimitUnavailable:
        raise
    except Exception as exc:  # noqa: BLE001 - the caller fails closed
        logger.error("rate limit storage unavailable (%s)", type(exc).__name__)
        raise RateLimitUnavailable(type(exc).__name__) from exc


def allow_both(own_key: str, own_limit: int, shared_key: str, shared_limit: int, window_s: int,
               **storage) -> bool:
    """A hit for one source within its own limit and, only then, within the shared one.

    A hit the source's own limit denies never reaches the shared budget: one client hammering
    cannot spend everyone's share. ``storage``: `allow`'s keyword arguments."""
    if not allow(own_key, own_limit, window_s, **storage):
        return False
    return allow(shared_key, shared_limit, window_s, **storage)


# -- where a message comes from -------------------------------------------------------------
# A channel that knows the client's address puts a *source token* in the message metadata:
# a keyed hash of the address plus a MAC over that hash, so a client cannot make one up (any
# metadata a client sends under this key is replaced). The action verifies the MAC and uses the
# hash as the rate-limit key: a new sender id does not make a new source.
SOURCE_METADATA_KEY = "sr_source"


def _mac(secret: bytes, label: bytes, value: str) -> str:
    return hmac.new(secret, label + value.encode("utf-8"), hashlib.sha256).hexdigest()[:32]


def _normalise_address(address: str) -> str:
    import ipaddress

    try:
        ip = ipaddress.ip_address(address.strip().strip("[]"))
    except ValueError:
        return address.strip().lower()
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        # One household or office gets a /64: counting single IPv6 addresses would let
        # anyone reset the limit by picking another address from their own range.
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def source_token(address: str, secret: Optional[bytes] = None) -> str:
    """The token a channel puts in the metadata for a client address."""
    if secret is None:
        from bot.settings import load_settings

        secret = load_settings().secret_key
    digest = _mac(secret, b"client-address:", _normalise_address(address))
    return f"{digest}.{_mac(secret, b'source-token:', digest)}"


def verify_source(token: object, secret: Optional[bytes] = None) -> Optional[str]:
    """The source key in a token made by `source_token`, or None when it is missing or forged."""
    if not isinstance(token, str) or token.count(".") != 1:
        return None
    if secret is None:
        from bot.settings import load_settings

        secret = load_settings().secret_key
    digest, mac = token.split(".")
    return digest if hmac.compare_digest(mac, _mac(secret, b"source-token:", digest)) else None


def trusted_proxies() -> list:
    """Proxies whose X-Forwarded-For is believed: loopback always, plus
    ``SIGNAALROUTE_TRUSTED_PROXIES`` (comma- or space-separated addresses or networks)."""
    import ipaddress

    networks = [ipaddress.ip_network("127.0.0.0/8"), ipaddress.ip_network("::1/128")]
    raw = os.environ.get("SIGNAALROUTE_TRUSTED_PROXIES", "")
    for item in raw.replace(",", " ").split():
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            logger.error("SIGNAALROUTE_TRUSTED_PROXIES: an entry is no address or network; ignored")
    return networks


def client_address(peer: Optional[str], forwarded_for: Optional[str]) -> Optional[str]:
    """The client's address: the peer, or, when the peer is a trusted proxy, the last address
    in X-Forwarded-For that is not a trusted proxy itself."""
    import ipaddress

    networks = trusted_proxies()

    def trusted(address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address.strip().strip("[]"))
        except ValueError:
            return False
        return any(ip in network for network in networks if ip.version == network.version)

    if not peer or not trusted(peer) or not forwarded_for:
        return peer or None
    hops = [h.strip() for h in forwarded_for.split(",") if h.strip()]
    for hop in reversed(hops):
        if not trusted(hop):
            return hop
    return hops[0] if hops else peer
