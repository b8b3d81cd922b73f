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


def test_start_runs_every_part_under_the_supervisor_and_ctrl_c_leaves_nothing_running(tmp_path):
    import signal
    import time

    import psutil

    from tests.stack import free_port, wait_for

    ports = {name: free_port() for name in ("RASA", "RASA_INTERNAL", "ACTION", "API")}
    env = {
        **os.environ,
        **{f"SIGNAALROUTE_{name}_PORT": str(port) for name, port in ports.items()},
        "SIGNAALROUTE_DATABASE_URL": f"sqlite:///{tmp_path / 'signaalroute.db'}",
        "SIGNAALROUTE_TRACKER_DB": str(tmp_path / "tracker.db"),
        "SIGNAALROUTE_VAR_DIR": str(tmp_path / "var"),
    }
    (tmp_path / "var").mkdir()
    out = open(tmp_path / "start.out", "w+")
    start = subprocess.Popen(["bash", "scripts/start"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_for(f"http://127.0.0.1:{ports['RASA']}/", 300, start)
        deadline = time.monotonic() + 60
        while "Signaalroute draait" not in (tmp_path / "start.out").read_text() and time.monotonic() < deadline:
            time.sleep(0.5)
        assert "Stoppen: Ctrl-C." in (tmp_path / "start.out").read_text()
        tree = [start.pid, *(p.pid for p in psutil.Process(start.pid).children(recursive=True))]
        assert len(tree) >= 4  # the supervisor and its three parts
        start.send_signal(signal.SIGINT)  # what Ctrl-C sends
        start.wait(60)
    finally:
        if start.poll() is None:
            start.kill()
        out.close()
    deadline = time.monotonic() + 10
    while any(psutil.pid_exists(pid) for pid in tree) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in tree if psutil.pid_exists(pid)]
    assert "Traceback" not in (tmp_path / "start.out").read_text()


def test_the_scripts_switch_rasa_telemetry_off():
    # Rasa would report usage to Rasa Inc.; every script sources lib.sh, so the default stack
    # sends nothing, as the cluster and the images already do.
    env = {k: v for k, v in os.environ.items() if k != "RASA_TELEMETRY_ENABLED"}
    result = subprocess.run(["bash", "-c", 'source scripts/lib.sh && printf %s "$RASA_TELEMETRY_ENABLED"'],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "false"
