"""Reference codes (``SR-XXXX-XX``) for professionals, stored only as keyed hashes."""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets

# No 0/O, 1/I/L, 5/S, 2/Z, 8/B: codes are read aloud and typed over from paper.
ALPHABET = "346789ACDEFGHJKMNPQRTUVWXY"
_CODE_LENGTH = 6  # 26**6 ≈ 309 million codes
_CODE_PATTERN = re.compile(r"SR-?([A-Z0-9]{4})-?([A-Z0-9]{2})")


def new_reference_code() -> str:
    """A new random, unguessable reference code like ``SR-7K3Q-9F``."""
    chars = "".join(secrets.choice(ALPHABET) for _ in range(_CODE_LENGTH))
    return f"SR-{chars[:4]}-{chars[4:]}"


def normalise_code(text: str) -> str | None:
    """The canonical ``SR-XXXX-XX`` form of a code typed by a person, or None if it is none.

    Accepts lower case, spaces and missing dashes ("sr 7k3q 9f").
    """
    if not isinstance(text, str):
        return None
    compact = re.sub(r"[\s.]", "", text.upper())
    match = _CODE_PATTERN.fullmatch(compact)
    if not match:
        return None
    code = f"SR-{match.group(1)}-{match.group(2)}"
    if any(ch not in ALPHABET for ch in match.group(1) + match.group(2)):
        return None
    return code


def find_code(text: str) -> str | None:
    """The first reference code inside a sentence ("wat is de status van SR-7K3Q-9F?")."""
    if not isinstance(text, str):
        return None
    for match in re.finditer(r"sr[\s-]?[a-z0-9]{4}[\s-]?[a-z0-9]{2}\b", text, flags=re.IGNORECASE):
        code = normalise_code(match.group(0))
        if code:
            return code
    return None


def hash_code(code: str, secret: bytes) -> str:
    """The keyed hash (HMAC-SHA256, hex) under which a code is stored."""
    return hmac.new(secret, b"reference-code:" + code.encode("ascii"), hashlib.sha256).hexdigest()


def turn_code(secret: bytes, conversation: str, stamp: float) -> str:
    """The reference code for a signal that starts at the message sent at ``stamp`` in
    ``conversation`` (a keyed hash of its sender id): unguessable without the secret, and the
    same wherever the turn is handled, so a turn recorded twice (the action server, and the
    queue of turns it missed) is still one consultation."""
    digest = hmac.new(secret, f"turn-code:{conversation}:{stamp:.6f}".encode("ascii"), hashlib.sha256).digest()
    chars = "".join(ALPHABET[b % len(ALPHABET)] for b in digest[:_CODE_LENGTH])
    return f"SR-{chars[:4]}-{chars[4:]}"


def conversation_tag(sender_id: str, secret: bytes) -> str:
    """A keyed hash of a sender id: names a conversation without storing its id."""
    return hmac.new(secret, b"sealed-conversation:" + str(sender_id).encode("utf-8"), hashlib.sha256).hexdigest()[:32]
