"""Log output carries no phone numbers, e-mail addresses, IBANs, BSNs,
licence plates or postcodes with house numbers (bot.logredact).

Tests that change the process-wide logging set-up run in a subprocess, so the
rest of the test session keeps ordinary logging.
"""

import io
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.logredact import PiiFilter

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PII = ["06-12345678", "jan.devries@gmail.com", "NL91ABNA0417164300", "123456782", "12-ABC-3", "6411 AB 12"]
LINE = "Melding: bel 06-12345678 of jan.devries@gmail.com, rekening NL91ABNA0417164300, " \
       "BSN 123456782, busje 12-ABC-3, adres 6411 AB 12"


@pytest.fixture()
def capture():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(PiiFilter())
    logger = logging.getLogger("tests.privacy.logredact")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    yield logger, stream
    logger.removeHandler(handler)


def assert_masked(output: str):
    for item in PII:
        assert item not in output, output


def test_message_and_arguments_are_masked(capture):
    logger, stream = capture
    logger.info(LINE)
    logger.info("Gebruiker %s belde vanaf %s", "jan.devries@gmail.com", "06-12345678")
    output = stream.getvalue()
    assert_masked(output)
    assert "[TELEFOON]" in output and "[EMAIL]" in output and "Gebruiker" in output


def test_exception_text_is_masked(capture):
    logger, stream = capture
    try:
        raise ValueError(f"bad input: {LINE}")
    except ValueError:
        logger.exception("Could not parse the message")
    output = stream.getvalue()
    assert "ValueError" in output and "Could not parse" in output
    assert_masked(output)


def test_argument_shapes_are_kept_for_formatters_that_unpack_them(capture):
    logger, stream = capture
    logger.info('%s - "%s %s HTTP/%s" %d', "127.0.0.1:5000", "GET", "/status?tel=06-12345678", "1.1", 200)
    output = stream.getvalue()
    assert "06-12345678" not in output and " 200" in output


def test_service_numbers_and_plain_words_are_untouched(capture):
    logger, stream = capture
    logger.info("Advies: NLA 0800-5151, AVIM 0900-8844, gemeente GM0917, route arbeid")
    assert stream.getvalue().strip() == "Advies: NLA 0800-5151, AVIM 0900-8844, gemeente GM0917, route arbeid"


def run_python(code: str, extra_env=None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT), **(extra_env or {})}
    return subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_install_covers_handlers_added_later():
    result = run_python(
        "import logging, sys\n"
        "from bot import logredact\n"
        "logredact.install()\n"
        "logging.getLogger().addHandler(logging.StreamHandler(sys.stdout))\n"
        "logging.getLogger().setLevel(logging.INFO)\n"
        f"logging.getLogger('sanic.access').info({LINE!r})\n"
    )
    assert result.returncode == 0, result.stderr
    assert "Melding" in result.stdout
    assert_masked(result.stdout + result.stderr)


def test_rasa_logging_config_file_masks_output():
    """The way `rasa run --logging-config-file logging.yml` sets up logging,
    including Rasa's colored console handler that replaces ours afterwards."""
    result = run_python(
        "import logging\n"
        "from rasa.utils.common import configure_logging_and_warnings\n"
        "import rasa.utils.io\n"
        "configure_logging_and_warnings(logging.INFO, 'logging.yml')\n"
        "rasa.utils.io.configure_colored_logging(logging.INFO)\n"
        f"logging.getLogger('rasa.core.processor').info({LINE!r})\n"
        f"logging.getLogger('rasa_sdk.executor').warning({LINE!r})\n"
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("Melding") == 2, result.stderr
    assert_masked(result.stdout + result.stderr)


def test_importing_rasa_ext_masks_logs_when_the_config_file_was_not_applied():
    """Rasa applies logging.yml before the project is on sys.path; the Rasa
    extensions package installs the masking when Rasa imports it."""
    result = run_python(
        "import logging, sys\n"
        "logging.basicConfig(level=logging.INFO)\n"
        "import rasa_ext\n"
        f"logging.getLogger('rasa.core.processor').info({LINE!r})\n"
    )
    assert result.returncode == 0, result.stderr
    assert "Melding" in result.stderr
    assert_masked(result.stdout + result.stderr)
