"""The Kubernetes manifests in deploy/k8s, checked offline: what `kubectl apply` would accept
(the Kubernetes OpenAPI schemas, strict) and what would otherwise only show in a cluster."""

from __future__ import annotations

import copy
import inspect
import re
import kubernetes_validate
import pytest
import yaml

from tests.deploy.files import (
    HEALTH_PATHS,
    K8S,
    KUBERNETES_VERSION,
    KUSTOMIZATIONS,
    TARGETS,
    all_resources,
    container_env,
    find,
    image_target,
    kustomization,
    main_container,
    one,
    pod_spec,
    part_workload,
    workloads,
)
from tests.stack import ROOT

RESOURCES = all_resources()

# Resident memory measured on this project's machine with all parts warm (docs/capacity.md):
# every pod must request at least this much, or the scheduler over-packs the node.
MEASURED_MB = {"rasa": 1000, "actions": 400, "workspace": 100}
PORTS = {"rasa": 5005, "actions": 5055, "workspace": 8000}


def _ids(resources):
    return [f"{r['kind']}/{r['metadata']['name']}" for r in resources]


def _workload(component: str) -> dict:
    return part_workload(RESOURCES, component)


def _container(component: str) -> dict:
    return main_container(RESOURCES, component)


def _mebibytes(quantity: str) -> float:
    units = {"Ki": 1 / 1024, "Mi": 1, "Gi": 1024, "K": 1e3 / 2**20, "M": 1e6 / 2**20, "G": 1e9 / 2**20}
    number, unit = re.fullmatch(r"([\d.]+)([A-Za-z]*)", str(quantity)).groups()
    return float(number) * units[unit] if unit else float(number) / 2**20


def _rasa_endpoints() -> dict:
    return yaml.safe_load(one(RESOURCES, "ConfigMap", "signaalroute-rasa")["data"]["endpoints.yml"])


# ---------------------------------------------------------------------------------------------
# What kubectl would accept


@pytest.mark.parametrize("resource", RESOURCES, ids=_ids(RESOURCES))
def test_every_manifest_is_valid_against_the_kubernetes_schema(resource):
    document = {k: v for k, v in resource.items() if k != "_file"}
    try:
        kubernetes_validate.validate(document, KUBERNETES_VERSION, strict=True)
    except kubernetes_validate.ValidationError as error:
        path = ".".join(str(p) for p in error.path)
        pytest.fail(f"{resource['_file']}: {resource['kind']}/{resource['metadata']['name']}: {path}: {error.message}")


def test_the_validator_rejects_a_misspelt_field_and_a_wrong_type():
    deployment = {k: v for k, v in _workload("rasa").items() if k != "_file"}
    misspelt = copy.deepcopy(deployment)
    container = pod_spec(misspelt)["containers"][0]
    container["readinesProbe"] = container.pop("readinessProbe")
    wrong_type = copy.deepcopy(deployment)
    wrong_type["spec"]["replicas"] = "two"
    for broken in (misspelt, wrong_type):
        with pytest.raises(kubernetes_validate.ValidationError):
            kubernetes_validate.validate(broken, KUBERNETES_VERSION, strict=True)


@pytest.mark.parametrize("directory", KUSTOMIZATIONS, ids=lambda d: d.name)
def test_every_manifest_file_is_in_its_kustomization(directory):
    listed = set(kustomization(directory)["resources"])
    present = {p.name for p in directory.glob("*.yaml")} - {"kustomization.yaml"}
    assert listed == present
    assert {p.parent for p in K8S.rglob("*.yaml")} <= set(KUSTOMIZATIONS)


# ---------------------------------------------------------------------------------------------
# Images, ports and probes


def test_every_image_is_a_target_of_the_dockerfile_with_a_fixed_tag():
    for workload in workloads(RESOURCES):
        for container in pod_spec(workload)["containers"]:
            assert image_target(container["image"]) in TARGETS, container["image"]
            assert re.search(r":[\w][\w.-]*$", container["image"]) and not container["image"].endswith(":latest")


