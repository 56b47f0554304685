"""The manager's forms, shared by the task page and the routes that take each form."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, Optional

from followup.profile import CHANNELS
from followup.touches import KINDS
from followup.verdicts import VERDICT_LABELS

VERDICT_CHOICES = list(VERDICT_LABELS.items())

OUTCOME_CHOICES = [
    ("reached", "Reached"),
    ("no_answer", "No answer"),
    ("voicemail", "Left a voicemail"),
    ("busy", "Busy"),
    ("wrong_number", "Wrong number"),
    ("callback_requested", "Asked for a call-back"),
]


class AttemptForm(FlaskForm):
    # No default: a manager who forgets to choose is asked, rather than closing the task as reached.
    outcome = RadioField(
        "How did the call go?",
        choices=OUTCOME_CHOICES,
        validators=[
            InputRequired(message="Choose how the call went."),
            AnyOf([value for value, _ in OUTCOME_CHOICES], message="Choose how the call went."),
        ],
        validate_choice=False,  # its own message would come on top of the one above
    )
    note = TextAreaField("Note (what was said, what happens next)", validators=[Optional(), Length(max=5000)])
    callback_at = DateTimeLocalField("Call back at", validators=[Optional()])
    verdict = RadioField("Was the customer in fact unhappy?", choices=VERDICT_CHOICES, validate_choice=False)
    topic = SelectField("What was it about?", validate_choice=False)  # the team's list: set per request


class CallNoteForm(FlaskForm):
    """The note owed after a call through the app reached the customer, with the call's verdict."""

    body = TextAreaField("What was said?", validators=[DataRequired(), Length(max=5000)])
    verdict = RadioField("Was the customer in fact unhappy?", choices=VERDICT_CHOICES, validate_choice=False)
    topic = SelectField("What was it about?", validate_choice=False)


class EmailCustomerForm(FlaskForm):
    """A personal email to a customer the team cannot call."""

    message = TextAreaField(
        "Message", validators=[DataRequired(message="Write the message to send."), Length(max=5000)]
    )


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


class AccountForm(FlaskForm):
    """The user's own details; the account service checks the values (followup/account.py)."""

    name = StringField("Name", validators=[DataRequired(message="Give your name."), Length(max=200)])
    phone = StringField("Mobile phone", validators=[Optional(), Length(max=40)])
    timezone = SelectField("Time zone", validate_choice=False)
    reminders = RadioField("Call-back reminders and escalations reach me", validate_choice=False)


class PasswordForm(FlaskForm):
    current_password = PasswordField("Current password", validators=[InputRequired(), Length(max=200)])
    new_password = PasswordField("New password", validators=[InputRequired(), Length(max=200)])
    repeat_password = PasswordField("New password again", validators=[InputRequired(), Length(max=200)])


class EraseForm(FlaskForm):
    confirm = BooleanField(
        "I understand: this customer's name, contacts, comments and notes are removed for good",
        validators=[InputRequired()],
    )
