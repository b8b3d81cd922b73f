"""The code style the project agreed on (ruff, configured in pyproject.toml) holds everywhere."""

import subprocess
import sys
from pathlib import Path

from tests.stack import ROOT


def test_ruff_finds_nothing():
    ruff = Path(sys.executable).parent / "ruff"
    result = subprocess.run([str(ruff), "check", "."], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-1000:]
