"""The manager's side of click-to-call: the Call button, the page the reminder SMS links to,
the live state the task page polls, and notes added to a call after it closed the task."""

from __future__ import annotations

import contextlib

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from core.access import AGENT, MANAGER, allow
from core.adapters import adapters
from core.extensions import db
from followup import verdicts
from followup.attempt_notes import add_note, needing_a_note
from followup.attempts import TaskClosedError
from followup.call_block import call_context
from followup.call_state import state_of
from followup.forms import CallNoteForm
from followup.retry_policy import AttemptError
from followup.views import TASK_PAGE, visible_task
from followup.voice_calls import (
    CallNotPlaced,
    VoiceUnavailable,
    latest_call,
    open_call,
    place_call,
    voice_settings,
)

bp = Blueprint("voice", __name__, template_folder="templates")


@bp.get("/followups/<int:task_id>/call")
@allow(AGENT, MANAGER)
def call_page(task_id: int):
    task = visible_task(task_id, TASK_PAGE)
    return render_template("followup/call.html", task=task, customer=task.customer, **call_context(task))


@bp.post("/followups/<int:task_id>/call")
@allow(AGENT, MANAGER)
def start_call(task_id: int):
    """Two commits on purpose: the call's row must exist before Twilio calls back about it."""
    task = visible_task(task_id)
    back = url_for("voice.call_page", task_id=task.id) if request.form.get("from") == "call" else None
    back = back or url_for("followup.task", task_id=task.id) + "#call"
    settings, now = voice_settings(current_app.config), adapters().clock.now()
    try:
        call = open_call(db.session, task, current_user, settings, now)
    except (VoiceUnavailable, TaskClosedError) as error:
        flash(str(error) if isinstance(error, VoiceUnavailable) else "This task is already closed.", "error")
        return redirect(back, code=303)
    db.session.commit()
    with contextlib.suppress(CallNotPlaced):  # the row says why, and the page shows it
        place_call(db.session, call, adapters().voice, settings, now)
    db.session.commit()
    return redirect(back, code=303)


@bp.get("/followups/<int:task_id>/call-state")
@allow(AGENT, MANAGER)
def call_state(task_id: int):
    task = visible_task(task_id)
    call = latest_call(db.session, task.id)
    if call is None:
        return jsonify(None)
    return jsonify(state_of(call, adapters().clock.now(), current_app.config["DEFAULT_TIMEZONE"]))


@bp.post("/followups/<int:task_id>/attempts/<int:attempt_id>/note")
@allow(AGENT, MANAGER)
def note(task_id: int, attempt_id: int):
    task, now = visible_task(task_id), adapters().clock.now()
    form = CallNoteForm()
    if not form.validate():
        flash("Write what was said before saving.", "error")
        return redirect(url_for("followup.task", task_id=task.id), code=303)
    try:
        attempt = add_note(db.session, task, attempt_id, form.body.data, current_user, now)
        verdicts.record(
            db.session, attempt, form.verdict.data or None, form.topic.data or None, current_user, now
        )
    except LookupError:
        abort(404)
    except AttemptError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("followup.task", task_id=task.id), code=303)
    db.session.commit()
    flash("Note saved.", "info")
    return redirect(url_for("followup.task", task_id=task.id), code=303)


@bp.get("/followups/needs-note")
@allow(AGENT, MANAGER)
def needs_note():
    return render_template("followup/needs_note.html", rows=needing_a_note(db.session, current_user))


def register(app) -> None:
    """The Call button's pages and Twilio's webhooks about the calls it places."""
    from followup import voice_webhooks

    app.register_blueprint(bp)
    app.register_blueprint(voice_webhooks.bp)
