"""Access to the de-identifier (``bot.anonymise``), with a fail-closed fallback."""
from __future__ import annotations

import logging
from typing import Callable

logger = logging.getLogger(__name__)

Redactor = Callable[[str], str]

# Stored instead of the text when redaction fails: losing a description is better than
# storing a name.
REDACTION_FAILED = "[tekst niet bewaard: anonimiseren is mislukt]"


def default_redactor() -> Redactor:
    """``bot.anonymise.redact``, imported only when first needed (it loads deduce)."""
    from bot.anonymise import redact

    return redact


def redact_safely(text: str | None, redactor: Redactor | None = None) -> str:
    """Redact ``text``; on any failure return a placeholder, never the original text."""
    if not text:
        return ""
    try:
        return (redactor or default_redactor())(text)
    except Exception as exc:  # noqa: BLE001 - fail closed whatever went wrong
        logger.error("redaction failed (%s); text replaced by a placeholder", type(exc).__name__)
        return REDACTION_FAILED
