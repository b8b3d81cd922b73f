"""Tuning numbers from the environment (bot.settings.env_number) and the action server's URLs."""

from __future__ import annotations

import pytest

from bot.settings import action_server_url, env_number


@pytest.mark.parametrize("raw, expected", [("", 2.5), ("  ", 2.5), ("4", 4.0), ("0.5", 0.5), ("vijf", 2.5)])
def test_a_tuning_number_falls_back_to_its_default_when_blank_or_not_a_number(monkeypatch, raw, expected):
    monkeypatch.setenv("SIGNAALROUTE_TEST_NUMBER", raw)
    assert env_number("SIGNAALROUTE_TEST_NUMBER", 2.5) == expected


def test_a_tuning_number_below_its_minimum_gives_the_default(monkeypatch):
    monkeypatch.setenv("SIGNAALROUTE_TEST_NUMBER", "0")
    assert env_number("SIGNAALROUTE_TEST_NUMBER", 5.0, minimum=0.001) == 5.0
    assert env_number("SIGNAALROUTE_TEST_NUMBER", 5.0) == 0.0


def test_action_server_paths_sit_next_to_its_webhook(monkeypatch):
    monkeypatch.setenv("SIGNAALROUTE_ACTION_URL", "http://127.0.0.1:6055/webhook/")
    assert action_server_url("redact") == "http://127.0.0.1:6055/redact"
    assert action_server_url("health", "http://10.0.0.2:5055/webhook") == "http://10.0.0.2:5055/health"
    monkeypatch.delenv("SIGNAALROUTE_ACTION_URL")
    assert action_server_url("redact") == "http://127.0.0.1:5055/redact"
