"""python -m api.cli check-routekaarten: usable in a municipality's CI (no database, no secrets)."""
import os
import subprocess
import sys

from bot.settings import REPO_ROOT
from tests.support.mapcopy import copy_maps, set_verified_on


def check(*args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("SIGNAALROUTE_")}
    env["PYTHONPATH"] = str(REPO_ROOT)
    return subprocess.run([sys.executable, "-m", "api.cli", "check-routekaarten", *args], capture_output=True,
                          text=True, cwd=REPO_ROOT, env=env, timeout=120)


def test_the_real_maps_pass_the_check():
    done = check()
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 fout(en)" in done.stdout


def test_errors_and_stale_contacts_are_reported_with_file_and_path(tmp_path):
    directory = copy_maps(tmp_path)
    set_verified_on(directory, "haaglanden.yml", "shop", "2022-02-02")
    stale_only = check("--dir", str(directory))
    assert stale_only.returncode == 0
    assert "VEROUDERD" in stale_only.stdout and "haaglanden.yml: contacts.shop: SHOP" in stale_only.stdout
    assert check("--dir", str(directory), "--fail-on-stale").returncode == 1

    broken = directory / "gemeenten.yml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("map: hollands-midden", "map: holands-midden", 1),
                      encoding="utf-8")
    failed = check("--dir", str(directory))
    assert failed.returncode == 1
    assert "FOUT" in failed.stdout and "gemeenten.yml: municipalities[" in failed.stdout and "holands-midden" in failed.stdout


def test_the_check_prints_per_region_its_contacts_sources_gaps_and_stale_ones():
    out = check().stdout
    twente = out.split("KAART twente (Twente):", 1)[1].split("KAART ", 1)[0]
    assert "contact kenniscentrum_twente" in twente and "https://mensenhandeltwente.nl/netwerkevent2025 (2025-10)" in twente
    assert "ONBEKEND riec -> nationaal/riec" in twente and "verouderd" not in twente
    amsterdam = out.split("KAART amsterdam-amstelland (Amsterdam-Amstelland):", 1)[1].split("KAART ", 1)[0]
    assert "verouderd acm: bron van vóór 2022 of zonder datum" in amsterdam
    assert out.count("KAART ") == 25
