"""Accessibility of the coordinator's contact pages (issue 16): axe-core at 0 in headless Chromium."""
import json
import os
import shutil
import subprocess

import pytest

from api_support import PASSWORD
from test_api_accessibility import running_workspace  # noqa: F401  (the served workspace fixture)
from bot.settings import REPO_ROOT

pytestmark = pytest.mark.e2e


@pytest.fixture
def coordinator_workspace(running_workspace, monkeypatch):  # noqa: F811
    from api import accounts
    from bot.settings import load_settings
    from bot.store.db import Database

    database = Database(load_settings().database_url)
    with database.session() as session:
        accounts.create_officer(session, "tineke", PASSWORD, "regio-coordinator", region_id="amsterdam-amstelland")
    database.dispose()
    return running_workspace


@pytest.mark.skipif(not shutil.which("node") or not os.path.exists("/usr/bin/chromium"),
                    reason="node and /usr/bin/chromium are needed for the browser check")
def test_the_contact_check_pages_pass_axe(coordinator_workspace):
    artifacts = REPO_ROOT / "test-artifacts"
    result = subprocess.run(
        ["node", str(REPO_ROOT / "tests/api/a11y_contact_review.mjs"), coordinator_workspace, "tineke", PASSWORD,
         "amsterdam-amstelland", "acm", str(artifacts)],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=300)
    assert result.stdout, result.stderr
    report = json.loads(result.stdout)
    assert report["failures"] == [], json.dumps(report, indent=2)
    assert [p["name"] for p in report["pages"]] == [
        "routekaart", "routekaarten", "contact", "contact-fout", "contact-voorgesteld"]
    assert result.returncode == 0
