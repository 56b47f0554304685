"""The dashboard's figures for a period, overall and per person, as plain dataclasses.

The counts of the period come as one PeriodScan (followup/period_scan.py): survey figures
added up from the hourly rollups, call waits ranked from the period's tasks, counted on the
request for a small team or ahead by the worker for a large one. This module puts them beside
what is true right now (who holds which open task, everyone's current name) and draws the trends.

Two populations, on purpose: the response rate follows the surveys *sent* in the period (did
those customers answer, whenever they did), while CSAT, unhappiness and call times follow the
answers *given* in the period (a task opens in the same transaction as its unhappy answer),
so a bad week shows up in the week it happened.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from followup import call_spread
from followup.charts import Bar
from followup.figures import NO_WAITS, CallFigures, ReachProof, SurveyFigures, median_reach_bar
from followup.period_scan import PeriodScan
from followup.periods import Period, week_starts
from followup.rollups import SurveyCounts


@dataclass(frozen=True)
class Dashboard:
    period: Period
    surveys: SurveyFigures
    calls: CallFigures
    by_agent: list[tuple[str, SurveyFigures]]  # the ticket's agent
    by_assignee: list[tuple[str, CallFigures]]  # whoever the follow-up task is assigned to
    weekly_csat: list[Bar]
    weekly_reach: list[Bar]  # median hours from answer to customer reached
    proof: ReachProof  # reaches in the period, verified by the call or logged by hand
    as_of: datetime | None = None  # when the worker counted the period; None: counted just now


def build(session: Session, period: Period, scan: PeriodScan, as_of: datetime | None = None) -> Dashboard:
    labels = call_spread.assignees(session)
    holding = call_spread.open_now(session, labels)
    everyone = [task for held in holding.values() for task in held]
    people = {
        labels.get(user_id, call_spread.FORMER_USER): CallFigures.of(
            scan.assignee_waits.get(user_id, NO_WAITS), holding.get(user_id, [])
        )
        for user_id in scan.assignee_waits.keys() | holding.keys()
    }
    team = sum(scan.agents.values(), SurveyCounts())
    by_agent = [(agent, counts.figures()) for agent, counts in sorted(scan.agents.items())]
    weeks = [f"{start.astimezone(period.zone):%d %b}" for start in week_starts(period)]
    return Dashboard(
        period=period,
        surveys=team.figures(),
        calls=CallFigures.of(scan.team_waits, everyone),
        by_agent=sorted(by_agent, key=lambda row: -row[1].sent),
        by_assignee=sorted(sorted(people.items()), key=lambda row: -row[1].tasks),
        weekly_csat=[_csat_bar(week, counts) for week, counts in zip(weeks, scan.weeks, strict=True)],
        weekly_reach=[median_reach_bar(week, w) for week, w in zip(weeks, scan.weekly_reach, strict=True)],
        proof=scan.proof,
        as_of=as_of,
    )


def _csat_bar(label: str, counts: SurveyCounts) -> Bar:
    percent = counts.csat_percent
    return Bar(label, percent, "no data" if percent is None else f"{percent:.0f}%")
