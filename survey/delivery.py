"""What a survey invitation and its reminder say, rendered when the worker sends them.

Rendering at send time means the link is rebuilt from the survey's nonce (never stored), and
a survey answered, cancelled or expired meanwhile sends nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from flask import render_template
from flask_babel import gettext
from sqlalchemy import case, func, select, update
from sqlalchemy.orm import Session, joinedload

from notify.kinds import Kind, Registry, Subject
from notify.mail import EmailMessage
from notify.models import OutboxMessage
from survey import tokens
from survey.i18n import bound_gettext, customer_locale
from survey.models import Customer, Survey, Ticket

EAGER = [joinedload(Survey.customer), joinedload(Survey.ticket)]  # one query per batch, not three per message


def survey_link(base_url: str, secret_key: str, survey: Survey) -> str:
    return f"{base_url}/s/{tokens.token_for(secret_key, survey.token_nonce)}"


def register(registry: Registry, base_url: str, secret_key: str, sender: str) -> None:
    def render(session: Session, message: OutboxMessage) -> EmailMessage | str | None:
        survey = session.get(Survey, message.ref_id, options=EAGER)
        if survey is None or survey.customer.opted_out_at is not None:
            return None
        reminder = message.kind == "survey_reminder"
        wanted = {"survey_invite": ("scheduled", "sent"), "survey_reminder": ("sent",)}
        if survey.status not in wanted[message.kind]:
            return None
        link = survey_link(base_url, secret_key, survey)
        context = dict(
            survey=survey,
            ticket=survey.ticket,
            customer=survey.customer,
            link=link,
            reminder=reminder,
        )
        with customer_locale(survey.customer.language):
            context["gettext"] = bound_gettext()
            if message.channel == "sms":
                return render_template("survey/sms.txt", **context).strip()
            subject = gettext("How did we do? %(subject)s", subject=survey.ticket.subject).strip()
            if reminder:
                subject = gettext("Reminder: %(subject)s", subject=subject)
            text = render_template("survey/email.txt", **context)
            html = render_template("survey/email.html", **context)
        return EmailMessage(
            to=message.recipient,
            subject=subject[:200],
            text=text,
            html=html,
            headers={
                "List-Unsubscribe": f"<{link}/unsubscribe>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
            sender=sender,
        )

    def sent(session: Session, messages: list[OutboxMessage], now: datetime) -> None:
        # A statement, not the loaded objects: the customer may have answered since they were
        # read, and "sent" must never overwrite "answered".
        session.execute(
            update(Survey)
            .where(Survey.id.in_([message.ref_id for message in messages]))
            .values(
                sent_at=func.coalesce(Survey.sent_at, now),
                status=case((Survey.status == "scheduled", "sent"), else_=Survey.status),
            )
            # The batch's surveys in the session are only read to render; matching them against
            # this WHERE in Python cost more than the UPDATE itself.
            .execution_options(synchronize_session=False)
        )

    def opted_out(session: Session, message: OutboxMessage, now: datetime) -> None:
        survey = session.get(Survey, message.ref_id)
        customer: Customer | None = survey.customer if survey else None
        if customer is not None and customer.opted_out_at is None:
            customer.opted_out_at = now

    def prefetch(session: Session, survey_ids: list[int]) -> Sequence[Survey]:
        return session.scalars(select(Survey).options(*EAGER).where(Survey.id.in_(survey_ids))).unique().all()

    for name in ("survey_invite", "survey_reminder"):
        registry.add(
            name,
            Kind(render=render, on_sent=sent, on_opt_out=opted_out, prefetch=prefetch, describe=describe),
        )


def describe(session: Session, survey_ids: list[int]) -> dict[int, Subject]:
    """Each survey's customer and ticket, for the outbox pages."""
    rows = session.execute(
        select(Survey.id, Customer.id, Customer.name, Customer.email, Ticket.external_id, Ticket.subject)
        .join(Customer, Customer.id == Survey.customer_id)
        .join(Ticket, Ticket.id == Survey.ticket_id)
        .where(Survey.id.in_(survey_ids))
    )
    return {
        survey_id: Subject(
            about=f"survey for {ticket} {subject}".strip(),
            customer_id=customer_id,
            customer_name=name or email,
        )
        for survey_id, customer_id, name, email, ticket, subject in rows
    }
