"""`flask --app wsgi demo`: a support team's last 90 days, seeded through the real services.

Tickets, answers, their assessment and the call-back loop go through the same code paths as
production (intake rules, throttling, the unhappy-answer signal, the retry policy), so the
queue, the dashboard and the charts look like a real team's. What the worker would have sent
in the past is recorded as sent at the time rather than sent again; the last day's surveys
are left for the running worker, so the local catchers print a few real ones.
"""

from __future__ import annotations

import logging
import random
import secrets
from datetime import datetime, timedelta

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select, update

from core.extensions import db
from devtools import demo_data as data
from devtools import demo_feedback
from followup.attempts import log_attempt
from followup.models import OPEN, FollowupTask, User
from followup.retry_policy import RetryPolicy
from followup.tasks import policy_from_config
from followup.users import create_user, find_by_email
from notify.models import SENT, OutboxMessage
from survey.intake.events import Agent, CustomerInfo, TicketClosed
from survey.intake.service import handle
from survey.models import Survey
from survey.responses import record_answer
from survey.webhooks import intake_settings

MANAGER = "manager@example.com"
DAYS = 90
LEFT_FOR_THE_WORKER = timedelta(hours=20)  # surveys this recent go out when the demo starts
STORIES = [
    # The newest tickets, each a case worth opening: customer, email, phone, zone, subject,
    # rating (None: not answered yet), comment, calls so far.
    ("Jane Doe", "jane@example.com", "+15551230001", "America/Chicago", "Printer offline", 2,
     "Still broken, third time I called.", ["no_answer"]),
    ("Omar Haddad", "omar@example.com", "+15551230002", "Europe/Berlin", "Invoice is wrong", 5,
     "5 stars, but the tech was late again", []),
    ("Mei Chen", "mei@example.com", "+15551230003", "Asia/Singapore", "Password reset", 5,
     "Quick and friendly, thank you!", []),
    ("Lucas Silva", "lucas@example.com", "+15551230004", "America/Sao_Paulo", "VPN drops", 3,
     "Fine I guess. We'll see if it holds.", ["voicemail", "no_answer"]),
    ("Aisha Bello", "aisha@example.com", None, "Africa/Lagos", "New laptop setup", 4, "", []),
    ("Tom Becker", "tom@example.com", "+15551230006", "Europe/London", "Email not syncing", 1,
     "Took four days and nobody called back.", []),
    ("Nia Okafor", "nia@example.com", "+15551230007", "America/New_York", "Router replacement", None, "", []),
    ("Lars Berg", "lars@example.com", None, "Europe/Stockholm", "Billing question", None, "", []),
]  # fmt: skip


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Seed 90 days of demo data: a manager and three agents, several hundred tickets, answers,
    follow-ups in every state and their calls."""
    clock = current_app.extensions["adapters"].clock
    if find_by_email(db.session, MANAGER) is not None:
        click.echo(f"demo data is already there; log in as {MANAGER} (password printed the first time)")
        return
    now, rng = clock.now(), random.Random(18)
    logging.getLogger().setLevel(logging.WARNING)  # one line per answer and task would bury the login
    password = secrets.token_urlsafe(9)
    create_user(db.session, email=MANAGER, name="Morgan Manager", password=password,
                phone="+15550100000", now=now - timedelta(days=DAYS + 1))  # fmt: skip
    for index, (name, email) in enumerate(data.AGENTS):
        create_user(db.session, email=email, name=name, password=secrets.token_urlsafe(12),
                    phone=f"+1555010010{index}", role="agent", now=now - timedelta(days=DAYS))  # fmt: skip
    db.session.commit()
    seeder = _Seeder(now, rng)
    customers = [_customer(rng, n) for n in range(140)]
    number = 1000
    for days_ago in range(DAYS, 0, -1):
        day = now - timedelta(days=days_ago)
        for _ in range(rng.choice((1, 2, 2, 3)) if day.weekday() >= 5 else rng.randint(4, 7)):
            number += 1
            closed = day.replace(hour=rng.randint(13, 22), minute=rng.randrange(60))
            rating = _rating(rng) if rng.random() < 0.45 else None
            comment = rng.choice(data.COMMENTS[rating]) if rating and rng.random() < 0.8 else ""
            seeder.ticket(number, rng.choice(customers), rng.choice(data.SUBJECTS), closed, rating, comment)
        db.session.commit()
    for offset, (name, email, phone, zone, subject, rating, comment, calls) in enumerate(STORIES):
        number += 1
        who = CustomerInfo(external_id=f"C-{number}", name=name, email=email, phone=phone,
                           timezone=zone, language="en")  # fmt: skip
        closed = now - timedelta(hours=30 - offset * 3)
        seeder.ticket(number, who, subject, closed, rating, comment, calls=calls)
    db.session.commit()
    manager = find_by_email(db.session, MANAGER)
    demo_feedback.spot_checks(
        seeder.feedback, now, manager, lambda task, at: seeder._calls(task, at, ["reached"])
    )
    click.echo(f"Demo data is ready: {number - 1000} tickets over {DAYS} days, {seeder.tasks} follow-ups.")
    click.echo(f"  Manager login: {MANAGER}")
    click.echo(f"  Password:      {password}")


def _customer(rng: random.Random, n: int) -> CustomerInfo:
    first, last = data.FIRST[n % len(data.FIRST)], data.LAST[(n * 7) % len(data.LAST)]
    phone = f"+1555{2000000 + n:07d}" if rng.random() < 0.8 else None
    return CustomerInfo(
        external_id=f"C-{n + 1}",
        name=f"{first} {last}",
        email=f"{first}.{last}{n}@example.com".lower(),
        phone=phone,
        timezone=rng.choice(data.ZONES),
        language="en",
    )


def _rating(rng: random.Random) -> int:
    return rng.choices(list(data.RATING_WEIGHTS), weights=list(data.RATING_WEIGHTS.values()))[0]


class _Seeder:
    """One ticket at a time, at the time it happened; the caller commits (a day at a time)."""

    def __init__(self, now: datetime, rng: random.Random) -> None:
        self.now, self.rng, self.tasks = now, rng, 0
        self.settings = intake_settings()
        self.policy: RetryPolicy = policy_from_config(current_app.config)
        self.default_tz = current_app.config["DEFAULT_TIMEZONE"]
        self.agents = [(name, email) for name, email in data.AGENTS]
        self.feedback = random.Random(21)  # verdicts and spot checks (devtools/demo_feedback.py)

    def ticket(self, number, customer, subject, closed, rating, comment, calls=None) -> None:
        agent = self.rng.choice(self.agents)
        event = TicketClosed(source="generic", ticket_id=f"T-{number}", subject=subject, status="closed",
                             closed_at=closed, customer=customer, agent=Agent(*agent))  # fmt: skip
        outcome = handle(db.session, source="generic", delivery_id=f"demo-{number}", event=event,
                         settings=self.settings, now=closed)  # fmt: skip
        survey = db.session.get(Survey, outcome.survey_id) if outcome.survey_id else None
        if survey is None or survey.status != "scheduled":
            return
        sent = closed + timedelta(minutes=self.rng.randint(1, 4))
        if self.now - closed > LEFT_FOR_THE_WORKER or rating is not None:
            _as_sent(survey, sent)
        answered = sent + timedelta(minutes=self.rng.randint(5, 60 * 30))
        if rating is None or answered > self.now - timedelta(minutes=10):
            return
        channel = "sms" if survey.customer.phone and self.rng.random() < 0.3 else "web"
        response = record_answer(
            db.session, survey, rating=rating, comment=comment, channel=channel, now=answered,
            threshold=current_app.config["ASSESSMENT_THRESHOLD"],
        )  # fmt: skip
        db.session.flush()
        task = db.session.scalar(select(FollowupTask).where(FollowupTask.response_id == response.id))
        if task is not None:
            self.tasks += 1
            self._calls(task, answered, calls)

    def _calls(self, task: FollowupTask, opened: datetime, planned: list[str] | None) -> None:
        """Most customers are reached after a try or two; some are never reached and escalate;
        the last days' tasks are still being worked on."""
        if planned is None:
            fate = self.rng.random()
            misses = self.rng.choice((0, 0, 1, 1, 2, 3))
            if self.now - opened < timedelta(days=3):
                planned = ["no_answer", "voicemail"][: self.rng.randint(0, 2)]
            elif fate < 0.75:
                planned = [self.rng.choice(("no_answer", "voicemail", "busy")) for _ in range(misses)]
                planned.append("reached")
            elif fate < 0.9:
                planned = ["no_answer", "voicemail", "no_answer", "busy", "no_answer"]
            elif self.now - opened < timedelta(days=14):  # still trying, as a team is this fortnight
                planned = ["voicemail"] * min(misses + 1, 2)
            else:
                planned = ["voicemail", "reached"]
        at = opened
        for outcome in planned:
            at += timedelta(hours=self.rng.uniform(1, 20))
            if at > self.now - timedelta(minutes=5) or task.status != OPEN:
                return
            note = self.rng.choice(data.REACHED_NOTES if outcome == "reached" else data.OTHER_NOTES)
            caller = task.assignee or db.session.scalar(select(User).where(User.email == MANAGER))
            verdict, topic = demo_feedback.verdict(self.feedback) if outcome == "reached" else (None, None)
            log_attempt(db.session, task, user=caller, outcome=outcome, note=note, callback_at=None,
                        policy=self.policy, default_tz=self.default_tz, now=at, verdict=verdict,
                        topic=topic)  # fmt: skip


def _as_sent(survey: Survey, at: datetime) -> None:
    """What the worker did back then: the invitations went out and Twilio confirmed the texts."""
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.kind == "survey_invite", OutboxMessage.ref_id == survey.id)
        .values(status=SENT, sent_at=at, attempts=1)
    )
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.kind == "survey_invite", OutboxMessage.ref_id == survey.id,
               OutboxMessage.channel == "sms")
        .values(provider_status="delivered")
    )  # fmt: skip
    survey.status, survey.sent_at = "sent", at
