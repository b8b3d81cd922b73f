"""Build the Dutch spaCy pipeline ``nl_signaalroute`` that config.yml loads by name.

The official ``nl_core_news_sm`` is used as the base when it can be imported (a
machine that can install it from spaCy's release host). Otherwise the base is a
blank Dutch pipeline with the lookup lemmatizer from ``spacy-lookups-data``. Either
way the result is packaged and pip-installed under one name, so the Rasa config
and the loading path (``spacy.load(name)``) are the same everywhere.

Usage: python -m tools.spacy_pipeline OUTPUT_DIR [--base auto|blank|nl_core_news_sm]
Prints the base that was used.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

NAME = "signaalroute"   # spaCy prefixes the language: the package is nl_signaalroute
VERSION = "1.0.0"


def build(output: Path, base: str = "auto") -> str:
    import spacy

    if base == "auto":
        base = "nl_core_news_sm" if importlib.util.find_spec("nl_core_news_sm") else "blank"
    if base == "blank":
        nlp = spacy.blank("nl")
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        nlp.initialize()
    else:
        nlp = spacy.load(base)
    nlp.meta.update({
        "name": NAME,
        "version": VERSION,
        "description": f"Signaalroute Dutch pipeline (base: {base})",
        "sources": [{"name": base}],
    })
    pkg_root = output / "package"
    pkg_dir = pkg_root / f"nl_{NAME}"
    data_dir = pkg_dir / f"nl_{NAME}-{VERSION}"
    data_dir.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(data_dir)
    # The same layout `spacy package` writes (its CLI is broken by the click version
    # that Rasa 3.6 pulls in), so spacy.load("nl_signaalroute") works by name.
    (pkg_dir / "meta.json").write_text(json.dumps(nlp.meta, indent=2))
    (pkg_dir / "__init__.py").write_text(
        "from pathlib import Path\n"
        "from spacy.util import get_model_meta, load_model_from_init_py\n\n"
        "__version__ = get_model_meta(Path(__file__).parent)['version']\n\n\n"
        "def load(**overrides):\n"
        "    return load_model_from_init_py(__file__, **overrides)\n"
    )
    (pkg_root / "pyproject.toml").write_text(
        "[build-system]\nrequires = ['setuptools']\nbuild-backend = 'setuptools.build_meta'\n\n"
        f"[project]\nname = 'nl_{NAME}'\nversion = '{VERSION}'\n\n"
        "[tool.setuptools.packages.find]\ninclude = ['nl_*']\n\n"
        "[tool.setuptools.package-data]\n'*' = ['**/*', '*']\n"
    )
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "--force-reinstall", str(pkg_root)],
        check=True,
    )
    (output / "BASE").write_text(json.dumps({"base": base, "version": VERSION}))
    return base


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--base", default="auto", choices=["auto", "blank", "nl_core_news_sm"])
    args = parser.parse_args()
    print(build(args.output, args.base))


if __name__ == "__main__":
    main()
