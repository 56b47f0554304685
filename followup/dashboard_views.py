"""`/dashboard`: how the surveys and the call-backs went over a period, for the people running them.

The view only reads the period from the query string, asks followup/dashboard.py for the
figures and draws the two trends; a period it can't read gets a 400 page saying what to type.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import render_template, request
from flask_login import current_user
from markupsafe import Markup

from core.access import MANAGER, allow
from core.adapters import adapters
from core.extensions import db
from followup.business_hours import valid_timezone
from followup.charts import Bar, bar_chart, bar_rows
from followup.dashboard import build
from followup.figures import duration_text
from followup.periods import PRESET_DAYS, Period, PeriodError, parse_period
from followup.quality_report import quality
from followup.views import bp


@bp.get("/dashboard")
@allow(MANAGER)
def dashboard():
    zone = ZoneInfo(valid_timezone(current_user.timezone, "UTC"))
    try:
        period = parse_period(request.args, adapters().clock.now(), zone)
    except PeriodError as error:
        return render_template("error.html", title="That period doesn't work", message=str(error)), 400
    figures = build(db.session, period)
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
        export_args=_period_args(period),
        duration=duration_text,
        quality=quality(db.session, period),
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
