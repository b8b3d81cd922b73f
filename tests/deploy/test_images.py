"""The container build (deploy/docker/Dockerfile), checked without Docker: every file it copies
exists and is in the build context, each image is what its Deployment expects (user, port,
health check), the build stages do what scripts/setup does, and the files an image receives
are enough to start its part (the workspace and the action server are started from such a copy
and answer on their health URLs)."""

from __future__ import annotations

import ast
import glob
import importlib.util
import json
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.deploy.files import (
    DOCKERFILE,
    HEALTH_PATHS,
    TARGETS,
    all_resources,
    closure,
    container_env,
    copies,
    env_of,
    in_build_context,
    inherited,
    lineage,
    main_container,
    one,
    parse_dockerfile,
    pip_constrained,
    pod_spec,
    stage_named,
    top_level_modules,
    venv_stage,
)
from tests.stack import ROOT, free_port, wait_for

ARGS, STAGES = parse_dockerfile()
RESOURCES = all_resources()


def _container(component: str) -> dict:
    return main_container(RESOURCES, component)


def test_every_target_the_manifests_use_is_a_stage_of_the_dockerfile():
    names = [s.name for s in STAGES]
    for target in TARGETS:
        assert target in names, f"{DOCKERFILE.relative_to(ROOT)} has no stage '{target}'"


@pytest.mark.parametrize("target", TARGETS)
def test_each_image_starts_from_python_3_10_slim(target):
    assert lineage(STAGES, target)[-1].base == "python:3.10-slim"


def test_every_copied_file_exists_and_is_in_the_build_context():
    for stage in STAGES:
        for copy in copies(stage):
            if copy.from_stage:
                earlier = [s.name for s in STAGES[: STAGES.index(stage)]]
                assert copy.from_stage in earlier, f"line {copy.line}: no earlier stage {copy.from_stage}"
                continue
            for source in copy.sources:
                matches = glob.glob(str(ROOT / source))
                assert matches, f"line {copy.line}: {source} does not exist"
                for match in matches:
                    relative = str(Path(match).relative_to(ROOT))
                    assert in_build_context(relative), f"line {copy.line}: {relative} is left out by the .dockerignore"


def test_secrets_and_local_state_never_enter_the_build_context():
    for path in ("var/secret.key", "var/encryption.key", "var/signaalroute.db", ".venv/bin/python",
                 "node_modules/socket.io-client/package.json", "models/signaalroute.tar.gz", ".env", "tests/conftest.py"):
        assert not in_build_context(path), path
    assert in_build_context("bot/settings.py") and in_build_context("routekaarten/gemeenten.yml")


@pytest.mark.parametrize("target", TARGETS)
def test_packages_come_from_requirements_lock_and_pip_check_passes(target):
    stage = venv_stage(STAGES, target)
    assert any("requirements.lock" in c.sources for s in lineage(STAGES, stage.name) for c in copies(s))
    run = " ".join(i.args for s in lineage(STAGES, stage.name) for i in s.all("RUN"))
    assert ("-r /tmp/runtime.lock" in run or "-c /tmp/requirements.lock" in run) and "pip check" in run


def test_the_model_and_the_spacy_pipeline_are_built_as_scripts_setup_builds_them():
    setup = (ROOT / "scripts/setup").read_text()
    spacy = " ".join(i.args for i in stage_named(STAGES, "spacy").all("RUN"))
    assert "python -m tools.spacy_pipeline" in spacy and "tools.spacy_pipeline" in setup
    model = stage_named(STAGES, "model")
    train = " ".join(i.args for i in model.all("RUN"))
    assert "rasa train --fixed-model-name signaalroute" in train
    assert "train --fixed-model-name signaalroute" in setup
    # Everything scripts/setup hashes to decide on retraining goes into the model stage.
    inputs = re.search(r'MODEL_HASH="\$\(hash_of ([^)]*)\)"', setup).group(1).split()
    copied = {Path(s).parts[0] for stage in lineage(STAGES, "model") for c in copies(stage) for s in c.sources}
    for item in inputs:
        top = Path(item).parts[0]
        assert top in copied or top == "build", f"{item} (hashed by scripts/setup) is not copied into the model stage"
    assert "spacy" in [s.name for s in lineage(STAGES, "model")]


