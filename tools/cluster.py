"""The production-shaped stack on one machine: ``SIGNAALROUTE_INSTANCES=N ./scripts/start``.

Starts under :mod:`tools.supervise` (each part restarted when it exits or hangs):

* PostgreSQL (loopback, password auth): the tracker store *and* the workspace database;
* Redis (loopback, password, nothing written to disk): the conversation locks
  (:mod:`rasa_ext.lock_store`), the socket.io rooms of all Rasa servers, shared rate limits;
* N Rasa servers and N action servers on internal loopback ports, one worker each;
* the workspace;
* HAProxy on the public ports: chat (``SIGNAALROUTE_RASA_PORT``, 5005) with sticky sessions
  for ``/socket.io`` and round robin for REST and Teams, the workspace
  (``SIGNAALROUTE_API_PORT``, 8000), and an internal port through which the Rasa servers reach
  the action servers, so one dead action server does not break its Rasa server.

Everything it writes lives in one directory (``var/cluster`` or ``--dir``): ``endpoints.yml``
and ``haproxy.cfg`` generated from the repository's own files, the PostgreSQL data, the logs,
``secrets.json`` (0600) and ``cluster.json`` (ports, no secrets).

Usage: python -m tools.cluster [--instances N] [--dir DIR]
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Optional

import yaml

from tools.supervise import Proc, run

ROOT = Path(__file__).resolve().parent.parent
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


# ---------------------------------------------------------------- secrets and files

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


# ---------------------------------------------------------------- PostgreSQL

def pg_bindir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/postgres"), key=lambda p: int(p.split("/")[4]))
    if not found:
        fail("PostgreSQL ontbreekt (/usr/lib/postgresql/*/bin). Installeer 'postgresql' (scripts/setup doet dat als root).")
    return Path(found[-1]).parent


def as_db_owner() -> list[str]:
    """Prefix that runs a PostgreSQL program as 'postgres' when we are root (initdb refuses root)."""
    if os.geteuid() != 0:
        return []
    return ["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--pdeathsig=KILL", "--"]


def _own(path: Path) -> None:
    if os.geteuid() == 0:
        entry = pwd.getpwnam("postgres")
        os.chown(path, entry.pw_uid, entry.pw_gid)


def init_postgres(pgdir: Path, secret: dict) -> Path:
    """Create the data directory once; returns it."""
    data = pgdir / "data"
    if (data / "PG_VERSION").exists():
        return data
    pgdir.mkdir(parents=True, exist_ok=True)
    os.chmod(pgdir, 0o700)
    _own(pgdir)
    pwfile = pgdir / "pwfile"
    write_private(pwfile, secret["postgres_superuser"] + "\n")
    _own(pwfile)
    try:
        result = subprocess.run(
            as_db_owner() + [str(pg_bindir() / "initdb"), "-D", str(data), "-U", "postgres", f"--pwfile={pwfile}",
                             "--auth=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8"],
            capture_output=True, text=True,
        )
    finally:
        pwfile.unlink(missing_ok=True)
    if result.returncode != 0:
        fail(f"initdb mislukt: {result.stderr.strip()[-500:]}\n(De map {pgdir} moet bereikbaar zijn voor de gebruiker 'postgres'.)")
    return data


def postgres_argv(data: Path, ports: Ports) -> list[str]:
    """postgres in the foreground, TCP on loopback only, no statement text in its log."""
    return as_db_owner() + [
        str(pg_bindir() / "postgres"), "-D", str(data), "-p", str(ports.postgres),
        "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=",
        # An error must not log the statement (it could hold a value); counts are enough.
        "-c", "log_min_error_statement=panic", "-c", "log_min_messages=warning",
        "-c", "log_connections=off", "-c", "log_disconnections=off",
    ]


def _connect(url: str, timeout: float = 30.0):
    import psycopg2

    deadline = time.monotonic() + timeout
    while True:
        try:
            return psycopg2.connect(url)
        except psycopg2.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def prepare_databases(data: Path, ports: Ports, secret: dict, env: dict, log: Path) -> None:
    """Roles, databases, the workspace schema and the tracker tables, before any server starts.

    Done once here so that N servers starting together do not race to create the same tables.
    """
    with open(log, "ab") as out:
        server = subprocess.Popen(postgres_argv(data, ports), stdout=out, stderr=subprocess.STDOUT)
    try:
        admin = _connect(f"postgresql://postgres:{secret['postgres_superuser']}@127.0.0.1:{ports.postgres}/postgres")
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (APP_ROLE,))
            if cursor.fetchone() is None:
                cursor.execute(f"CREATE ROLE {APP_ROLE} LOGIN PASSWORD %s", (secret["postgres_app"],))
            for name in (WORKSPACE_DB, TRACKER_DB):
                cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
                if cursor.fetchone() is None:
                    cursor.execute(f"CREATE DATABASE {name} OWNER {APP_ROLE} ENCODING 'UTF8'")
        admin.close()
        # One child process: it needs Rasa's modules, which the supervisor should not keep in memory.
        result = subprocess.run(
            [sys.executable, "-m", "tools.cluster", "--prepare-schemas", "--endpoints", env["SIGNAALROUTE_CLUSTER_ENDPOINTS"]],
            env=env, cwd=ROOT, capture_output=True, text=True,
        )
        if result.returncode != 0:
            fail(result.stderr.strip()[-2000:] or "de databases konden niet worden voorbereid")
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def prepare_schemas(endpoints: str) -> int:
    """Child process: check endpoints.yml, migrate the workspace DB, create the tracker tables."""
    import sqlalchemy as sa

    from rasa_ext.startup_checks import problems

    found = problems(endpoints, shared=True)
    if found:
        for problem in found:
            print(f"FOUT in {endpoints}: {problem}", file=sys.stderr)
        return 1
    from bot.store.db import upgrade_schema

    upgrade_schema(os.environ["SIGNAALROUTE_DATABASE_URL"])
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.core.utils import read_endpoints_from_path

    store = read_endpoints_from_path(endpoints).tracker_store
    kwargs = store.kwargs
    url = sa.engine.URL.create("postgresql", username=kwargs["username"], password=kwargs["password"],
                               host=store.url, port=int(kwargs["port"]), database=kwargs["db"])
    engine = sa.create_engine(url)
    SQLTrackerStore.Base.metadata.create_all(engine)
    engine.dispose()
    return 0


# ---------------------------------------------------------------- the parts

def wait_then(targets: list[str], argv: list[str]) -> list[str]:
    """Run ``argv`` once every host:port in ``targets`` accepts connections."""
    return [sys.executable, "-m", "tools.cluster", "--wait-tcp", ",".join(targets), "--", *argv]


def allowed_origins(env: dict) -> list[str]:
    out = subprocess.run([sys.executable, "-m", "bot.settings", "origins"], env=env, cwd=ROOT,
                         capture_output=True, text=True)
    if out.returncode != 0:
        fail("SIGNAALROUTE_ALLOWED_ORIGINS klopt niet (zie README, Configuratie).")
    return out.stdout.split()


def parts(directory: Path, ports: Ports, data: Path, env: dict, origins: list[str]) -> list[Proc]:
    """The supervised processes, in start order (the supervisor stops them in reverse)."""
    logs = directory / "log"
    deps = [f"127.0.0.1:{ports.postgres}", f"127.0.0.1:{ports.redis}"]
    procs = [
        Proc("postgres", postgres_argv(data, ports), log=str(logs / "postgres.log")),
        Proc("redis", ["redis-server", str(directory / "redis.conf")], log=str(logs / "redis.log")),
    ]
    for i, port in enumerate(ports.actions, 1):
        procs.append(Proc(
            f"actions-{i}", wait_then(deps, [sys.executable, "-m", "tools.run_actions", "--port", str(port)]),
            env=env, log=str(logs / f"actions-{i}.log"), health=f"http://127.0.0.1:{port}/health", cwd=str(ROOT),
        ))
    for i, port in enumerate(ports.rasa, 1):
        procs.append(Proc(
            f"rasa-{i}",
            wait_then(deps, [
                str(BIN / "rasa"), "run", "--model", str(ROOT / "models" / "signaalroute.tar.gz"),
                "--interface", "127.0.0.1", "--port", str(port), "--credentials", str(ROOT / "credentials.yml"),
                "--endpoints", env["SIGNAALROUTE_CLUSTER_ENDPOINTS"], "--cors", *origins,
                "--logging-config-file", str(ROOT / "logging.yml"),
            ]),
            env=env, log=str(logs / f"rasa-{i}.log"), health=f"http://127.0.0.1:{port}/", cwd=str(ROOT),
        ))
    procs.append(Proc(
        "workspace",
        wait_then(deps, [str(BIN / "uvicorn"), "api.app:app", "--host", "127.0.0.1", "--port",
                         str(ports.workspace_internal), "--ws", "none", "--no-access-log"]),
        env=env, log=str(logs / "workspace.log"), health=f"http://127.0.0.1:{ports.workspace_internal}/healthz",
        cwd=str(ROOT),
    ))
    procs.append(Proc("haproxy", ["haproxy", "-db", "-f", str(directory / "haproxy.cfg")],
                      log=str(logs / "haproxy.log")))
    return procs


def banner(ports: Ports, directory: Path) -> str:
    return f"""
