"""Survey and reminder email over SMTP.

Callers depend on the `Mailer` protocol so tests and the composition root can hand in
any implementation; `SmtpMailer` is the one real one, built from the MAIL_* settings.
"""

from __future__ import annotations

import smtplib
import ssl
import threading
import time
from dataclasses import dataclass, field
from email.utils import parseaddr
from typing import Protocol

from notify.errors import DeliveryError, PermanentError, TransientError, smtp_reply_error
from notify.mime import encode


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

    def close_all(self) -> None:
        """Close whatever connections sending left open."""
        ...


class SmtpMailer:
    """Sends over one SMTP connection per sending thread, kept open between messages.

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
        self._local = threading.local()  # the connection and when it was last used, per thread
        self._open: set[smtplib.SMTP] = set()  # every thread's, for close_all
        self._open_lock = threading.Lock()

    @property
    def _smtp(self) -> smtplib.SMTP | None:
        return getattr(self._local, "smtp", None)

    @_smtp.setter
    def _smtp(self, smtp: smtplib.SMTP | None) -> None:
        self._local.smtp = smtp

    @property
    def _last_used(self) -> float:
        return getattr(self._local, "last_used", 0.0)

    @_last_used.setter
    def _last_used(self, when: float) -> None:
        self._local.last_used = when

    def send(self, message: EmailMessage) -> str:
        sender = message.sender or self.default_sender
        try:
            message_id, data = encode(message, sender)
        except UnicodeEncodeError:
            raise PermanentError("address outside ASCII (SMTPUTF8 is not used)") from None
        try:
            refused = self._connection().sendmail(parseaddr(sender)[1], [parseaddr(message.to)[1]], data)
            self._last_used = time.monotonic()
        except (smtplib.SMTPException, OSError) as exc:
            self.close()
            raise _classify(exc) from exc
        if refused:
            raise _refused(refused)
        return message_id

    def close(self) -> None:
        """Close this thread's connection."""
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            with self._open_lock:
                self._open.discard(smtp)
            _quit(smtp)

    def close_all(self) -> None:
        """Say goodbye on every thread's connection: for when the threads sending have ended
        (a stopping worker), so that the server sees a QUIT rather than a dropped socket."""
        with self._open_lock:
            connections, self._open = self._open, set()
        for smtp in connections:
            _quit(smtp)
        self._local = threading.local()

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
        with self._open_lock:
            self._open.add(smtp)
        return smtp


def _quit(smtp: smtplib.SMTP) -> None:
    try:
        smtp.quit()
    except (smtplib.SMTPException, OSError):
        smtp.close()


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
