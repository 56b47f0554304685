"""SmtpMailer against a real SMTP server (aiosmtpd on localhost): what arrives, and how
each kind of refusal is classified for the outbox."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from notify.errors import PermanentError, TransientError
from notify.mail import EmailMessage, SmtpMailer
from tests.support.smtp_server import SmtpCatcher

SENDER = "Acme Support <surveys@acme.example>"
CUSTOMER = "jane@example.com"


@pytest.fixture
def smtp() -> Iterator[SmtpCatcher]:
    with SmtpCatcher() as catcher:
        yield catcher


def mailer_for(catcher: SmtpCatcher, **kwargs: object) -> SmtpMailer:
    settings: dict = {"use_tls": False, "username": None, "password": None} | kwargs
    return SmtpMailer(catcher.host, catcher.port, default_sender=SENDER, **settings)


def survey_email(**kwargs: object) -> EmailMessage:
    fields: dict = {
        "to": CUSTOMER,
        "subject": "How did we do on T-1001?",
        "text": "Rate us: https://surveys.example/s/abc",
        "html": '<p>Rate us: <a href="https://surveys.example/s/abc">here</a></p>',
    } | kwargs
    return EmailMessage(**fields)


@pytest.fixture
def closed_port() -> Iterator[int]:
    """A port that is bound but never listens, so connecting is refused for sure."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


def test_email_arrives_with_text_and_html_parts_and_headers(smtp: SmtpCatcher) -> None:
    unsubscribe = {
        "List-Unsubscribe": "<https://surveys.example/u/abc>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    message_id = mailer_for(smtp).send(survey_email(headers=unsubscribe))

    [received] = smtp.messages
    assert received["Message-ID"] == message_id
    assert message_id.endswith("@acme.example>")
    assert received["From"] == SENDER
    assert received["To"] == CUSTOMER
    assert received["Subject"] == "How did we do on T-1001?"
    assert received["Date"] is not None
    assert received["List-Unsubscribe"] == "<https://surveys.example/u/abc>"
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert received.get_content_type() == "multipart/alternative"
    text, html = received.iter_parts()
    assert text.get_content_type() == "text/plain"
    assert text.get_content().strip() == "Rate us: https://surveys.example/s/abc"
    assert html.get_content_type() == "text/html"
    assert 'href="https://surveys.example/s/abc"' in html.get_content()


def test_email_without_html_is_plain_text_from_its_own_sender(
    smtp: SmtpCatcher,
) -> None:
    mailer_for(smtp).send(survey_email(html=None, sender="sam@acme.example"))

    [received] = smtp.messages
    assert received.get_content_type() == "text/plain"
    assert received["From"] == "sam@acme.example"


def test_names_and_subjects_outside_ascii_arrive_intact_and_on_one_line(smtp: SmtpCatcher) -> None:
    mailer_for(smtp).send(
        survey_email(sender="Soporte Año <ayuda@acme.example>", subject="¿Qué tal?\r\nBcc: x@evil.example")
    )

    [received] = smtp.messages
    assert received["From"] == "Soporte Año <ayuda@acme.example>"
    assert received["Subject"] == "¿Qué tal? Bcc: x@evil.example"
    assert received["Bcc"] is None
    assert received.get_body(preferencelist=("plain",)).get_content().strip().startswith("Rate us")


def test_an_address_outside_ascii_is_given_up_without_touching_the_server(smtp: SmtpCatcher) -> None:
    with pytest.raises(PermanentError):
        mailer_for(smtp).send(survey_email(to="jöe@example.com"))
    assert smtp.messages == [] and smtp.connections == 0


def test_email_logs_in_when_the_server_requires_it() -> None:
    with SmtpCatcher(login=("mailer", "s3cret")) as catcher:
        mailer_for(catcher, username="mailer", password="s3cret").send(survey_email())
        assert len(catcher.messages) == 1

        with pytest.raises(TransientError) as failure:
            mailer_for(catcher, username="mailer", password="wrong").send(survey_email())
    assert failure.value.reason == "smtp auth failed"
    assert "wrong" not in str(failure.value)


def test_temporarily_refused_recipients_are_retried_later(smtp: SmtpCatcher) -> None:
    smtp.refuse_all_recipients("451 4.3.0 Mailbox busy")

    with pytest.raises(TransientError) as failure:
        mailer_for(smtp).send(survey_email())

    assert (failure.value.reason, failure.value.code) == ("smtp 451 on recipient", 451)
    assert smtp.messages == []


def test_unknown_recipient_is_given_up(smtp: SmtpCatcher) -> None:
    smtp.refuse_recipient(CUSTOMER, "550 5.1.1 No such user")

    with pytest.raises(PermanentError) as failure:
        mailer_for(smtp).send(survey_email())

    assert (failure.value.reason, failure.value.code) == ("smtp 550 on recipient", 550)
    assert failure.value.permanent
    assert not failure.value.opt_out


def test_rejected_message_content_is_given_up(smtp: SmtpCatcher) -> None:
    smtp.refuse_data("554 5.7.1 Message rejected as spam")

    with pytest.raises(PermanentError) as failure:
        mailer_for(smtp).send(survey_email())

    assert failure.value.reason == "smtp 554 on data"


def test_mail_server_not_listening_is_retried_later(closed_port: int) -> None:
    mailer = SmtpMailer("127.0.0.1", closed_port, False, None, None, SENDER, timeout=2)

    with pytest.raises(TransientError) as failure:
        mailer.send(survey_email())

    assert failure.value.reason == "connection refused"
    assert not failure.value.permanent


def test_consecutive_messages_share_one_connection_and_a_dead_idle_one_is_replaced(smtp):
    mailer = SmtpMailer(smtp.host, smtp.port, False, None, None, "support@example.com", idle_check_seconds=0)
    for n in range(3):
        mailer.send(EmailMessage(to=f"c{n}@example.com", subject="Hi", text="Hello"))
    assert len(smtp.wait_for(3)) == 3 and smtp.connections == 1
    mailer._smtp.sock.shutdown(socket.SHUT_RDWR)  # the connection died while we were idle
    mailer.send(EmailMessage(to="c3@example.com", subject="Hi", text="Hello"))
    assert len(smtp.wait_for(4)) == 4 and smtp.connections == 2
    mailer.close()


def test_a_connection_dropped_between_back_to_back_messages_fails_that_message_for_a_retry(smtp):
    mailer = SmtpMailer(smtp.host, smtp.port, False, None, None, "support@example.com", idle_check_seconds=60)
    mailer.send(EmailMessage(to="c0@example.com", subject="Hi", text="Hello"))
    mailer._smtp.sock.shutdown(socket.SHUT_RDWR)

    with pytest.raises(TransientError):
        mailer.send(EmailMessage(to="c1@example.com", subject="Hi", text="Hello"))
    mailer.send(EmailMessage(to="c1@example.com", subject="Hi", text="Hello"))  # the retry

    assert [m["To"] for m in smtp.wait_for(2)] == ["c0@example.com", "c1@example.com"]
    assert smtp.connections == 2
    mailer.close()
