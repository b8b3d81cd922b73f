"""At least 40 Dutch conversations through the real Rasa server and action server (REST)."""

import json
import uuid

import pytest

from tests.e2e.conversations import CONVERSATIONS

pytestmark = pytest.mark.e2e


def reply_text(replies: list[dict]) -> str:
    return "\n".join(r.get("text") or json.dumps(r.get("custom") or {}, ensure_ascii=False) for r in replies)


def test_there_are_at_least_40_conversations():
    assert len(CONVERSATIONS) >= 40


@pytest.mark.parametrize("name", sorted(CONVERSATIONS))
def test_conversation(stack, name):
    sender = f"e2e-{name}-{uuid.uuid4().hex[:6]}"
    last = ""
    for kind, value, expected in CONVERSATIONS[name]:
        if kind == "expect_last":
            text = last
        else:
            message = value
            if kind == "click":
                message = "/choose" + json.dumps({"keuze": value})
            replies = stack.send(sender, message)
            assert replies, f"no answer to {message!r}"
            text = last = reply_text(replies)
            assert "Traceback" not in text
        for snippet in expected:
            if snippet.startswith("!"):
                assert snippet[1:].lower() not in text.lower(), f"{name}: {snippet[1:]!r} after {value!r}:\n{text}"
            else:
                assert snippet.lower() in text.lower(), f"{name}: expected {snippet!r} after {value!r}, got:\n{text}"
