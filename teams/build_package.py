"""Build the Teams app package (manifest.json + icons, zipped) for one municipality.

``manifest.json`` here is a template with ``{{PLACEHOLDERS}}``; this script fills
them, checks the values and writes the zip that a Teams administrator uploads::

    .venv/bin/python teams/build_package.py \\
        --organisation "Gemeente Voorbeeld" \\
        --website-url https://www.voorbeeld.nl \\
        --privacy-url https://www.voorbeeld.nl/privacy \\
        --terms-url https://www.voorbeeld.nl/voorwaarden

The bot id defaults to $SIGNAALROUTE_TEAMS_APP_ID (the Azure app registration);
every option also has an environment variable (see --help). Output:
``teams/build/signaalroute-teams.zip`` unless --out says otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import zipfile
from pathlib import Path
from typing import Dict, List, Mapping, Optional, Sequence

HERE = Path(__file__).resolve().parent
ICONS = ("color.png", "outline.png")
DEFAULT_OUT = HERE / "build" / "signaalroute-teams.zip"
_GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
_VERSION = re.compile(r"^\d+\.\d+\.\d+$")

# option name -> (environment variable, placeholder in manifest.json)
OPTIONS = {
    "bot_id": ("SIGNAALROUTE_TEAMS_APP_ID", "BOT_APP_ID"),
    "package_id": ("SIGNAALROUTE_TEAMS_PACKAGE_ID", "APP_PACKAGE_ID"),
    "organisation": ("SIGNAALROUTE_TEAMS_ORGANISATION", "ORGANISATION"),
    "website_url": ("SIGNAALROUTE_TEAMS_WEBSITE_URL", "WEBSITE_URL"),
    "privacy_url": ("SIGNAALROUTE_TEAMS_PRIVACY_URL", "PRIVACY_URL"),
    "terms_url": ("SIGNAALROUTE_TEAMS_TERMS_URL", "TERMS_URL"),
}


class PackageError(Exception):
    """The values cannot make a valid package; ``problems`` says why."""

    def __init__(self, problems: List[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def check_values(values: Mapping[str, Optional[str]]) -> List[str]:
    """Every problem with the values, as readable sentences (empty when fine)."""
    problems = []
    for name in ("bot_id", "package_id"):
        if not _GUID.match(values.get(name) or ""):
            problems.append(f"{name} must be a GUID (the Azure app registration's client id)")
    organisation = values.get("organisation") or ""
    if not 0 < len(organisation) <= 32:
        problems.append("organisation must be 1 to 32 characters")
    for name in ("website_url", "privacy_url", "terms_url"):
        if not (values.get(name) or "").startswith("https://"):
            problems.append(f"{name} must be an https:// address")
    if not _VERSION.match(values.get("version") or ""):
        problems.append("version must look like 1.0.0")
    return problems


def render_manifest(values: Mapping[str, str]) -> Dict:
    """The manifest with the placeholders filled in."""
    text = (HERE / "manifest.json").read_text(encoding="utf-8")
    for name, (_, placeholder) in OPTIONS.items():
        text = text.replace("{{" + placeholder + "}}", json.dumps(values[name])[1:-1])
    manifest = json.loads(text)
    manifest["version"] = values["version"]
    return manifest


def build_package(values: Mapping[str, Optional[str]], out: Path) -> Path:
    """Check the values and write the zip: manifest.json and the icons, flat."""
    problems = check_values(values)
    if problems:
        raise PackageError(problems)
    manifest = render_manifest(values)  # type: ignore[arg-type]
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
        for icon in ICONS:
            package.write(HERE / icon, icon)
    return out


def parse_values(argv: Sequence[str], environ: Mapping[str, str]) -> Dict[str, Optional[str]]:
    """Command-line options, each defaulting to its environment variable."""
    parser = argparse.ArgumentParser(description="Build the Signaalroute Teams app package.")
    for name, (env, _) in OPTIONS.items():
        parser.add_argument(f"--{name.replace('_', '-')}", default=environ.get(env), help=f"default: ${env}")
    parser.add_argument("--version", default="1.0.0", help="app version; raise it for every upload")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    values = {name: getattr(args, name) for name in OPTIONS}
    # One GUID for both is fine; a separate package id only matters when one
    # Azure bot serves several differently named apps.
    values["package_id"] = values["package_id"] or values["bot_id"]
    values["version"] = args.version
    values["out"] = str(args.out)
    return values


def main(argv: Sequence[str]) -> int:
    """Build the package; print where it is, or what is wrong."""
    values = parse_values(argv, os.environ)
    try:
        out = build_package(values, Path(values["out"]))
    except PackageError as error:
        print("Cannot build the Teams package:", file=sys.stderr)
        for problem in error.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 2
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
