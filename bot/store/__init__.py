"""Consultation store: models, sessions and the small services around them (issue 3)."""
