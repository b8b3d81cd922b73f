"""A small terminal chat with the running assistant (REST channel).

Usage: .venv/bin/python -m tools.chat [--url http://127.0.0.1:5005]
Type a message, or the number of a button. Empty line or Ctrl-D stops.
"""

from __future__ import annotations

import argparse
import json
import urllib.error
import urllib.request
import uuid


def send(url: str, sender: str, message: str) -> list[dict]:
    req = urllib.request.Request(
        f"{url}/webhooks/rest/webhook",
        data=json.dumps({"sender": sender, "message": message}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=60) as resp:
        return json.loads(resp.read())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:5005")
    args = parser.parse_args()
    sender = f"terminal-{uuid.uuid4().hex[:8]}"
    buttons: list[dict] = []
    print("Signaalroute — typ je bericht (lege regel om te stoppen).")
    while True:
        try:
            line = input("jij> ").strip()
        except EOFError:
            break
        if not line:
            break
        if line.isdigit() and 0 < int(line) <= len(buttons):
            line = buttons[int(line) - 1]["payload"]
        try:
            replies = send(args.url, sender, line)
        except (urllib.error.URLError, OSError) as exc:
            print(f"Geen verbinding met {args.url}: {exc}")
            continue
        buttons = []
        for reply in replies:
            if reply.get("text"):
                print(f"bot> {reply['text']}")
            for button in reply.get("buttons") or []:
                buttons.append(button)
                print(f"     [{len(buttons)}] {button['title']}")


if __name__ == "__main__":
    main()
