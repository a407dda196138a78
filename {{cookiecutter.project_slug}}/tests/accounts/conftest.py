"""A real SMTP server for the mail tests, and apps that send to it."""

import re
import socket
import threading
from collections.abc import Callable, Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from flask import Flask

from {{ cookiecutter.package_name }}.database.models import db

TOKEN = re.compile(r"token=([A-Za-z0-9_-]+)")


class Inbox:
    """What the SMTP server received, one parsed message per recipient."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        """aiosmtpd's hook for each message: keep it."""
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        with self.lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        """The messages sent to ``address``, oldest first."""
        with self.lock:
            return [m for m in self.messages if m["To"] == address]

    def token(self, address: str) -> str:
        """The token in the link of the latest message to ``address``."""
        message = self.to(address)[-1]
        match = TOKEN.search(text_of(message))
        assert match, "the mail holds no token"
        return match.group(1)


def text_of(message: EmailMessage) -> str:
    """A message's plain-text part."""
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())


def html_of(message: EmailMessage) -> str:
    """A message's HTML part."""
    part = message.get_body(preferencelist=("html",))
    assert part is not None
    return str(part.get_content())


def free_port() -> int:
    """A TCP port nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    """An SMTP server on a free port, and the inbox of what it received."""
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


@pytest.fixture
def inbox(smtp: tuple[Inbox, int]) -> Inbox:
    """What the tests' SMTP server received."""
    return smtp[0]


@pytest.fixture
def app(make_app: Callable[..., Flask], smtp: tuple[Inbox, int]) -> Iterator[Flask]:
    """An app that sends its mail to the tests' SMTP server, with empty tables."""
    app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=str(smtp[1]))
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
