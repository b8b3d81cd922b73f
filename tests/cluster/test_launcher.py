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


@pytest.mark.skipif(shutil.which("haproxy") is None, reason="haproxy is not installed (scripts/setup --with-test-tools)")
def test_with_no_rasa_server_up_the_balancer_itself_still_gives_112(tmp_path):
    # All Rasa servers down (or all stuck on a hung database): a REST client gets a clear answer with
    # 112 and the national numbers from HAProxy, not an empty 503 page.
    import json
    import time
    import urllib.error
    import urllib.request

    from bot.texts import TECHNICAL_PROBLEM
    from tests.stack import free_port
    from tools.cluster import Ports, haproxy_config

    ports = Ports(chat=free_port(), workspace=free_port(), instances=2)  # nothing listens on the servers' ports
    config = tmp_path / "haproxy.cfg"
    config.write_text(haproxy_config(ports))
    balancer = subprocess.Popen(["haproxy", "-f", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        request = urllib.request.Request(
            f"http://127.0.0.1:{ports.chat}/webhooks/rest/webhook",
            data=json.dumps({"sender": "x", "message": "hij wordt nu geslagen, spoed"}).encode(),
            headers={"Content-Type": "application/json"},
        )
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(request, timeout=10)
                pytest.fail("a balancer without servers answered 200")
            except urllib.error.HTTPError as error:
                status, body = error.code, error.read()
                break
            except urllib.error.URLError:  # not listening yet
                assert time.monotonic() < deadline, "HAProxy did not start"
                time.sleep(0.2)
        assert status == 503
        replies = json.loads(body)
        assert replies[0]["text"] == TECHNICAL_PROBLEM and "112" in replies[0]["text"]
    finally:
        balancer.terminate()
        balancer.wait(timeout=10)
