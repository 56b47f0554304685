"""Survey and reminder email over SMTP.

Callers depend on the `Mailer` protocol so tests and the composition root can hand in
any implementation; `SmtpMailer` is the one real one, built from the MAIL_* settings.
"""

from __future__ import annotations

import smtplib
import ssl
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage as MimeMessage
from email.utils import format_datetime, make_msgid, parseaddr
from typing import Protocol

from notify.errors import DeliveryError, TransientError, smtp_reply_error


@dataclass(frozen=True)
class EmailMessage:
    """What the product wants to say; MIME details are the mailer's business."""

    to: str
    subject: str
    text: str
    html: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    sender: str | None = None


class Mailer(Protocol):
    def send(self, message: EmailMessage) -> str:
        """Hand the message to the mail system and return its Message-ID."""
        ...


class SmtpMailer:
    """Sends over one SMTP connection kept open between messages.

    Opening a connection (and TLS, and login) costs more than sending a survey, and a worker
    sends its batches back to back. A kept connection may have been closed by the server while
    idle, so it is checked with NOOP before each message and reopened if dead: the check comes
    before anything is sent, so it can never cause a message to go twice. After any error the
    connection is dropped and the next message starts afresh.
    """

    def __init__(
        self,
        host: str,
        port: int,
        use_tls: bool,
        username: str | None,
        password: str | None,
        default_sender: str,
        timeout: float = 10,
    ) -> None:
        self.host = host
        self.port = port
        self.use_tls = use_tls
        self.username = username
        self.password = password
        self.default_sender = default_sender
        self.timeout = timeout
        self._smtp: smtplib.SMTP | None = None
        self._lock = threading.Lock()

    def send(self, message: EmailMessage) -> str:
        mime = self._build(message)
        with self._lock:
            try:
                refused = self._connection().send_message(mime)
            except (smtplib.SMTPException, OSError) as exc:
                self.close()
                raise _classify(exc) from exc
        if refused:
            raise _refused(refused)
        return str(mime["Message-ID"])

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            try:
                smtp.quit()
            except (smtplib.SMTPException, OSError):
                smtp.close()

    def _connection(self) -> smtplib.SMTP:
        if self._smtp is not None:
            try:
                if self._smtp.noop()[0] == 250:
                    return self._smtp
            except (smtplib.SMTPException, OSError):
                pass
            self.close()
        try:
            smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            if self.use_tls:
                smtp.starttls(context=ssl.create_default_context())
            if self.username:
                smtp.login(self.username, self.password or "")
        except (smtplib.SMTPException, OSError) as exc:
            raise _classify(exc) from exc
        self._smtp = smtp
        return smtp
    def _build(self, message: EmailMessage) -> MimeMessage:
        sender = message.sender or self.default_sender
        mime = MimeMessage()
        mime["Subject"] = message.subject
        mime["From"] = sender
        mime["To"] = message.to
        mime["Date"] = format_datetime(datetime.now(UTC))
        # An explicit domain keeps make_msgid from a slow reverse-DNS lookup.
        domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"
        mime["Message-ID"] = make_msgid(domain=domain)
        for name, value in message.headers.items():
            mime[name] = value
        mime.set_content(message.text)
        if message.html is not None:
            mime.add_alternative(message.html, subtype="html")
        return mime


def _classify(exc: Exception) -> DeliveryError:
    """Turn what smtplib raised into retry-later or give-up, with a reason safe to log."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return _refused(exc.recipients)
    if isinstance(exc, smtplib.SMTPDataError):
        return smtp_reply_error(exc.smtp_code, "data")
    if isinstance(exc, smtplib.SMTPSenderRefused):
        return smtp_reply_error(exc.smtp_code, "sender")
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        # Transient on purpose: see smtp_reply_error; the password is never shown.
        return TransientError("smtp auth failed", code=exc.smtp_code)
    if isinstance(exc, smtplib.SMTPResponseException):
        return smtp_reply_error(exc.smtp_code, "session")
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return TransientError("smtp disconnected")
    if isinstance(exc, smtplib.SMTPException):
        return TransientError(f"smtp {type(exc).__name__}")
    if isinstance(exc, ConnectionRefusedError):
        return TransientError("connection refused")
    if isinstance(exc, TimeoutError):
        return TransientError("smtp timeout")
    return TransientError(f"smtp connection failed ({type(exc).__name__})")


def _refused(recipients: dict[str, tuple[int, bytes]]) -> DeliveryError:
    """The mildest refusal decides: if any recipient got a 4xx, a retry may work."""
    return smtp_reply_error(min(code for code, _ in recipients.values()), "recipient")
