"""Manager login: sessions for the pages, bearer tokens for the API."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length

from core.access import AGENT, MANAGER, allow, public
from core.extensions import db, limiter, login_manager
from followup.models import User
from followup.users import authenticate

bp = Blueprint("auth", __name__, template_folder="templates")


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=320)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id)) if user_id.isdigit() else None


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
@allow(AGENT, MANAGER)
def logout():
    logout_user()
    session.clear()
    return redirect(url_for("auth.login"))
