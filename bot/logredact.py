"""Keep personal data out of log output.

Log lines can carry what a professional typed (an error message quoting the
input, a debug line of a library, an access log with a query string). This
module masks what regular expressions can find — phone numbers, e-mail
addresses, IBANs, BSNs, licence plates, postcodes with house numbers, dates,
street addresses — using the regex layer of :mod:`bot.anonymise` (no deduce:
it must be cheap and available from the first log line). Names are not found
this way; that is why the Rasa server must not run at DEBUG level in
production and why the tracker store does not keep user texts at all.

Use :func:`install` once at process start (action server, API), or the
``logging.yml`` file in the project root for ``rasa run --logging-config-file``.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from bot.anonymise import redact_patterns

_MASKED_FLAG = "_signaalroute_pii_masked"
_install_lock = threading.Lock()
_factory_installed = False


def _mask_value(value: Any) -> Any:
    # Only strings are masked: replacing a number by a tag would break "%d".
    return redact_patterns(value) if isinstance(value, str) else value


def mask_record(record: logging.LogRecord) -> None:
    """Mask personal data in ``record`` in place (idempotent).

    The message template, string arguments, and any exception or stack text
    are masked. Arguments keep their shape (tuple or mapping) because some
    formatters, such as uvicorn's access log, unpack them.
    """
    if getattr(record, _MASKED_FLAG, False):
        return
    if isinstance(record.msg, str):
        record.msg = redact_patterns(record.msg)
    else:
        record.msg = redact_patterns(str(record.msg))
    if isinstance(record.args, tuple):
        record.args = tuple(_mask_value(arg) for arg in record.args)
    elif isinstance(record.args, dict):
        record.args = {key: _mask_value(arg) for key, arg in record.args.items()}
    if record.exc_info and not record.exc_text:
        record.exc_text = logging.Formatter().formatException(record.exc_info)
    if record.exc_text:
        record.exc_text = redact_patterns(record.exc_text)
    if record.stack_info:
        record.stack_info = redact_patterns(record.stack_info)
    setattr(record, _MASKED_FLAG, True)


class PiiFilter(logging.Filter):
    """A logging filter that masks personal data and never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Mask ``record`` in place; always keep it."""
        mask_record(record)
        return True


def _install_record_factory() -> None:
    global _factory_installed
    if _factory_installed:
        return
    previous = logging.getLogRecordFactory()

    def masking_factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        mask_record(record)
        return record

    logging.setLogRecordFactory(masking_factory)
    _factory_installed = True


def install() -> None:
    """Mask personal data in every log record of this process (idempotent).

    Attaches a :class:`PiiFilter` to the root logger's handlers, and masks each
    record when it is created, so handlers added later (Rasa replaces its
    console handler after reading the logging config; Sanic and uvicorn add
    their own) are covered too.
    """
    with _install_lock:
        _install_record_factory()
        for handler in logging.getLogger().handlers:
            if not any(isinstance(f, PiiFilter) for f in handler.filters):
                handler.addFilter(PiiFilter())


def make_filter() -> PiiFilter:
    """Filter factory for ``logging.config.dictConfig`` (``"()"`` key).

    Also calls :func:`install`, because Rasa swaps the configured console
    handler for its own after applying the logging config file.
    """
    install()
    return PiiFilter()
