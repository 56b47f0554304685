"""The customer's pages: the survey form, the thank-you page and unsubscribing.

A GET never records anything, because mail scanners open every link in an email: the form's
POST (with its CSRF token) records an answer, and a rating link's page posts its own tap, held
until it is clear no scanner opened every link (survey/taps.py). Every page speaks the
customer's language (survey/i18n.py), chosen from the survey before any text is translated.
"""

from __future__ import annotations

from datetime import timedelta
from email.utils import parseaddr

from flask import (
    Blueprint,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale, gettext, lazy_gettext
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, TextAreaField
from wtforms.validators import Length, Optional

from core.access import public
from core.adapters import adapters
from core.conflicts import commit_once
from core.extensions import csrf, db, limiter
from survey import brand, branded_pages
from survey.i18n import use_customer_language
from survey.models import Survey
from survey.responses import MAX_COMMENT, SurveyClosed, find_survey, is_open, record_answer
from survey.taps import hold_tap
from survey.wording import RATING_WORDS, call_within

bp = Blueprint("survey", __name__, template_folder="templates")
limiter.limit(lambda: current_app.config["SURVEY_RATE_LIMIT"])(bp)  # per client address

branded_pages.register(bp)

RATINGS = [SelectChoice(value, label) for value, label in RATING_WORDS]


class AnswerForm(FlaskForm):
    rating = RadioField(
        lazy_gettext("How would you rate our help?"), choices=RATINGS, coerce=int, validators=[Optional()]
    )
    comment = TextAreaField(
        lazy_gettext("Anything you'd like to tell us?"), validators=[Optional(), Length(max=MAX_COMMENT)]
    )

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if self.rating.data is None and not (self.comment.data or "").strip():
            self.rating.errors = [*self.rating.errors, gettext("Please pick a rating or write a comment.")]
            return False
        return True


def _survey(token: str) -> Survey:
    """The survey behind a link, 404 for a link we never sent; its customer's language from now on."""
    survey = find_survey(db.session, token)
    if survey is None:
        abort(404)
    use_customer_language(survey.customer.language)
    return survey


def _open_survey(token: str) -> Survey:
    survey = _survey(token)
    if not is_open(survey, adapters().clock.now()):
        abort(410)
    return survey


def _form_page(survey: Survey, form: AnswerForm, token: str, status: int = 200, tapped: int | None = None):
    question = brand.for_request().wording(str(get_locale()))[0]
    return render_template(
        "survey/form.html",
        form=form,
        survey=survey,
        token=token,
        answered=survey.response is not None,
        question=question,
        tapped=tapped,
    ), status


@bp.get("/s/<token>")
@public
def show(token: str):
    survey = _open_survey(token)
    form = AnswerForm(formdata=None)
    answer = survey.response
    preselect = request.args.get("rating", type=int)
    if preselect in range(1, 6):
        form.rating.data = preselect
    elif answer is not None:
        form.rating.data = answer.rating
    if answer is not None:
        form.comment.data = answer.comment
    # A rating link: the page's own script records the tap (survey/taps.py), never this GET.
    return _form_page(survey, form, token, tapped=preselect if preselect in range(1, 6) else None)


@bp.post("/s/<token>/tap")
@public
def tap(token: str):
    """The page's own request once a rating link is shown in a browser (core/static/tap.js)."""
    survey = _open_survey(token)
    rating = request.form.get("rating", type=int)
    if rating not in range(1, 6):
        abort(400)
    window = timedelta(seconds=current_app.config["SURVEY_TAP_WINDOW_SECONDS"])
    try:
        hold_tap(db.session, survey, rating, adapters().clock.now(), window)
    except SurveyClosed:
        abort(410)
    db.session.commit()
    return jsonify(status="held", rating=rating), 202


@bp.post("/s/<token>")
@public
def answer(token: str):
    survey = _open_survey(token)
    form = AnswerForm()
    if not form.validate():
        return _form_page(survey, form, token, 400)
    try:
        commit_once(  # a double tap or a second device at once: one answer, no error
            db.session,
            lambda: record_answer(
                db.session,
                _open_survey(token),  # read again on a retry: with the answer that won
                rating=form.rating.data,
                comment=form.comment.data or "",
                channel="web",
                now=adapters().clock.now(),
                threshold=current_app.config["ASSESSMENT_THRESHOLD"],
            ),
        )
    except SurveyClosed:
        abort(410)
    return redirect(url_for("survey.thanks", token=token), code=303)


@bp.get("/s/<token>/thanks")
@public
def thanks(token: str):
    survey = _survey(token)
    can_change = is_open(survey, adapters().clock.now())
    org, answer = brand.for_request(), survey.response
    return render_template(
        "survey/thanks.html",
        survey=survey,
        token=token,
        can_change=can_change,
        unhappy=bool(answer and answer.assessment and answer.assessment.unhappy),
        within=call_within(current_app.config["FOLLOWUP_FIRST_CALL_HOURS"]),
        thank_you=org.wording(str(get_locale()))[1],
        contact=parseaddr(org.reply_to or current_app.config["MAIL_DEFAULT_SENDER"])[1],
    )


@bp.get("/s/<token>/unsubscribe")
@public
def unsubscribe_page(token: str):
    survey = _survey(token)
    return render_template("survey/unsubscribe.html", survey=survey, done=False, form=FlaskForm())


@bp.post("/s/<token>/unsubscribe")
@public
@csrf.exempt  # RFC 8058 one-click: the mail provider POSTs without our form token
def unsubscribe(token: str):
    survey = _survey(token)
    customer = survey.customer
    if customer.opted_out_at is None:
        customer.opted_out_at = adapters().clock.now()
        current_app.logger.info("customer %s opted out via unsubscribe link", customer.id)
    db.session.commit()
    return render_template("survey/unsubscribe.html", survey=survey, done=True, form=None)
