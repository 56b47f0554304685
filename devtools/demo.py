"""`flask --app wsgi demo`: a believable day of support, seeded through the real services.

Everything goes through the same code paths as production (intake rules, answers and their
assessment, the call-back loop), so the demo shows what the product really does.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

import click
from flask import current_app
from flask.cli import with_appcontext

from core.extensions import db
from followup.attempts import log_attempt
from followup.models import FollowupTask
from followup.tasks import policy_from_config
from followup.users import create_user, find_by_email
from survey.intake.events import Agent, CustomerInfo, TicketClosed
from survey.intake.service import handle
from survey.models import Survey
from survey.responses import record_answer
from survey.webhooks import intake_settings

MANAGER = "manager@example.com"
TICKETS = [
    # customer, email, phone, tz, subject, rating, comment, calls so far
    (
        "Jane Doe",
        "jane@example.com",
        "+15551230001",
        "America/Chicago",
        "Printer offline",
        2,
        "Still broken, third time I called.",
        ["no_answer"],
    ),
    (
        "Omar Haddad",
        "omar@example.com",
        "+15551230002",
        "Europe/Berlin",
        "Invoice is wrong",
        5,
        "5 stars, but the tech was late again",
        [],
    ),
    (
        "Mei Chen",
        "mei@example.com",
        "+15551230003",
        "Asia/Singapore",
        "Password reset",
        5,
        "Quick and friendly, thank you!",
        [],
    ),
    (
        "Lucas Silva",
        "lucas@example.com",
        "+15551230004",
        "America/Sao_Paulo",
        "VPN drops",
        3,
        "Fine I guess. We'll see if it holds.",
        ["voicemail", "no_answer"],
    ),
    ("Aisha Bello", "aisha@example.com", None, "Africa/Lagos", "New laptop setup", 4, "", []),
    (
        "Tom Becker",
        "tom@example.com",
        "+15551230006",
        "Europe/London",
        "Email not syncing",
        1,
        "Took four days and nobody called back.",
        [],
    ),
    # Not answered yet: the worker sends their surveys (the local catchers print them).
    ("Nia Okafor", "nia@example.com", "+15551230007", "America/New_York", "Router replacement", None, "", []),
    ("Lars Berg", "lars@example.com", None, "Europe/Stockholm", "Billing question", None, "", []),
]


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Seed demo data: a manager login, customers, tickets, answers and open follow-ups."""
    config, clock = current_app.config, current_app.extensions["adapters"].clock
    if find_by_email(db.session, MANAGER) is not None:
        click.echo(f"demo data is already there; log in as {MANAGER} (password printed the first time)")
        return
    now = clock.now()
    password = secrets.token_urlsafe(9)
    manager = create_user(
        db.session, email=MANAGER, name="Morgan Manager", password=password, phone="+15550100000", now=now
    )
    db.session.commit()
    settings = intake_settings()
    policy = policy_from_config(config)
    for number, (name, email, phone, tz, subject, rating, comment, calls) in enumerate(TICKETS, start=1001):
        closed = now - timedelta(hours=30 - number % 7)
        event = TicketClosed(
            source="generic",
            ticket_id=f"T-{number}",
            subject=subject,
            status="closed",
            closed_at=closed,
            customer=CustomerInfo(
                external_id=f"C-{number}", name=name, email=email, phone=phone, timezone=tz, language="en"
            ),
            agent=Agent(name="Sam Lee", email="sam@example.com"),
        )
        outcome = handle(
            db.session,
            source="generic",
            delivery_id=f"demo-{number}",
            event=event,
            settings=settings,
            now=closed,
        )
        survey = db.session.get(Survey, outcome.survey_id)
        if survey is None or rating is None:
            continue
        record_answer(
            db.session, survey, rating=rating, comment=comment, channel="web", now=closed + timedelta(hours=1)
        )
        db.session.commit()
        task = db.session.query(FollowupTask).filter_by(response_id=survey.response.id).one_or_none()
        for hours_later, call in enumerate(calls, start=2):
            log_attempt(
                db.session,
                task,
                user=manager,
                outcome=call,
                note="",
                callback_at=None,
                policy=policy,
                default_tz=config["DEFAULT_TIMEZONE"],
                now=closed + timedelta(hours=hours_later),
            )
        db.session.commit()
    click.echo("Demo data is ready.")
    click.echo(f"  Manager login: {MANAGER}")
    click.echo(f"  Password:      {password}")
