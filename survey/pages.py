"""The customer's pages: the survey form, the thank-you page and unsubscribing.

A GET never records anything, because mail scanners open every link in an email; only the
form's POST (with its CSRF token) records an answer.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.validators import Length, Optional

from core.adapters import adapters
from core.extensions import csrf, db
from survey.responses import MAX_COMMENT, SurveyClosed, find_survey, is_open, record_answer

bp = Blueprint("survey", __name__, template_folder="templates")

RATINGS = [(5, "5 – Excellent"), (4, "4 – Good"), (3, "3 – Okay"), (2, "2 – Poor"), (1, "1 – Very poor")]


class AnswerForm(FlaskForm):
    rating = RadioField("How would you rate our help?", choices=RATINGS, coerce=int, validators=[Optional()])
    comment = TextAreaField("Anything you'd like to tell us?", validators=[Optional(), Length(max=MAX_COMMENT)])

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if self.rating.data is None and not (self.comment.data or "").strip():
            self.rating.errors = list(self.rating.errors) + ["Please pick a rating or write a comment."]
            return False
        return True


def _survey_or_abort(token: str):
    survey = find_survey(db.session, token)
    if survey is None:
        abort(404)
    if not is_open(survey, adapters().clock.now()):
        abort(410)
    return survey


@bp.get("/s/<token>")
def show(token: str):
    survey = _survey_or_abort(token)
    form = AnswerForm(formdata=None)
    answer = survey.response
    preselect = request.args.get("rating", type=int)
    if preselect in range(1, 6):
        form.rating.data = preselect
    elif answer is not None:
        form.rating.data = answer.rating
    if answer is not None:
        form.comment.data = answer.comment
    return render_template("survey/form.html", form=form, survey=survey, answered=answer is not None)


@bp.post("/s/<token>")
def answer(token: str):
    survey = _survey_or_abort(token)
    form = AnswerForm()
    if not form.validate():
        return render_template("survey/form.html", form=form, survey=survey, answered=False), 400
    try:
        record_answer(
            db.session,
            survey,
            rating=form.rating.data,
            comment=form.comment.data or "",
            channel="web",
            now=adapters().clock.now(),
        )
    except SurveyClosed:
        abort(410)
    db.session.commit()
    return redirect(url_for("survey.thanks", token=token), code=303)


@bp.get("/s/<token>/thanks")
def thanks(token: str):
    survey = find_survey(db.session, token)
    if survey is None:
        abort(404)
    return render_template("survey/thanks.html", survey=survey, token=token)


@bp.get("/s/<token>/unsubscribe")
def unsubscribe_page(token: str):
    survey = find_survey(db.session, token)
    if survey is None:
        abort(404)
    return render_template("survey/unsubscribe.html", survey=survey, done=False, form=FlaskForm())


@bp.post("/s/<token>/unsubscribe")
@csrf.exempt  # RFC 8058 one-click: the mail provider POSTs without our form token
def unsubscribe(token: str):
    survey = find_survey(db.session, token)
    if survey is None:
        abort(404)
    customer = survey.customer
    if customer.opted_out_at is None:
        customer.opted_out_at = adapters().clock.now()
        current_app.logger.info("customer %s opted out via unsubscribe link", customer.id)
    db.session.commit()
    return render_template("survey/unsubscribe.html", survey=survey, done=True, form=None)
