"""`flask --app wsgi outbox ...`: what is queued, what failed and why, and sending it again."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from core.extensions import db
from notify.outbox import list_messages, retry

outbox = AppGroup("outbox", help="Inspect and re-send outgoing messages.")


@outbox.command("list")
@click.option("--status", type=click.Choice(["pending", "sent", "dead", "cancelled"]), default=None)
@click.option("--limit", type=int, default=50, show_default=True)
def list_command(status: str | None, limit: int):
    """List messages, newest first (no bodies: they are rendered only when sent)."""
    rows = list_messages(db.session, status, limit)
    if not rows:
        click.echo("no messages")
        return
    click.echo(f"{'id':>6}  {'status':9} {'kind':18} {'channel':7} {'attempts':>8}  due / error")
    for m in rows:
        detail = m.last_error or m.due_at.isoformat()
        click.echo(f"{m.id:>6}  {m.status:9} {m.kind:18} {m.channel:7} {m.attempts:>8}  {detail}")


@outbox.command("retry")
@click.argument("message_id", type=int)
def retry_command(message_id: int):
    """Queue a dead or cancelled message again, due now."""
    try:
        message = retry(db.session, message_id, current_app.extensions["adapters"].clock.now())
    except (LookupError, ValueError) as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"message {message.id} queued again")