@pytest.mark.parametrize("component", TARGETS)
def test_probes_use_the_health_url_of_the_part_on_its_named_port(component):
    container = _container(component)
    (port,) = container["ports"]
    assert port["containerPort"] == PORTS[component]
    for probe in ("readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"] == {"path": HEALTH_PATHS[component], "port": port["name"]}
    if "startupProbe" in container:
        assert container["startupProbe"]["httpGet"]["path"] == HEALTH_PATHS[component]


@pytest.mark.parametrize("component", ["actions", "workspace"])
def test_container_port_is_the_port_the_command_listens_on(component):
    container = _container(component)
    command = container["command"]
    assert command[command.index("--port") + 1] == str(container["ports"][0]["containerPort"])


def test_rasa_listens_on_its_container_port():
    # The image's entrypoint passes SIGNAALROUTE_RASA_PORT to `rasa run --port`.
    container = _container("rasa")
    assert container_env(container)["SIGNAALROUTE_RASA_PORT"]["value"] == str(container["ports"][0]["containerPort"])
    entrypoint = (ROOT / "deploy/docker/rasa-entrypoint.sh").read_text()
    assert '--port "${SIGNAALROUTE_RASA_PORT:-5005}"' in entrypoint


def test_services_reach_the_pods_of_their_workload_on_a_named_port():
    for service in find(RESOURCES, "Service"):
        if service["spec"].get("type") == "ExternalName":
            continue
        targets = [d for d in find(RESOURCES, "Deployment") + find(RESOURCES, "StatefulSet")
                   if service["spec"]["selector"].items() <= d["spec"]["template"]["metadata"]["labels"].items()]
        assert len(targets) == 1, service["metadata"]["name"]
        port_names = {p["name"] for c in pod_spec(targets[0])["containers"] for p in c["ports"]}
        for port in service["spec"]["ports"]:
            assert port["targetPort"] in port_names


# ---------------------------------------------------------------------------------------------
# Scaling and the Rasa traps


def test_the_action_servers_scale_with_a_horizontal_pod_autoscaler():
    hpa = one(RESOURCES, "HorizontalPodAutoscaler", "actions")
    target = hpa["spec"]["scaleTargetRef"]
    assert (target["kind"], target["name"]) == ("StatefulSet", "actions")
    one(RESOURCES, "StatefulSet", "actions")
    assert hpa["spec"]["minReplicas"] >= 2
    for other in find(RESOURCES, "HorizontalPodAutoscaler"):
        ref = other["spec"]["scaleTargetRef"]
        one(RESOURCES, ref["kind"], ref["name"])


def _image_env(target: str) -> dict:
    from tests.deploy.files import env_of, parse_dockerfile

    return env_of(parse_dockerfile()[1], target)


def test_the_outbox_of_each_action_server_is_on_its_own_persistent_volume(monkeypatch, tmp_path):
    # Consultations wait in var/outbox.db while the database is down: deleting, evicting or
    # updating a pod must not delete them, and each pod drains its own file (SQLite, one writer).
    statefulset = one(RESOURCES, "StatefulSet", "actions")
    var_dir = _image_env("actions")["SIGNAALROUTE_VAR_DIR"]
    container = _container("actions")
    assert "SIGNAALROUTE_VAR_DIR" not in container_env(container)
    assert "SIGNAALROUTE_VAR_DIR" not in one(RESOURCES, "ConfigMap", "signaalroute-env")["data"]
    (mount,) = [m for m in container["volumeMounts"] if m["mountPath"] == var_dir]
    claims = {c["metadata"]["name"]: c["spec"] for c in statefulset["spec"]["volumeClaimTemplates"]}
    assert mount["name"] in claims, "the outbox directory is not a claim of its own"
    assert mount["name"] not in {v["name"] for v in pod_spec(statefulset).get("volumes", [])}
    assert claims[mount["name"]]["accessModes"] == ["ReadWriteOnce"]
    assert _mebibytes(claims[mount["name"]]["resources"]["requests"]["storage"]) >= 64
    # A claim outlives a scale-down and the StatefulSet itself: a later pod drains it.
    assert statefulset["spec"]["persistentVolumeClaimRetentionPolicy"] == {"whenDeleted": "Retain", "whenScaled": "Retain"}
    one(RESOURCES, "Service", statefulset["spec"]["serviceName"])
    assert statefulset["spec"]["podManagementPolicy"] == "Parallel"
    # ... and that directory is where the action server puts its outbox.
    from bot.store.outbox import DurableRecorder

    monkeypatch.setenv("SIGNAALROUTE_VAR_DIR", str(tmp_path / var_dir.lstrip("/")))
    monkeypatch.setenv("SIGNAALROUTE_DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite'}")
    recorder = DurableRecorder.from_settings()
    try:
        assert recorder.outbox.path.parent == tmp_path / var_dir.lstrip("/")
    finally:
        recorder.close()


