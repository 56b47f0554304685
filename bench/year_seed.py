"""A year of a large team's rows, made by PostgreSQL itself: minutes for a million follow-ups.

Survey s (0 .. 1.5 N - 1) goes out at an even pace over the 365 days before `now`; by s % 6 it
was answered unhappily (0-3: a follow-up task), happily (4: no task) or not at all (5). Ticket,
survey, answer and assessment of s share the id s + 1, and so does its task. Customers come back
(ticket s belongs to customer s % C + 1), agents are 40, assignees 20. A tenth of the tasks is
open (every tenth block of six surveys), with its unanswered calls and a next try spread from
overdue to next week; the others were reached after one to three calls. Times inside a day are
scattered by multiplying s by primes, so hours, rating and waits vary without a random source.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

SEED_VERSION = 1
AGENTS, ASSIGNEES = 40, 20


def customers_for(tasks: int) -> int:
    """N/2 and a little more, so that no two open tasks (s = 60k .. 60k + 3) share a customer."""
    count = tasks // 2 + 3
    while {count % 60, 2 * count % 60} & {0, 1, 2, 3, 57, 58, 59}:
        count += 1
    return count


STEPS = (
    # The people: 20 assignees with a login (password unusable), the customers.
    """INSERT INTO users (email, name, role, timezone, reminders, password_hash, active, created_at)
       SELECT 'assignee' || g || '@example.com', 'Assignee ' || g, 'manager', 'America/Chicago', 'email',
              '!', true, :now - interval '400 days' FROM generate_series(1, :assignees) g""",
    """INSERT INTO customers (id, source, external_id, name, email, phone, timezone, language,
                              created_at, updated_at)
       SELECT g, 'generic', 'C-' || g, 'Customer ' || g, 'c' || g || '@example.com',
              '+1555' || lpad(g::text, 7, '0'), 'America/Chicago', 'en',
              :now - interval '380 days' + (g - 1) * :step, :now - interval '380 days' + (g - 1) * :step
       FROM generate_series(1, :customers) g""",
    # One row per survey with its times, read by every step after.
    """CREATE TEMP TABLE seed ON COMMIT DROP AS
       SELECT s, s % :customers + 1 AS customer, s % 6 AS kind, (s / 6) % 10 = 0 AS open,
              :now - interval '365 days' + s * :step AS sent,
              least(:now - interval '1 minute', :now - interval '365 days' + s * :step
                                                + (s * 7919 % 2880) * interval '1 minute') AS answered,
              20 + s * 37 % 600 AS gap, 1 + s % 3 AS calls
       FROM generate_series(CAST(0 AS bigint), :surveys - 1) s""",
    """INSERT INTO tickets (id, customer_id, source, external_id, subject, status, agent_name, agent_email,
                            closed_at, created_at)
       SELECT s + 1, customer, 'generic', 'T-' || s, 'Printer jams again (' || s || ')', 'closed',
              'Agent ' || s % :agents, 'agent' || s % :agents || '@example.com',
              sent - interval '10 minutes', sent - interval '1 day' FROM seed""",
    """INSERT INTO surveys (id, ticket_id, customer_id, token_nonce, token_hash, status, channels, send_at,
                            sent_at, expires_at, created_at)
       SELECT s + 1, s + 1, customer, md5(s::text), md5(s::text) || md5('t' || s),
              CASE WHEN kind = 5 THEN 'expired' ELSE 'answered' END, 'email', sent, sent,
              sent + interval '7 days', sent - interval '10 minutes' FROM seed""",
    """INSERT INTO responses (id, survey_id, rating, comment, channel, created_at, updated_at)
       SELECT s + 1, s + 1,
              CASE WHEN kind = 4 THEN 4 + s % 2 WHEN s % 50 = 0 THEN 5 WHEN s % 7 = 0 THEN 3
                   ELSE 1 + s % 2 END,
              CASE WHEN kind = 4 THEN 'Quick and friendly, thanks.'
                   ELSE 'Still broken, third time I called.' END,
              'web', answered, answered FROM seed WHERE kind <> 5""",
    """INSERT INTO assessments (id, response_id, unhappy, unhappiness, polarity, reasons, assessed_at)
       SELECT s + 1, s + 1, kind < 4, CASE WHEN kind < 4 THEN 0.8 ELSE 0.1 END,
              CASE WHEN kind < 4 THEN -0.4 ELSE 0.6 END,
              CAST(CASE WHEN kind < 4 THEN '["low rating", "repeat contact"]' ELSE '[]' END AS json),
              answered
       FROM seed WHERE kind <> 5""",
    # Tasks: open ones called 0-2 times, due from overdue to next week; closed ones reached at the last call.
    """CREATE TEMP TABLE seed_task ON COMMIT DROP AS
       SELECT s, customer, open, answered AS opened, gap,
              CASE WHEN open THEN (s / 60) % 3 ELSE calls END AS calls
       FROM seed WHERE kind < 4""",
    """INSERT INTO followup_tasks (id, customer_id, response_id, status, assignee_id, agent_email, opened_at,
                                   closed_at, next_attempt_at, first_call_deadline, failed_attempts,
                                   escalated, escalation_reason, contact_flagged, reminded_for,
                                   escalation_notified, first_called_at, reached_at)
       SELECT s + 1, customer, s + 1, CASE WHEN open THEN 'open' ELSE 'closed' END,
              (SELECT min(id) FROM users WHERE email LIKE 'assignee%') + s % :assignees,
              'agent' || s % :agents || '@example.com', opened,
              CASE WHEN open THEN NULL ELSE least(:now, opened + calls * gap * interval '1 minute') END,
              CASE WHEN open THEN :now + ((s / 60) % 10080 - 2000) * interval '1 minute' END,
              opened + interval '4 hours', CASE WHEN open THEN calls ELSE calls - 1 END,
              open AND calls = 0, CASE WHEN open AND calls = 0 THEN 'no call within 4h' END, false,
              CASE WHEN open THEN :now + ((s / 60) % 10080 - 2000) * interval '1 minute' END,
              open AND calls = 0,
              CASE WHEN calls > 0 THEN least(:now, opened + gap * interval '1 minute') END,
              CASE WHEN NOT open THEN least(:now, opened + calls * gap * interval '1 minute') END
       FROM seed_task""",
    """INSERT INTO call_attempts (task_id, user_id, outcome, note, created_at, verified, talk_seconds)
       SELECT s + 1, (SELECT min(id) FROM users WHERE email LIKE 'assignee%') + s % :assignees,
              CASE WHEN NOT open AND k = calls THEN 'reached' ELSE 'no_answer' END,
              CASE WHEN NOT open AND k = calls THEN 'Spoke to them, sorted.' ELSE '' END,
              least(:now, opened + k * gap * interval '1 minute'),
              NOT open AND k = calls AND s % 3 = 0,
              CASE WHEN NOT open AND k = calls AND s % 3 = 0 THEN 60 + s % 900 END
       FROM seed_task, generate_series(1, calls) k""",
    """INSERT INTO task_events (task_id, kind, detail, created_at)
       SELECT s + 1, 'opened', 'unhappy answer', opened FROM seed_task""",
)
SEQUENCES = ("customers", "tickets", "surveys", "responses", "assessments", "followup_tasks")


def seed(conn: sa.Connection, tasks: int, now: datetime) -> None:
    """Empty the bench's tables and fill them with a year ending at `now`, in the caller's transaction."""
    conn.execute(sa.text("TRUNCATE customers, users RESTART IDENTITY CASCADE"))
    surveys = tasks * 3 // 2
    params = {
        "now": now,
        "surveys": surveys,
        "customers": customers_for(tasks),
        "step": f"{365 * 86400 / surveys:.6f} seconds",  # between two surveys
        "agents": AGENTS,
        "assignees": ASSIGNEES,
    }
    for step in STEPS:
        conn.execute(sa.text(step.replace(":step", "CAST(:step AS interval)")), params)
    for table in SEQUENCES:
        top = f"SELECT max(id) FROM {table}"  # noqa: S608 - table names are this module's literals
        conn.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), ({top}))"))
