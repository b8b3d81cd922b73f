"""What the cluster writes before it starts: ports, secrets, endpoints.yml, haproxy.cfg, redis.conf."""

from __future__ import annotations

import json
import os
import secrets
import socket
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.texts import TECHNICAL_PROBLEM

ROOT = Path(__file__).resolve().parent.parent.parent
BIN = Path(sys.executable).parent
OUR_LOCK_STORE = "rasa_ext.lock_store.RedisTicketLockStore"
TRACKER_DB = "signaalroute_tracker"
WORKSPACE_DB = "signaalroute"
APP_ROLE = "signaalroute"


def say(text: str) -> None:
    print(text, flush=True)


def fail(text: str) -> None:
    print(f"\nFOUT: {text}", file=sys.stderr, flush=True)
    sys.exit(1)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_taken(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


@dataclass
class Ports:
    """Every port of the stack; the public ones come from the settings."""

    chat: int
    workspace: int
    instances: int
    postgres: int = field(default_factory=free_port)
    redis: int = field(default_factory=free_port)
    actions_balanced: int = field(default_factory=free_port)
    workspace_internal: int = field(default_factory=free_port)
    monitor: int = field(default_factory=free_port)
    rasa: list = field(default_factory=list)
    actions: list = field(default_factory=list)

    def __post_init__(self) -> None:
        self.rasa = self.rasa or [free_port() for _ in range(self.instances)]
        self.actions = self.actions or [free_port() for _ in range(self.instances)]


def load_secrets(directory: Path) -> dict:
    """Passwords for PostgreSQL and Redis, made once and kept (the database keeps its own)."""
    path = directory / "secrets.json"
    if path.exists():
        return json.loads(path.read_text())
    values = {name: secrets.token_urlsafe(24) for name in ("postgres_superuser", "postgres_app", "redis")}
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(values, handle)
    return values


def write_private(path: Path, text: str) -> None:
    """Write a file only its owner can read (it may hold a password)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(text)


def database_url(ports: Ports, secret: dict, name: str) -> str:
    return f"postgresql://{APP_ROLE}:{secret['postgres_app']}@127.0.0.1:{ports.postgres}/{name}"


def redis_url(ports: Ports, secret: dict) -> str:
    return f"redis://:{secret['redis']}@127.0.0.1:{ports.redis}/0"


def endpoints_config(ports: Ports, secret: dict, lock_store: str) -> dict:
    """The repository's endpoints.yml, pointed at PostgreSQL, Redis and the balanced actions."""
    config = yaml.safe_load((ROOT / "endpoints.yml").read_text()) or {}
    tracker = dict(config.get("tracker_store") or {})
    for key in ("db", "host"):
        tracker.pop(key, None)
    # Rasa hands a custom store its host as ``url`` (a ``host`` key would be passed twice).
    tracker.update({
        "type": tracker.get("type", "rasa_ext.tracker_store.RedactingSQLTrackerStore"),
        "dialect": "postgresql", "url": "127.0.0.1", "port": ports.postgres, "db": TRACKER_DB,
        "username": APP_ROLE, "password": secret["postgres_app"],
    })
    config["tracker_store"] = tracker
    # The action URL stays ${SIGNAALROUTE_ACTION_URL}: the launcher points it at the balancer.
    if lock_store == "rasa":
        # Rasa's stock store, only to measure RasaHQ/rasa#9213 (tests/cluster/test_lock_store.py).
        config["lock_store"] = {"type": "redis", "url": "127.0.0.1", "port": ports.redis,
                                "password": secret["redis"], "db": 0}
    else:
        config["lock_store"] = {"type": OUR_LOCK_STORE, "url": "${SIGNAALROUTE_REDIS_URL}"}
    return config


def haproxy_config(ports: Ports) -> str:
    """HAProxy: chat (REST/Teams round robin, socket.io sticky), workspace, balanced actions."""
    rest_servers = "\n".join(f"  server rasa{i} 127.0.0.1:{port} check" for i, port in enumerate(ports.rasa, 1))
    sticky_servers = "\n".join(
        f"  server rasa{i} 127.0.0.1:{port} check cookie rasa{i}" for i, port in enumerate(ports.rasa, 1)
    )
    action_servers = "\n".join(
        f"  server actions{i} 127.0.0.1:{port} check" for i, port in enumerate(ports.actions, 1)
    )
    n = ports.instances
    # No Rasa server answers (all down, or all stuck on a hung database): the balancer itself still
    # gives the channel layer's words, with 112 and the national numbers, in the REST format.
    unavailable = json.dumps([{"recipient_id": "", "text": TECHNICAL_PROBLEM}], ensure_ascii=True)
    assert "'" not in unavailable
    rest_errors = "\n".join(
        f"  http-error status {status} content-type application/json string '{unavailable}' hdr Retry-After 5"
        for status in (502, 503, 504)
    )
    return f"""# Generated by tools/cluster.py; changes are overwritten at the next start.
global
  # State changes of the servers, and one line per request: method, path, status, timings,
  # server, retries. Never a body, a header, a query string or the client's address.
  log stdout format raw local0 info
  maxconn 2048
  # Room for a whole request (Rasa posts the tracker to the action server), so that a request
  # whose server died can be sent again (retry-on below needs the request in the buffer).
  tune.bufsize 65536

defaults
  mode http
  log global
  option dontlognull
  log-format "[%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %tsc %ac/%fc/%bc/%sc/%rc %sq/%bq %HM %HP"
  timeout connect 2s
  timeout client 120s
  timeout server 120s
  timeout http-request 15s
  timeout queue 30s
  # websocket and long polling of socket.io
  timeout tunnel 1h
  # A refused or dropped connection is tried again on another server.
  option redispatch 1
  retries 3
  default-server inter 1s fall 2 rise 1

frontend chat
  bind 127.0.0.1:{ports.chat}
  acl socketio path_beg /socket.io
  use_backend rasa_socketio if socketio
  default_backend rasa_rest

# REST and Teams: any server can take any turn (conversations live in PostgreSQL).
backend rasa_rest
  balance roundrobin
  # A server killed mid-request answers nothing: send the request to another server.
  retry-on conn-failure empty-response
  option http-buffer-request
  # A fresh connection per request: one left open to a server that died takes the request with it.
  http-reuse never
  option httpchk GET /
  http-check expect status 200
{rest_errors}
{rest_servers}

# socket.io: a client stays with its server (engine.io sessions live in one process);
# browsers by cookie, clients without cookies by their address.
backend rasa_socketio
  balance source
  # A server coming up or going down moves as few address-bound clients as possible.
  hash-type consistent
  cookie SRSERVER insert indirect nocache httponly
  option httpchk GET /
  http-check expect status 200
{sticky_servers}

frontend workspace
  bind 127.0.0.1:{ports.workspace}
  default_backend workspace

backend workspace
  option httpchk GET /healthz
  http-check expect status 200
  server workspace1 127.0.0.1:{ports.workspace_internal} check

# Internal: 200 once HAProxy sees every server up (the launcher waits for it), else 503.
frontend monitor
  bind 127.0.0.1:{ports.monitor}
  option dontlog-normal
  acl rest_missing nbsrv(rasa_rest) lt {n}
  acl socketio_missing nbsrv(rasa_socketio) lt {n}
  acl actions_missing nbsrv(actions) lt {n}
  acl workspace_missing nbsrv(workspace) lt 1
  monitor-uri /ready
  monitor fail if rest_missing or socketio_missing or actions_missing or workspace_missing

# Internal: Rasa servers reach the action servers here.
frontend actions
  bind 127.0.0.1:{ports.actions_balanced}
  default_backend actions

backend actions
  balance roundrobin
  retry-on conn-failure empty-response
  option http-buffer-request
  http-reuse never
  option httpchk GET /health
  http-check expect status 200
{action_servers}
"""


def redis_config(ports: Ports, secret: dict, directory: Path) -> str:
    # Nothing is saved: locks, rooms and rate-limit counters may be lost with a restart.
    return "\n".join([
        "bind 127.0.0.1", f"port {ports.redis}", "protected-mode yes", f"requirepass {secret['redis']}",
        'save ""', "appendonly no", f"dir {directory}", "loglevel notice", 'logfile ""', "",
    ])
