"""Refuse to start a Rasa server that would quietly run in a weaker shape than configured.

Two fallbacks in Rasa 3.6 are silent, and both are dangerous with several servers:

* a tracker store class from ``endpoints.yml`` that cannot be imported (a typo, a missing
  driver such as psycopg2) becomes an ``InMemoryTrackerStore`` with only a warning: each
  server then keeps its own conversations in memory, and every turn that lands on another
  server starts the conversation again;
* ``SANIC_WORKERS`` > 1 without a lock store that works across processes silently runs one
  worker.

:func:`install` (run when Rasa imports ``rasa_ext``, before it builds the tracker store and
counts its workers) turns both into an error that stops the start with a clear message.
:func:`problems` runs the same checks on an ``endpoints.yml`` before anything starts; the
cluster launcher calls it (``python -m rasa_ext.startup_checks endpoints.yml --shared``).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from typing import Any, List, Optional

logger = logging.getLogger(__name__)

SHARED_LOCK_STORES = frozenset({"redis", "rasa_ext.lock_store.RedisTicketLockStore"})
_STOCK_TRACKER_STORES = frozenset({"redis", "mongod", "sql", "dynamo"})


class StartupCheckError(SystemExit):
    """Stops the start; the message says what is wrong and what to change.

    A ``SystemExit`` so that neither Rasa nor Sanic catches it and carries on.
    """


def _type_of(config: Any) -> Optional[str]:
    return getattr(config, "type", None) if config is not None else None


def tracker_store_problem(config: Any) -> Optional[str]:
    """Why the tracker store in ``config`` (an ``EndpointConfig``) cannot be built, or None."""
    kind = _type_of(config)
    if kind is None or kind.lower() in _STOCK_TRACKER_STORES or kind == "in_memory":
        return None
    from rasa.shared.utils.common import class_from_module_path

    try:
        class_from_module_path(kind)
    except (ImportError, AttributeError) as error:
        return (
            f"The tracker store '{kind}' in endpoints.yml cannot be loaded ({type(error).__name__}: "
            f"{error}). Rasa would silently keep conversations in memory instead; fix the class "
            "path or install its dependencies."
        )
    return None


def requested_workers() -> int:
    """The number of Sanic workers asked for in ``SANIC_WORKERS`` (1 when unset or unreadable)."""
    try:
        return int(os.environ.get("SANIC_WORKERS", "1") or 1)
    except ValueError:
        return 1


def workers_problem(lock_store_config: Any) -> Optional[str]:
    """Why ``SANIC_WORKERS`` cannot be honoured with this lock store, or None."""
    workers = requested_workers()
    if workers <= 1:
        return None
    kind = _type_of(lock_store_config)
    if kind in SHARED_LOCK_STORES:
        return None
    return (
        f"SANIC_WORKERS={workers} needs a lock store shared by the workers (Redis: "
        "rasa_ext.lock_store.RedisTicketLockStore); with the lock store in endpoints.yml "
        f"({kind or 'in memory'}) Rasa would silently run one worker. Use one worker per "
        "Rasa server (leave SANIC_WORKERS unset) and more servers: SIGNAALROUTE_INSTANCES=N."
    )


def problems(endpoints_path: str, shared: bool = False) -> List[str]:
    """Everything in ``endpoints_path`` that would make Rasa start in a weaker shape.

    ``shared``: the servers run as several instances, so conversations and locks must
    live outside the process (SQL/Redis tracker store, Redis lock store).
    """
    from rasa.core.utils import read_endpoints_from_path

    endpoints = read_endpoints_from_path(endpoints_path)
    found = [p for p in (tracker_store_problem(endpoints.tracker_store), workers_problem(endpoints.lock_store)) if p]
    if shared:
        tracker = _type_of(endpoints.tracker_store)
        if tracker is None or tracker == "in_memory":
            found.append("Several Rasa servers need a shared tracker store; endpoints.yml has none.")
        if _type_of(endpoints.lock_store) not in SHARED_LOCK_STORES:
            found.append("Several Rasa servers need the Redis lock store (rasa_ext.lock_store.RedisTicketLockStore).")
    return found


def _strict_tracker_store_loader(original):
    # Rasa's loader also turns an ImportError raised while *building* the store (a missing
    # database driver) into an in-memory store; this one lets nothing fall back.
    def load(domain: Any, store: Any, event_broker: Any = None) -> Any:
        problem = tracker_store_problem(store)
        if problem is None:
            from rasa.shared.utils.common import class_from_module_path

            try:
                return class_from_module_path(store.type)(
                    host=store.url, domain=domain, event_broker=event_broker, **store.kwargs
                )
            except (ImportError, AttributeError) as error:
                problem = (
                    f"The tracker store '{store.type}' in endpoints.yml could not be built "
                    f"({type(error).__name__}: {error}). Rasa would silently keep conversations "
                    "in memory instead; install the missing dependency or fix the settings."
                )
        logger.critical(problem)
        raise StartupCheckError(problem)

    load.__wrapped__ = original  # type: ignore[attr-defined]
    return load


def _strict_worker_count(original):
    def count(lock_store: Any) -> int:
        problem = workers_problem(lock_store)
        if problem:
            logger.critical(problem)
            raise StartupCheckError(problem)
        return original(lock_store)

    count.__wrapped__ = original  # type: ignore[attr-defined]
    return count


def install() -> None:
    """Make the two silent fallbacks loud in this Rasa process (idempotent).

    Only patches Rasa modules that are already imported: the action server and the
    workspace, which never build a tracker store, stay free of Rasa's server code.
    """
    tracker_store = sys.modules.get("rasa.core.tracker_store")
    if tracker_store is not None:
        loader = tracker_store._load_from_module_name_in_endpoint_config
        if not hasattr(loader, "__wrapped__"):
            tracker_store._load_from_module_name_in_endpoint_config = _strict_tracker_store_loader(loader)
    core_utils = sys.modules.get("rasa.core.utils")
    if core_utils is not None:
        counter = core_utils.number_of_sanic_workers
        if not hasattr(counter, "__wrapped__"):
            core_utils.number_of_sanic_workers = _strict_worker_count(counter)


def main(argv: Optional[List[str]] = None) -> int:
    """``python -m rasa_ext.startup_checks endpoints.yml [--shared]``: exit 1 with the problems."""
    parser = argparse.ArgumentParser(description="Check endpoints.yml before starting Rasa.")
    parser.add_argument("endpoints")
    parser.add_argument("--shared", action="store_true", help="several Rasa servers share the stores")
    args = parser.parse_args(argv)
    found = problems(args.endpoints, shared=args.shared)
    for problem in found:
        print(f"FOUT in {args.endpoints}: {problem}", file=sys.stderr)
    return 1 if found else 0


# Importing this module (rasa_ext/__init__.py does) is enough to be protected.
install()

if __name__ == "__main__":
    sys.exit(main())
