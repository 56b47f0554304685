"""`python -m devtools.mail_catcher`: a local SMTP server for the demo that prints each email as
a person would read it: who, subject, and the plain-text part decoded, links and all.

aiosmtpd's own Debugging handler prints the raw message, where an HTML survey email is base64
that nobody can read or click. This one prints the text part (or the HTML's text when there
is no text part), then any link only the HTML carries, so a newcomer can open each one.
"""

from __future__ import annotations

import argparse
import contextlib
import email
import email.policy
import re
import threading
from html import unescape
from html.parser import HTMLParser

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

LINK = re.compile(r"https?://[^\s\"'<>]+")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def readable(raw: bytes, recipients: list[str]) -> str:
    """The email as text for a terminal: headers a person checks, the body, then its links."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    body = message.get_body(preferencelist=("plain", "html"))
    text = body.get_content() if body is not None else ""
    if body is not None and body.get_content_type() == "text/html":
        parser = _Text()
        parser.feed(text)
        text = "\n".join(line.strip() for line in "".join(parser.parts).splitlines() if line.strip())
    # Links the text shown does not carry (an HTML part's buttons), so every one can be opened.
    html = [part.get_content() for part in message.walk() if part.get_content_type() == "text/html"]
    found = (unescape(link) for part in html for link in LINK.findall(part))
    links = [link for link in dict.fromkeys(found) if link not in text]
    lines = [
        f"----- email to {', '.join(recipients)} -----",
        f"From:    {message.get('From', '')}",
        f"Subject: {message.get('Subject', '')}",
        "",
        text.strip(),
    ]
    if links:
        lines += ["", "Links:"] + [f"  {link}" for link in links]
    return "\n".join(lines) + "\n"


class Printer:
    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        print(readable(envelope.original_content or envelope.content, envelope.rcpt_tos), flush=True)
        return "250 OK"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8025)
    args = parser.parse_args(argv)
    controller = Controller(Printer(), hostname=args.host, port=args.port, server_hostname="localhost")
    controller.start()
    print(f"Mail catcher at {args.host}:{args.port}: emails are printed here; Ctrl-C stops it.", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        threading.Event().wait()
    controller.stop()


if __name__ == "__main__":
    main()
