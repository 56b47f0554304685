"""The manager's forms, shared by the task page and the routes that take each form."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, DateTimeLocalField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from followup.profile import CHANNELS
from followup.touches import KINDS

OUTCOME_CHOICES = [
    ("reached", "Reached the customer"),
    ("no_answer", "No answer"),
    ("voicemail", "Left a voicemail"),
    ("busy", "Busy"),
    ("wrong_number", "Wrong number"),
    ("callback_requested", "Customer asked to be called back at…"),
]


class AttemptForm(FlaskForm):
    outcome = SelectField("Outcome", choices=OUTCOME_CHOICES)
    note = TextAreaField("Note (what was said, what happens next)", validators=[Optional(), Length(max=5000)])
    callback_at = DateTimeLocalField("Call back at (your time)", validators=[Optional()])


class NoteForm(FlaskForm):
    body = TextAreaField("Add a note", validators=[DataRequired(), Length(max=5000)])


class ProfileForm(FlaskForm):
    family = StringField("Family", validators=[Optional(), Length(max=500)])
    birthday = DateField("Birthday", validators=[Optional()])
    hobbies = StringField("Hobbies and interests", validators=[Optional(), Length(max=500)])
    milestones = StringField("Milestones", validators=[Optional(), Length(max=500)])
    milestone_on = DateField("Next milestone on", validators=[Optional()])
    preferred_channel = SelectField(
        "Preferred channel",
        # No Optional(): it would let whitespace past the choice check.
        choices=[("", "no preference")] + [(c, c) for c in CHANNELS],
        default="",
    )
    preferred_time = StringField("Best time to call", validators=[Optional(), Length(max=100)])


class AssignForm(FlaskForm):
    assignee = SelectField("Assign to", coerce=int)


class TouchForm(FlaskForm):
    kind = SelectField("How", choices=[(k, k) for k in KINDS])
    note = StringField("Note", validators=[Optional(), Length(max=2000)])


class EraseForm(FlaskForm):
    confirm = BooleanField(
        "I understand: this customer's name, contacts, comments and notes are removed for good",
        validators=[InputRequired()],
    )
