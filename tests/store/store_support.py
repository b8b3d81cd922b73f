"""Shared test data for the store suite (importable by name from the tests)."""
from __future__ import annotations

import base64
from datetime import datetime, timezone

SECRET = b"test-secret-key-0123456789abcdef"
FERNET_KEY = base64.urlsafe_b64encode(b"k" * 32)


def make_draft(**overrides):
    """A consultation draft as the chat action builds it; fields can be overridden."""
    from bot.store.codes import new_reference_code
    from bot.store.recorder import ConsultationDraft

    values = dict(
        reference_code=new_reference_code(),
        occurred_at=datetime(2026, 3, 14, 15, 42, 17, tzinfo=timezone.utc),
        municipality_code="GM0518",
        region_id="haaglanden",
        channel="rest",
        route_map_id="haaglanden",
        route_map_version="2026.11.1",
        answers={"acute": "nee", "subject": "persoon", "need": "melden", "form": "arbeid"},
        outcome_code="persoon.arbeid.melden",
        contacts_advised=["nla"],
        description="Ze werken daar 14 uur per dag.",
        completed=True,
    )
    values.update(overrides)
    return ConsultationDraft(**values)
