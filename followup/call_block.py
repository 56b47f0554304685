"""What the call block (followup/_call.html) needs, for the task page and the call page alike."""

from __future__ import annotations

from flask import current_app
from flask_login import current_user

from core.adapters import adapters
from core.extensions import db
from followup import call_topics
from followup.attempt_notes import unwritten_note
from followup.call_state import state_of
from followup.forms import CallNoteForm
from followup.models import FollowupTask
from followup.voice_calls import latest_call, unavailable_reason, voice_settings


def call_context(task: FollowupTask) -> dict:
    """The Call button (or why there is none), the last call's state, and a note still owed."""
    settings = voice_settings(current_app.config)
    call = latest_call(db.session, task.id)
    note_form = CallNoteForm(formdata=None)
    note_form.topic.choices = call_topics.choices(db.session)
    return {
        "call_note_form": note_form,
        "call_unavailable": unavailable_reason(settings, task, current_user),
        "last_call": state_of(call, adapters().clock.now(), settings.default_tz) if call else None,
        "note_needed": unwritten_note(db.session, task.id),
    }