Signaalroute draait met {ports.instances} Rasa-servers en {ports.instances} actieservers (PostgreSQL, Redis, HAProxy).
  Chatten in de terminal:   .venv/bin/python -m tools.chat --url http://127.0.0.1:{ports.chat}
  Intranetpagina + widget:  http://127.0.0.1:{ports.workspace}/demo
  Werkplek aandachtsfunctionaris: http://127.0.0.1:{ports.workspace}/
  Logbestanden:             {directory / 'log'}
Stoppen: Ctrl-C."""


def check_tools() -> None:
    missing = [tool for tool in ("redis-server", "haproxy") if shutil.which(tool) is None]
    if os.geteuid() == 0 and shutil.which("setpriv") is None:
        missing.append("setpriv (util-linux)")
    if missing:
        fail(f"Ontbreekt: {', '.join(missing)}. Voer scripts/setup --with-cluster uit als root.")
    pg_bindir()


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", type=int, default=int(os.environ.get("SIGNAALROUTE_INSTANCES", "2") or 2))
    parser.add_argument("--dir", default=os.environ.get("SIGNAALROUTE_CLUSTER_DIR", str(ROOT / "var" / "cluster")))
    parser.add_argument("--lock-store", choices=["signaalroute", "rasa"], default="signaalroute",
                        help="'rasa': Rasa's own RedisLockStore, only to measure its race")
    parser.add_argument("--wait-tcp", help=argparse.SUPPRESS)
    parser.add_argument("--prepare-schemas", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--endpoints", help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args(argv)
    if args.wait_tcp:
        return wait_tcp(args.wait_tcp.split(","), rest[1:] if rest[:1] == ["--"] else rest)
    if args.prepare_schemas:
        return prepare_schemas(args.endpoints)
    return start(args)


def wait_tcp(targets: list[str], argv: list[str]) -> int:
    for target in targets:
        host, port = target.rsplit(":", 1)
        while True:
            with socket.socket() as sock:
                sock.settimeout(1)
                if sock.connect_ex((host, int(port))) == 0:
                    break
            time.sleep(0.2)
    os.execv(argv[0], argv)
    return 1  # not reached


def start(args: argparse.Namespace) -> int:
    if args.instances < 2:
        fail("SIGNAALROUTE_INSTANCES moet 2 of meer zijn voor deze opstelling; gewoon ./scripts/start start één instantie.")
    workers = os.environ.get("SANIC_WORKERS", "1").strip() or "1"
    if workers != "1":
        fail("SANIC_WORKERS wordt hier niet gebruikt: elke Rasa-server draait met één worker; "
             "kies meer servers met SIGNAALROUTE_INSTANCES.")
    check_tools()
    ports = Ports(chat=int(os.environ.get("SIGNAALROUTE_RASA_PORT", "5005")),
                  workspace=int(os.environ.get("SIGNAALROUTE_API_PORT", "8000")), instances=args.instances)
    for port in (ports.chat, ports.workspace):
        if port_taken(port):
            fail(f"Poort {port} is al in gebruik. Stop het programma dat die poort gebruikt, of kies een andere "
                 "poort met SIGNAALROUTE_RASA_PORT of SIGNAALROUTE_API_PORT.")
    directory = Path(args.dir).resolve()
    (directory / "log").mkdir(parents=True, exist_ok=True)
    os.chmod(directory, 0o755)  # postgres must reach its data directory inside
    secret = load_secrets(directory)

    endpoints = directory / "endpoints.yml"
    write_private(endpoints, "# Generated by tools/cluster.py from endpoints.yml; overwritten at every start.\n"
                  + yaml.safe_dump(endpoints_config(ports, secret, args.lock_store), sort_keys=False))
    write_private(directory / "redis.conf", redis_config(ports, secret, directory))
    (directory / "haproxy.cfg").write_text(haproxy_config(ports))
    (directory / "cluster.json").write_text(json.dumps(asdict(ports), indent=2))

    env = {
        "PYTHONPATH": str(ROOT),
        "SIGNAALROUTE_DATABASE_URL": database_url(ports, secret, WORKSPACE_DB),
        "SIGNAALROUTE_REDIS_URL": redis_url(ports, secret),
        "SIGNAALROUTE_ACTION_URL": f"http://127.0.0.1:{ports.actions_balanced}/webhook",
        "SIGNAALROUTE_API_PORT": str(ports.workspace),
        "SIGNAALROUTE_CLUSTER_ENDPOINTS": str(endpoints),
        "SANIC_HOST": "127.0.0.1",
        "SANIC_WORKERS": "1",
        # Rasa's telemetry and error reports (Sentry) would send data off this machine.
        "RASA_TELEMETRY_ENABLED": "false",
    }
    full_env = {**os.environ, **env}
    origins = allowed_origins(full_env)
    say(f"PostgreSQL voorbereiden in {directory / 'postgres'} ...")
    data = init_postgres(directory / "postgres", secret)
    prepare_databases(data, ports, secret, full_env, directory / "log" / "postgres.log")
    say(f"{ports.instances} Rasa-servers en {ports.instances} actieservers starten (model laden, ongeveer een minuut) ...")
    ready = [f"http://127.0.0.1:{p}/" for p in ports.rasa] + [f"http://127.0.0.1:{p}/health" for p in ports.actions]
    ready += [f"http://127.0.0.1:{ports.monitor}/ready"]
    # SIGNAALROUTE_HANG_AFTER: seconds without a healthy answer before a part is restarted (as scripts/start).
    hang_after = float(os.environ.get("SIGNAALROUTE_HANG_AFTER", "10") or 10)
    return run(parts(directory, ports, data, env, origins), ready=ready,
               on_ready=lambda: say(banner(ports, directory)), hang_after=hang_after)


if __name__ == "__main__":
    sys.exit(main())
