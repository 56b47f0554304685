"""`/dashboard`: how the surveys and the call-backs went over a period, for the people running them.

The view only reads the period from the query string, takes its counts (made now, or ahead by
the worker for a large team: followup/dashboard_snapshots.py), asks followup/dashboard.py for
the figures and draws the two trends; a period it can't read gets a 400 page saying what to
type, and a large team's period the worker has not counted yet a page that says so and asks
again by itself.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import current_app, render_template, request
from flask_login import current_user
from markupsafe import Markup

from core.access import MANAGER, allow
from core.adapters import adapters
from core.conflicts import commit_once
from core.extensions import db
from followup.business_hours import valid_timezone
from followup.charts import Bar, bar_chart, bar_rows
from followup.dashboard import build
from followup.dashboard_snapshots import counted, want
from followup.figures import duration_text
from followup.periods import PRESET_DAYS, Period, PeriodError, parse_period
from followup.quality_report import quality
from followup.views import bp


@bp.get("/dashboard")
@allow(MANAGER)
def dashboard():
    zone, now = ZoneInfo(valid_timezone(current_user.timezone, "UTC")), adapters().clock.now()
    try:
        period = parse_period(request.args, now, zone)
    except PeriodError as error:
        return render_template("error.html", title="That period doesn't work", message=str(error)), 400
    found = counted(db.session, period, now, current_app.config["DASHBOARD_LIVE_LIMIT"])
    if found.ask_worker:
        commit_once(db.session, lambda: want(db.session, period, now))
    if found.scan is None:
        page, args = "followup/dashboard_counting.html", _period_args(period)
        return render_template(page, period=period, presets=PRESET_DAYS, export_args=args)
    figures = build(db.session, found.period, found.scan, found.as_of)
    charts = {
        "csat": _chart(
            "CSAT by week",
            "Share of good ratings (4-5) among good and bad ones (1-2), week by week",
            figures.weekly_csat,
            top=100,
            unit="%",
        ),
        "reach": _chart(
            "Median time to reach an unhappy customer, by week",
            "Median time from the unhappy answer to the call that reached the customer, week by week",
            figures.weekly_reach,
            unit=" h",
        ),
    }
    return render_template(
        "followup/dashboard.html",
        d=figures,
        charts=charts,
        presets=PRESET_DAYS,
        export_args=_period_args(found.period),
        duration=duration_text,
        quality=quality(db.session, found.period, found.scan),
    )


def _chart(title: str, about: str, bars: list[Bar], *, top: float | None = None, unit: str = "") -> dict:
    """The chart's visible title and its two drawings (columns for wide screens, rows for phones)."""
    description = about + ": " + ", ".join(f"week of {bar.label}: {bar.text}" for bar in bars)
    # charts.py escapes every text it writes into the SVG (tests/unit/test_charts.py).
    return {
        "title": title,
        "wide": Markup(bar_chart(title, description, bars, top=top, unit=unit)),  # noqa: S704
        "narrow": Markup(bar_rows(title, description, bars, top=top)),  # noqa: S704
    }


def _period_args(period: Period) -> dict[str, str]:
    """The query string that asks an export for the period on screen."""
    if period.days is not None:
        return {"days": str(period.days)}
    return {"from": period.first_day.isoformat(), "to": period.last_day.isoformat()}
