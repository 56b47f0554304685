"""Jira Cloud admin webhooks (System > WebHooks, with a secret) for `jira:issue_updated`.

Signature: `X-Hub-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>` (the WebSub form).
Jira signs no timestamp, so a replayed delivery is caught by its idempotency key instead:
`X-Atlassian-Webhook-Identifier`, which Jira keeps the same across retries.

The ticket is the issue key (PROJ-12), what people quote. An update whose changelog moves the
status or resolution is a close when the issue now sits in the "done" status category or has a
resolution. It is a reopen when the issue is no longer done and the same changelog clears the
resolution or leaves a status named like a done one: the changelog carries the old status's
name only, not its category. Every other event or update is ignored.

The reporter is the customer. Jira gives no phone, and omits the email address when the user's
profile visibility hides it; the reporter can be absent too. None of that makes the payload
wrong, so it becomes an empty contact (and the survey is skipped as no_contact), not a 422.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from survey.intake.events import Agent, CustomerInfo, Ignored, TicketClosed, TicketReopened
from survey.intake.fields import Obj, Reader, derived_delivery_id, dig, root
from survey.intake.signatures import header, hmac_sha256, optional_header, require_equal

SOURCE = "jira"
ISSUE_UPDATED = "jira:issue_updated"
DONE_NAMES = frozenset({"done", "closed", "resolved", "complete", "completed"})


def verify(headers: Mapping[str, str], body: bytes, secret: str, now: datetime) -> None:
    given = header(headers, "X-Hub-Signature").lower()
    require_equal("sha256=" + hmac_sha256(secret, body).hex(), given)


def delivery_id(headers: Mapping[str, str], payload: dict) -> str:
    identifier = optional_header(headers, "X-Atlassian-Webhook-Identifier")
    if identifier:
        return identifier
    parts = [dig(payload, "webhookEvent"), dig(payload, "timestamp"), dig(payload, "issue", "id")]
    return derived_delivery_id(SOURCE, *parts, dig(payload, "issue", "key"))


def parse(payload: object) -> TicketClosed | TicketReopened | Ignored:
    body = root(payload)
    reader = Reader()
    event = reader.text(body, "webhookEvent", required=True)
    reader.check()
    if event != ISSUE_UPDATED:
        return Ignored(f"event type {event}")
    issue = reader.obj(body, "issue", required=True)
    key = str(reader.ident(issue, "issue.key", required=True))
    fields = reader.obj(issue, "issue.fields", required=True)
    status = reader.obj(fields, "issue.fields.status", required=True)
    status_name = str(reader.text(status, "issue.fields.status.name", required=True))
    category = reader.obj(status, "issue.fields.status.statusCategory")
    category_key = reader.text(category, "issue.fields.status.statusCategory.key")
    resolved = reader.obj(fields, "issue.fields.resolution") is not None
    changes = _changes(reader, body)
    moved = bool(changes.keys() & {"status", "resolution"})
    if moved and (resolved or category_key == "done"):
        return _closed(reader, body, fields, key, status_name)  # checks all fields read so far too
    reader.check()
    if not moved:
        return Ignored("no status change")
    resolution_cleared = changes.get("resolution", "") != ""
    left_done = changes.get("status", "").lower() in DONE_NAMES
    if resolution_cleared or left_done:
        return TicketReopened(source=SOURCE, ticket_id=key)
    return Ignored(f"status changed to {status_name}")


def _changes(reader: Reader, body: Obj) -> dict[str, str]:
    """What each changed field was before this update (`fromString`), "" for nothing."""
    changes: dict[str, str] = {}
    changelog = reader.obj(body, "changelog")
    for index, item in enumerate(reader.objects(changelog, "changelog.items")):
        name = reader.text(item, f"changelog.items.{index}.field")
        if name:
            changes[name] = reader.text(item, f"changelog.items.{index}.fromString") or ""
    return changes


def _closed(reader: Reader, body: Obj, fields: Obj | None, key: str, status: str) -> TicketClosed:
    summary = reader.text(fields, "issue.fields.summary")
    closed_at = reader.instant(fields, "issue.fields.resolutiondate")
    happened = reader.millis(body, "timestamp")
    reporter = reader.obj(fields, "issue.fields.reporter")
    customer = CustomerInfo(
        external_id=reader.ident(reporter, "issue.fields.reporter.accountId"),
        name=reader.text(reporter, "issue.fields.reporter.displayName"),
        email=reader.text(reporter, "issue.fields.reporter.emailAddress"),
        timezone=reader.text(reporter, "issue.fields.reporter.timeZone"),
        language=reader.text(reporter, "issue.fields.reporter.locale"),
    )
    assignee = reader.obj(fields, "issue.fields.assignee")
    agent = Agent(
        name=reader.text(assignee, "issue.fields.assignee.displayName"),
        email=reader.text(assignee, "issue.fields.assignee.emailAddress"),
    )
    reader.check()
    return TicketClosed(
        source=SOURCE,
        ticket_id=key,
        subject=summary or "",
        status=status,
        closed_at=closed_at or happened,
        customer=customer,
        agent=agent,
    )
