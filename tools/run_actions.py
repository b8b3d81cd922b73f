"""Start the action server on loopback, with log redaction and the recorder warmed up.

Besides rasa_sdk's own routes (``/webhook``, ``/health``, ``/actions``) it serves
``POST /redact``: the de-identifier for the other processes of the stack (the
workspace), so deduce's lookup tables (≈ 335 MB) are loaded once per stack, here,
and not again in every process that stores a note (see bot/store/redaction.py).

Usage: python -m tools.run_actions [--port 5055]
"""

from __future__ import annotations

import argparse
import asyncio
import hmac
import logging
import os
from typing import Any

logger = logging.getLogger("tools.run_actions")

# Longer texts are refused: the workspace caps a note at 2,000 characters and a
# reporter message at a few thousand; this is a loopback service, not a parser of
# arbitrary uploads.
MAX_REDACT_CHARS = 20_000
PROTECTED = frozenset({"/webhook"})


def create_app(package: str = "actions") -> Any:
    """rasa_sdk's Sanic app (unchanged routes) plus ``POST /redact``."""
    from rasa_sdk.endpoint import create_app as sdk_app
    from rasa_sdk.plugin import plugin_manager
    from sanic import response

    from bot.settings import action_token

    # No browser talks to the action server: no CORS origins (rasa_sdk's run() allows "*").
    app = sdk_app(package, cors_origins="")
    expected = f"Bearer {action_token()}".encode("utf-8")

    @app.on_request
    async def authenticate(request: Any) -> Any:
        # Only the Rasa server may run actions: it shows the shared token (bot.settings.action_token).
        # /health and /actions (names only) stay open; /redact returns only a redaction of what it was sent.
        if request.path.rstrip("/") in PROTECTED:
            shown = (request.headers.get("Authorization") or "").encode("utf-8")
            if not hmac.compare_digest(shown, expected):
                logger.warning("action call refused: no valid token")
                return response.json({"error": "unauthorised"}, status=401)
        return None

    @app.post("/redact")
    async def redact(request: Any) -> Any:
        try:
            body = request.json
        except Exception:  # noqa: BLE001 - malformed JSON is the client's error
            body = None
        text = body.get("text") if isinstance(body, dict) else None
        if not isinstance(text, str):
            return response.json({"error": "expected {\"text\": string}"}, status=400)
        if len(text) > MAX_REDACT_CHARS:
            return response.json({"error": "text too long"}, status=413)
        from bot.anonymise import redact as deidentify

        # The first call may wait for deduce to finish loading: not on the event loop,
        # so /webhook (and with it the 112 route) keeps answering meanwhile.
        redacted = await asyncio.get_running_loop().run_in_executor(None, deidentify, text)
        return response.json({"text": redacted})

    plugin_manager().hook.attach_sanic_app_extensions(app=app)
    return app


DEDUCE_LOAD_WAIT_S = 150


def _deduce_ready() -> bool:
    from bot.anonymise import is_ready

    return is_ready()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=5055)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s - %(message)s")
    try:
        from bot.logredact import install
        install()
    except ImportError:
        pass
    from bot.store.redaction import use_local_deidentifier
    use_local_deidentifier()  # this process is the one that loads deduce
    from actions.recording import start_background_services
    start_background_services()
    # Serve only once deduce is loaded: unpickling it holds the GIL for seconds, during which a
    # bound server answered nothing, not even /health, and was taken for a hung one. The cache is
    # built by scripts/setup, so this is seconds; until then the Rasa server answers danger itself.
    from bot.anonymise import warm_up
    warm_up().join(timeout=DEDUCE_LOAD_WAIT_S)
    if not _deduce_ready():
        logger.warning("deduce not loaded after %d s; serving anyway (redaction waits, fail-closed)", DEDUCE_LOAD_WAIT_S)
    # Load the route catalog now: loaded by the first action call, it held the event loop
    # (health included) for 0.5-3 s, long enough to be taken for a hung server.
    from actions.signaalroute import catalog_source
    catalog_source().current()
    from rasa_sdk import utils

    app = create_app("actions")
    host = os.environ.get("SANIC_HOST", "127.0.0.1")
    logger.info("Action endpoint is up and running on http://%s:%d", host, args.port)
    app.run(host, args.port, workers=utils.number_of_sanic_workers(), access_log=False)


if __name__ == "__main__":
    main()
