"""Access to the de-identifier (``bot.anonymise``), with a fail-closed fallback.

deduce's lookup tables take ≈ 335 MB, so one process per stack loads them: the
action server, which redacts every description anyway. Other processes (the
workspace, when an officer writes a note or a message for the reporter) ask it
over loopback: ``POST {action server}/redact`` (see tools/run_actions.py), where
the action server's base URL is ``SIGNAALROUTE_ACTION_URL`` without ``/webhook``.
When the action server cannot be reached the text is replaced by a placeholder:
losing a note is better than storing a name.

The action server itself calls :func:`use_local_deidentifier` at start-up, so its
recorder redacts in-process; so does a process with no action server configured
(``SIGNAALROUTE_ACTION_URL`` unset: tools, tests of the workspace on its own).
"""
from __future__ import annotations

import json
import logging
import os
import urllib.request
from typing import Callable, Optional

from bot.settings import action_server_url, env_number

logger = logging.getLogger(__name__)

Redactor = Callable[[str], str]

# Stored instead of the text when redaction fails: losing a description is better than
# storing a name.
REDACTION_FAILED = "[tekst niet bewaard: anonimiseren is mislukt]"

# Long enough for the action server's first redaction after its start (deduce loads
# from its cache in a few seconds), short enough that an officer is not left waiting.
TIMEOUT_ENV = "SIGNAALROUTE_REDACT_TIMEOUT"
DEFAULT_TIMEOUT_S = 15.0

_local = False


def use_local_deidentifier() -> None:
    """Redact in this process (loads deduce): for the action server only."""
    global _local
    _local = True


def service_url() -> str:
    """``POST`` URL of the redaction service, from ``SIGNAALROUTE_ACTION_URL``."""
    return action_server_url("redact")


def remote_redact(text: str, url: Optional[str] = None, timeout: Optional[float] = None) -> str:
    """De-identify ``text`` with the action server's service; raises when that fails."""
    if timeout is None:
        timeout = env_number(TIMEOUT_ENV, DEFAULT_TIMEOUT_S)
    request = urllib.request.Request(
        url or service_url(), data=json.dumps({"text": text}).encode(),
        headers={"Content-Type": "application/json"}, method="POST",
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - our own loopback URL
        body = json.loads(response.read())
    redacted = body.get("text") if isinstance(body, dict) else None
    if not isinstance(redacted, str):
        raise ValueError("redaction service gave no text")
    return redacted


def default_redactor() -> Redactor:
    """In the action server ``bot.anonymise.redact``; elsewhere the action server's service."""
    if _local or not os.environ.get("SIGNAALROUTE_ACTION_URL"):
        from bot.anonymise import redact

        return redact
    return remote_redact


def redact_safely(text: str | None, redactor: Redactor | None = None) -> str:
    """Redact ``text``; on any failure return a placeholder, never the original text."""
    if not text:
        return ""
    try:
        return (redactor or default_redactor())(text)
    except Exception as exc:  # noqa: BLE001 - fail closed whatever went wrong
        # Type only: an HTTP error's message could quote the URL, never the text, but keep it uniform.
        logger.error("redaction failed (%s); text replaced by a placeholder", type(exc).__name__)
        return REDACTION_FAILED
