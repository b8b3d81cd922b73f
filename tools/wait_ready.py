"""Wait until every URL answers HTTP 200 (used by scripts/start). Exit 1 after the timeout."""

from __future__ import annotations

import sys
import time
import urllib.request


def ready(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as resp:
            return resp.status == 200
    except Exception:
        return False


def main(urls: list[str], timeout: float = 180.0) -> int:
    deadline = time.monotonic() + timeout
    pending = list(urls)
    while pending and time.monotonic() < deadline:
        pending = [u for u in pending if not ready(u)]
        if pending:
            time.sleep(0.5)
    for url in pending:
        print(f"Geen antwoord van {url}", file=sys.stderr)
    return 1 if pending else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
