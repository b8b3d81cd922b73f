"""Keep personal data out of log output.

Log lines can carry what a professional typed (an error message quoting the
input, a debug line of a library, an access log with a query string). This
module masks what regular expressions can find — phone numbers, e-mail
addresses, IBANs, BSNs, licence plates, postcodes with house numbers, dates,
street addresses — using the regex layer of :mod:`bot.anonymise` (no deduce:
it must be cheap and available from the first log line). Names are not found
this way; that is why the Rasa server must not run at DEBUG level in
production and why the tracker store does not keep user texts at all.

Two of Rasa's own messages quote a whole user message, names included, so they are
replaced, not masked: the warning "Failed to parse arguments in line '<message>'" (any
message that starts with "/" and is not a valid ``/intent{entities}`` payload; Python
``warnings``, routed into logging by :func:`install`) and structlog events that carry text
fields (``message.parsing.failed`` with ``user_text``): those fields become a length.

Use :func:`install` once at process start (action server, API), or the
``logging.yml`` file in the project root for ``rasa run --logging-config-file``.
"""

from __future__ import annotations

import json
import logging
import threading
from typing import Any

from bot.anonymise import redact_patterns

_MASKED_FLAG = "_signaalroute_pii_masked"
_install_lock = threading.Lock()
_factory_installed = False

# Rasa's warning for a "/..." message that is not a valid payload quotes the whole message.
PAYLOAD_WARNING = "Failed to parse arguments in line"
PAYLOAD_WARNING_SAFE = (
    "A message starting with '/' could not be read as /intent{entities}; "
    "it is handled as text (message not logged)."
)
# Fields of Rasa's structlog events that hold what the user typed or what the bot knows of
# it (Rasa's own list of anonymisable keys, rasa/utils/log_utils.py).
TEXT_FIELDS = frozenset({
    "text", "response_text", "user_text", "slot_values", "parse_data_text", "parse_data_entities",
    "prediction_events", "tracker_latest_message", "prefilled_slots", "message", "response",
    "slot_candidates", "rasa_event", "rasa_events", "tracker_states", "current_states", "old_states",
    "successes", "current_entity", "next_entity", "states", "entity", "token_text", "user_message",
    "json_message",
})


def _withheld(value: Any) -> str:
    if isinstance(value, str):
        return f"[{len(value)} tekens weggelaten]"
    return "[weggelaten]"


def structlog_processor(_logger: Any, _method: str, event_dict: dict) -> dict:
    """structlog processor: text fields are replaced by their length."""
    for key in TEXT_FIELDS.intersection(event_dict):
        event_dict[key] = _withheld(event_dict[key])
    return event_dict


def _mask_structlog_json(msg: str) -> str:
    """Rasa renders structlog events as JSON into a stdlib record: withhold text fields."""
    if not (msg.startswith("{") and '"event"' in msg):
        return msg
    try:
        data = json.loads(msg)
    except ValueError:
        return msg
    if not isinstance(data, dict) or not TEXT_FIELDS.intersection(data):
        return msg
    return json.dumps(structlog_processor(None, "", data), ensure_ascii=False)


def _quotes_a_payload(record: logging.LogRecord) -> bool:
    if isinstance(record.msg, str) and PAYLOAD_WARNING in record.msg:
        return True
    args = record.args if isinstance(record.args, tuple) else ()
    return any(isinstance(arg, str) and PAYLOAD_WARNING in arg for arg in args)


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
    if _quotes_a_payload(record):
        record.msg, record.args = PAYLOAD_WARNING_SAFE, ()
    if isinstance(record.msg, str):
        record.msg = redact_patterns(_mask_structlog_json(record.msg))
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
        # Python warnings (Rasa's raise_warning) go through logging, so through the masking.
        logging.captureWarnings(True)
        _install_structlog_processor()
        for handler in logging.getLogger().handlers:
            if not any(isinstance(f, PiiFilter) for f in handler.filters):
                handler.addFilter(PiiFilter())


def _install_structlog_processor() -> None:
    """Put :func:`structlog_processor` first in structlog's chain, now and after a reconfigure.

    Bound loggers (also cached ones) share the configured list, so an in-place insert
    reaches loggers that already logged.
    """
    try:
        import structlog
    except ImportError:
        return
    processors = structlog.get_config()["processors"]
    if isinstance(processors, list) and structlog_processor not in processors:
        processors.insert(0, structlog_processor)
    configure = structlog.configure
    if getattr(configure, "_signaalroute", False):
        return

    def configure_with_masking(*args: Any, **kwargs: Any) -> None:
        procs = kwargs.get("processors")
        if procs is not None and structlog_processor not in procs:
            kwargs["processors"] = [structlog_processor, *procs]
        configure(*args, **kwargs)

    configure_with_masking._signaalroute = True  # type: ignore[attr-defined]
    structlog.configure = configure_with_masking


def make_filter() -> PiiFilter:
    """Filter factory for ``logging.config.dictConfig`` (``"()"`` key).

    Also calls :func:`install`, because Rasa swaps the configured console
    handler for its own after applying the logging config file.
    """
    install()
    return PiiFilter()
