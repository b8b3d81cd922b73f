"""``python -m tools.cluster``: start the cluster (see the package docstring)."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Optional

import yaml

from tools.cluster.config import (
    BIN, ROOT, WORKSPACE_DB, Ports, database_url, endpoints_config, fail, haproxy_config, load_secrets,
    port_taken, redis_config, redis_url, say, write_private,
)
from tools.cluster.postgres import init_postgres, pg_bindir, postgres_argv, prepare_databases, prepare_schemas
from tools.supervise import Proc, run


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
    parser = argparse.ArgumentParser(prog="python -m tools.cluster", description="Start the production-shaped stack (tools/cluster/__init__.py).")
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
    say("PostgreSQL voorbereiden ...")
    data = init_postgres(directory / "postgres", secret)
    say(f"    gegevens in {data}")
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
