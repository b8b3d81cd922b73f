"""A Rasa server that would quietly run weaker than configured does not start at all.

Rasa 3.6 turns a tracker store that cannot be loaded into an in-memory store, and
SANIC_WORKERS > 1 without a shared lock store into one worker, each with only a
warning. With several servers the first means every turn on another server starts the
conversation again. rasa_ext.startup_checks stops the start with a clear message.
"""

from __future__ import annotations

import os
import subprocess
import sys

from tests.stack import MODEL, ROOT, VENV_BIN

BROKEN = """tracker_store:
  type: rasa_ext.tracker_stor.RedactingSQLTrackerStore
  dialect: sqlite
  db: {db}
"""
WORKING = BROKEN.replace("tracker_stor.", "tracker_store.")


def rasa_run(endpoints, tmp_path, **env_extra) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "SANIC_WORKERS"}
    env.update({"PYTHONPATH": str(ROOT), "RASA_TELEMETRY_ENABLED": "false", **env_extra})
    return subprocess.run(
        [str(VENV_BIN / "rasa"), "run", "--model", str(MODEL), "--interface", "127.0.0.1", "--port", "0",
         "--credentials", "credentials.yml", "--endpoints", str(endpoints), "--logging-config-file", "logging.yml"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=180,
    )


def test_a_tracker_store_that_cannot_be_loaded_stops_rasa_with_a_clear_message(tmp_path):
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(BROKEN.format(db=tmp_path / "tracker.db"))
    result = rasa_run(endpoints, tmp_path)
    assert result.returncode != 0
    assert "rasa_ext.tracker_stor.RedactingSQLTrackerStore' in endpoints.yml cannot be loaded" in result.stderr
    assert "in memory" in result.stderr


def test_more_sanic_workers_without_the_redis_lock_store_stop_rasa_with_a_clear_message(tmp_path):
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(WORKING.format(db=tmp_path / "tracker.db"))
    result = rasa_run(endpoints, tmp_path, SANIC_WORKERS="2")
    assert result.returncode != 0
    assert "SANIC_WORKERS=2 needs a lock store shared by the workers" in result.stderr
    assert not (tmp_path / "tracker.db").exists() or (tmp_path / "tracker.db").stat().st_size == 0


def test_the_check_on_its_own_names_every_problem_before_anything_starts(tmp_path):
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(BROKEN.format(db=tmp_path / "tracker.db"))
    result = subprocess.run([sys.executable, "-m", "rasa_ext.startup_checks", str(endpoints), "--shared"],
                            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True)
    assert result.returncode == 1
    assert "cannot be loaded" in result.stderr
    assert "Redis lock store" in result.stderr


def test_the_repository_endpoints_pass_the_check():
    result = subprocess.run([sys.executable, "-m", "rasa_ext.startup_checks", "endpoints.yml"], cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT), "SIGNAALROUTE_ACTION_URL": "http://x/webhook"},
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