def test_rasa_and_the_action_server_run_one_sanic_worker_per_pod():
    assert container_env(_container("rasa"))["SANIC_WORKERS"]["value"] == "1"
    assert container_env(_container("actions"))["ACTION_SERVER_SANIC_WORKERS"]["value"] == "1"


# Rasa's RedisLockStore, or the project's race-free Redis ticket lock (rasa_ext/lock_store.py).
REDIS_LOCK_STORES = ("redis", "rasa_ext.lock_store.RedisTicketLockStore")


def test_rasa_uses_a_redis_lock_store_and_the_redacting_tracker_store_on_postgresql():
    cluster = _rasa_endpoints()
    repo = yaml.safe_load((ROOT / "endpoints.yml").read_text())
    lock = cluster["lock_store"]
    assert lock["type"] in REDIS_LOCK_STORES
    tracker = cluster["tracker_store"]
    assert tracker["dialect"] == "postgresql" and tracker["url"] == "postgres"
    # Rasa passes `url` as `host`: a `host:` key would make the store fail to start.
    assert "host" not in tracker and "host" not in lock
    # Only the connection differs from the repository's endpoints.yml (redaction options alike).
    connection = {"dialect", "url", "port", "db", "username", "password", "login_db", "query"}
    assert {k: v for k, v in tracker.items() if k not in connection} == \
        {k: v for k, v in repo["tracker_store"].items() if k not in connection}
    assert cluster["action_endpoint"] == repo["action_endpoint"]


def _cluster_endpoint(section: str, monkeypatch, tmp_path):
    """A section of the cluster's endpoints.yml read by Rasa's own loader, ${VAR}s filled in."""
    from rasa.utils.endpoints import read_endpoint_config

    env = container_env(_container("rasa"))
    text = one(RESOURCES, "ConfigMap", "signaalroute-rasa")["data"]["endpoints.yml"]
    for name in re.findall(r"\$\{(\w+)\}", text):
        # Rasa fails on a variable that is not set: each must come from the Rasa pod.
        assert name in env or name in one(RESOURCES, "ConfigMap", "signaalroute-env")["data"], name
        monkeypatch.setenv(name, "redis://:x@redis:6379/0" if name.endswith("REDIS_URL") else "x")
    path = tmp_path / "endpoints.yml"
    path.write_text(text)
    return read_endpoint_config(str(path), section)


def test_the_tracker_store_accepts_the_cluster_settings(monkeypatch, tmp_path):
    from rasa_ext.tracker_store import RedactingSQLTrackerStore

    tracker = _cluster_endpoint("tracker_store", monkeypatch, tmp_path)
    assert tracker.type == "rasa_ext.tracker_store.RedactingSQLTrackerStore"
    # The arguments Rasa passes to a tracker store named by its class (it would connect here).
    inspect.signature(RedactingSQLTrackerStore.__init__).bind(
        None, host=tracker.url, domain=None, event_broker=None, **tracker.kwargs
    )


def test_rasa_builds_a_redis_lock_store_from_the_cluster_settings(monkeypatch, tmp_path):
    from rasa.core.lock_store import InMemoryLockStore, LockStore

    config = _cluster_endpoint("lock_store", monkeypatch, tmp_path)
    if config.type.startswith("rasa_ext."):
        # rasa_ext/lock_store.py comes with the multi-instance stack (issue 8, point 4).
        pytest.importorskip(config.type.rsplit(".", 1)[0])
    store = LockStore.create(config)        # connects lazily: nothing is sent to Redis here
    assert not isinstance(store, InMemoryLockStore)
    assert type(store).__name__ in {"RedisLockStore", config.type.rsplit(".", 1)[-1]}


