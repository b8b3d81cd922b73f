"""The officer's work in real Chromium against the real workspace (uvicorn): code search, acute
first, next-step preselection, deleting reporter data after confirmation, "Liever niet zeggen" for
the right coordinator, the list at 375 px; axe-core on every page and state. Screenshots (after)
go to test-artifacts/issue-10/."""
import json
import os
import shutil
import subprocess
from datetime import datetime, timedelta, timezone

import pytest

from api_support import PASSWORD, draft, serve_workspace
from bot.settings import REPO_ROOT

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not shutil.which("node") or not os.path.exists("/usr/bin/chromium"),
                       reason="node and /usr/bin/chromium are needed for the browser check"),
]
ARTIFACTS = REPO_ROOT / "test-artifacts" / "issue-10"


def _seed(database, settings, redactor):
    from api import accounts
    from bot.store.recorder import Recorder

    with database.session() as session:
        accounts.create_officer(session, "anna", PASSWORD, "aandachtsfunctionaris", ["GM0518"], display_name="Anna")
        accounts.create_officer(session, "carla", PASSWORD, "regio-coordinator", region_id="haaglanden")
        accounts.create_officer(session, "nora", PASSWORD, "regio-coordinator", region_id="nationaal")
    labour = dict(route_map_id="zuid-limburg", region_id="zuid-limburg", channel="socketio",
                  outcome_code="persoon.arbeid.nla", contacts_advised=["nla", "veilig_thuis_zl"],
                  answers={"acute": "nee", "subject": "persoon", "form": "arbeid", "need": "melden"})
    items = {
        "calm": draft(**labour),
        "acute": draft(occurred_at=datetime.now(timezone.utc) - timedelta(days=3), answers={"acute": "ja"},
                       outcome_code="acuut.112", contacts_advised=["alarm"], route_map_id="zuid-limburg",
                       region_id="zuid-limburg"),
        "withContact": draft(**labour),
        "other": draft(municipality_code="GM0599"),
        "privateRegional": draft(municipality_code=None, outcome_code="persoon.arbeid.nla"),
        "privateNational": draft(municipality_code=None, region_id="nationaal", route_map_id="nationaal",
                                 outcome_code="persoon.arbeid.nla"),
    }
    recorder = Recorder(database, settings.secret_key, settings.fernet_key, redactor=redactor)
    for item in items.values():
        recorder.submit(item)
    recorder.submit_reporter_contact(items["withContact"].reference_code, "Collega van de balie", "toestel 1234")
    assert recorder.flush(timeout=60)
    recorder.close()
    from sqlalchemy import select

    from bot.store.codes import hash_code
    from bot.store.models import Consultation

    ids = {}
    with database.session() as session:
        for name, item in items.items():
            ids[name] = session.execute(select(Consultation.id).where(
                Consultation.code_hash == hash_code(item.reference_code, settings.secret_key))).scalar_one()
    return ids, {"calmCode": items["calm"].reference_code, "otherCode": items["other"].reference_code}


def test_officer_and_coordinator_work_in_a_real_browser(tmp_path, monkeypatch, redactor):
    with serve_workspace(tmp_path, monkeypatch, lambda db, s: _seed(db, s, redactor)) as (base, seeded):
        ids, codes = seeded
        config = tmp_path / "flows.json"
        config.write_text(json.dumps({"baseUrl": base, "password": PASSWORD, "artifactDir": str(ARTIFACTS),
                                      "phase": "na", "consultations": {**ids, **codes}}))
        result = subprocess.run(["node", str(REPO_ROOT / "tests/api/workspace_flows.mjs"), str(config)],
                                cwd=REPO_ROOT, capture_output=True, text=True, timeout=300)
    assert result.stdout, result.stderr
    report = json.loads(result.stdout)
    assert report["failures"] == [], json.dumps(report, indent=2)
    assert len(report["axe"]) >= 12 and all(page["violations"] == 0 for page in report["axe"])
