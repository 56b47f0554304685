"""`flask --app wsgi customers ...`: support's hand on the opt-out list.

A customer who asks on the phone or by email to stop getting surveys is opted out by support
here; STOP by SMS and the unsubscribe link do the same from the customer's side. Either form of
contact works, including one we have not seen on a ticket yet.
"""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from core.extensions import db
from survey.customers import opt_in, opt_out

customers = AppGroup("customers", help="Manage customers' survey opt-outs.")


@customers.command("opt-out")
@click.argument("contact", metavar="EMAIL_OR_PHONE")
def opt_out_command(contact: str) -> None:
    """Send no more surveys to EMAIL_OR_PHONE (every customer file with that contact)."""
    try:
        found = opt_out(db.session, contact, current_app.extensions["adapters"].clock.now())
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"opted out: {len(found)} customer file(s) ({', '.join(str(c.id) for c in found)})")


@customers.command("opt-in")
@click.argument("contact", metavar="EMAIL_OR_PHONE")
def opt_in_command(contact: str) -> None:
    """Allow surveys to EMAIL_OR_PHONE again, however the opt-out was made."""
    try:
        found = opt_in(db.session, contact, current_app.extensions["adapters"].clock.now())
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    if not found:
        click.echo("no opted-out customer with that contact")
        return
    click.echo(f"opted in: {len(found)} customer file(s) ({', '.join(str(c.id) for c in found)})")