def test_the_cluster_credentials_open_the_same_channels_as_the_repository():
    cluster = yaml.safe_load(one(RESOURCES, "ConfigMap", "signaalroute-rasa")["data"]["credentials.yml"])
    assert cluster == yaml.safe_load((ROOT / "credentials.yml").read_text())


def test_rasa_reads_the_mounted_endpoints_and_credentials():
    container = _container("rasa")
    env = container_env(container)
    mount = next(m for m in container["volumeMounts"] if m["name"] == "config")["mountPath"]
    assert env["SIGNAALROUTE_RASA_ENDPOINTS"]["value"] == f"{mount}/endpoints.yml"
    assert env["SIGNAALROUTE_RASA_CREDENTIALS"]["value"] == f"{mount}/credentials.yml"


def test_postgresql_and_redis_are_external_services():
    for name in ("postgres", "redis"):
        assert one(RESOURCES, "Service", name)["spec"]["type"] == "ExternalName"
    # No database runs in the cluster; the one StatefulSet is the action servers' outbox.
    assert [s["metadata"]["name"] for s in find(RESOURCES, "StatefulSet")] == ["actions"]


# ---------------------------------------------------------------------------------------------
# Ingress: sticky socket.io, round robin for REST and Teams


def _paths(ingress):
    for rule in ingress["spec"]["rules"]:
        for path in rule["http"]["paths"]:
            yield path["path"], path["backend"]["service"]["name"]


def test_socketio_is_sticky_by_cookie_and_rest_and_teams_are_round_robin():
    ingresses = find(RESOURCES, "Ingress")
    sticky = [i for i in ingresses if i["metadata"].get("annotations", {}).get("nginx.ingress.kubernetes.io/affinity") == "cookie"]
    sticky_paths = {p for i in sticky for p in _paths(i)}
    assert {p for p, _ in sticky_paths} == {"/socket.io"}
    annotations = sticky[0]["metadata"]["annotations"]
    assert annotations["nginx.ingress.kubernetes.io/session-cookie-name"]
    assert annotations["nginx.ingress.kubernetes.io/affinity-mode"] == "persistent"
    plain = {p for i in ingresses if i not in sticky for p in _paths(i)}
    assert {"/webhooks/rest", "/webhooks/teams"} <= {p for p, _ in plain}
    # ingress-nginx keeps affinity per backend Service: no Service may be both.
    assert not {s for _, s in sticky_paths} & {s for _, s in plain}
    for _, service in sticky_paths | plain:
        one(RESOURCES, "Service", service)


def test_every_public_host_has_tls():
    for ingress in find(RESOURCES, "Ingress"):
        hosts = {r["host"] for r in ingress["spec"]["rules"]}
        assert hosts <= {h for t in ingress["spec"]["tls"] for h in t["hosts"]}


# ---------------------------------------------------------------------------------------------
# Secrets by reference only, least privilege


SECRETISH = re.compile(r"(KEY|PASSWORD|SECRET|TOKEN|_URL)$|^(username|password)$", re.IGNORECASE)
CREDENTIAL_IN_URL = re.compile(r"\w+://[^/\s:@]+:[^/\s@]+@")


def test_no_secret_value_is_in_the_repository():
    assert not find(RESOURCES, "Secret")
    for workload in workloads(RESOURCES):
        for container in pod_spec(workload)["containers"]:
            for name, entry in container_env(container).items():
                if "value" in entry and SECRETISH.search(name):
                    assert not CREDENTIAL_IN_URL.search(entry["value"]) and name in {
                        "SIGNAALROUTE_ACTION_URL", "SIGNAALROUTE_RASA_ENDPOINTS", "SIGNAALROUTE_RASA_CREDENTIALS"
                    }, f"{name} has a plain value"
    for config in find(RESOURCES, "ConfigMap"):
        for key, value in config["data"].items():
            assert not CREDENTIAL_IN_URL.search(value), key
            assert not (SECRETISH.search(key) and not key.endswith("ACTION_URL")), key
            for line in value.splitlines():
                match = re.match(r"\s*(password|username|secret|token)\s*:\s*(\S+)", line)
                if match:
                    assert re.fullmatch(r"\$\{\w+\}", match.group(2)), line
    for path in K8S.rglob("*.yaml"):
        assert not CREDENTIAL_IN_URL.search(path.read_text()), path


