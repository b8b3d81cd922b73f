"""Inbound authentication of the Teams channel against the Bot Framework stand-in.

A refused request must never reach the assistant and must never get an answer.
"""

from __future__ import annotations

import jwt

from tests.teams.botframework_standin import SigningKey


def test_channel_starts_without_contacting_microsoft(standin, make_harness):
    before = standin.key_requests
    make_harness()
    assert standin.key_requests == before


def test_valid_teams_message_is_accepted_and_answered(harness, user):
    result, replies = harness.post(user.message("hallo"))

    assert result.status == 200
    assert [m.text for m in harness.assistant.heard] == ["hallo"]
    assert replies and replies[0]["text"] == "Dank je."


def _refused(harness, user, **post):
    result, replies = harness.post(user.message("hallo"), **post)
    assert harness.assistant.heard == [], "a refused request reached the assistant"
    assert replies == [], "the bot answered a refused request"
    return result


def test_request_without_token_is_refused(harness, user):
    result = _refused(harness, user, authorization=None)
    assert result.status == 401
    assert "Authorization" in result.body["error"]


def test_malformed_authorization_is_refused(harness, user):
    assert _refused(harness, user, authorization="Basic dXNlcjpwdw==").status == 401
    assert _refused(harness, user, authorization="Bearer not-a-jwt").status == 401


def test_token_signed_by_another_key_is_refused(harness, user, standin):
    impostor = SigningKey.generate(kid=standin.key.kid)  # same key id, wrong key
    result = _refused(harness, user, token=standin.inbound_token(key=impostor))
    assert result.status == 401


def test_token_with_tampered_claims_is_refused(harness, user, standin):
    header, payload, signature = standin.inbound_token().split(".")
    forged_payload = jwt.utils.base64url_encode(
        jwt.utils.base64url_decode(payload).replace(standin.app_id.encode(), b"x" * len(standin.app_id))
    ).decode()
    result = _refused(harness, user, token=f"{header}.{forged_payload}.{signature}")
    assert result.status == 401


def test_token_for_another_bot_is_refused(harness, user, standin):
    result = _refused(harness, user, token=standin.inbound_token(audience="someone-else"))
    assert result.status == 401
    assert result.body["error"] == "Token is not meant for this bot."


def test_token_from_another_issuer_is_refused(harness, user, standin):
    result = _refused(harness, user, token=standin.inbound_token(issuer="https://evil.example"))
    assert result.status == 401


def test_expired_token_is_refused(harness, user, standin):
    result = _refused(harness, user, token=standin.inbound_token(lifetime=-3600))
    assert result.status == 401
    assert result.body["error"] == "Token has expired."


def test_token_expired_within_clock_skew_is_accepted(harness, user, standin):
    result, _ = harness.post(user.message("hallo"), token=standin.inbound_token(lifetime=-60))
    assert result.status == 200


def test_token_not_yet_valid_is_refused(harness, user, standin):
    token = standin.inbound_token(not_before_offset=3600, lifetime=7200)
    assert _refused(harness, user, token=token).status == 401


def test_unsigned_or_hmac_token_is_refused(harness, user, standin):
    unsigned = jwt.encode({"aud": standin.app_id}, None, algorithm="none", headers={"kid": standin.key.kid})
    assert _refused(harness, user, token=unsigned).status == 401
    hmac_token = jwt.encode(
        {"aud": standin.app_id, "iss": "https://api.botframework.com", "exp": 2**31 - 1},
        "a-guessed-secret-that-is-long-enough",
        algorithm="HS256",
        headers={"kid": standin.key.kid},
    )
    assert _refused(harness, user, token=hmac_token).status == 401


def test_token_for_another_service_url_is_refused(harness, user, standin):
    token = standin.inbound_token(service_url="https://attacker.example/")
    result = _refused(harness, user, token=token)
    assert result.status == 403


def test_key_not_endorsed_for_teams_is_refused(harness, user, standin):
    other_channel_key = SigningKey.generate()
    other_channel_key.endorsements = ["skype"]
    standin.published_keys.append(other_channel_key)
    try:
        result = _refused(harness, user, token=standin.inbound_token(key=other_channel_key))
    finally:
        standin.published_keys.remove(other_channel_key)
    assert result.status == 403


def test_other_tenant_is_refused_when_tenants_are_restricted(make_harness, user):
    restricted = make_harness(allowed_tenants=("another-tenant",))
    result, replies = restricted.post(user.message("hallo"))
    assert result.status == 403 and replies == [] and restricted.assistant.heard == []


def test_rotated_key_is_fetched_when_a_token_names_it(make_harness, standin, user):
    rig = make_harness(key_min_refresh_seconds=0)
    assert rig.post(user.message("hallo"))[0].status == 200
    new_key = SigningKey.generate()
    standin.published_keys.append(new_key)
    try:
        result, _ = rig.post(user.message("nog een vraag"), token=standin.inbound_token(key=new_key))
    finally:
        standin.published_keys.remove(new_key)
    assert result.status == 200


def test_unknown_key_ids_do_not_hammer_microsoft(harness, user, standin):
    assert harness.post(user.message("hallo"))[0].status == 200
    harness.assistant.heard.clear()
    before = standin.key_requests
    for _ in range(3):
        _refused(harness, user, token=standin.inbound_token(key=SigningKey.generate()))
    assert standin.key_requests == before


def test_unreachable_key_service_gives_503_not_500(make_harness, user):
    offline = make_harness(openid_metadata_url="http://127.0.0.1:9/none")
    result, replies = offline.post(user.message("hallo"))
    assert result.status == 503 and replies == []


def test_channel_without_app_id_refuses_everything(make_harness, user):
    unconfigured = make_harness(app_id="")
    result, replies = unconfigured.post(user.message("hallo"))
    assert result.status == 503 and replies == []
