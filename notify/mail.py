"""Survey and reminder email over SMTP.

Callers depend on the `Mailer` protocol so tests and the composition root can hand in
any implementation; `SmtpMailer` is the one real one, built from the MAIL_* settings.
"""

from __future__ import annotations

import smtplib
import ssl
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
    """Sends each message on a fresh SMTP connection.

    Survey mail goes out a few at a time from a worker that sleeps between rounds, so a
    kept-open connection would mostly be a stale one to detect and reopen; a connection
    per message is simpler and its cost does not matter at this volume.
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

    def send(self, message: EmailMessage) -> str:
        mime = self._build(message)
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                if self.use_tls:
                    smtp.starttls(context=ssl.create_default_context())
                if self.username:
                    smtp.login(self.username, self.password or "")
                refused = smtp.send_message(mime)
        except smtplib.SMTPRecipientsRefused as exc:
            raise _refused(exc.recipients) from exc
        except smtplib.SMTPDataError as exc:
            raise smtp_reply_error(exc.smtp_code, "data") from exc
        except smtplib.SMTPSenderRefused as exc:
            raise smtp_reply_error(exc.smtp_code, "sender") from exc
        except smtplib.SMTPAuthenticationError as exc:
            # Transient on purpose: see smtp_reply_error; the password is never shown.
            raise TransientError("smtp auth failed", code=exc.smtp_code) from exc
        except smtplib.SMTPResponseException as exc:
            raise smtp_reply_error(exc.smtp_code, "session") from exc
        except smtplib.SMTPServerDisconnected as exc:
            raise TransientError("smtp disconnected") from exc
        except smtplib.SMTPException as exc:
            raise TransientError(f"smtp {type(exc).__name__}") from exc
        except ConnectionRefusedError as exc:
            raise TransientError("connection refused") from exc
        except TimeoutError as exc:
            raise TransientError("smtp timeout") from exc
        except OSError as exc:
            reason = f"smtp connection failed ({type(exc).__name__})"
            raise TransientError(reason) from exc
        if refused:
            raise _refused(refused)
        return str(mime["Message-ID"])

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


def _refused(recipients: dict[str, tuple[int, bytes]]) -> DeliveryError:
    """The mildest refusal decides: if any recipient got a 4xx, a retry may work."""
    return smtp_reply_error(min(code for code, _ in recipients.values()), "recipient")
