"""The attention officer's workspace (FastAPI): pages, JSON API, CLI."""
