"""PostgreSQL for the cluster: one data directory, run as 'postgres' when we are root."""

from __future__ import annotations

import glob
import hashlib
import os
import pwd
import subprocess
import sys
import time
from pathlib import Path

from tools.cluster.config import APP_ROLE, ROOT, TRACKER_DB, WORKSPACE_DB, Ports, fail, write_private


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


def _reachable_by_owner(path: Path) -> bool:
    """Whether 'postgres' can enter ``path`` (a checkout under a private directory, e.g. mktemp's 0700)."""
    if os.geteuid() != 0:
        return True
    return subprocess.run(as_db_owner() + ["test", "-x", str(path)], capture_output=True).returncode == 0


def usable_pgdir(pgdir: Path) -> Path:
    """``pgdir``, or a directory of its own under PostgreSQL's home when 'postgres' cannot reach it.

    When we run as root, the server runs as 'postgres'; a checkout inside a directory only root may
    enter (mktemp, a home directory) cannot hold its data. Then the data goes to
    /var/lib/postgresql/signaalroute/<hash of the wanted path>, one per checkout, kept between starts.
    """
    pgdir.parent.mkdir(parents=True, exist_ok=True)
    if _reachable_by_owner(pgdir.parent):
        return pgdir
    home = Path(pwd.getpwnam("postgres").pw_dir) / "signaalroute"
    home.mkdir(parents=True, exist_ok=True)
    os.chmod(home, 0o700)
    _own(home)
    return home / hashlib.sha256(str(pgdir.resolve()).encode()).hexdigest()[:16]


def init_postgres(pgdir: Path, secret: dict) -> Path:
    """Create the data directory once; returns it."""
    pgdir = usable_pgdir(pgdir)
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
