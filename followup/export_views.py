"""CSV downloads of a period's answers, tasks and calls, for managers."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import Response, abort, request, stream_with_context
from flask_login import current_user

from core.access import MANAGER, allow
from core.adapters import adapters
from core.extensions import db
from followup.business_hours import valid_timezone
from followup.exports import (
    CALL_COLUMNS,
    RESPONSE_COLUMNS,
    TASK_COLUMNS,
    as_csv,
    call_rows,
    response_rows,
    task_rows,
)
from followup.periods import PeriodError, parse_period
from followup.views import bp

EXPORTS = {
    "responses": (response_rows, RESPONSE_COLUMNS),
    "tasks": (task_rows, TASK_COLUMNS),
    "calls": (call_rows, CALL_COLUMNS),
}


@bp.get("/exports/<name>.csv")
@allow(MANAGER)
def export_csv(name: str):
    if name not in EXPORTS:
        abort(404)
    try:
        chosen = parse_period(
            request.args, adapters().clock.now(), ZoneInfo(valid_timezone(current_user.timezone, "UTC"))
        )
    except PeriodError as error:
        abort(400, str(error))
    since, until = chosen.start, chosen.end
    rows, columns = EXPORTS[name]
    filename = f"{name}-{since:%Y%m%d}-{until:%Y%m%d}.csv"
    body = stream_with_context(as_csv(rows(db.session, since, until), columns))
    return Response(
        body, mimetype="text/csv", headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )
