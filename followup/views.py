"""The manager's pages: the queue, one task with the customer's file, and logging a call."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from core.access import AGENT, MANAGER, allow
from core.adapters import adapters
from core.extensions import db
from core.formatting import zone
from followup import call_topics
from followup.answer_reasons import explain
from followup.attempts import TaskClosedError, log_attempt
from followup.call_block import call_context
from followup.customer_email import draft, email_customer
from followup.customer_file import customer_file, history
from followup.forms import AssignForm, AttemptForm, EmailCustomerForm, NoteForm
from followup.models import FollowupTask, TaskEvent, User
from followup.profile import notes_for, profile_for
from followup.queue import CursorError, attempts_of, list_tasks
from followup.retry_policy import AttemptError
from followup.tasks import customer_timezone, find_task, policy_from_config
from followup.verdicts import VERDICT_LABELS
from followup.visibility import can_see_task

bp = Blueprint("followup", __name__, template_folder="templates")


# What the task page shows of the task beyond the customer's file, joined to it.
TASK_PAGE = (joinedload(FollowupTask.customer), joinedload(FollowupTask.assignee))


def visible_task(task_id: int, options: tuple = ()) -> FollowupTask:
    task = find_task(db.session, task_id, options)
    if task is None:
        abort(404)
    if not can_see_task(db.session, current_user, task):
        abort(404)  # an agent sees only their own tasks; don't reveal that others exist
    return task


@bp.get("/followups")
@allow(AGENT, MANAGER)
def queue():
    status = request.args.get("status", "open")
    mine = request.args.get("who") == "mine"
    try:
        page = list_tasks(
            db.session, status=status, viewer=current_user, mine=mine, cursor=request.args.get("cursor")
        )
    except (ValueError, CursorError) as error:
        abort(400, str(error))
    return render_template(
        "followup/queue.html", page=page, status=status, mine=mine, now=adapters().clock.now()
    )


@bp.get("/followups/<int:task_id>")
@allow(AGENT, MANAGER)
def task(task_id: int):
    task = visible_task(task_id, TASK_PAGE)
    return _render_task(task)


def assignable_users() -> list[tuple[int, str]]:
    """(id, name) of everyone a task can be given to: the choices of the reassign form."""
    rows = db.session.execute(select(User.id, User.name).where(User.active).order_by(User.name))
    return [(user_id, name) for user_id, name in rows]


def _render_task(
    task: FollowupTask,
    form: AttemptForm | None = None,
    email_form: EmailCustomerForm | None = None,
    status: int = 200,
):
    customer = task.customer
    file = customer_file(db.session, customer.id, task.id)
    profile = profile_for(db.session, customer.id)
    assign_form = None
    if task.status == "open" and current_user.role == "manager":  # the only ones shown the form
        assign_form = AssignForm(assignee=task.assignee_id)
        assign_form.assignee.choices = assignable_users()
    if email_form is None:
        email_form = EmailCustomerForm(formdata=None, message=draft(task, current_user))
    form = form or AttemptForm(formdata=None)
    form.topic.choices = call_topics.choices(db.session)
    answer = file.answer(task.response_id)
    explained = None
    if answer.unhappy is not None:
        explained = explain(answer.unhappy, answer.unhappiness, answer.reasons)
    return render_template(
        "followup/task.html",
        task=task,
        customer=customer,
        customer_tz=customer_timezone(customer, current_app.config["DEFAULT_TIMEZONE"]),
        file=file,
        answer=answer,
        explained=explained,
        attempts=attempts_of(db.session, [task.id]).get(task.id, []),
        history=history(db.session, task.id),
        form=form,
        verdict_labels=VERDICT_LABELS,
        topic_labels=call_topics.labels(db.session),
        email_form=email_form,
        note_form=NoteForm(formdata=None),
        assign_form=assign_form,
        profile=profile,
        notes=notes_for(db.session, customer.id),
        now=adapters().clock.now(),
        **call_context(task),
    ), status


# The task page's forms post to the page's own address, so a refused form is shown again, note
# and all, at the address the manager was on. /attempts is the address older pages posted to.
@bp.post("/followups/<int:task_id>")
@bp.post("/followups/<int:task_id>/attempts")
@allow(AGENT, MANAGER)
def log_call(task_id: int):
    task = visible_task(task_id, TASK_PAGE)
    if request.form.get("action") == "email":
        return _email_customer(task)
    form = AttemptForm()
    if not form.validate():
        return _render_task(task, form, status=400)
    callback_at = None
    if form.callback_at.data is not None:
        callback_at = form.callback_at.data.replace(tzinfo=zone(current_user.timezone))
    try:
        log_attempt(
            db.session,
            task,
            user=current_user,
            outcome=form.outcome.data,
            note=form.note.data or "",
            callback_at=callback_at,
            policy=policy_from_config(current_app.config),
            default_tz=current_app.config["DEFAULT_TIMEZONE"],
            now=adapters().clock.now(),
            verdict=form.verdict.data or None,
            topic=form.topic.data or None,
        )
    except AttemptError as error:
        getattr(form, error.field, form.outcome).errors = [error.message]
        db.session.rollback()
        return _render_task(task, form, status=422)
    except TaskClosedError:
        flash("This task is already closed.", "error")
        return redirect(url_for("followup.task", task_id=task.id), code=303)
    db.session.commit()
    flash("Call logged." if task.status == "open" else "Customer reached: task closed.", "info")
    return redirect(url_for("followup.task", task_id=task.id), code=303)


def _email_customer(task: FollowupTask):
    form = EmailCustomerForm()
    if not form.validate():
        return _render_task(task, email_form=form, status=400)
    try:
        email_customer(
            db.session,
            task,
            user=current_user,
            body=form.message.data,
            policy=policy_from_config(current_app.config),
            default_tz=current_app.config["DEFAULT_TIMEZONE"],
            now=adapters().clock.now(),
        )
    except AttemptError as error:
        form.message.errors = [error.message]
        db.session.rollback()
        return _render_task(task, email_form=form, status=422)
    except TaskClosedError:
        flash("This task is already closed.", "error")
        return redirect(url_for("followup.task", task_id=task.id), code=303)
    db.session.commit()
    flash(f"Email to {task.customer.email} queued: it goes out within a minute.", "info")
    return redirect(url_for("followup.task", task_id=task.id), code=303)


@bp.post("/followups/<int:task_id>/assign")
@allow(MANAGER)
def assign(task_id: int):
    task = visible_task(task_id)
    form = AssignForm()
    form.assignee.choices = assignable_users()
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
