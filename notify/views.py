"""`/outbox`: the dead letters and the queue, for managers, with a button to send one again;
`/outbox/sent`: what went out, to confirm what a customer was sent and whether it arrived.

The page is the same view of the outbox as `flask --app wsgi outbox list`, for the people who
notice a customer never got their survey and do not have a shell. Only managers see it: the
list names every customer's address.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for

from core.access import MANAGER, allow
from core.adapters import adapters
from core.extensions import db
from notify.models import DEAD, PENDING
from notify.outbox import list_messages, list_sent, retry

bp = Blueprint("notify", __name__, template_folder="templates")

VIEWS = {"dead": (DEAD,), "pending": (PENDING,), "all": (DEAD, PENDING)}


@bp.get("/outbox")
@allow(MANAGER)
def outbox():
    show = request.args.get("show", "all")
    if show not in VIEWS:
        abort(404)
    messages = list_messages(db.session, VIEWS[show], limit=200)
    return render_template(
        "notify/outbox.html",
        messages=messages,
        subjects=_subjects(messages),
        show=show,
        now=adapters().clock.now(),
    )


@bp.get("/outbox/sent")
@allow(MANAGER)
def sent():
    recipient = (request.args.get("to") or "").strip()[:320]
    messages = list_sent(db.session, recipient, limit=100)
    return render_template("notify/sent.html", messages=messages, subjects=_subjects(messages), to=recipient)


def _subjects(messages):
    """Each row's customer and task, as the kinds' owners describe them (notify knows neither)."""
    return current_app.extensions["outbox_kinds"].describe(db.session, messages)


@bp.post("/outbox/<int:message_id>/retry")
@allow(MANAGER)
def retry_message(message_id: int):
    """CSRF-checked by the app-wide CSRFProtect, like every form post."""
    try:
        retry(db.session, message_id, adapters().clock.now())
    except LookupError:
        abort(404)
    except ValueError as error:
        flash(str(error), "error")
        return redirect(url_for("notify.outbox"), code=303)
    db.session.commit()
    flash(f"Message {message_id} is queued again and goes out with the worker's next round.")
    return redirect(url_for("notify.outbox"), code=303)