def test_every_secret_the_manifests_name_is_documented_for_the_operator():
    docs = (ROOT / "docs" / "deploy.md").read_text()
    for workload in workloads(RESOURCES):
        for container in pod_spec(workload)["containers"]:
            for entry in container.get("env", []):
                ref = entry.get("valueFrom", {}).get("secretKeyRef")
                if ref:
                    assert f"`{ref['name']}`" in docs and f"`{ref['key']}`" in docs, ref
            for source in container.get("envFrom", []):
                if "secretRef" in source:
                    assert f"`{source['secretRef']['name']}`" in docs
    for ingress in find(RESOURCES, "Ingress"):
        for tls in ingress["spec"]["tls"]:
            assert f"`{tls['secretName']}`" in docs


APP_SECRET_KEYS = ("SIGNAALROUTE_DATABASE_URL", "SIGNAALROUTE_SECRET_KEY", "SIGNAALROUTE_ENCRYPTION_KEY")


def test_the_parts_that_store_consultations_get_the_database_and_the_keys_from_one_secret():
    docs = (ROOT / "docs" / "deploy.md").read_text()
    for key in APP_SECRET_KEYS:
        assert f"`{key}`" in docs
    for workload in workloads(RESOURCES):
        if workload["metadata"]["name"] == "rasa":
            continue
        (container,) = pod_spec(workload)["containers"]
        assert {"secretRef": {"name": "signaalroute-app"}} in container["envFrom"], workload["metadata"]["name"]


def test_the_rasa_server_gets_no_encryption_key_and_no_workspace_database():
    container = _container("rasa")
    env = container_env(container)
    assert "SIGNAALROUTE_ENCRYPTION_KEY" not in env and "SIGNAALROUTE_DATABASE_URL" not in env
    assert all(s.get("secretRef", {}).get("name") != "signaalroute-app" for s in container["envFrom"])


# ---------------------------------------------------------------------------------------------
# Pods: resources from measurements, restricted security, no service links


@pytest.mark.parametrize("component", TARGETS)
def test_memory_requests_cover_what_was_measured(component):
    resources = _container(component)["resources"]
    request = _mebibytes(resources["requests"]["memory"])
    limit = _mebibytes(resources["limits"]["memory"])
    measured = MEASURED_MB[component] * 1e6 / 2**20
    assert measured <= request <= limit
    assert resources["requests"]["cpu"] and resources["limits"]["cpu"]


@pytest.mark.parametrize("workload", workloads(RESOURCES), ids=_ids(workloads(RESOURCES)))
def test_every_pod_runs_as_non_root_without_privileges_or_service_links(workload):
    spec = pod_spec(workload)
    assert spec["securityContext"]["runAsNonRoot"] is True
    assert spec["securityContext"]["runAsUser"] != 0
    assert spec["securityContext"]["seccompProfile"]["type"] == "RuntimeDefault"
    # Service links would put SERVICE_PORT=tcp://... variables next to the project's own settings.
    assert spec["enableServiceLinks"] is False
    assert spec["automountServiceAccountToken"] is False
    for container in spec["containers"] + spec.get("initContainers", []):
        context = container["securityContext"]
        assert context["allowPrivilegeEscalation"] is False
        assert context["capabilities"]["drop"] == ["ALL"]


def test_a_disruption_budget_keeps_every_part_serving():
    for component in TARGETS:
        deployment = _workload(component)
        budget = one(RESOURCES, "PodDisruptionBudget", component)
        assert budget["spec"]["selector"]["matchLabels"].items() <= \
            deployment["spec"]["template"]["metadata"]["labels"].items()
        assert budget["spec"]["minAvailable"] < deployment["spec"]["replicas"]


# ---------------------------------------------------------------------------------------------
# Network: only the ingress reaches rasa and the workspace; only our pods reach the actions


def _allowed_sources(component: str) -> list[dict]:
    labels = _workload(component)["spec"]["template"]["metadata"]["labels"]
    sources = []
    for policy in find(RESOURCES, "NetworkPolicy"):
        if policy["spec"]["podSelector"].get("matchLabels", {}).items() <= labels.items() and \
                policy["spec"]["podSelector"]:
            for rule in policy["spec"].get("ingress", []):
                sources.extend(rule["from"])
    return sources


