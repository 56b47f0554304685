"""The profile page: each user keeps their own name, phone, time zone, reminders and password."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from core.access import AGENT, MANAGER, allow
from core.extensions import db
from followup.account import REMINDER_CHANNELS, AccountError, change_password, time_zones, update_details
from followup.forms import AccountForm, PasswordForm
from followup.views import bp


def _forms(details: AccountForm | None = None, password: PasswordForm | None = None):
    if details is None:
        details = AccountForm(formdata=None, obj=current_user)
    details.timezone.choices = time_zones()
    details.reminders.choices = list(REMINDER_CHANNELS.items())
    return details, password or PasswordForm(formdata=None)


def _render(details: AccountForm | None = None, password: PasswordForm | None = None, status: int = 200):
    details, password = _forms(details, password)
    return render_template("followup/profile.html", details=details, password=password), status


@bp.get("/profile")
@allow(AGENT, MANAGER)
def profile():
    return _render()


# Both forms post to the page's own address, so a refused one is shown again where it was.
@bp.post("/profile")
@allow(AGENT, MANAGER)
def save_profile():
    if request.form.get("action") == "password":
        return _save_password()
    form, _ = _forms(AccountForm())
    if not form.validate():
        return _render(form, status=400)
    try:
        update_details(
            current_user,
            name=form.name.data,
            phone=form.phone.data or "",
            timezone=form.timezone.data or "",
            reminders=form.reminders.data or "",
        )
    except AccountError as error:
        db.session.rollback()
        getattr(form, error.field).errors = [error.message]
        return _render(form, status=422)
    db.session.commit()
    flash("Profile saved.", "info")
    return redirect(url_for("followup.profile"), code=303)


def _save_password():
    form = PasswordForm()
    if not form.validate():
        return _render(password=form, status=400)
    try:
        change_password(
            db.session,
            current_user,
            current=form.current_password.data,
            new=form.new_password.data,
            repeated=form.repeat_password.data,
            keep=current_user.session_token,
        )
    except AccountError as error:
        db.session.rollback()
        getattr(form, error.field).errors = [error.message]
        return _render(password=form, status=422)
    db.session.commit()
    flash("Password changed. You stay logged in here; other sessions have ended.", "info")
    return redirect(url_for("followup.profile"), code=303)
