"""`/users`: managers create agents and managers, change a role, deactivate an account.

Deactivating ends the account's sessions and API tokens in the same commit (followup/users.py),
so whoever held them is out at their next request. The profile (name, phone, time zone, password)
is each user's own page.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from core.access import MANAGER, ROLES, allow
from core.adapters import adapters
from core.extensions import db
from followup.models import User
from followup.users import UserError, accounts, change_role, create_user, deactivate, reactivate
from followup.views import bp

ROLE_CHOICES = [(role, role.capitalize()) for role in ROLES]


class NewUserForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=320)])
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    role = SelectField("Role", choices=ROLE_CHOICES, default="agent")
    password = PasswordField(
        "First password (they change it on their profile)",
        validators=[DataRequired(), Length(min=8, max=200)],
    )


class RoleForm(FlaskForm):
    role = SelectField("Role", choices=ROLE_CHOICES)


def _page(form: NewUserForm, status: int = 200):
    return render_template(
        "followup/users.html",
        users=accounts(db.session, adapters().clock.now()),
        form=form,
        role_form=RoleForm(formdata=None),
    ), status


def _account(user_id: int) -> User:
    user = db.session.get(User, user_id) if 0 < user_id < 2**31 else None
    if user is None:
        abort(404)
    return user


@bp.get("/users")
@allow(MANAGER)
def users():
    return _page(NewUserForm(formdata=None))


@bp.post("/users")
@allow(MANAGER)
def add_user():
    form = NewUserForm()
    if not form.validate():
        return _page(form, 400)
    try:
        user = create_user(
            db.session,
            email=form.email.data,
            name=form.name.data,
            password=form.password.data,
            role=form.role.data,
            timezone=current_user.timezone,
            now=adapters().clock.now(),
        )
    except UserError as error:
        form.email.errors = [str(error)]
        db.session.rollback()
        return _page(form, 422)
    db.session.commit()
    flash(f"Created {user.role} {user.name} ({user.email}).", "info")
    return redirect(url_for("followup.users"), code=303)


def _change(change: Callable[[], None], done: Callable[[], str]):
    """Apply a change to an account, then say on the users page how it went."""
    try:
        change()
    except UserError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(done(), "info")
    return redirect(url_for("followup.users"), code=303)


@bp.post("/users/<int:user_id>/role")
@allow(MANAGER)
def set_role(user_id: int):
    user, form = _account(user_id), RoleForm()
    if not form.validate():
        abort(400)
    return _change(
        lambda: change_role(db.session, user, form.role.data, by=current_user),
        lambda: f"{user.name} is now {'a manager' if user.role == MANAGER else 'an agent'}.",
    )


@bp.post("/users/<int:user_id>/deactivate")
@allow(MANAGER)
def deactivate_user(user_id: int):
    user = _account(user_id)
    return _change(
        lambda: deactivate(db.session, user, adapters().clock.now(), by=current_user),
        lambda: f"{user.name} is deactivated: their sessions and API tokens no longer work.",
    )


@bp.post("/users/<int:user_id>/reactivate")
@allow(MANAGER)
def reactivate_user(user_id: int):
    user = _account(user_id)
    return _change(
        lambda: reactivate(user),
        lambda: f"{user.name} can log in again (API tokens stay revoked: issue new ones).",
    )