def test_by_default_nothing_reaches_a_pod():
    assert any(p["spec"]["podSelector"] == {} and p["spec"]["policyTypes"] == ["Ingress"] and not p["spec"].get("ingress")
               for p in find(RESOURCES, "NetworkPolicy"))


@pytest.mark.parametrize("component", ["rasa", "workspace"])
def test_only_the_ingress_controller_reaches_the_public_parts(component):
    sources = _allowed_sources(component)
    assert sources
    for source in sources:
        assert source["namespaceSelector"]["matchLabels"] == {"kubernetes.io/metadata.name": "ingress-nginx"}


def test_only_rasa_and_the_workspace_reach_the_action_server():
    components = {s["podSelector"]["matchLabels"]["app.kubernetes.io/component"] for s in _allowed_sources("actions")}
    assert all("namespaceSelector" not in s for s in _allowed_sources("actions"))
    # The workspace asks the action server to de-identify (it loads no deduce of its own).
    assert components == {"rasa", "workspace"}


def test_rasa_believes_forwarded_addresses_only_from_the_named_ingress_range():
    import ipaddress

    (config,) = [c for c in find(RESOURCES, "ConfigMap") if c["metadata"]["name"] == "signaalroute-env"]
    ranges = config["data"]["SIGNAALROUTE_TRUSTED_PROXIES"].replace(",", " ").split()
    networks = [ipaddress.ip_network(r) for r in ranges]
    # Narrow and private: a pod network, never "everyone".
    assert networks and all(n.is_private and n.prefixlen >= 8 for n in networks)
    text = (K8S / "base" / "config.yaml").read_text()
    assert "ingress-nginx" in text.split("SIGNAALROUTE_TRUSTED_PROXIES:")[0].rsplit("SIGNAALROUTE_TRACKER_TTL_HOURS", 1)[1]
    assert "signaalroute-env" in {s.get("configMapRef", {}).get("name") for s in _container("rasa")["envFrom"]}


def test_the_rasa_server_and_the_action_server_share_the_action_token_from_a_secret():
    rasa = container_env(_container("rasa"))["SIGNAALROUTE_ACTION_TOKEN"]
    assert rasa["valueFrom"]["secretKeyRef"] == {"name": "signaalroute-app", "key": "SIGNAALROUTE_ACTION_TOKEN"}
    assert {"secretRef": {"name": "signaalroute-app"}} in _container("actions")["envFrom"]
    assert "`SIGNAALROUTE_ACTION_TOKEN`" in (ROOT / "docs" / "deploy.md").read_text()


# ---------------------------------------------------------------------------------------------
# Jobs: one migration before the workspace, a nightly retention run


def _cli_commands() -> set[str]:
    from api.cli import build_parser

    parser = build_parser()
    (subparsers,) = [a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction"]
    return set(subparsers.choices)


def test_one_migration_job_runs_the_alembic_upgrade_outside_the_base():
    (job,) = find(RESOURCES, "Job")
    command = pod_spec(job)["containers"][0]["command"]
    assert command[:3] == ["python", "-m", "api.cli"] and command[3] == "migrate" in _cli_commands()
    assert job["_file"].startswith("deploy/k8s/migrate/")
    assert pod_spec(job)["restartPolicy"] == "Never"


def test_retention_runs_nightly_with_the_cli_command_that_exists():
    cronjob = one(RESOURCES, "CronJob", "retention")
    command = pod_spec(cronjob)["containers"][0]["command"]
    assert command[:3] == ["python", "-m", "api.cli"] and command[3] == "purge-expired" in _cli_commands()
    assert cronjob["spec"]["concurrencyPolicy"] == "Forbid"


def test_the_cluster_endpoints_pass_the_multi_instance_startup_checks(monkeypatch, tmp_path):
    # rasa_ext/startup_checks.py comes with the multi-instance stack (issue 8, point 4).
    checks = pytest.importorskip("rasa_ext.startup_checks")
    _cluster_endpoint("lock_store", monkeypatch, tmp_path)   # writes endpoints.yml, sets its ${VAR}s
    monkeypatch.setenv("SANIC_WORKERS", container_env(_container("rasa"))["SANIC_WORKERS"]["value"])
    assert checks.problems(str(tmp_path / "endpoints.yml"), shared=True) == []
