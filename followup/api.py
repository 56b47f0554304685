"""The follow-up JSON API for integrations and scripts; bearer tokens from `users token`.

The token is checked, and the route's role declaration enforced, by core/access.py (wired in
`create_app`), which leaves the user in `g.api_user`.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import current_app, g, jsonify
from flask_smorest import Blueprint, abort
from sqlalchemy import select

from core.access import AGENT, MANAGER, allow
from core.adapters import adapters
from core.extensions import csrf, db
from followup import verdicts
from followup.api_schemas import (
    AttemptIn,
    AttemptPatchIn,
    ExportArgs,
    ListArgs,
    QualityArgs,
    QualityOut,
    ResponseExport,
    TaskExport,
    TaskOut,
    TaskPage,
    task_json,
)
from followup.attempt_notes import add_note, attempt_of
from followup.attempts import TaskClosedError, log_attempt
from followup.business_hours import valid_timezone
from followup.exports import response_rows
from followup.models import FollowupTask
from followup.periods import Period, PeriodError, parse_period
from followup.quality_report import quality
from followup.queue import CursorError, attempts_of, list_tasks
from followup.retry_policy import AttemptError
from followup.tasks import find_task, policy_from_config
from followup.visibility import can_see_task
from followup.voice_calls import CallNotPlaced, VoiceUnavailable, open_call, place_call, voice_settings

bp = Blueprint("api", __name__, url_prefix="/api", description="Follow-up tasks and call attempts")
csrf.exempt(bp)  # token-authenticated, no cookies: nothing for a forged form to ride on
SECURITY = [{"bearerAuth": []}]


def _task(task_id: int) -> FollowupTask:
    task = find_task(db.session, task_id)
    user = g.api_user
    if task is None or not can_see_task(db.session, user, task):
        abort(404, message=f"no follow-up task {task_id}")
    return task


@bp.route("/followups")
@allow(AGENT, MANAGER)
@bp.doc(security=SECURITY)
@bp.arguments(ListArgs, location="query", as_kwargs=True)
@bp.response(200, TaskPage)
@bp.alt_response(401, response="UNAUTHORIZED")
def list_followups(status: str, cursor: str | None, limit: int):
    """List follow-up tasks, due first."""
    try:
        page = list_tasks(
            db.session, status=status, viewer=g.api_user, cursor=cursor, limit=limit, detail=True
        )
    except CursorError as error:
        abort(422, message=str(error), errors={"cursor": str(error)})
    attempts = attempts_of(db.session, [row.id for row in page.items])
    # Written out by task_json rather than dumped field by field through TaskPage, which took
    # half of this request; the e2e test holds each item equal to what GET of that task answers.
    items = [task_json(row, attempts.get(row.id, [])) for row in page.items]
    return jsonify(items=items, next=page.next)


@bp.route("/followups/<int:task_id>")
@allow(AGENT, MANAGER)
@bp.doc(security=SECURITY)
@bp.response(200, TaskOut)
@bp.alt_response(401, response="UNAUTHORIZED")
@bp.alt_response(404, response="NOT_FOUND")
def get_followup(task_id: int):
    """One task with the customer, the answer, its assessment and every attempt."""
    return _task(task_id)


@bp.route("/followups/<int:task_id>/attempts", methods=["POST"])
@allow(AGENT, MANAGER)
@bp.doc(security=SECURITY)
@bp.arguments(AttemptIn, as_kwargs=True)
@bp.response(201, TaskOut)
@bp.alt_response(401, response="UNAUTHORIZED")
@bp.alt_response(404, response="NOT_FOUND")
@bp.alt_response(409, response="CONFLICT")
def post_attempt(task_id: int, outcome: str, note: str, callback_at, verdict: str | None, topic: str | None):
    """Log a call attempt; only `reached` with a note closes the task."""
    task = _task(task_id)
    try:
        log_attempt(
            db.session,
            task,
            user=g.api_user,
            outcome=outcome,
            note=note,
            callback_at=callback_at,
            policy=policy_from_config(current_app.config),
            default_tz=current_app.config["DEFAULT_TIMEZONE"],
            now=adapters().clock.now(),
            verdict=verdict,
            topic=topic,
        )
    except AttemptError as error:
        db.session.rollback()
        abort(422, message="invalid attempt", errors={error.field: error.message})
    except TaskClosedError:
        abort(409, message=f"task {task_id} is closed")
    db.session.commit()
    return task


@bp.route("/followups/<int:task_id>/attempts/<int:attempt_id>", methods=["PATCH"])
@allow(AGENT, MANAGER)
@bp.doc(security=SECURITY)
@bp.arguments(AttemptPatchIn, as_kwargs=True)
@bp.response(200, TaskOut)
@bp.alt_response(401, response="UNAUTHORIZED")
@bp.alt_response(404, response="NOT_FOUND")
def patch_attempt(task_id: int, attempt_id: int, note: str | None, verdict: str | None, topic: str | None):
    """Add the note of what was said (e.g. to a call that closed the task by itself), the verdict
    or the topic."""
    task, now = _task(task_id), adapters().clock.now()
    try:
        attempt = attempt_of(db.session, task, attempt_id)
        if note is not None:
            add_note(db.session, task, attempt_id, note, g.api_user, now)
        verdicts.record(db.session, attempt, verdict, topic, g.api_user, now)
    except LookupError:
        abort(404, message=f"task {task_id} has no attempt {attempt_id}")
    except AttemptError as error:
        db.session.rollback()
        abort(422, message="invalid attempt", errors={error.field: error.message})
    db.session.commit()
    return task


@bp.route("/followups/<int:task_id>/calls", methods=["POST"])
@allow(AGENT, MANAGER)
@bp.doc(security=SECURITY)
@bp.response(202, TaskOut)
@bp.alt_response(401, response="UNAUTHORIZED")
@bp.alt_response(404, response="NOT_FOUND")
@bp.alt_response(409, response="CONFLICT")
@bp.alt_response(422, response="UNPROCESSABLE_ENTITY")
@bp.alt_response(502, response="DEFAULT_ERROR")
def post_call(task_id: int):
    """Ring the caller's phone through Twilio, then the customer's; the call logs itself (202).

    Committed twice on purpose: the call's row must exist before Twilio calls back about it.
    """
    task = _task(task_id)
    settings, now = voice_settings(current_app.config), adapters().clock.now()
    try:
        call = open_call(db.session, task, g.api_user, settings, now)
    except TaskClosedError:
        abort(409, message=f"task {task_id} is closed")
    except VoiceUnavailable as error:
        abort(422, message=str(error), errors={"call": str(error)})
    db.session.commit()
    try:
        place_call(db.session, call, adapters().voice, settings, now)
    except CallNotPlaced as error:
        db.session.commit()
        abort(502, message=f"Twilio did not place the call: {error}")
    db.session.commit()
    return task


def _period(args: dict, zone: ZoneInfo) -> Period:
    """The `from`/`to` days of a query as a period in `zone` (default: the last 30 days)."""
    given = {"from": args["from_"], "to": args["to"]}
    query = {name: day.isoformat() for name, day in given.items() if day is not None}
    try:
        return parse_period(query, adapters().clock.now(), zone)
    except PeriodError as error:
        abort(422, message=str(error), errors={"from": str(error)})


@bp.route("/assessment/quality")
@allow(MANAGER)
@bp.doc(security=SECURITY)
@bp.arguments(QualityArgs, location="query")
@bp.response(200, QualityOut)
@bp.alt_response(401, response="UNAUTHORIZED")
@bp.alt_response(403, response="FORBIDDEN")
def assessment_quality(args: dict):
    """How well the assessment works here: precision, recall, false alarms, misses, topics.

    `from` and `to` are days in the caller's time zone (default: the last 30 days).
    """
    zone = ZoneInfo(valid_timezone(g.api_user.timezone, "UTC"))
    return quality(db.session, _period(args, zone)).as_json()


@bp.route("/exports/responses")
@allow(MANAGER)
@bp.doc(security=SECURITY)
@bp.arguments(ExportArgs, location="query")
@bp.response(200, ResponseExport)
@bp.alt_response(401, response="UNAUTHORIZED")
@bp.alt_response(403, response="FORBIDDEN")
def export_responses(args: dict):
    """Answers of a period (default: the last 30 days), oldest first, `limit` at a time."""
    period = _period(args, ZoneInfo("UTC"))
    items = list(
        response_rows(db.session, period.start, period.end, after_id=args["after"], limit=args["limit"])
    )
    return {"items": items, "next": items[-1]["response_id"] if len(items) == args["limit"] else None}


@bp.route("/exports/tasks")
@allow(MANAGER)
@bp.doc(security=SECURITY)
@bp.arguments(ExportArgs, location="query")
@bp.response(200, TaskExport)
@bp.alt_response(401, response="UNAUTHORIZED")
@bp.alt_response(403, response="FORBIDDEN")
def export_tasks(args: dict):
    """Tasks opened in a period with every attempt, oldest first, `limit` at a time."""
    period = _period(args, ZoneInfo("UTC"))
    stmt = (
        select(FollowupTask)
        .where(
            FollowupTask.opened_at >= period.start,
            FollowupTask.opened_at < period.end,
            FollowupTask.id > args["after"],
        )
        .order_by(FollowupTask.id)
        .limit(args["limit"])
    )
    items = db.session.scalars(stmt).all()
    return {"items": items, "next": items[-1].id if len(items) == args["limit"] else None}
