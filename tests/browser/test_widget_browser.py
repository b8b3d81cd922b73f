"""The intranet widget in headless Chromium (playwright-core + axe-core, see widget_scenarios.mjs).

Every scenario runs against the real stack: the workspace serving the demo page,
the Rasa server with the trained model and the action server.
Screenshots go to test-artifacts/browser/<target>/.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import tempfile
import threading
import time
from typing import Callable, Optional

import pytest
import requests

from tests.browser.conftest import ROOT, WidgetTarget

SCENARIOS = ROOT / "tests" / "browser" / "widget_scenarios.mjs"
ARTIFACTS = ROOT / "test-artifacts" / "browser"
SCENARIO_TIMEOUT_S = 420

pytestmark = [pytest.mark.browser, pytest.mark.e2e]


def run_scenario(
    scenario: str, target: WidgetTarget, on_restart: Optional[Callable[[], None]] = None
) -> dict:
    """Run one browser scenario; return its JSON result or fail with its error output."""
    env = dict(os.environ)
    env.update(
        {
            "SCENARIO": scenario,
            "DEMO_URL": target.demo_url,
            "RASA_URL": target.rasa_url,
            "ARTIFACTS_DIR": str(ARTIFACTS / target.name),
        }
    )
    # stderr goes to a file: a full pipe nobody reads would block the browser run.
    with tempfile.TemporaryFile(mode="w+") as errors_file:
        proc = subprocess.Popen(
            ["node", str(SCENARIOS)],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=errors_file,
            text=True,
        )
        try:
            result = _follow(proc, on_restart)
            proc.wait(30)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        errors_file.seek(0)
        errors = errors_file.read()
    assert proc.returncode == 0 and result, (
        f"{scenario} on {target.name} failed (exit {proc.returncode}):\n{errors}"
    )
    return result


def _follow(proc: subprocess.Popen, on_restart: Optional[Callable[[], None]]) -> Optional[dict]:
    """Read the scenario's stdout until its result; restart Rasa when it asks.

    Lines are read in a thread so that a browser helper process still holding
    the pipe open cannot keep the test waiting after node has exited.
    """
    lines: "queue.Queue[Optional[str]]" = queue.Queue()

    def reader() -> None:
        for line in proc.stdout:
            lines.put(line)
        lines.put(None)

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    deadline = time.monotonic() + SCENARIO_TIMEOUT_S
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.5)
        except queue.Empty:
            if proc.poll() is not None:
                # Node is gone; give the reader a moment for its last lines.
                thread.join(5)
                if lines.empty():
                    return None
            continue
        if line is None:
            return None
        if line.strip() == "RESTART_NOW":
            assert on_restart, "the scenario asked for a Rasa restart nobody can do"
            on_restart()
            proc.stdin.write("restarted\n")
            proc.stdin.flush()
        elif line.startswith("{"):
            return json.loads(line)
    raise AssertionError(f"browser scenario still running after {SCENARIO_TIMEOUT_S} s")


def assert_nla_phone_link(href: str) -> None:
    assert href.startswith("tel:")
    assert "8005151" in href.replace("-", "")


def test_route_to_nla_with_mouse_shows_contact_card_with_phone_link(target):
    result = run_scenario("route-mouse", target)
    assert_nla_phone_link(result["href"])


def test_conversation_continues_after_reload_and_gesprek_wissen_forgets_it(target):
    result = run_scenario("reload-clear", target)
    assert_nla_phone_link(result["href"])
    assert result["sessionChanged"]


def test_route_to_nla_with_keyboard_only(target):
    result = run_scenario("route-keyboard", target)
    assert_nla_phone_link(result["href"])


def test_axe_reports_no_wcag_violations_with_chat_open_and_contact_card(target):
    assert run_scenario("axe", target)["violations"] == 0


def test_widget_survives_rasa_restart_mid_conversation(target):
    result = run_scenario("restart", target, on_restart=target.restart_rasa)
    assert_nla_phone_link(result["href"])
    assert any("weg" in s for s in result["statusLog"])
    assert any("terug" in s for s in result["statusLog"])


def test_widget_fits_320px_and_200_percent_zoom(target):
    result = run_scenario("zoom", target)
    assert_nla_phone_link(result["320px"])
    assert_nla_phone_link(result["zoom-200"])


def test_widget_falls_back_to_rest_without_socketio(target):
    result = run_scenario("rest-fallback", target)
    assert result["transport"] == "rest"
    assert result["cards"] >= 1
    assert_nla_phone_link(result["href"])


def test_after_112_continuing_by_the_button_reaches_a_contact_card_in_view(target):
    result = run_scenario("acute-continue", target)
    assert_nla_phone_link(result["href"])


def test_after_112_typing_ga_verder_continues_the_route(target):
    result = run_scenario("acute-typed", target)
    assert any("persoon" in title.lower() for title in result["titles"])


def test_gesprek_wissen_asks_first_and_names_the_reference_code(target):
    assert_nla_phone_link(run_scenario("clear-confirm", target)["href"])


def test_shop_second_number_is_a_phone_link_on_one_line(target):
    assert run_scenario("shop-number", target)["card"] == "SHOP"


def test_widget_modules_are_served_as_they_are_for_an_intranet_on_another_origin(stack):
    """The one script tag loads ES modules; cross-origin module scripts need CORS and a JS type."""
    loader = requests.get(f"{stack.api_url}/widget/signaalroute-widget.js", timeout=10)
    assert loader.status_code == 200 and 'import(new URL("signaalroute/widget.js"' in loader.text
    modules = sorted(p.name for p in (ROOT / "widget" / "static" / "signaalroute").glob("*.js"))
    assert "widget.js" in modules
    for name in modules:
        answer = requests.get(
            f"{stack.api_url}/widget/signaalroute/{name}", headers={"Origin": "https://intranet.example.nl"}, timeout=10
        )
        assert answer.status_code == 200, name
        assert "javascript" in answer.headers["content-type"], name
        assert answer.headers.get("access-control-allow-origin") == "*", name
        assert answer.text == (ROOT / "widget" / "static" / "signaalroute" / name).read_text(encoding="utf-8")