def test_the_action_server_image_carries_the_warm_deduce_cache():
    deduce = " ".join(i.args for i in stage_named(STAGES, "deduce").all("RUN"))
    assert "warm_up().join()" in deduce
    cache = [c for c in copies(stage_named(STAGES, "actions")) if c.from_stage == "deduce"]
    assert cache and env_of(STAGES, "actions")["SIGNAALROUTE_DEDUCE_CACHE_DIR"] == cache[0].dest


@pytest.mark.parametrize("target", TARGETS)
def test_each_image_runs_as_a_non_root_user(target):
    user = inherited(STAGES, target, "USER")
    assert user is not None and user.args.split(":")[0] not in ("0", "root")
    uid = int(user.args.split(":")[0])
    assert pod_spec(one(RESOURCES, "Deployment", target))["securityContext"]["runAsUser"] == uid


@pytest.mark.parametrize("target", TARGETS)
def test_each_image_exposes_and_health_checks_the_port_of_its_deployment(target):
    container = _container(target)
    port = container["ports"][0]["containerPort"]
    assert stage_named(STAGES, target).last("EXPOSE").args.split() == [str(port)]
    healthcheck = stage_named(STAGES, target).last("HEALTHCHECK").args
    assert f"http://127.0.0.1:{port}{HEALTH_PATHS[target]}'" in healthcheck


@pytest.mark.parametrize("target", ["actions", "workspace"])
def test_the_image_command_is_the_command_of_its_deployment(target):
    assert stage_named(STAGES, target).last("CMD").exec_form() == _container(target)["command"]


def test_the_rasa_image_starts_through_its_entrypoint_with_one_worker():
    assert stage_named(STAGES, "rasa").last("ENTRYPOINT").exec_form() == ["/usr/local/bin/rasa-entrypoint.sh"]
    assert "command" not in _container("rasa")
    assert env_of(STAGES, "rasa")["SANIC_WORKERS"] == "1"
    entrypoint = ROOT / "deploy/docker/rasa-entrypoint.sh"
    assert os.access(entrypoint, os.X_OK)
    assert subprocess.run(["sh", "-n", str(entrypoint)]).returncode == 0


# ---------------------------------------------------------------------------------------------
# What an image receives is enough to run its part


