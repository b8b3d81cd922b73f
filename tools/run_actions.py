"""Start the action server on loopback, with log redaction and the recorder warmed up.

Usage: python -m tools.run_actions [--port 5055]
"""

from __future__ import annotations

import argparse
import logging
import os


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=5055)
    args = parser.parse_args()
    os.environ.setdefault("SANIC_HOST", "127.0.0.1")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s - %(message)s")
    try:
        from bot.logredact import install
        install()
    except ImportError:
        pass
    from actions.recording import start_background_services
    start_background_services()
    # Load the route catalog now: loaded by the first action call, it held the event loop
    # (health included) for 0.5-3 s, long enough to be taken for a hung server.
    from actions.signaalroute import catalog_source
    catalog_source().current()
    from rasa_sdk.endpoint import run
    run("actions", port=args.port)


if __name__ == "__main__":
    main()
