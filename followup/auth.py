"""Login and logout. The session lives server-side (followup/sessions.py); the cookie names it."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length

from core.access import AGENT, MANAGER, allow, public
from core.adapters import adapters
from core.extensions import db, limiter, login_manager
from followup import sessions
from followup.models import User
from followup.users import authenticate

bp = Blueprint("auth", __name__, template_folder="templates")


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=320)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    return sessions.user_of(db.session, session_id, adapters().clock.now())


def _safe_next(target: str | None) -> str:
    """Only same-site paths, so the login page can't be used to bounce users elsewhere."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("followup.queue")


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("followup.queue"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(db.session, form.email.data, form.password.data)
        if user is not None:
            session.clear()
            lifetime = current_app.permanent_session_lifetime
            sessions.start(db.session, user, adapters().clock.now(), lifetime)
            db.session.commit()
            login_user(user)
            session.permanent = True  # the cookie expires with the server-side session
            current_app.logger.info("user %s logged in", user.id)
            return redirect(_safe_next(request.args.get("next")))
        current_app.logger.info("failed login")
        flash("Wrong email or password.", "error")
        return render_template("followup/login.html", form=form), 401
    status = 400 if request.method == "POST" else 200
    return render_template("followup/login.html", form=form), status


@bp.post("/logout")
@allow(AGENT, MANAGER)
def logout():
    sessions.end(db.session, current_user.session_token)
    db.session.commit()
    logout_user()
    session.clear()
    return redirect(url_for("auth.login"))
