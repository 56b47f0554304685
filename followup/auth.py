"""Manager login: sessions for the pages, bearer tokens for the API."""

from __future__ import annotations

import hmac
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length

from core.extensions import db, limiter, login_manager
from followup.models import User, password_stamp
from followup.users import authenticate

bp = Blueprint("auth", __name__, template_folder="templates")


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=320)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """The session's user, unless their password changed since it began (User.get_id)."""
    user_id, _, stamp = session_id.partition(":")
    user = db.session.get(User, int(user_id)) if user_id.isdigit() and len(user_id) < 10 else None
    if user is None or not hmac.compare_digest(stamp, password_stamp(user.password_hash)):
        return None
    return user


def _safe_next(target: str | None) -> str:
    """Only same-site paths, so the login page can't be used to bounce users elsewhere."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("followup.queue")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("followup.queue"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(db.session, form.email.data, form.password.data)
        if user is not None:
            session.clear()
            login_user(user)
            session.permanent = True  # expires after PERMANENT_SESSION_LIFETIME
            current_app.logger.info("user %s logged in", user.id)
            return redirect(_safe_next(request.args.get("next")))
        current_app.logger.info("failed login")
        flash("Wrong email or password.", "error")
        return render_template("followup/login.html", form=form), 401
    status = 400 if request.method == "POST" else 200
    return render_template("followup/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    session.clear()
    return redirect(url_for("auth.login"))
