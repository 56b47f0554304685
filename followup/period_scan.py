"""Everything the dashboard counts from a period's rows, as one plain value the worker can keep.

A period's surveys by agent and week, its call waits by assignee and week, its proven reaches,
its answers as the assessment read them and its call topics: all sums and ranks over the
period's rows. For a small team they are counted on each request. For a large one (a year of a
million follow-ups) the 90 days take over a second, so the worker counts them ahead
(followup/dashboard_snapshots.py) and keeps them as JSON, keyed by the tickets' agents and the
assignees' ids. What is about *now* (who holds which task, users' current names, the comments
of false alarms and misses) is never kept here: the page reads it live, so an erased
customer's words cannot linger in a kept figure.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from followup import call_spread
from followup.figures import ReachProof, Spread, Waits
from followup.models import CallAttempt
from followup.periods import Period, pieces, week_starts
from followup.rollup_refresh import rolled_until
from followup.rollups import SurveyCounts, survey_counts
from survey.models import Assessment, Response

NO_AGENT = "No agent on the ticket"
FORMAT = 1  # of as_json: a release that changes it makes the worker's kept counts count as missing


def agent_label(name: str | None, email: str | None) -> str:
    """Tickets name their agent freely; the email (when given) tells two Sams apart."""
    if name and email:
        return f"{name} ({email.lower()})"
    return name or (email.lower() if email else NO_AGENT)


@dataclass(frozen=True)
class PeriodScan:
    agents: dict[str, SurveyCounts]  # by the ticket agent's label
    weeks: list[SurveyCounts]  # one per week of the period, Monday in the reader's zone
    team_waits: Waits
    assignee_waits: dict[int | None, Waits]  # by assignee id (None: unassigned)
    weekly_reach: list[timedelta | None]  # median time to reach, per week
    proof: ReachProof
    read_unhappy: int  # answers last changed in the period that the assessment read as unhappy
    read_fine: int
    topic_weeks: list[Counter] = field(default_factory=list)  # topic key -> calls, per week

    def as_json(self) -> dict:
        return {
            "version": FORMAT,
            "agents": {label: asdict(counts) for label, counts in self.agents.items()},
            "weeks": [asdict(counts) for counts in self.weeks],
            "team_waits": _waits_json(self.team_waits),
            "assignee_waits": [[user, _waits_json(w)] for user, w in self.assignee_waits.items()],
            "weekly_reach": [_seconds(wait) for wait in self.weekly_reach],
            "proof": asdict(self.proof),
            "read_unhappy": self.read_unhappy,
            "read_fine": self.read_fine,
            "topic_weeks": [dict(counts) for counts in self.topic_weeks],
        }

    @classmethod
    def from_json(cls, data: dict) -> PeriodScan:
        """The scan as_json wrote; ValueError for one written in another format (an older release)."""
        if data.get("version") != FORMAT:
            raise ValueError(f"a period scan of format {data.get('version')!r}, not {FORMAT}")
        return cls(
            agents={label: SurveyCounts(**counts) for label, counts in data["agents"].items()},
            weeks=[SurveyCounts(**counts) for counts in data["weeks"]],
            team_waits=_waits(data["team_waits"]),
            assignee_waits={user: _waits(w) for user, w in data["assignee_waits"]},
            weekly_reach=[_wait(seconds) for seconds in data["weekly_reach"]],
            proof=ReachProof(**data["proof"]),
            read_unhappy=data["read_unhappy"],
            read_fine=data["read_fine"],
            topic_weeks=[Counter(counts) for counts in data["topic_weeks"]],
        )


def scan(session: Session, period: Period) -> PeriodScan:
    """Count the period from the rows (and the hourly rollups): the slow part of the dashboard."""
    starts = week_starts(period)
    agents, weeks = defaultdict(SurveyCounts), [SurveyCounts() for _ in starts]
    for (week, name, email), counts in survey_counts(session, pieces(period, rolled_until(session))).items():
        agents[agent_label(name, email)] += counts
        weeks[week] += counts
    team, people, weekly_reach = call_spread.waits(session, period)
    read_unhappy, read_fine = answers_read(session, period)
    return PeriodScan(
        agents=dict(agents),
        weeks=weeks,
        team_waits=team,
        assignee_waits=people,
        weekly_reach=weekly_reach,
        proof=call_spread.proof(session, period),
        read_unhappy=read_unhappy,
        read_fine=read_fine,
        topic_weeks=topics_by_week(session, period),
    )


def answers_read(session: Session, period: Period) -> tuple[int, int]:
    """(read as unhappy, read as fine) of the answers last changed in the period."""
    rows = session.execute(
        select(Assessment.unhappy, func.count())
        .join(Response, Response.id == Assessment.response_id)
        .where(Response.updated_at >= period.start, Response.updated_at < period.end)
        .group_by(Assessment.unhappy)
    )
    counts = {unhappy: count for unhappy, count in rows}
    return counts.get(True, 0), counts.get(False, 0)


def topics_by_week(session: Session, period: Period) -> list[Counter]:
    """What the calls in the period were about, week by week (Monday in the reader's zone)."""
    starts = week_starts(period)
    weeks = [Counter() for _ in starts]
    rows = session.execute(
        select(CallAttempt.created_at, CallAttempt.topic).where(
            CallAttempt.topic.is_not(None),
            CallAttempt.created_at >= period.start,
            CallAttempt.created_at < period.end,
        )
    )
    for called_at, topic in rows:
        weeks[max(i for i, start in enumerate(starts) if start <= called_at)][topic] += 1
    return weeks


def _seconds(wait: timedelta | None) -> float | None:
    return None if wait is None else wait.total_seconds()


def _wait(seconds: float | None) -> timedelta | None:
    return None if seconds is None else timedelta(seconds=seconds)


def _waits_json(waits: Waits) -> dict:
    spreads = {name: [_seconds(s.median), _seconds(s.p90)] for name, s in
               (("to_first_call", waits.to_first_call), ("to_reached", waits.to_reached))}  # fmt: skip
    return {"tasks": waits.tasks, "called": waits.called, "reached": waits.reached, **spreads}


def _waits(data: dict) -> Waits:
    return Waits(
        tasks=data["tasks"],
        called=data["called"],
        reached=data["reached"],
        to_first_call=Spread(*map(_wait, data["to_first_call"])),
        to_reached=Spread(*map(_wait, data["to_reached"])),
    )
