"""`flask --app wsgi users ...`: accounts for managers and agents, and their API tokens."""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import AppGroup

from core.extensions import db
from followup.users import ROLES, UserError, create_user, find_by_email, issue_token

users = AppGroup("users", help="Manage manager and agent accounts.")


@users.command("create")
@click.argument("email")
@click.option("--name", required=True)
@click.option("--phone", default=None, help="E.164, e.g. +15551234567, for call-back reminders by SMS.")
@click.option("--role", type=click.Choice(ROLES), default="manager", show_default=True)
@click.option("--timezone", default=None, help="IANA zone for reminders and times shown (DEFAULT_TIMEZONE).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create(email: str, name: str, phone: str | None, role: str, timezone: str | None, password_stdin: bool):
    """Create a user; the password comes from stdin or an interactive prompt, never argv."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = create_user(
            db.session,
            email=email,
            name=name,
            password=password,
            phone=phone,
            role=role,
            timezone=timezone or current_app.config["DEFAULT_TIMEZONE"],
            now=current_app.extensions["adapters"].clock.now(),
        )
    except UserError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"created {user.role} {user.email} (id {user.id})", err=True)


@users.command("token")
@click.argument("email")
def token(email: str):
    """Print a new API token for EMAIL (alone on stdout); the previous one stops working."""
    user = find_by_email(db.session, email)
    if user is None:
        raise click.ClickException(f"no user with email {email}")
    value = issue_token(user)
    db.session.commit()
    click.echo(value)
