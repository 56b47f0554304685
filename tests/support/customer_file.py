"""A customer file with something in every part of it, made the way it is made in use.

Privacy tests (erase, export) need a person who is everywhere: on tickets, in the outbox, in an
answer and its assessment, on a task's attempts and history, in notes, personal facts, touches
and a text that came in with no open survey. Each piece goes in through the app's own route or
service, so a table another part of the app starts filling is filled here too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from core.extensions import db
from followup.attempts import log_attempt
from followup.models import FollowupTask, User
from followup.profile import add_note, update_profile
from followup.tasks import policy_from_config
from followup.touches import log_touch
from survey.delivery import survey_link
from survey.models import Survey
from tests.support import factories
from tests.support.twilio_hooks import text_in
from tests.support.webhooks import close_ticket, run_worker

NAME, EMAIL, PHONE, EXTERNAL_ID = "Jane Doe", "jane@example.com", "+15551234567", "C-17"
COMMENT = "Jane Doe here: the printer is still broken and nobody called +15551234567 back"
CALL_NOTE = "Spoke to Jane's husband John Doe, she is at the clinic on Tuesdays"
NOTE = "Jane Doe prefers mornings; her daughter Lucy starts university in May"
FACTS = {
    "family": "married to John Doe, daughter Lucy",
    "birthday": date(1980, 3, 14),
    "hobbies": "sailing on Lake Zurich",
    "milestones": "moving to Basel",
    "milestone_on": date(2027, 5, 1),
    "preferred_channel": "phone",
    "preferred_time": "before 10 am",
}
TOUCH_NOTE = "Sent Jane Doe flowers for the new house"
TEXT = "Jane Doe again: still nothing"
SUBJECT = "Printer offline at Jane Doe's home office"


@dataclass
class Person:
    customer_id: int
    task_id: int
    manager: User
    answered_link: str  # the path of the survey link she answered
    pending_link: str  # the path of a survey not sent yet
    pending_survey_id: int


def survey_path(app, survey_id: int) -> str:
    survey = db.session.get(Survey, survey_id)
    link = survey_link(app.config["PUBLIC_BASE_URL"], app.config["SECRET_KEY"], survey)
    return link.removeprefix(app.config["PUBLIC_BASE_URL"])


def everywhere(app, client, clock) -> Person:
    """Jane Doe in every part of the file (in the app context of `app`, TWILIO_AUTH_TOKEN set)."""
    manager = factories.user(clock.now(), email="boss@example.com", name="Morgan Boss")
    db.session.commit()
    closed = close_ticket(client, clock, "T-1001", subject=SUBJECT)
    assert closed.status_code == 202, closed.get_json()
    answered_link = survey_path(app, closed.get_json()["survey_id"])
    run_worker(app)  # the survey goes out by email and SMS
    assert client.post(answered_link, data={"rating": "1", "comment": COMMENT}).status_code == 303
    task = db.session.scalar(select(FollowupTask))
    now = clock.now()
    policy = policy_from_config(app.config)
    for outcome, note in (("no_answer", ""), ("voicemail", CALL_NOTE)):
        log_attempt(
            db.session,
            task,
            user=manager,
            outcome=outcome,
            note=note,
            callback_at=None,
            policy=policy,
            default_tz="UTC",
            now=now,
        )
    add_note(db.session, task.customer_id, NOTE, manager, now)
    update_profile(db.session, task.customer_id, FACTS, manager, now)
    log_touch(db.session, task.customer_id, "visit", TOUCH_NOTE, manager, now)
    db.session.commit()
    clock.advance(days=29)  # the survey has expired: her next text is kept as it is
    assert text_in(client, TEXT, PHONE).status_code == 200
    app.config["SURVEY_DELAY_MINUTES"] = 60  # the next survey waits in the outbox
    later = close_ticket(client, clock, "T-1002")
    assert later.status_code == 202, later.get_json()
    pending = later.get_json()["survey_id"]
    run_worker(app)
    return Person(task.customer_id, task.id, manager, answered_link, survey_path(app, pending), pending)
