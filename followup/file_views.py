"""Editing the customer's file from the task page: notes, personal facts, who owns the task."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_login import current_user, login_required

from core.adapters import adapters
from core.extensions import db
from followup.forms import AssignForm, NoteForm, ProfileForm
from followup.models import TaskEvent, User
from followup.profile import add_note, update_profile
from followup.views import assignable_users, bp, visible_task


@bp.post("/followups/<int:task_id>/notes")
@login_required
def add_customer_note(task_id: int):
    task = visible_task(task_id)
    form = NoteForm()
    if form.validate():
        add_note(db.session, task.customer_id, form.body.data, current_user, adapters().clock.now())
        db.session.commit()
        flash("Note added.", "info")
    else:
        flash("A note needs some text (at most 5,000 characters).", "error")
    return redirect(url_for("followup.task", task_id=task.id) + "#file", code=303)


@bp.post("/followups/<int:task_id>/profile")
@login_required
def edit_profile(task_id: int):
    task = visible_task(task_id)
    form = ProfileForm()
    if not form.validate():
        flash(
            "Check the personal facts: " + "; ".join(f"{k}: {v[0]}" for k, v in form.errors.items()), "error"
        )
        return redirect(url_for("followup.task", task_id=task.id) + "#file", code=303)
    facts = {
        name: getattr(form, name).data
        for name in ("family", "birthday", "hobbies", "milestones", "preferred_time")
    }
    facts["preferred_channel"] = form.preferred_channel.data or None
    update_profile(db.session, task.customer_id, facts, current_user, adapters().clock.now())
    db.session.commit()
    flash("Personal facts saved.", "info")
    return redirect(url_for("followup.task", task_id=task.id) + "#file", code=303)


@bp.post("/followups/<int:task_id>/assign")
@login_required
def assign(task_id: int):
    if current_user.role != "manager":
        abort(403)
    task = visible_task(task_id)
    form = AssignForm()
    form.assignee.choices = [(u.id, u.name) for u in assignable_users()]
    if not form.validate():
        abort(400)
    if form.assignee.data != task.assignee_id:
        user = db.session.get(User, form.assignee.data)
        task.assignee_id = user.id
        db.session.add(
            TaskEvent(
                task_id=task.id,
                user_id=current_user.id,
                kind="reassigned",
                detail=f"assigned to {user.name}",
                created_at=adapters().clock.now(),
            )
        )
        db.session.commit()
        flash(f"Assigned to {user.name}.", "info")
    return redirect(url_for("followup.task", task_id=task.id), code=303)
