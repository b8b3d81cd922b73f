"""Run the workspace: ``python -m api [--host 127.0.0.1] [--port 8000]``.

WebSockets are switched off: the workspace does not use them, and the websockets version that
Rasa 3.6 pins is too old for uvicorn's automatic WebSocket support.
"""
from __future__ import annotations

import argparse

import uvicorn


def main() -> None:
    """Parse the arguments and serve ``api.app:app``."""
    parser = argparse.ArgumentParser(prog="python -m api", description="Start de Signaalroute werkruimte.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    uvicorn.run("api.app:app", host=args.host, port=args.port, ws="none", proxy_headers=False)


if __name__ == "__main__":
    main()
