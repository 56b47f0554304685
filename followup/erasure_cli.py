"""`flask --app wsgi customers erase EMAIL|ID`: an erasure asked for by email or on the phone."""

from __future__ import annotations

import click
from flask import current_app

from core.extensions import db
from followup.erasure import erase_customer, find_customer
from followup.users import find_by_email


@click.command("erase")
@click.argument("key", metavar="EMAIL|ID")
@click.option("--by", "by_email", default=None, help="Email of the user asking, recorded with the erasure.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def erase_command(key: str, by_email: str | None, yes: bool) -> None:
    """Erase a customer: name, contacts, ids and free text go; anonymous figures stay."""
    customer = find_customer(db.session, key)
    if customer is None:
        raise click.ClickException(f"no customer {key} (or already erased)")
    by = find_by_email(db.session, by_email) if by_email else None
    if by_email and by is None:
        raise click.ClickException(f"no user with email {by_email}")
    if not yes:
        click.confirm(f"Erase customer {customer.id}? This cannot be undone", abort=True)
    erasure = erase_customer(
        db.session, customer, by=by, via="cli", now=current_app.extensions["adapters"].clock.now()
    )
    db.session.commit()
    click.echo(f"erased customer {erasure.customer_id} (erasure {erasure.id})")
