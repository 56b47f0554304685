"""`/spot-checks`: the week's sample of answers read as fine, for a manager to read and mark."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from core.access import MANAGER, allow
from core.adapters import adapters
from core.extensions import db
from followup.feedback_models import UNHAPPY, SpotCheck
from followup.spot_checks import LABELS, AlreadyReviewed, mark, review_list
from followup.tasks import MAX_ID, policy_from_config

bp = Blueprint("spot_checks", __name__, template_folder="templates")


@bp.get("/spot-checks")
@allow(MANAGER)
def review():
    waiting, reviewed = review_list(db.session)
    return render_template(
        "followup/spot_checks.html",
        waiting=waiting,
        reviewed=reviewed,
        percent=current_app.config["SPOT_CHECK_PERCENT"],
    )


@bp.post("/spot-checks/<int:check_id>")
@allow(MANAGER)
def mark_check(check_id: int):
    check = db.session.get(SpotCheck, check_id) if 0 < check_id <= MAX_ID else None
    if check is None:
        abort(404)
    label = request.form.get("label", "")
    if label not in LABELS:
        abort(400, "Choose fine or unhappy.")
    config = current_app.config
    try:
        mark(
            db.session,
            check,
            label,
            current_user,
            adapters().clock.now(),
            policy_from_config(config),
            config["DEFAULT_TIMEZONE"],
        )
    except AlreadyReviewed:
        flash("That answer was marked already.", "error")
        return redirect(url_for("spot_checks.review"), code=303)
    db.session.commit()
    if label == UNHAPPY:
        flash("Marked unhappy: a follow-up task is open for the call.", "info")
        return redirect(url_for("followup.task", task_id=check.task_id), code=303)
    flash("Marked fine.", "info")
    return redirect(url_for("spot_checks.review"), code=303)


def register(app) -> None:
    app.register_blueprint(bp)
