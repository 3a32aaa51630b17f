"""A real SMTP server on a free local port (aiosmtpd) that keeps what it receives, for the tests of the e-mails."""

from __future__ import annotations

import email
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email import policy

from aiosmtpd.controller import Controller

from tests.support.dev_server import free_port


class Inbox:
    """What the SMTP server received: (sender, recipients, parsed message)."""

    def __init__(self, port: int = 0) -> None:
        self.port = port
        self.mails: list[tuple[str, list[str], email.message.EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope):
        self.mails.append((envelope.mail_from, list(envelope.rcpt_tos), email.message_from_bytes(envelope.content, policy=policy.default)))
        return "250 OK"

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [m for _, rcpt, m in self.mails if rcpt == [address]]

    def wait_for(self, address: str, count: int = 1, timeout: float = 20) -> list[email.message.EmailMessage]:
        """The e-mails to `address` once there are `count` of them (AssertionError after `timeout` seconds)."""
        deadline = time.monotonic() + timeout
        while len(self.to(address)) < count:
            assert time.monotonic() < deadline, f"{count} e-mail(s) to {address} expected, {len(self.to(address))} came"
            time.sleep(0.05)
        return self.to(address)

    @property
    def env(self) -> dict[str, str]:
        """The settings that send leasedash's e-mails here."""
        return {"LEASEDASH_SMTP_HOST": "127.0.0.1", "LEASEDASH_SMTP_PORT": str(self.port)}


@contextmanager
def smtp_sink() -> Iterator[Inbox]:
    """A running SMTP server and the inbox it fills."""
    inbox = Inbox(free_port())
    controller = Controller(inbox, hostname="127.0.0.1", port=inbox.port)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()
