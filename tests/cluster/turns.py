"""Messages of one sender sent at once to several Rasa servers, and what the tracker shows of them."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request

# Two questions whose answers cannot be mistaken for each other, with their intents.
QUESTIONS = {
    "wat is mensenhandel eigenlijk?": ("knowledge_what_is_trafficking", "Bij mensenhandel werft"),
    "wat doet de NLA?": ("knowledge_nla", "Arbeidsinspectie"),
}


def send(base_url: str, sender: str, text: str, timeout: float = 120.0) -> tuple[int, list]:
    """One REST message; the HTTP status and the replies (empty on an error)."""
    body = json.dumps({"sender": sender, "message": text}).encode()
    request = urllib.request.Request(f"{base_url}/webhooks/rest/webhook", data=body,
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read() or b"[]")
    except urllib.error.HTTPError as error:
        return error.code, []


def fire_at_once(urls: list[str], sender: str, count: int = 20) -> list[tuple[str, int, list]]:
    """``count`` messages of one sender, alternating servers and questions, all released together."""
    questions = list(QUESTIONS)
    results: list = [None] * count
    gate = threading.Barrier(count)

    def one(i: int) -> None:
        text = questions[i % len(questions)]
        gate.wait()
        status, replies = send(urls[i % len(urls)], sender, text)
        results[i] = (text, status, replies)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    return results


def interleaved_turns(events: list[dict]) -> list[str]:
    """What is wrong with the turns in a tracker: each user event must be followed by its own
    answer and end with ``action_listen`` before the next user event. Empty when all is well."""
    markers = {intent: marker for intent, marker in QUESTIONS.values()}
    problems: list[str] = []
    turns: list[list[dict]] = []
    for event in events:
        if event.get("event") == "user":
            turns.append([event])
        elif turns:
            turns[-1].append(event)
    for number, turn in enumerate(turns, 1):
        intent = (turn[0].get("parse_data") or {}).get("intent", {}).get("name")
        bot_text = " ".join(e.get("text") or "" for e in turn if e.get("event") == "bot")
        own = markers.get(intent)
        others = [m for i, m in markers.items() if i != intent]
        if own is None or own not in bot_text or any(m in bot_text for m in others):
            problems.append(f"turn {number} ({intent}): answer does not match: {bot_text[:80]!r}")
        last = turn[-1]
        if not (last.get("event") == "action" and last.get("name") == "action_listen"):
            problems.append(f"turn {number} ({intent}) does not end with action_listen")
    return problems


def user_turns(events: list[dict]) -> int:
    return sum(1 for e in events if e.get("event") == "user")
