"""A real SMTP server on localhost that keeps what it receives, for tests.

Tests send through the real `smtplib` to this aiosmtpd server, so they check the mail a
customer's provider would get (parts, headers) and real SMTP refusals, not a mock's
idea of them.
"""

from __future__ import annotations

import email
import email.policy
import threading
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session


class _AnyFreePortController(Controller):
    """A Controller bound to port 0, so parallel test runs never collide.

    aiosmtpd connects once to `self.port` to check the server answers; read the port the
    OS picked before it does, or it would dial port 0.
    """

    def _trigger_server(self) -> None:
        assert self.server is not None
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


class SmtpCatcher:
    """Accepts mail on 127.0.0.1, or refuses it the way real servers do when told to."""

    def __init__(self, login: tuple[str, str] | None = None) -> None:
        self.host = "127.0.0.1"
        self._login = login
        self._received: list[EmailMessage] = []
        self._changed = threading.Condition()
        self._recipient_replies: dict[str, str] = {}
        self._all_recipients_reply: str | None = None
        self._data_reply: str | None = None
        self.connections = 0  # sessions that said EHLO: shows whether a sender reuses one
        self.quits = 0  # sessions the sender ended with QUIT rather than by dropping the socket
        options: dict[str, Any] = {}
        if login is not None:
            options = {"authenticator": self._authenticate, "auth_require_tls": False}
        # A fixed server name spares a reverse-DNS lookup per connection.
        self._controller = _AnyFreePortController(
            self, hostname=self.host, port=0, server_hostname="localhost", **options
        )

    @property
    def port(self) -> int:
        return self._controller.port

    @property
    def messages(self) -> list[EmailMessage]:
        with self._changed:
            return list(self._received)

    def wait_for(self, count: int, timeout: float = 10) -> list[EmailMessage]:
        """Block until `count` emails arrived, for senders in another thread/process."""
        with self._changed:
            if not self._changed.wait_for(lambda: len(self._received) >= count, timeout):
                raise TimeoutError(f"{len(self._received)} of {count} emails arrived")
            return list(self._received)

    def refuse_recipient(self, address: str, reply: str = "550 5.1.1 No such user") -> None:
        self._recipient_replies[address] = reply

    def refuse_all_recipients(self, reply: str = "451 4.3.0 Try again later") -> None:
        self._all_recipients_reply = reply

    def refuse_data(self, reply: str = "554 5.7.1 Message rejected") -> None:
        self._data_reply = reply

    def start(self) -> SmtpCatcher:
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()

    def __enter__(self) -> SmtpCatcher:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # aiosmtpd handler hooks, run on the controller's event-loop thread.

    async def handle_EHLO(self, server: SMTP, session: Session, envelope: Envelope, hostname: str, responses):
        self.connections += 1
        session.host_name = hostname
        return responses

    async def handle_QUIT(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.quits += 1
        return "221 Bye"

    async def handle_RCPT(
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        address: str,
        rcpt_options: list[str],
    ) -> str:
        reply = self._recipient_replies.get(address) or self._all_recipients_reply
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        if self._data_reply:
            return self._data_reply
        content = envelope.content
        assert isinstance(content, bytes)
        message = email.message_from_bytes(content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        with self._changed:
            self._received.append(message)
            self._changed.notify_all()
        return "250 Message accepted for delivery"

    def _authenticate(
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        mechanism: str,
        auth_data: Any,
    ) -> AuthResult:
        assert self._login is not None
        given = (
            (auth_data.login.decode(), auth_data.password.decode())
            if isinstance(auth_data, LoginPassword)
            else None
        )
        # handled=False: let aiosmtpd send the standard 535 reply on failure.
        return AuthResult(success=given == self._login, handled=False)
