"""Reading deploy/ the way Docker and kustomize would, without either of them.

A small Dockerfile parser (stages, instructions, COPY sources), the build-context filter of
``Dockerfile.dockerignore`` and the one kustomize feature the base uses (a resource list with
a namespace and common labels), so the tests can check what an operator would build and apply.
"""

from __future__ import annotations

import fnmatch
import json
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from tests.stack import ROOT

DEPLOY = ROOT / "deploy"
DOCKERFILE = DEPLOY / "docker" / "Dockerfile"
DOCKERIGNORE = DEPLOY / "docker" / "Dockerfile.dockerignore"
K8S = DEPLOY / "k8s"
KUSTOMIZATIONS = (K8S / "base", K8S / "migrate")
KUBERNETES_VERSION = "1.28"

# The image each part runs, by its last path component: signaalroute/<target>:<tag>.
TARGETS = ("rasa", "actions", "workspace")
# Where each part answers 200 when it is healthy (scripts/start waits for the same URLs).
HEALTH_PATHS = {"rasa": "/", "actions": "/health", "workspace": "/healthz"}


# --------------------------------------------------------------------------------------------
# Dockerfile


@dataclass
class Instruction:
    keyword: str
    args: str
    line: int

    def exec_form(self) -> list[str]:
        """The arguments of CMD/ENTRYPOINT/RUN as a list (JSON form or shell words)."""
        text = self.args.strip()
        if text.startswith("["):
            return json.loads(text)
        return shlex.split(text)


@dataclass
class Stage:
    name: str
    base: str
    instructions: list[Instruction] = field(default_factory=list)

    def all(self, keyword: str) -> list[Instruction]:
        return [i for i in self.instructions if i.keyword == keyword]

    def last(self, keyword: str) -> Instruction | None:
        found = self.all(keyword)
        return found[-1] if found else None


@dataclass
class Copy:
    sources: list[str]
    dest: str
    from_stage: str | None
    line: int


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """Instructions with their continuation lines joined; comments dropped (Docker's rules)."""
    lines: list[tuple[int, str]] = []
    current: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if stripped.startswith("#") or (not stripped and not current):
            continue
        if not current:
            start = number
        if stripped.endswith("\\"):
            current.append(stripped[:-1].strip())
            continue
        current.append(stripped)
        lines.append((start, " ".join(part for part in current if part)))
        current = []
    if current:
        lines.append((start, " ".join(current)))
    return lines


def parse_dockerfile(path: Path = DOCKERFILE) -> tuple[dict[str, str], list[Stage]]:
    """Global ARG defaults and the stages, in order."""
    args: dict[str, str] = {}
    stages: list[Stage] = []
    for number, line in _logical_lines(path.read_text()):
        keyword, _, rest = line.partition(" ")
        keyword = keyword.upper()
        if keyword == "FROM":
            words = rest.split()
            words = [w for w in words if not w.startswith("--platform")]
            base = re.sub(r"\$\{(\w+)\}", lambda m: args.get(m.group(1), m.group(0)), words[0])
            name = words[2] if len(words) >= 3 and words[1].upper() == "AS" else f"#{len(stages)}"
            stages.append(Stage(name=name, base=base))
        elif not stages and keyword == "ARG":
            key, _, value = rest.partition("=")
            args[key.strip()] = value.strip()
        elif stages:
            stages[-1].instructions.append(Instruction(keyword, rest, number))
    return args, stages


def stage_named(stages: list[Stage], name: str) -> Stage:
    for stage in stages:
        if stage.name == name:
            return stage
    raise KeyError(name)


def lineage(stages: list[Stage], name: str) -> list[Stage]:
    """The stage and the stages it is built FROM, nearest first."""
    names = {s.name for s in stages}
    chain = [stage_named(stages, name)]
    while chain[-1].base in names:
        chain.append(stage_named(stages, chain[-1].base))
    return chain


def copies(stage: Stage) -> list[Copy]:
    found = []
    for instruction in stage.all("COPY"):
        words = shlex.split(instruction.args)
        flags = [w for w in words if w.startswith("--")]
        paths = [w for w in words if not w.startswith("--")]
        source_stage = next((f.split("=", 1)[1] for f in flags if f.startswith("--from=")), None)
        found.append(Copy(paths[:-1], paths[-1], source_stage, instruction.line))
    return found


def inherited(stages: list[Stage], name: str, keyword: str) -> Instruction | None:
    """The instruction in force for a stage (its own or the nearest parent's)."""
    for stage in lineage(stages, name):
        instruction = stage.last(keyword)
        if instruction is not None:
            return instruction
    return None


def env_of(stages: list[Stage], name: str) -> dict[str, str]:
    """ENV values in force in a stage (parents first, the stage's own last)."""
    env: dict[str, str] = {}
    for stage in reversed(lineage(stages, name)):
        for instruction in stage.all("ENV"):
            for word in shlex.split(instruction.args):
                key, sep, value = word.partition("=")
                if sep:
                    env[key] = value
    return env


# --------------------------------------------------------------------------------------------
# Build context (Dockerfile.dockerignore)


