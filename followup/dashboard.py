"""The dashboard's figures for a period, overall and per person, as plain dataclasses.

Survey figures add up: whole hours come from the hourly rollups (followup/rollups.py), the
ragged edges and the latest hours from the rows, counted the same way. Call figures rank waits,
which don't add up: followup/call_spread.py computes them from the period's tasks off an index.
Either way a year of a large team is a few thousand rows read, not a million.

Two populations, on purpose: the response rate follows the surveys *sent* in the period (did
those customers answer, whenever they did), while CSAT, unhappiness and call times follow the
answers *given* in the period (a task opens in the same transaction as its unhappy answer),
so a bad week shows up in the week it happened.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy.orm import Session

from followup import call_spread
from followup.charts import Bar
from followup.figures import CallFigures, ReachProof, SurveyFigures
from followup.periods import Period, pieces, week_starts
from followup.rollup_refresh import rolled_until
from followup.rollups import SurveyCounts, survey_counts

NO_AGENT = "No agent on the ticket"


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


def agent_label(name: str | None, email: str | None) -> str:
    """Tickets name their agent freely; the email (when given) tells two Sams apart."""
    if name and email:
        return f"{name} ({email.lower()})"
    return name or (email.lower() if email else NO_AGENT)


def build(session: Session, period: Period) -> Dashboard:
    counts = survey_counts(session, pieces(period, rolled_until(session)))
    team, agents, weeks = SurveyCounts(), defaultdict(SurveyCounts), defaultdict(SurveyCounts)
    for (week, name, email), each in counts.items():
        team, agents[agent_label(name, email)], weeks[week] = (
            team + each,
            agents[agent_label(name, email)] + each,
            weeks[week] + each,
        )
    calls, people, weekly_reach = call_spread.calls(session, period)
    by_agent = [(agent, agents[agent].figures()) for agent in sorted(agents)]
    by_assignee = sorted(people.items())
    return Dashboard(
        period=period,
        surveys=team.figures(),
        calls=calls,
        by_agent=sorted(by_agent, key=lambda row: -row[1].sent),
        by_assignee=sorted(by_assignee, key=lambda row: -row[1].tasks),
        weekly_csat=[
            _csat_bar(f"{start.astimezone(period.zone):%d %b}", weeks.get(n, SurveyCounts()))
            for n, start in enumerate(week_starts(period))
        ],
        weekly_reach=weekly_reach,
        proof=call_spread.proof(session, period),
    )


def _csat_bar(label: str, counts: SurveyCounts) -> Bar:
    percent = counts.csat_percent
    return Bar(label, percent, "no data" if percent is None else f"{percent:.0f}%")
