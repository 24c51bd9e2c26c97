"""A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps what it accepts, for the tests."""

from __future__ import annotations

import email
import email.policy
import re
import socket
import threading
from collections.abc import Callable

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """aiosmtpd handler: each accepted message, parsed; `before_accept` may answer instead
    (a refusal, or a test's kill) and then the message is not kept."""

    def __init__(self) -> None:
        self.raw: list[bytes] = []
        self._parsed: list[email.message.EmailMessage] = []
        self.lock = threading.Lock()
        self.refuse: set[str] = set()
        self.before_accept: Callable[[object], str | None] | None = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.before_accept is not None:
            answer = self.before_accept(envelope)
            if answer:
                return answer
        with self.lock:
            self.raw.append(envelope.content)
        return "250 Message accepted"

    @property
    def messages(self) -> list[email.message.EmailMessage]:
        """The accepted messages, parsed (parsing is left out of the server's loop)."""
        with self.lock:
            parsed = [
                email.message_from_bytes(raw, policy=email.policy.default)
                for raw in self.raw[len(self._parsed) :]
            ]
            self._parsed.extend(parsed)
            return list(self._parsed)

    def clear(self) -> None:
        with self.lock:
            self.raw.clear()
            self._parsed.clear()

    def recipients(self) -> list[str]:
        """Each accepted message's To header, read without parsing the whole message."""
        with self.lock:
            raws = list(self.raw)
        return [re.search(rb"^To: (.+?)\r?$", raw, re.M).group(1).decode() for raw in raws]

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


class SMTPServer:
    def __init__(self) -> None:
        self.inbox = Inbox()
        self.port = free_port()
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> SMTPServer:
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()
