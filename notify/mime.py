"""An email as bytes on the wire: headers, and a plain-text part with an optional HTML one."""

from __future__ import annotations

import base64
import secrets
from datetime import UTC, datetime
from email.header import Header
from email.utils import format_datetime, formataddr, make_msgid, parseaddr
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from notify.mail import EmailMessage


def encode(message: EmailMessage, sender: str) -> tuple[str, bytes]:
    """The message's Message-ID and its bytes on the wire.

    Written out directly rather than through the email package's generator, which folded
    and re-encoded every header and took more of a worker's time than rendering the survey.
    Every value still goes through the stdlib's encoders (RFC 2047 headers, base64 bodies),
    and the result is read back with the email package in the tests.
    """
    # An explicit domain keeps make_msgid from a slow reverse-DNS lookup.
    domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"
    message_id = make_msgid(domain=domain)
    lines = [
        f"Subject: {_header(message.subject)}",
        f"From: {_address(sender)}",
        f"To: {_address(message.to)}",
        f"Date: {format_datetime(datetime.now(UTC))}",
        f"Message-ID: {message_id}",
        *(f"{name}: {_header(value)}" for name, value in message.headers.items()),
        "MIME-Version: 1.0",
    ]
    if message.html is None:
        lines += _text_part("plain", message.text)
    else:
        # No base64 body can contain "=_", so the boundary needs no search for collisions.
        boundary = "=_" + secrets.token_hex(16)
        lines += [
            f'Content-Type: multipart/alternative; boundary="{boundary}"',
            "",
            f"--{boundary}",
            *_text_part("plain", message.text),
            f"--{boundary}",
            *_text_part("html", message.html),
            f"--{boundary}--",
        ]
    return message_id, "\r\n".join(lines).encode("ascii")


def _text_part(subtype: str, body: str) -> list[str]:
    encoded = base64.encodebytes(body.encode("utf-8")).decode("ascii")
    return [
        f'Content-Type: text/{subtype}; charset="utf-8"',
        "Content-Transfer-Encoding: base64",
        "",
        *encoded.splitlines(),
    ]


def _header(value: str) -> str:
    """Plain ASCII as is; anything else RFC 2047-encoded, and never a raw line break."""
    value = _one_line(value)
    return value if value.isascii() else Header(value, "utf-8").encode(linesep="\r\n")


def _address(value: str) -> str:
    """A display name outside ASCII is encoded; the address itself must stay as written."""
    name, address = parseaddr(value)
    return formataddr((name, address), charset="utf-8") if name else _one_line(value)


def _one_line(value: str) -> str:
    """A line break in a header value would start a header of the sender's choosing."""
    return " ".join(value.splitlines())
