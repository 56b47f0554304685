"""Survey and reminder email over SMTP.

Callers depend on the `Mailer` protocol so tests and the composition root can hand in
any implementation; `SmtpMailer` is the one real one, built from the MAIL_* settings.
"""

from __future__ import annotations

import secrets
import smtplib
import ssl
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.header import Header
from email.mime.multipart import MIMEMultipart
from email.mime.nonmultipart import MIMENonMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime, formataddr, make_msgid, parseaddr
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
    idle, so after `idle_check_seconds` without use it is checked with NOOP and reopened if
    dead: the check comes before anything is sent, so it can never cause a message to go twice.
    Between messages sent back to back the check is skipped (it cost a round trip per message);
    should the server drop the connection in that second anyway, the message fails before its
    first command is answered and is retried like any transient failure. After any error the
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
        idle_check_seconds: float = 1.0,
    ) -> None:
        self.host = host
        self.port = port
        self.use_tls = use_tls
        self.username = username
        self.password = password
        self.default_sender = default_sender
        self.timeout = timeout
        self.idle_check_seconds = idle_check_seconds
        self._smtp: smtplib.SMTP | None = None
        self._last_used = 0.0
        self._lock = threading.Lock()

    def send(self, message: EmailMessage) -> str:
        mime = self._build(message)
        with self._lock:
            try:
                refused = self._connection().send_message(mime)
                self._last_used = time.monotonic()
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
            if time.monotonic() - self._last_used < self.idle_check_seconds:
                return self._smtp
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

    def _build(self, message: EmailMessage) -> MIMENonMultipart | MIMEMultipart:
        """Classic (compat32) MIME classes: the modern header registry parses and refolds every
        header and took more of a worker's time than rendering and sending the survey together."""
        sender = message.sender or self.default_sender
        text = MIMEText(message.text, "plain", "utf-8")
        if message.html is None:
            mime: MIMENonMultipart | MIMEMultipart = text
        else:
            # A boundary no base64 body can contain spares the generator a regex search of
            # both parts for a collision.
            mime = MIMEMultipart("alternative", boundary="=_" + secrets.token_hex(16))
            mime.attach(text)
            mime.attach(MIMEText(message.html, "html", "utf-8"))
        mime["Subject"] = _header(message.subject)
        mime["From"] = _address(sender)
        mime["To"] = _address(message.to)
        mime["Date"] = format_datetime(datetime.now(UTC))
        # An explicit domain keeps make_msgid from a slow reverse-DNS lookup.
        domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"
        mime["Message-ID"] = make_msgid(domain=domain)
        for name, value in message.headers.items():
            mime[name] = _header(value)
        return mime


def _header(value: str) -> str | Header:
    """Plain ASCII as is; anything else RFC 2047-encoded, and never a raw line break."""
    value = " ".join(value.splitlines())
    return value if value.isascii() else Header(value, "utf-8")


def _address(value: str) -> str:
    """A display name outside ASCII is encoded; the address itself must stay as written."""
    name, address = parseaddr(value)
    if not name:
        return " ".join(value.splitlines())
    return formataddr((name, address), charset="utf-8")


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
