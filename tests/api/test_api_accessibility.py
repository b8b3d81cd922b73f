"""Accessibility: axe-core (WCAG 2.1 AA) on every workspace page in headless Chromium, and keyboard use.

Starts the real workspace with uvicorn on a free 127.0.0.1 port; screenshots go to test-artifacts/.
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from api_support import PASSWORD, workspace_env
from bot.settings import REPO_ROOT

pytestmark = pytest.mark.e2e


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def running_workspace(tmp_path, monkeypatch, redactor):
    """A migrated database with Anna and one consultation (with reporter contact), served by uvicorn."""
    env = workspace_env(tmp_path)
    # A copy of the route maps where SHOP (Haaglanden, Anna's region) was last checked long ago,
    # so the stale-contact table is on the page that axe checks.
    from tests.support.mapcopy import copy_maps, set_verified_on

    maps = copy_maps(tmp_path)
    set_verified_on(maps, "haaglanden.yml", "shop", "2022-02-02")
    env["SIGNAALROUTE_ROUTEKAARTEN_DIR"] = str(maps)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    from api import accounts
    from api_support import draft
    from bot.settings import load_settings
    from bot.store.db import Database, upgrade_schema
    from bot.store.recorder import Recorder

    settings = load_settings()
    upgrade_schema(settings.database_url)
    database = Database(settings.database_url)
    with database.session() as session:
        accounts.create_officer(session, "anna", PASSWORD, "aandachtsfunctionaris", ["GM0518"], display_name="Anna")
    recorder = Recorder(database, settings.secret_key, settings.fernet_key, redactor=redactor)
    item = draft(description="Mensen slapen in de loods en werken zeven dagen per week.")
    recorder.submit(item)
    recorder.submit_reporter_contact(item.reference_code, "Collega van de balie", "toestel 1234")
    assert recorder.flush(timeout=60)
    recorder.close()
    database.dispose()

    port = _free_port()
    log = open(tmp_path / "uvicorn.log", "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "api.app:app", "--host", "127.0.0.1", "--port", str(port), "--ws", "none"],
        cwd=REPO_ROOT, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                log.close()
                pytest.fail("workspace did not start: " + (tmp_path / "uvicorn.log").read_text()[-2000:])
            time.sleep(0.2)
    try:
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


@pytest.mark.skipif(not shutil.which("node") or not os.path.exists("/usr/bin/chromium"),
                    reason="node and /usr/bin/chromium are needed for the browser check")
def test_every_workspace_page_passes_axe_and_works_with_the_keyboard(running_workspace):
    from bot.catalog import load_catalog

    artifacts = REPO_ROOT / "test-artifacts"
    map_ids = ",".join(sorted(load_catalog().maps.maps))  # every region's flowchart page, and the national one
    result = subprocess.run(
        ["node", str(REPO_ROOT / "tests/api/a11y_workspace.mjs"), running_workspace, "anna", PASSWORD, "1",
         str(artifacts), map_ids],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=300)
    assert result.stdout, result.stderr
    report = json.loads(result.stdout)
    assert report["failures"] == [], json.dumps(report, indent=2)
    assert len(report["pages"]) >= 10
    assert {m["mapId"] for m in report["maps"] if m["drawn"]} == set(map_ids.split(","))
    assert report["staleRows"] >= 1  # the stale-contact table was there when axe checked the page
    assert (artifacts / f"routekaart-{map_ids.split(',')[0]}.pdf").stat().st_size > 10_000
    assert result.returncode == 0
