"""`/settings`: the organisation's brand, the survey's wording and the call topics, for managers.

What customers see in every email, SMS and page is the company's voice, so only managers change
it, and every change is audited (survey/brand.py keeps the trail). A blank field goes back to the
environment's default.
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import StringField, TextAreaField
from wtforms.validators import Length, Optional, ValidationError

from core.access import MANAGER, allow
from core.adapters import adapters
from core.extensions import db
from followup import call_topics
from followup.models import User
from survey import brand

bp = Blueprint("settings", __name__, template_folder="templates")


def _usable(form: FlaskForm, field) -> None:
    wrong = brand.problem_with(field.name, (field.data or "").strip() or None)
    if wrong and wrong != "required":  # blank = the default, which is always there
        raise ValidationError(f"Must be {wrong}.")


class BrandForm(FlaskForm):
    name = StringField("Organisation name", validators=[Optional(), Length(max=100)])
    logo_url = StringField("Logo address (https://...)", validators=[Optional(), Length(max=500), _usable])
    color = StringField("Brand colour (#rrggbb)", validators=[Optional(), Length(max=7), _usable])
    postal_address = StringField("Postal address (email footer)", validators=[Optional(), Length(max=300)])
    reply_to = StringField("Reply-to address", validators=[Optional(), Length(max=320), _usable])
    question = StringField("Survey question (English)", validators=[Optional(), Length(max=200)])
    thank_you = TextAreaField("Thank-you text (English)", validators=[Optional(), Length(max=500)])


class TopicsForm(FlaskForm):
    topics = TextAreaField("Call topics, one a line (key: Label)", validators=[Optional(), Length(max=4000)])


@bp.route("/settings", methods=["GET", "POST"])
@allow(MANAGER)
def edit():
    defaults = brand.from_config(current_app.config)
    form = BrandForm()
    if form.validate_on_submit():
        changed = brand.save(db.session, defaults, form.data, current_user.id, adapters().clock.now())
        db.session.commit()
        brand.forget()
        current_app.logger.info("user %s changed settings %s", current_user.id, ",".join(changed) or "none")
        flash(f"Saved: {', '.join(changed)}." if changed else "Nothing changed.")
        return redirect(url_for("settings.edit"), code=303)
    if not form.is_submitted():
        form.process(data=vars(brand.load(db.session, defaults)))
    return _page(form, TopicsForm(formdata=None), 400 if form.is_submitted() else 200)


@bp.post("/settings/topics")
@allow(MANAGER)
def edit_topics():
    """The list the verdict's "what was it about" offers; keys stay what the API and exports carry."""
    form = TopicsForm()
    if form.validate():
        try:
            topics = call_topics.parse(form.topics.data or "")
        except call_topics.TopicListError as error:
            form.topics.errors = [str(error)]
        else:
            changed = call_topics.save(db.session, topics, current_user.id, adapters().clock.now())
            db.session.commit()
            current_app.logger.info("user %s changed the call topics: %s", current_user.id, changed)
            flash("Call topics saved." if changed else "Nothing changed.")
            return redirect(url_for("settings.edit", _anchor="topics"), code=303)
    defaults = brand.from_config(current_app.config)
    brand_form = BrandForm(formdata=None, data=vars(brand.load(db.session, defaults)))
    return _page(brand_form, form, 400)


def _page(form: BrandForm, topics_form: TopicsForm, status: int):
    if topics_form.topics.data is None:
        topics_form.topics.data = call_topics.as_text(call_topics.load(db.session))
    defaults = brand.from_config(current_app.config)
    history = brand.history(db.session)
    who = select(User.id, User.name).where(User.id.in_({change.changed_by for change in history}))
    names = {user_id: name for user_id, name in db.session.execute(who)}
    return render_template(
        "followup/settings.html",
        form=form,
        topics_form=topics_form,
        defaults=vars(defaults),
        history=history,
        names=names,
    ), status
