"""A real local SMTP server for tests (aiosmtpd), with STARTTLS on a throw-away certificate."""
from __future__ import annotations

import contextlib
import datetime
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from pathlib import Path


def _certificate(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (cert, key)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = directory / "smtp-cert.pem", directory / "smtp-key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


@dataclass
class Inbox:
    """What the server received, with the time each mail arrived."""

    host: str
    port: int
    ca_file: str
    mails: list = field(default_factory=list)   # (monotonic time, recipients, email.message.EmailMessage)

    def env(self) -> dict[str, str]:
        """The workspace settings that send to this server over STARTTLS."""
        return {"SIGNAALROUTE_SMTP_HOST": self.host, "SIGNAALROUTE_SMTP_PORT": str(self.port),
                "SIGNAALROUTE_SMTP_STARTTLS": "true", "SIGNAALROUTE_SMTP_CA_FILE": self.ca_file,
                "SIGNAALROUTE_SMTP_FROM": "signaalroute@test.example", "SIGNAALROUTE_NOTIFY_INTERVAL_SECONDS": "0.5"}

    def wait_for(self, count: int, timeout: float) -> list:
        deadline = time.monotonic() + timeout
        while len(self.mails) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return list(self.mails)


@contextlib.contextmanager
def smtp_server(directory: Path):
    """Run an SMTP server on a free port that requires STARTTLS; yields its `Inbox`."""
    from aiosmtpd.controller import Controller

    cert, key = _certificate(directory)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    inbox = Inbox("127.0.0.1", port, str(cert))

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            message = message_from_bytes(envelope.content, policy=policy.default)
            inbox.mails.append((time.monotonic(), list(envelope.rcpt_tos), message))
            return "250 OK"

    controller = Controller(Handler(), hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()