def _ignore_rules() -> list[tuple[bool, str]]:
    rules = []
    for raw in DOCKERIGNORE.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        negate = line.startswith("!")
        rules.append((negate, line[1:] if negate else line))
    return rules


def _matches(pattern: str, path: str) -> bool:
    """Docker's matching, as far as the allow-list needs it: a pattern also covers what is below it."""
    pattern = pattern.strip("/")
    parts = path.split("/")
    for depth in range(1, len(parts) + 1):
        prefix = "/".join(parts[:depth])
        if fnmatch.fnmatchcase(prefix, pattern):
            return True
        if pattern.startswith("**/") and any(
            fnmatch.fnmatchcase("/".join(parts[i:depth]), pattern[3:]) for i in range(depth)
        ):
            return True
    return False


def in_build_context(path: str) -> bool:
    """True when ``path`` (relative to the repository root) is sent to the Docker build."""
    included = True
    for negate, pattern in _ignore_rules():
        if _matches(pattern, path):
            included = negate
    return included


# --------------------------------------------------------------------------------------------
# Kubernetes manifests


def kustomization(directory: Path) -> dict:
    return yaml.safe_load((directory / "kustomization.yaml").read_text())


def render(directory: Path) -> list[dict]:
    """What ``kubectl kustomize`` gives for our bases: the resources with namespace and labels."""
    config = kustomization(directory)
    labels: dict[str, str] = {}
    for entry in config.get("labels", []):
        labels.update(entry.get("pairs", {}))
    documents = []
    for name in config["resources"]:
        for document in yaml.safe_load_all((directory / name).read_text()):
            if not document:
                continue
            metadata = document.setdefault("metadata", {})
            if config.get("namespace") and document["kind"] != "Namespace":
                metadata["namespace"] = config["namespace"]
            metadata.setdefault("labels", {}).update(labels)
            document["_file"] = f"{directory.relative_to(ROOT)}/{name}"
            documents.append(document)
    return documents


def all_resources() -> list[dict]:
    return [document for directory in KUSTOMIZATIONS for document in render(directory)]


def find(resources: list[dict], kind: str, name: str | None = None) -> list[dict]:
    return [r for r in resources if r["kind"] == kind and (name is None or r["metadata"]["name"] == name)]


def one(resources: list[dict], kind: str, name: str) -> dict:
    found = find(resources, kind, name)
    assert len(found) == 1, f"expected one {kind} {name}, found {len(found)}"
    return found[0]


def pod_spec(resource: dict) -> dict:
    """The pod template's spec of a Deployment, Job or CronJob."""
    if resource["kind"] == "CronJob":
        return resource["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    return resource["spec"]["template"]["spec"]


def main_container(resources: list[dict], component: str) -> dict:
    """The one container of the part's Deployment."""
    (container,) = pod_spec(one(resources, "Deployment", component))["containers"]
    return container


def workloads(resources: list[dict]) -> list[dict]:
    return [r for r in resources if r["kind"] in ("Deployment", "Job", "CronJob")]


def container_env(container: dict) -> dict[str, dict]:
    """Environment entries by name (``value`` or ``valueFrom``)."""
    return {entry["name"]: entry for entry in container.get("env", [])}


def image_target(image: str) -> str:
    """signaalroute/rasa:0.1.0 -> rasa"""
    return image.rsplit("/", 1)[-1].split(":", 1)[0]


# --------------------------------------------------------------------------------------------
# Python packages of an image


def venv_stage(stages: list[Stage], target: str) -> Stage:
    """The stage whose /opt/venv the target copies."""
    (copy,) = [c for c in copies(stage_named(stages, target)) if c.dest == "/opt/venv"]
    return stage_named(stages, copy.from_stage)


def pip_constrained(stage: Stage) -> list[str] | None:
    """The packages of ``pip install -c requirements.lock NAME ...`` in the stage, or None."""
    for instruction in stage.all("RUN"):
        match = re.search(r"pip install --no-cache-dir -c /tmp/requirements\.lock ([^&]+)", instruction.args)
        if match:
            return match.group(1).split()
    return None


def _installed() -> dict:
    from importlib.metadata import distributions

    from packaging.utils import canonicalize_name

    return {canonicalize_name(d.metadata["Name"]): d for d in distributions()}


def closure(names: list[str]) -> set[str]:
    """The distributions pip installs for ``names`` (this venv has the lock's versions)."""
    import warnings

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    installed = _installed()
    todo, seen = [canonicalize_name(n) for n in names], set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # packaging's legacy versions
            for text in installed[name].requires or []:
                requirement = Requirement(text)
                if requirement.marker and not requirement.marker.evaluate({"extra": ""}):
                    continue
                todo.append(canonicalize_name(requirement.name))
    return seen


def top_level_modules() -> dict[str, set[str]]:
    """Importable top-level name -> the distributions that install it (from their RECORD)."""
    found: dict[str, set[str]] = {}
    for name, dist in _installed().items():
        for file in dist.files or []:
            top = file.parts[0]
            if top in ("..", "__pycache__", "bin") or top.endswith((".dist-info", ".egg-info", ".data", ".pth")):
                continue
            module = top.split(".", 1)[0]
            found.setdefault(module, set()).add(name)
    return found
