"""The survey email as the customer's mail provider receives it, through a real SMTP server."""

from __future__ import annotations

import re

from core.extensions import db
from survey.models import Customer
from tests.support.html import text
from tests.support.webhooks import close_ticket, run_worker, signed, ticket_closed

LINK = re.compile(r"http://survey\.test/s/[A-Za-z0-9_-]{32}")


def parts(message) -> tuple[str, str]:
    """The plain and HTML bodies as a mail client shows them (SMTP line ends made plain)."""
    plain, html = (message.get_body(preferencelist=(kind,)).get_content() for kind in ("plain", "html"))
    return plain.replace("\r\n", "\n"), html.replace("\r\n", "\n")


def unsubscribe_path(message) -> str:
    """The one-click URL; the header is folded onto its own line when long, as RFC 5322 allows."""
    return message["List-Unsubscribe"].strip().strip("<>").removeprefix("http://survey.test")


def test_invitation_has_both_parts_the_agent_the_subject_and_every_link(app, client, clock, smtp):
    assert close_ticket(client, clock).status_code == 202
    run_worker(app)

    [email] = smtp.messages
    plain, html = parts(email)
    link = LINK.search(plain).group(0)
    assert email["From"] == "Acme Repairs <support@example.com>"
    assert email["To"] == "jane@example.com"
    assert email["Subject"] == "Acme Repairs: how did we do? Printer offline"
    assert plain.startswith("Hi Jane,")
    assert 'Sam Lee closed your request "Printer offline".' in plain
    assert "Sam Lee closed your request <strong>Printer offline</strong>." in html
    for rating in range(1, 6):
        assert re.search(rf"{rating} – \w[\w ]*: {re.escape(link)}\?rating={rating}\n", plain)
        assert f'href="{link}?rating={rating}"' in html
    assert f"Or open your survey: {link}\n" in plain
    assert f'<a href="{link}">Open the survey</a>' in html
    assert email["List-Unsubscribe"].strip() == f"<{link}/unsubscribe>"
    assert email["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_rating_link_in_the_email_opens_the_form_with_that_rating(app, client, clock, smtp):
    close_ticket(client, clock)
    run_worker(app)
    link = LINK.search(parts(smtp.messages[0])[0]).group(0)

    page = client.get(link.removeprefix("http://survey.test") + "?rating=4")

    assert page.status_code == 200
    assert "Printer offline" in text(page.text)
    radios = re.findall(r'<input[^>]*name="rating"[^>]*>', page.text)
    assert len(radios) == 5 and [tag for tag in radios if re.search(r"\schecked\b", tag)] == [
        next(tag for tag in radios if 'value="4"' in tag)
    ]


def test_one_click_unsubscribe_opts_the_customer_out_of_every_later_survey(app, client, clock, smtp):
    close_ticket(client, clock)
    run_worker(app)
    unsubscribe = unsubscribe_path(smtp.messages[0])

    # What a mail provider sends for RFC 8058 one-click: a form POST, no cookie, no CSRF token.
    done = client.post(unsubscribe, data={"List-Unsubscribe": "One-Click"})

    assert done.status_code == 200
    assert "You're unsubscribed" in text(done.text)
    with app.app_context():
        assert db.session.query(Customer).one().opted_out_at == clock.now()
    clock.advance(days=8)
    later = close_ticket(client, clock, "T-2002")
    assert later.get_json() == {"status": "skipped", "reason": "opted_out"}
    clock.advance(hours=49)
    run_worker(app)
    assert len(smtp.messages) == 1


def test_unsubscribe_link_opened_in_a_browser_asks_before_opting_out(app, client, clock, smtp):
    close_ticket(client, clock)
    run_worker(app)
    unsubscribe = unsubscribe_path(smtp.messages[0])

    page = client.get(unsubscribe)

    assert page.status_code == 200 and "Stop receiving surveys?" in text(page.text)
    with app.app_context():
        assert db.session.query(Customer).one().opted_out_at is None


def test_html_in_the_subject_or_names_arrives_escaped(app, client, clock, smtp):
    close_ticket(client, clock, subject='<img src=x onerror=alert(1)> & "toner"', name="<b>Jane</b>")
    run_worker(app)

    plain, html = parts(smtp.messages[0])

    assert "&lt;img src=x onerror=alert(1)&gt; &amp; &#34;toner&#34;" in html
    assert "Hi &lt;b&gt;Jane&lt;/b&gt;," in html
    assert "<img" not in html
    assert 'closed your request "<img src=x onerror=alert(1)> & "toner""' in plain


def test_customer_without_name_or_agent_gets_a_plain_greeting(app, client, clock, smtp):
    payload = ticket_closed("T-1001", name=None)
    payload["ticket"]["agent"] = {"name": None, "email": None}
    headers, body = signed(payload, clock.now())
    assert client.post("/webhooks/tickets", data=body, headers=headers).status_code == 202
    run_worker(app)

    plain, _ = parts(smtp.messages[0])

    assert plain.startswith("Hello,\n")
    assert 'Our team closed your request "Printer offline".' in plain


def test_a_spanish_speaking_customer_gets_the_survey_in_spanish(app, client, clock, smtp):
    close_ticket(client, clock, language="es-MX")
    run_worker(app)
    message = smtp.wait_for(1)[0]
    plain, _ = parts(message)
    assert message["Subject"].startswith("Acme Repairs: ¿qué tal te atendimos?")
    assert "How did we do" not in plain


def test_html_part_is_a_whole_document_with_inline_styles_and_the_plain_part_has_the_same_links(
    app, client, clock, smtp
):
    close_ticket(client, clock)
    run_worker(app)

    plain, html = parts(smtp.messages[0])

    assert html.lstrip().lower().startswith("<!doctype html>")
    assert re.search(r"<head>.*<title>Acme Repairs: how did we do\?</title>.*</head>", html, re.S)
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    preheader = re.search(r'<div style="display: none;[^"]*">([^<]+)</div>', html)
    assert preheader and "One question about Printer offline" in preheader.group(1)
    assert "<style" not in html and "<link" not in html  # Gmail and Outlook keep inline styles only
    assert "Hi Jane," in html and plain.startswith("Hi Jane,")
    links = set(re.findall(r'href="([^"]+)"', html))
    assert len(links) == 7 and all(link in plain for link in links)
