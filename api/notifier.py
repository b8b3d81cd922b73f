"""Telling officers that consultations arrived: acute ones at once, the others in a daily digest.

The workspace runs `notify_loop` while it is up: every ``SIGNAALROUTE_NOTIFY_INTERVAL_SECONDS``
(2) it asks the store what is due (`bot.store.notices.due_mail`), sends it through SMTP and
remembers what went out. A mail that fails is tried again on the next round; the log names
counts and error types, never addresses or content. Without ``SIGNAALROUTE_SMTP_HOST`` nothing
is sent.
"""
from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from zoneinfo import ZoneInfo

from fastapi.concurrency import run_in_threadpool

from api import mailer, wording
from api.context import AppContext
from bot.settings import MailSettings
from bot.store import notices
from bot.store.types import utcnow

logger = logging.getLogger(__name__)
LOCAL_TIME = ZoneInfo("Europe/Amsterdam")
_background = ThreadPoolExecutor(max_workers=1, thread_name_prefix="signaalroute-mail")


def _place(consultations) -> str:
    codes = {c.municipality_code for c in consultations}
    if len(codes) == 1 and None not in codes:
        return f"gemeente {wording.municipality(codes.pop())}"
    regions = {c.region_id for c in consultations}
    return f"regio {wording.route_map_name(regions.pop())}" if len(regions) == 1 else "je gemeenten"


def notify_once(ctx: AppContext, settings: MailSettings, now: datetime | None = None) -> int:
    """Send what is due now; returns how many mails went out."""
    now = now or utcnow()
    local = now.astimezone(LOCAL_TIME)
    sent = 0
    with ctx.database.session() as session:
        due = notices.due_mail(session, now, local)
        for mail in due:
            subject, body = mailer.notification(settings, _place(mail.consultations), mail.acute,
                                                len(mail.consultations))
            try:
                mailer.send(settings, mail.to, subject, body)
            except Exception as exc:  # noqa: BLE001 - the next round tries again
                logger.error("notification not sent (%s)", type(exc).__name__)
                continue
            notices.mark_mailed(session, mail, local.date().isoformat())
            session.commit()
            sent += 1
    return sent


async def notify_loop(ctx: AppContext, settings: MailSettings) -> None:
    """Look for what is due every interval, while the workspace runs."""
    while True:
        try:
            sent = await run_in_threadpool(notify_once, ctx, settings)
            if sent:
                logger.info("notifications: %d mail(s) sent", sent)
        except Exception as exc:  # noqa: BLE001 - a failed round must not stop later ones
            logger.error("notification round failed (%s)", type(exc).__name__)
        await asyncio.sleep(settings.interval_seconds)


def tell_reporter(settings: MailSettings, address: str) -> None:
    """In the background: tell the reporter there is a message (no content, no code)."""
    if not settings.enabled:
        return

    def work() -> None:
        subject, body = mailer.reporter_notice()
        try:
            mailer.send(settings, address, subject, body)
        except Exception as exc:  # noqa: BLE001
            logger.error("reporter notice not sent (%s)", type(exc).__name__)

    _background.submit(work)
