"""Sending e-mail over SMTP (stdlib ``smtplib``), with STARTTLS when the settings ask for it.

The mails say only that something arrived and where to look: never signal text, never a
reference code, never anything about the reporter (see `notification` and `reporter_notice`).
"""
from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage

from bot.settings import MailSettings

TIMEOUT_SECONDS = 10


def send(settings: MailSettings, to: str, subject: str, body: str) -> None:
    """Send one plain-text mail; raises ``OSError``/``smtplib.SMTPException`` when it fails."""
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = settings.sender, to, subject
    message.set_content(body)
    with smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT_SECONDS) as smtp:
        if settings.starttls:
            smtp.starttls(context=ssl.create_default_context(cafile=settings.ca_file or None))
        if settings.username:
            smtp.login(settings.username, settings.password)
        smtp.send_message(message)


def notification(settings: MailSettings, place: str, acute: bool, count: int = 1) -> tuple[str, str]:
    """(subject, body) telling an officer that consultations arrived for ``place`` ("gemeente Leiden")."""
    if acute:
        subject = f"Nieuw signaal (acuut) voor {place}"
    elif count == 1:
        subject = f"Nieuw signaal voor {place}"
    else:
        subject = f"{count} nieuwe signalen voor {place}"
    body = (f"{subject}.\n\nBekijk het in de werkruimte: {settings.public_url}/consultaties\n\n"
            "Deze e-mail bevat bewust geen inhoud. Je instellingen voor meldingen staan op "
            f"{settings.public_url}/instellingen.\n")
    return subject, body


def reporter_notice() -> tuple[str, str]:
    """(subject, body) for a reporter who left an e-mail address, when the officer answered."""
    subject = "Er is een bericht over je signaal"
    body = ("Er is een bericht over je signaal. Vraag het op met je code in de chat van Signaalroute, "
            "bijvoorbeeld: 'wat is de status van' en dan je code.\n\n"
            "In deze e-mail staat bewust geen inhoud en geen code.\n")
    return subject, body
