"""`flask --app wsgi users ...`: accounts for managers and agents, and their API tokens."""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import AppGroup

from core.access import ROLES
from core.extensions import db
from followup import api_tokens
from followup.users import UserError, create_user, deactivate, find_by_email

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


def _user(email: str):
    user = find_by_email(db.session, email)
    if user is None:
        raise click.ClickException(f"no user with email {email}")
    return user


def _now():
    return current_app.extensions["adapters"].clock.now()


@users.command("token")
@click.argument("email")
@click.option("--expires", default=None, help="Lifetime like 90d, 12h or 2w; default: until revoked.")
def token(email: str, expires: str | None):
    """Print a new API token for EMAIL (alone on stdout); the user's other tokens keep working."""
    user = _user(email)
    try:
        lifetime = api_tokens.parse_duration(expires) if expires is not None else None
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--expires") from None
    now = _now()
    value = api_tokens.issue_token(db.session, user, now, now + lifetime if lifetime else None)
    db.session.commit()
    click.echo(value)


@users.command("tokens")
@click.argument("email")
def tokens(email: str):
    """List EMAIL's API tokens: id, first characters, created, expires, state."""
    now = _now()
    for row in api_tokens.tokens_of(db.session, _user(email).id):
        expires = row.expires_at.isoformat(timespec="minutes") if row.expires_at else "never"
        created = row.created_at.isoformat(timespec="minutes")
        click.echo(f"{row.id}\t{row.shown}...\tcreated {created}\texpires {expires}\t{row.state(now)}")


@users.command("revoke")
@click.argument("token_ids", nargs=-1, type=int, required=True)
def revoke(token_ids: tuple[int, ...]):
    """Revoke API tokens by the ids `users tokens` lists; they stop working at once."""
    now = _now()
    try:
        for token_id in token_ids:
            api_tokens.revoke(db.session, token_id, now)
    except LookupError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"revoked {', '.join(map(str, token_ids))}", err=True)


@users.command("deactivate")
@click.argument("email")
def deactivate_command(email: str):
    """No more logins for EMAIL; their sessions and API tokens end at once."""
    user = _user(email)
    deactivate(db.session, user, _now())
    db.session.commit()
    click.echo(f"deactivated {user.email}: sessions ended, API tokens revoked", err=True)