def _stage_files(target: str, into: Path) -> Path:
    """Copy what the Dockerfile copies from the build context into /app of ``target``."""
    app = into / "app"
    for copy in copies(stage_named(STAGES, target)):
        if copy.from_stage or not copy.dest.startswith("/app"):
            continue
        for source in copy.sources:
            for match in glob.glob(str(ROOT / source)):
                dest = app / copy.dest.removeprefix("/app").lstrip("/")
                if copy.dest.endswith("/") or len(copy.sources) > 1:
                    dest = dest / Path(match).name
                if Path(match).is_dir():
                    shutil.copytree(match, dest, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
                else:
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(match, dest)
    return app


# Images that install only part of requirements.lock; their parts run here behind an import guard.
LEAN = ("actions", "workspace")

IMPORT_GUARD = """
import importlib.abc, sys
ALLOWED = set(%r)


class OnlyWhatTheImageInstalls(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path=None, target=None):
        top = fullname.partition(".")[0]
        if "." in fullname or top in ALLOWED or top in sys.stdlib_module_names or top.startswith("_"):
            return None
        raise ModuleNotFoundError(f"{fullname} is not installed in the image", name=fullname)


sys.meta_path.insert(0, OnlyWhatTheImageInstalls())
"""


def _image_modules(target: str, app: Path) -> set[str]:
    """Top-level modules importable in the image: its packages' and its own files'."""
    installed = closure(pip_constrained(venv_stage(STAGES, target)))
    modules = {m for m, dists in top_level_modules().items() if dists & installed}
    return modules | {p.name.removesuffix(".py") for p in app.iterdir()}


def _environment(app: Path, tmp: Path, target: str | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SIGNAALROUTE_")}
    path = [str(app)]
    if target in LEAN:
        guard = tmp / "guard"
        guard.mkdir(exist_ok=True)
        # sitecustomize runs at every interpreter start, before anything of ours is imported.
        (guard / "sitecustomize.py").write_text(IMPORT_GUARD % sorted(_image_modules(target, app)))
        path.append(str(guard))
    env.update({
        "PYTHONPATH": os.pathsep.join(path),
        "PYTHONDONTWRITEBYTECODE": "1",
        "SIGNAALROUTE_VAR_DIR": str(tmp / "var"),
        "SIGNAALROUTE_DATABASE_URL": f"sqlite:///{tmp / 'signaalroute.db'}",
        "SIGNAALROUTE_SECRET_KEY": "test-secret-key-not-for-production",
        "SIGNAALROUTE_ENCRYPTION_KEY": "test-encryption-key-not-for-production",
        "SIGNAALROUTE_DEDUCE_CACHE_DIR": str(ROOT / "var" / "cache" / "deduce"),
    })
    return env


IMPORT_CHECK = """
import importlib, sys
for name in sys.argv[2:]:
    importlib.import_module(name)
outside = sorted(
    f"{name}: {module.__file__}" for name, module in list(sys.modules.items())
    if name.split(".")[0] in {"bot", "api", "actions", "rasa_ext", "tools"}
    and getattr(module, "__file__", None) and not module.__file__.startswith(sys.argv[1])
)
assert not outside, "imported from outside the image: " + ", ".join(outside)
# Every part reads the route maps and the lexicon (danger words) from the image's routekaarten/.
from bot.mapcheck import check_directory
from bot.settings import routekaarten_dir
assert str(routekaarten_dir()).startswith(sys.argv[1])
report = check_directory(routekaarten_dir(), max_age_months=1200)
assert not report.errors, report.errors[:3]
"""

def _rasa_modules() -> list[str]:
    """The project's modules Rasa loads by name: config.yml components, the cluster's stores and channels."""
    data = one(RESOURCES, "ConfigMap", "signaalroute-rasa")["data"]
    endpoints = yaml.safe_load(data["endpoints.yml"])
    config = yaml.safe_load((ROOT / "config.yml").read_text())
    names = [section["type"] for section in endpoints.values() if isinstance(section, dict) and "type" in section]
    names += list(yaml.safe_load(data["credentials.yml"]))
    names += [component["name"] for component in config["pipeline"] + config["policies"]]
    modules = {name.rsplit(".", 1)[0] for name in names if name.startswith("rasa_ext.")}
    # A module still to come from another part of issue 8 is reported by test_manifests (skipped there).
    present = {m for m in modules if importlib.util.find_spec(m) is not None}
    return ["rasa_ext", "bot.logredact", *sorted(present)]


ENTRY_MODULES = {
    "rasa": _rasa_modules(),
    "actions": ["tools.run_actions", "actions", "actions.signaalroute", "bot.store.recorder", "bot.anonymise"],
    "workspace": ["api.app", "api.cli", "bot.store.db"],
}


@pytest.mark.parametrize("target", TARGETS)
def test_the_image_holds_every_module_and_data_file_its_part_reads(target, tmp_path):
    app = _stage_files(target, tmp_path)
    result = subprocess.run([sys.executable, "-c", IMPORT_CHECK, str(app), *ENTRY_MODULES[target]],
                            cwd=app, env=_environment(app, tmp_path, target), capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]


def _serve(command: list[str], app: Path, tmp: Path, url: str, target: str):
    log = tmp / "server.log"
    with open(log, "wb") as stderr:
        process = subprocess.Popen(command, cwd=app, env=_environment(app, tmp, target), stdout=subprocess.DEVNULL,
                                   stderr=stderr, start_new_session=True)
    try:
        wait_for(url, timeout=120, proc=process)
    except (RuntimeError, TimeoutError):
        _stop(process)
        raise AssertionError(log.read_text()[-3000:]) from None
    return process


def _stop(process) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def test_the_workspace_image_signs_an_officer_in_and_serves_the_widget_and_the_design_system(tmp_path):
    import httpx

    app = _stage_files("workspace", tmp_path)
    # The frontend stage installs package.json's dependencies (not the test tools) into /app/node_modules.
    for package in json.loads((ROOT / "package.json").read_text())["dependencies"]:
        source = ROOT / "node_modules" / package
        if not source.is_dir():
            pytest.skip("node_modules is not installed (scripts/setup installs it)")
        (app / "node_modules" / package).parent.mkdir(parents=True, exist_ok=True)
        (app / "node_modules" / package).symlink_to(source)
    env = _environment(app, tmp_path, "workspace")
    # As an operator would: kubectl exec deploy/workspace -- python -m api.cli create-officer ...
    created = subprocess.run(
        [sys.executable, "-m", "api.cli", "create-officer", "--username", "af-heerlen", "--role",
         "aandachtsfunctionaris", "--municipality", "GM0917", "--password-stdin"],
        cwd=app, env=env, input="een-lang-wachtwoord-voor-de-test\n", capture_output=True, text=True, timeout=120)
    assert created.returncode == 0, created.stderr[-2000:]
    port = free_port()
    command = _container("workspace")["command"]
    command = [str(Path(sys.executable).parent / command[0]), *command[1:]]
    command[command.index("--port") + 1] = str(port)
    command[command.index("--host") + 1] = "127.0.0.1"
    base = f"http://127.0.0.1:{port}"
    process = _serve(command, app, tmp_path, base + "/healthz", "workspace")
    try:
        with httpx.Client(base_url=base, timeout=30) as client:
            form = client.get("/inloggen")
            token = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)
            signed_in = client.post("/inloggen", data={"username": "af-heerlen", "csrf_token": token,
                                                       "password": "een-lang-wachtwoord-voor-de-test"})
            assert signed_in.status_code == 303 and signed_in.headers["location"] == "/"
            start = client.get("/", follow_redirects=True)
            assert start.status_code == 200 and "/inloggen" not in str(start.url)
            assert client.get("/routekaarten", follow_redirects=True).status_code == 200
            assert b"signaalroute" in client.get("/widget/signaalroute-widget.js").content.lower()
            assert client.get("/vendor/socket.io/socket.io.min.js").status_code == 200
            assert client.get("/demo").status_code == 200
    finally:
        _stop(process)


def test_the_action_server_image_answers_on_its_health_url(tmp_path):
    app = _stage_files("actions", tmp_path)
    port = free_port()
    command = _container("actions")["command"]
    command = [sys.executable, *command[1:]]
    command[command.index("--port") + 1] = str(port)
    process = _serve(command, app, tmp_path, f"http://127.0.0.1:{port}/health", "actions")
    _stop(process)


RASA_ROUTES = """
import json, sys
from rasa.core.run import configure_app, create_http_input_channels
channels = create_http_input_channels(None, sys.argv[1])
app = configure_app(channels, cors=None, enable_api=False)   # as `rasa run` without --enable-api
print(json.dumps([["/" + r.path, sorted(r.methods)] for r in app.router.routes]))
"""


def test_the_rasa_image_serves_the_probe_path_and_every_public_path_and_no_api(tmp_path):
    app = _stage_files("rasa", tmp_path)
    credentials = tmp_path / "credentials.yml"
    credentials.write_text(one(RESOURCES, "ConfigMap", "signaalroute-rasa")["data"]["credentials.yml"])
    result = subprocess.run([sys.executable, "-c", RASA_ROUTES, str(credentials)], cwd=app,
                            env=_environment(app, tmp_path), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    routes = {path: set(methods) for path, methods in json.loads(result.stdout.strip().splitlines()[-1])}
    assert "GET" in routes[HEALTH_PATHS["rasa"]]
    public = [p["path"] for i in RESOURCES if i["kind"] == "Ingress"
              for rule in i["spec"]["rules"] for p in rule["http"]["paths"]
              if p["backend"]["service"]["name"].startswith("rasa")]
    for prefix in public:
        assert any(path == prefix or path.startswith(prefix + "/") for path in routes), prefix
    assert not [path for path in routes if path.startswith(("/conversations", "/model", "/status"))]


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # packaging's legacy-version warnings
def test_the_packages_left_out_of_the_images_are_needed_by_nothing_that_stays():
    # The venv stage drops the test and lint tools from requirements.lock; `pip check` in the
    # build fails when a package that stays needs one of them. Same check here, without a build.
    from importlib.metadata import PackageNotFoundError, distribution

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    run = " ".join(i.args for i in stage_named(STAGES, "venv").all("RUN"))
    pattern = re.search(r"grep -v -E '([^']+)' /tmp/requirements.lock", run).group(1)
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==")
            pins[canonicalize_name(name)] = (version.strip(), bool(re.search(pattern, line)))
    dropped = {name for name, (_, drop) in pins.items() if drop}
    assert {"pytest", "ruff", "kubernetes-validate"} <= dropped
    for name, (version, drop) in pins.items():
        if drop:
            continue
        try:
            requirements = distribution(name).requires or []
        except PackageNotFoundError:
            continue
        for text in requirements:
            requirement = Requirement(text)
            if requirement.marker and not requirement.marker.evaluate({"extra": ""}):
                continue
            assert canonicalize_name(requirement.name) not in dropped, f"{name} needs {requirement.name}"


@pytest.mark.parametrize("target", ["actions", "workspace"])
def test_the_parts_that_use_the_database_wait_for_the_migration_job(target):
    (init,) = pod_spec(one(RESOURCES, "Deployment", target))["initContainers"]
    assert init["image"] == _container(target)["image"]
    script = init["command"][1]
    assert [c for c in copies(stage_named(STAGES, target)) if c.dest == script]


def test_the_wait_ends_when_the_migration_job_has_run(tmp_path):
    app = _stage_files("workspace", tmp_path)
    env = _environment(app, tmp_path, "workspace")
    (init,) = pod_spec(one(RESOURCES, "Deployment", "workspace"))["initContainers"]
    wait = [sys.executable, str(app / init["command"][1].removeprefix("/app/")), "--timeout", "1", "--interval", "0.2"]
    before = subprocess.run(wait, cwd=app, env=env, capture_output=True, text=True, timeout=120)
    assert before.returncode == 1 and "migratie-job" in before.stderr
    (job,) = [r for r in RESOURCES if r["kind"] == "Job"]
    migrate = pod_spec(job)["containers"][0]["command"]
    assert subprocess.run([sys.executable, *migrate[1:]], cwd=app, env=env, timeout=120).returncode == 0
    after = subprocess.run(wait, cwd=app, env=env, capture_output=True, text=True, timeout=120)
    assert after.returncode == 0, after.stderr[-2000:]


@pytest.mark.parametrize("target", LEAN)
def test_the_import_guard_refuses_what_a_lean_image_does_not_install(target, tmp_path):
    app = _stage_files(target, tmp_path)
    result = subprocess.run([sys.executable, "-c", "import rasa"], cwd=app, env=_environment(app, tmp_path, target),
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "rasa is not installed in the image" in result.stderr


@pytest.mark.parametrize("target", LEAN)
def test_a_lean_image_installs_every_package_its_code_imports_at_the_locked_version(target, tmp_path):
    from packaging.utils import canonicalize_name

    names = pip_constrained(venv_stage(STAGES, target))
    assert names, f"{target}: no pip install -c requirements.lock in its venv stage"
    locked = {canonicalize_name(line.split("==")[0]) for line in (ROOT / "requirements.lock").read_text().splitlines()
              if "==" in line and not line.startswith("#")}
    assert {canonicalize_name(n) for n in names} <= locked
    assert not {"rasa", "tensorflow"} & closure(names)
    app = _stage_files(target, tmp_path)
    available = _image_modules(target, app)
    missing = {f"{name} ({path.relative_to(app)})" for path in app.rglob("*.py")
               for name in _required_imports(ast.parse(path.read_text()))
               if name not in available and name not in sys.stdlib_module_names}
    assert not missing, sorted(missing)


_IMPORT_ERRORS = {"ImportError", "ModuleNotFoundError", "Exception", "BaseException"}


def _required_imports(tree: ast.AST) -> set[str]:
    """Top-level modules a file imports, except inside ``try: ... except ImportError``."""
    def catches_import_error(handler: ast.ExceptHandler) -> bool:
        kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
        return handler.type is None or any(isinstance(k, ast.Name) and k.id in _IMPORT_ERRORS for k in kinds)

    optional = {id(inner) for node in ast.walk(tree) if isinstance(node, ast.Try)
                and any(catches_import_error(h) for h in node.handlers)
                for statement in node.body for inner in ast.walk(statement)}
    names = set()
    for node in ast.walk(tree):
        if id(node) in optional:
            continue
        if isinstance(node, ast.Import):
            names |= {alias.name.partition(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.partition(".")[0])
    return names


def test_the_action_server_image_deidentifies_with_its_own_packages_and_cache(tmp_path):
    app = _stage_files("actions", tmp_path)
    check = ("from bot.anonymise import is_ready, redact, warm_up\n"
             "warm_up().join()\n"
             "assert is_ready()\n"
             "print(redact('Jan de Vries belde met 0612345678 over zijn buurvrouw'))\n")
    result = subprocess.run([sys.executable, "-c", check], cwd=app, env=_environment(app, tmp_path, "actions"),
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Jan" not in result.stdout and "0612345678" not in result.stdout


def _entrypoint(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    """Run the Rasa image's entrypoint with a stand-in `rasa` that prints its arguments."""
    fake = tmp_path / "bin"
    fake.mkdir(exist_ok=True)
    (fake / "rasa").write_text('#!/bin/sh\nfor a in "$@"; do echo "$a"; done\n')
    (fake / "rasa").chmod(0o755)
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SIGNAALROUTE_")}
    environment.update(PATH=f"{fake}{os.pathsep}{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
                       PYTHONPATH=str(ROOT), **env)
    return subprocess.run([str(ROOT / "deploy/docker/rasa-entrypoint.sh"), "--extra"], env=environment,
                          capture_output=True, text=True, timeout=60)


def test_the_rasa_entrypoint_starts_rasa_with_the_pods_settings(tmp_path):
    container = _container("rasa")
    env = {name: entry["value"] for name, entry in container_env(container).items() if "value" in entry}
    origins = one(RESOURCES, "ConfigMap", "signaalroute-env")["data"]["SIGNAALROUTE_ALLOWED_ORIGINS"]
    result = _entrypoint(tmp_path, SIGNAALROUTE_ALLOWED_ORIGINS=origins, **env)
    assert result.returncode == 0, result.stderr
    args = result.stdout.split("\n")
    assert args[0] == "run" and "--enable-api" not in args and "--debug" not in args
    assert args[args.index("--port") + 1] == str(container["ports"][0]["containerPort"])
    assert args[args.index("--endpoints") + 1] == env["SIGNAALROUTE_RASA_ENDPOINTS"]
    assert args[args.index("--credentials") + 1] == env["SIGNAALROUTE_RASA_CREDENTIALS"]
    cors = args[args.index("--cors") + 1: args.index("--extra")]
    assert cors == origins.split()


def test_the_rasa_entrypoint_refuses_any_origin(tmp_path):
    result = _entrypoint(tmp_path, SIGNAALROUTE_ALLOWED_ORIGINS="*")
    assert result.returncode != 0 and "SIGNAALROUTE_ALLOWED_ORIGINS" in result.stderr and not result.stdout
