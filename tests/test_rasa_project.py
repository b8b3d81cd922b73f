"""The Rasa project itself: training data valid, dialogue predictions right."""

import subprocess
import sys
from pathlib import Path

import pytest

from tests.stack import MODEL, ROOT

RASA = str(Path(sys.executable).parent / "rasa")
ENV = {"SIGNAALROUTE_ACTION_URL": "http://127.0.0.1:5055/webhook", "TF_CPP_MIN_LOG_LEVEL": "3", "PATH": "/usr/bin:/bin"}


def run(args, tmp_path):
    return subprocess.run(args, cwd=ROOT, env={**ENV, "HOME": str(tmp_path)}, capture_output=True, text=True, timeout=900)


def test_rasa_data_validate_is_clean(tmp_path):
    result = run([RASA, "data", "validate", "--fail-on-warnings"], tmp_path)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "UserWarning" not in result.stderr, result.stderr[-3000:]


def test_test_stories_have_no_prediction_errors(tmp_path):
    if not MODEL.exists():
        pytest.fail("no trained model: run scripts/setup")
    out = tmp_path / "results"
    result = run([RASA, "test", "core", "--model", str(MODEL), "--stories", "tests/test_stories.yml",
                  "--fail-on-prediction-errors", "--out", str(out)], tmp_path)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
