"""Per-application state shared by the routes: settings and database."""
from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import Request

from bot.settings import MailSettings, Settings, mail_settings
from bot.store.db import Database


@dataclass
class AppContext:
    """What every request handler needs."""

    settings: Settings
    database: Database
    mail: MailSettings = field(default_factory=mail_settings)


def get_context(request: Request) -> AppContext:
    """The context of the app serving this request."""
    return request.app.state.ctx
