"""The README commands fail clearly, without a traceback, when the machine is not ready."""

import os
import socket
import subprocess

from tests.stack import ROOT


def test_start_refuses_a_taken_port_with_a_clear_message():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            ["bash", "scripts/start"], cwd=ROOT, capture_output=True, text=True, timeout=60,
            env={**os.environ, "SIGNAALROUTE_RASA_PORT": str(port)},
        )
    assert result.returncode != 0
    assert f"Poort {port} is al in gebruik" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_setup_without_python_310_says_what_to_install(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = subprocess.run(
        ["bash", "scripts/setup"],
        cwd=ROOT, capture_output=True, text=True, timeout=60, env=env,
    )
    if os.path.exists("/usr/bin/python3.10"):
        assert result.returncode == 0
    else:
        assert result.returncode == 1
        assert "Python 3.10 is niet gevonden" in result.stderr and "pyenv install 3.10" in result.stderr
        assert "Traceback" not in result.stderr
