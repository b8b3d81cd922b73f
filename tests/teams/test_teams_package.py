"""The Teams app package: manifest, icons and the build script an administrator runs."""

from __future__ import annotations

import json
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEAMS = ROOT / "teams"
BOT_ID = "8c0e4f7a-1b2c-4d3e-9f40-123456789abc"
GOOD_ARGS = [
    "--bot-id",
    BOT_ID,
    "--organisation",
    "Gemeente Voorbeeld",
    "--website-url",
    "https://www.voorbeeld.nl",
    "--privacy-url",
    "https://www.voorbeeld.nl/privacy",
    "--terms-url",
    "https://www.voorbeeld.nl/voorwaarden",
]


def _png(data: bytes):
    """(width, height, colour type, RGBA rows) of a non-interlaced 8-bit PNG with filter 0."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height, depth, colour = struct.unpack(">IIBB", data[16:26])
    idat, pos = b"", 8
    while pos < len(data):
        length = struct.unpack(">I", data[pos : pos + 4])[0]
        if data[pos + 4 : pos + 8] == b"IDAT":
            idat += data[pos + 8 : pos + 8 + length]
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = 1 + width * 4
    rows = [raw[i * stride + 1 : (i + 1) * stride] for i in range(height)]
    return width, height, depth, colour, rows


def _build(tmp_path, *args):
    out = tmp_path / "app.zip"
    done = subprocess.run(
        [sys.executable, str(TEAMS / "build_package.py"), *args, "--out", str(out)],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin"},
    )
    return done, out


def test_icons_have_the_sizes_teams_requires():
    width, height, depth, colour, _ = _png((TEAMS / "color.png").read_bytes())
    assert (width, height, depth, colour) == (192, 192, 8, 6)
    width, height, _, _, rows = _png((TEAMS / "outline.png").read_bytes())
    assert (width, height) == (32, 32)
    pixels = [row[i : i + 4] for row in rows for i in range(0, len(row), 4)]
    assert all(p[:3] == b"\xff\xff\xff" for p in pixels), "outline icon must be white only"
    assert any(p[3] == 0 for p in pixels) and any(p[3] == 255 for p in pixels), "needs a transparent background"


def test_manifest_template_is_a_personal_dutch_bot_on_the_current_schema():
    manifest = json.loads((TEAMS / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["manifestVersion"] == "1.22" and "v1.22" in manifest["$schema"]
    assert manifest["localizationInfo"]["defaultLanguageTag"] == "nl-nl"
    assert len(manifest["name"]["short"]) <= 30 and len(manifest["description"]["short"]) <= 80
    assert "112" in manifest["description"]["full"]
    (bot,) = manifest["bots"]
    assert bot["scopes"] == ["personal"], "signals are discussed 1:1, never in a group"
    assert manifest["icons"] == {"color": "color.png", "outline": "outline.png"}


def test_build_script_makes_an_uploadable_zip(tmp_path):
    done, out = _build(tmp_path, *GOOD_ARGS)

    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(out) as package:
        assert sorted(package.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(package.read("manifest.json"))
    assert manifest["bots"][0]["botId"] == BOT_ID and manifest["id"] == BOT_ID
    assert manifest["developer"]["name"] == "Gemeente Voorbeeld"
    assert "{{" not in json.dumps(manifest)


def test_build_script_explains_what_is_missing(tmp_path):
    done, out = _build(tmp_path, "--bot-id", "not-a-guid", "--website-url", "http://plain.example")

    assert done.returncode == 2 and not out.exists()
    assert "bot_id must be a GUID" in done.stderr
    assert "website_url must be an https:// address" in done.stderr
    assert "Traceback" not in done.stderr


def _schema_problems(manifest_path: Path) -> dict:
    done = subprocess.run(["node", str(Path(__file__).with_name("validate_manifest.mjs")), str(manifest_path)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_built_manifest_passes_microsofts_schema_and_a_broken_one_fails(tmp_path):
    done, out = _build(tmp_path, *GOOD_ARGS)
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(out) as package:
        manifest = json.loads(package.read("manifest.json"))
    built = tmp_path / "manifest.json"
    built.write_text(json.dumps(manifest), encoding="utf-8")
    result = _schema_problems(built)
    assert result["schema"].endswith("v1.22/MicrosoftTeams.schema.json")
    assert result["problems"] == []
    broken = dict(manifest, bots=[dict(manifest["bots"][0], scopes=["everywhere"])])
    built.write_text(json.dumps(broken), encoding="utf-8")
    assert _schema_problems(built)["problems"], "the schema check must be able to fail"
