"""scripts/cluster and tools/cluster.py refuse a shape they cannot run, before starting anything."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.stack import ROOT


@pytest.mark.parametrize("workers", ["2", "4"])
def test_the_cluster_refuses_more_than_one_sanic_worker_per_rasa_server(workers, tmp_path):
    env = {**os.environ, "SANIC_WORKERS": workers, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "tools.cluster", "--instances", "2", "--dir", str(tmp_path)],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "SANIC_WORKERS" in result.stderr and "SIGNAALROUTE_INSTANCES" in result.stderr
    assert not any(tmp_path.iterdir()), "nothing is written before the refusal"


@pytest.mark.parametrize("instances", ["1", "twee", "-3"])
def test_scripts_cluster_needs_two_or_more_instances(instances):
    env = {**os.environ, "SIGNAALROUTE_INSTANCES": instances}
    result = subprocess.run([str(ROOT / "scripts" / "cluster")], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "SIGNAALROUTE_INSTANCES moet een getal van 2 of meer zijn" in result.stderr


@pytest.mark.skipif(shutil.which("haproxy") is None, reason="haproxy is not installed (scripts/setup --with-test-tools)")
def test_the_generated_haproxy_configuration_is_valid(tmp_path):
    from tools.cluster import Ports, haproxy_config

    config = tmp_path / "haproxy.cfg"
    config.write_text(haproxy_config(Ports(chat=15005, workspace=18000, instances=3)))
    result = subprocess.run(["haproxy", "-c", "-f", str(config)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    text = config.read_text()
    assert text.count("server rasa") == 6 and text.count("server actions") == 3
    assert "cookie SRSERVER insert" in text and "balance roundrobin" in text
