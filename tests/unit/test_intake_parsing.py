"""Each ticket system's payloads, shaped as its documentation shows them, into intake events."""

from __future__ import annotations

import copy
from datetime import UTC, datetime

import pytest

from survey.intake import freshdesk, generic, jira, zendesk
from survey.intake.events import (
    Agent,
    CustomerInfo,
    Ignored,
    PayloadError,
    TicketClosed,
    TicketReopened,
)

CLOSED_AT = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)

GENERIC_CLOSED = {
    "type": "ticket.closed",
    "ticket": {
        "id": "T-1001",
        "subject": "Printer offline",
        "status": "closed",
        "closed_at": "2026-11-22T10:00:00Z",
        "agent": {"name": "Sam Lee", "email": "sam@example.com"},
    },
    "customer": {
        "id": "C-17",
        "name": "Jane Doe",
        "email": "jane@example.com",
        "phone": "+15551234567",
        "timezone": "America/Chicago",
        "language": "en",
    },
}

ZENDESK_TRIGGER = {
    "ticket": {
        "id": "35436",
        "title": "Printer offline",
        "status": "Solved",
        "updated_at": "2026-11-22T10:00:00Z",
        "requester": {
            "id": "20978392",
            "name": "Jane Doe",
            "email": "jane@example.com",
            "phone": "",
            "time_zone": "America/Chicago",
            "locale": "en-US",
        },
        "assignee": {"name": "Sam Lee", "email": "sam@example.com"},
    }
}

ZENDESK_EVENT = {
    "type": "zen:event-type:ticket.status_changed",
    "account_id": 12514403,
    "id": "2b24ef10-19d4-4740-93cf-8f98ec4776c0",
    "time": "2026-11-22T10:00:00Z",
    "zendesk_event_version": "2022-11-06",
    "subject": "zen:ticket:35436",
    "detail": {
        "id": "35436",
        "status": "SOLVED",
        "subject": "Printer offline",
        "requester_id": "20978392",
        "assignee_id": "235324",
        "updated_at": "2026-11-22T10:00:00Z",
        "via": {"channel": "web"},
    },
    "event": {"previous": "OPEN", "current": "SOLVED"},
}

JIRA_DONE = {
    "timestamp": 1795341600000,
    "webhookEvent": "jira:issue_updated",
    "issue_event_type_name": "issue_generic",
    "user": {"accountId": "5b10ac8d82e05b22cc7d4ef5", "displayName": "Sam Lee"},
    "issue": {
        "id": "10002",
        "key": "SUP-12",
        "fields": {
            "summary": "Printer offline",
            "status": {
                "name": "Done",
                "id": "10001",
                "statusCategory": {"id": 3, "key": "done", "name": "Done"},
            },
            "resolution": {"id": "10000", "name": "Done"},
            "resolutiondate": "2026-11-22T10:00:00.000+0000",
            "reporter": {
                "accountId": "557058:c9ebf848",
                "displayName": "Jane Doe",
                "emailAddress": "jane@example.com",
                "timeZone": "America/Chicago",
            },
            "assignee": {"displayName": "Sam Lee", "emailAddress": "sam@example.com"},
        },
    },
    "changelog": {
        "id": "10101",
        "items": [
            {"field": "resolution", "fieldtype": "jira", "fromString": None, "toString": "Done"},
            {
                "field": "status",
                "fieldtype": "jira",
                "fromString": "In Progress",
                "toString": "Done",
            },
        ],
    },
}

FRESHDESK_RESOLVED = {
    "freshdesk_webhook": {
        "ticket_id": 1228307,
        "ticket_subject": "Printer offline",
        "ticket_status": "Resolved",
        "triggered_event": "{status:{from:2,to:4}}",
        "ticket_contact_name": "Jane Doe",
        "ticket_contact_email": "jane@example.com",
        "ticket_contact_phone": "+15551234567",
        "ticket_agent_name": "Sam Lee",
        "ticket_agent_email": "sam@example.com",
        "ticket_updated_at": "2026-11-22T10:00:00Z",
    }
}


def changed(payload: dict, path: str, value: object) -> dict:
    """A deep copy with the dotted path set to value, or removed when value is ...."""
    result = copy.deepcopy(payload)
    *parents, last = path.split(".")
    node = result
    for key in parents:
        node = node[key]
    if value is ...:
        del node[last]
    else:
        node[last] = value
    return result


def errors_of(module, payload: object) -> dict[str, str]:
    with pytest.raises(PayloadError) as caught:
        module.parse(payload)
    return caught.value.errors


# --- generic ---------------------------------------------------------------------------------


def test_generic_closed_ticket():
    assert generic.parse(GENERIC_CLOSED) == TicketClosed(
        source="generic",
        ticket_id="T-1001",
        subject="Printer offline",
        status="closed",
        closed_at=CLOSED_AT,
        customer=CustomerInfo(
            "C-17", "Jane Doe", "jane@example.com", "+15551234567", "America/Chicago", "en"
        ),
        agent=Agent("Sam Lee", "sam@example.com"),
        is_closed=True,
    )


@pytest.mark.parametrize(("status", "closed"), [("Solved", True), ("DONE", True), ("open", False)])
def test_generic_status_decides_whether_the_ticket_counts_as_closed(status, closed):
    assert generic.parse(changed(GENERIC_CLOSED, "ticket.status", status)).is_closed is closed


def test_generic_minimal_closed_ticket_takes_defaults():
    payload = {
        "type": "ticket.closed",
        "ticket": {"id": 1001, "status": "closed"},
        "customer": {"email": "jane@example.com"},
    }
    event = generic.parse(payload)
    assert (event.ticket_id, event.subject, event.closed_at) == ("1001", "", None)
    assert event.customer == CustomerInfo(external_id=None, email="jane@example.com")
    assert event.agent == Agent()


def test_generic_null_optional_fields_are_absent():
    payload = changed(changed(GENERIC_CLOSED, "customer.phone", None), "ticket.agent", None)
    event = generic.parse(payload)
    assert (event.customer.phone, event.agent) == (None, Agent())


def test_generic_reopened_needs_only_the_ticket_id():
    payload = {"type": "ticket.reopened", "ticket": {"id": "T-1001"}}
    assert generic.parse(payload) == TicketReopened(source="generic", ticket_id="T-1001")


def test_generic_other_event_type_is_ignored():
    assert generic.parse({"type": "ticket.created"}) == Ignored("event type ticket.created")


def test_generic_reports_every_bad_field_together():
    payload = changed(GENERIC_CLOSED, "ticket.id", ...)
    payload = changed(payload, "ticket.closed_at", "22/11/2026")
    payload = changed(payload, "ticket.agent.email", 42)
    payload = changed(payload, "customer.timezone", ["UTC"])
    assert errors_of(generic, payload) == {
        "ticket.id": "is required",
        "ticket.closed_at": "must be an ISO 8601 date-time",
        "ticket.agent.email": "must be a string",
        "customer.timezone": "must be a string",
    }


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        ("type", ..., {"type": "is required"}),
        ("type", 7, {"type": "must be a string"}),
        ("ticket", ..., {"ticket": "is required"}),
        ("ticket", "T-1001", {"ticket": "must be an object"}),
        ("ticket.id", True, {"ticket.id": "must be a string or integer"}),
        ("ticket.status", "  ", {"ticket.status": "is required"}),
        ("ticket.subject", {"text": "x"}, {"ticket.subject": "must be a string"}),
        ("customer", None, {"customer": "is required"}),
        ("customer", [], {"customer": "must be an object"}),
        ("customer.email", 3, {"customer.email": "must be a string"}),
    ],
)
def test_generic_names_the_bad_field(path, value, expected):
    assert errors_of(generic, changed(GENERIC_CLOSED, path, value)) == expected


def test_generic_customer_needs_an_id_or_an_email():
    payload = changed(changed(GENERIC_CLOSED, "customer.id", ...), "customer.email", None)
    assert errors_of(generic, payload) == {"customer.id": "is required when customer.email is absent"}


def test_generic_reopened_without_ticket_id_is_refused():
    assert errors_of(generic, {"type": "ticket.reopened", "ticket": {}}) == {"ticket.id": "is required"}


@pytest.mark.parametrize("module", [generic, zendesk, jira, freshdesk])
@pytest.mark.parametrize("body", [[], "ticket", 3, None])
def test_body_that_is_not_an_object_is_refused(module, body):
    assert errors_of(module, body) == {"body": "must be a JSON object"}


# --- zendesk ---------------------------------------------------------------------------------


def test_zendesk_trigger_solved_ticket():
    assert zendesk.parse(ZENDESK_TRIGGER) == TicketClosed(
        source="zendesk",
        ticket_id="35436",
        subject="Printer offline",
        status="Solved",
        closed_at=CLOSED_AT,
        customer=CustomerInfo("20978392", "Jane Doe", "jane@example.com", None, "America/Chicago", "en-US"),
        agent=Agent("Sam Lee", "sam@example.com"),
        is_closed=True,
    )


def test_zendesk_trigger_reopened_by_the_from_solved_trigger():
    payload = changed(changed(ZENDESK_TRIGGER, "ticket.status", "Open"), "ticket.previous_status", "solved")
    assert zendesk.parse(payload) == TicketReopened(source="zendesk", ticket_id="35436")


def test_zendesk_trigger_on_an_open_ticket_is_not_closed():
    event = zendesk.parse(changed(ZENDESK_TRIGGER, "ticket.status", "Open"))
    assert event.is_closed is False


def test_zendesk_trigger_reports_every_bad_field_together():
    payload = changed(ZENDESK_TRIGGER, "ticket.id", "")
    payload = changed(payload, "ticket.requester", "Jane Doe")
    payload = changed(payload, "ticket.updated_at", "yesterday")
    assert errors_of(zendesk, payload) == {
        "ticket.id": "is required",
        "ticket.requester": "must be an object",
        "ticket.updated_at": "must be an ISO 8601 date-time",
    }


def test_zendesk_trigger_without_ticket_is_refused():
    assert errors_of(zendesk, {"current_user": {"id": "1"}}) == {"ticket": "is required"}


def test_zendesk_event_solved():
    assert zendesk.parse(ZENDESK_EVENT) == TicketClosed(
        source="zendesk",
        ticket_id="35436",
        subject="Printer offline",
        status="SOLVED",
        closed_at=CLOSED_AT,
        customer=CustomerInfo(external_id="20978392"),
    )


def test_zendesk_event_from_solved_back_to_open_is_a_reopen():
    payload = changed(ZENDESK_EVENT, "event", {"previous": "SOLVED", "current": "OPEN"})
    assert zendesk.parse(payload) == TicketReopened(source="zendesk", ticket_id="35436")


def test_zendesk_event_other_status_change_is_ignored():
    payload = changed(ZENDESK_EVENT, "event", {"previous": "NEW", "current": "PENDING"})
    assert zendesk.parse(payload) == Ignored("status changed to PENDING")


def test_zendesk_event_of_another_type_is_ignored():
    payload = changed(ZENDESK_EVENT, "type", "zen:event-type:ticket.comment_added")
    assert zendesk.parse(payload) == Ignored("event type zen:event-type:ticket.comment_added")


def test_zendesk_event_reports_every_bad_field_together():
    payload = changed(changed(ZENDESK_EVENT, "detail.id", None), "event.current", 3)
    assert errors_of(zendesk, changed(payload, "time", "now")) == {
        "detail.id": "is required",
        "event.current": "must be a string",
        "time": "must be an ISO 8601 date-time",
    }


# --- jira ------------------------------------------------------------------------------------


def test_jira_issue_moved_to_done():
    assert jira.parse(JIRA_DONE) == TicketClosed(
        source="jira",
        ticket_id="SUP-12",
        subject="Printer offline",
        status="Done",
        closed_at=CLOSED_AT,
        customer=CustomerInfo(
            "557058:c9ebf848", "Jane Doe", "jane@example.com", None, "America/Chicago", None
        ),
        agent=Agent("Sam Lee", "sam@example.com"),
    )


def test_jira_reporter_with_hidden_email_has_no_email():
    payload = changed(JIRA_DONE, "issue.fields.reporter.emailAddress", ...)
    assert jira.parse(payload).customer.email is None


def test_jira_issue_without_reporter_or_resolution_date_uses_the_event_time():
    payload = changed(changed(JIRA_DONE, "issue.fields.reporter", None), "issue.fields.resolutiondate", None)
    event = jira.parse(payload)
    assert event.customer == CustomerInfo(external_id=None)
    assert event.closed_at == datetime.fromtimestamp(1795341600, tz=UTC)


def test_jira_done_category_without_resolution_is_closed():
    payload = changed(
        changed(JIRA_DONE, "issue.fields.resolution", None),
        "changelog.items",
        [{"field": "status", "fromString": "In Progress", "toString": "Shipped"}],
    )
    assert isinstance(jira.parse(payload), TicketClosed)


def reopened_jira(items: list[dict]) -> dict:
    payload = changed(
        JIRA_DONE,
        "issue.fields.status",
        {"name": "In Progress", "statusCategory": {"key": "indeterminate"}},
    )
    payload = changed(payload, "issue.fields.resolution", None)
    return changed(payload, "changelog.items", items)


@pytest.mark.parametrize(
    "items",
    [
        [{"field": "status", "fromString": "Done", "toString": "In Progress"}],
        [
            {"field": "resolution", "fromString": "Fixed", "toString": None},
            {"field": "status", "fromString": "Shipped", "toString": "In Progress"},
        ],
    ],
    ids=["from-done-status", "resolution-cleared"],
)
def test_jira_issue_moved_back_from_done_is_a_reopen(items):
    assert jira.parse(reopened_jira(items)) == TicketReopened(source="jira", ticket_id="SUP-12")


def test_jira_move_between_open_statuses_is_ignored():
    items = [{"field": "status", "fromString": "To Do", "toString": "In Progress"}]
    assert jira.parse(reopened_jira(items)) == Ignored("status changed to In Progress")


def test_jira_edit_of_a_done_issue_without_status_change_is_ignored():
    payload = changed(
        JIRA_DONE,
        "changelog.items",
        [{"field": "summary", "fromString": "Printer", "toString": "Printer offline"}],
    )
    assert jira.parse(payload) == Ignored("no status change")


def test_jira_other_event_is_ignored():
    payload = changed(JIRA_DONE, "webhookEvent", "comment_created")
    assert jira.parse(payload) == Ignored("event type comment_created")


def test_jira_reports_every_bad_field_together():
    payload = changed(JIRA_DONE, "issue.key", ...)
    payload = changed(payload, "issue.fields.status.name", 10001)
    payload = changed(payload, "changelog.items", [{"field": "status"}, "status"])
    assert errors_of(jira, payload) == {
        "issue.key": "is required",
        "issue.fields.status.name": "must be a string",
        "changelog.items.1": "must be an object",
    }


def test_jira_closed_issue_with_bad_people_fields_is_refused():
    payload = changed(JIRA_DONE, "issue.fields.reporter.emailAddress", ["jane@example.com"])
    payload = changed(payload, "issue.fields.assignee", "Sam Lee")
    payload = changed(payload, "timestamp", "1795341600000")
    assert errors_of(jira, payload) == {
        "issue.fields.reporter.emailAddress": "must be a string",
        "issue.fields.assignee": "must be an object",
        "timestamp": "must be a Unix time in milliseconds",
    }


# --- freshdesk -------------------------------------------------------------------------------


def test_freshdesk_resolved_ticket():
    assert freshdesk.parse(FRESHDESK_RESOLVED) == TicketClosed(
        source="freshdesk",
        ticket_id="1228307",
        subject="Printer offline",
        status="Resolved",
        closed_at=CLOSED_AT,
        customer=CustomerInfo(None, "Jane Doe", "jane@example.com", "+15551234567"),
        agent=Agent("Sam Lee", "sam@example.com"),
        is_closed=True,
    )


@pytest.mark.parametrize("event", ["{status:{from:4,to:2}}", "{Status:{from:Closed,to:Open}}"])
def test_freshdesk_status_changed_from_resolved_is_a_reopen(event):
    payload = changed(FRESHDESK_RESOLVED, "freshdesk_webhook.ticket_status", "Open")
    payload = changed(payload, "freshdesk_webhook.triggered_event", event)
    assert freshdesk.parse(payload) == TicketReopened(source="freshdesk", ticket_id="1228307")


def test_freshdesk_open_ticket_without_a_status_change_is_not_closed():
    payload = changed(FRESHDESK_RESOLVED, "freshdesk_webhook.ticket_status", "Open")
    payload = changed(payload, "freshdesk_webhook.triggered_event", "{ticket_action:created}")
    assert freshdesk.parse(payload).is_closed is False


def test_freshdesk_update_time_in_the_account_date_format_is_not_an_error():
    payload = changed(
        FRESHDESK_RESOLVED, "freshdesk_webhook.ticket_updated_at", "Sun, 22 Nov, 2026 at 10:00 AM"
    )
    assert freshdesk.parse(payload).closed_at is None


def test_freshdesk_reports_every_bad_field_together():
    payload = changed(FRESHDESK_RESOLVED, "freshdesk_webhook.ticket_id", ...)
    payload = changed(payload, "freshdesk_webhook.ticket_status", 4)
    payload = changed(payload, "freshdesk_webhook.ticket_contact_email", {"email": "x"})
    assert errors_of(freshdesk, payload) == {
        "freshdesk_webhook.ticket_id": "is required",
        "freshdesk_webhook.ticket_status": "must be a string",
        "freshdesk_webhook.ticket_contact_email": "must be a string",
    }


def test_freshdesk_body_without_the_webhook_key_is_refused():
    assert errors_of(freshdesk, {"ticket_id": 1}) == {"freshdesk_webhook": "is required"}


# --- delivery ids ----------------------------------------------------------------------------


def test_generic_delivery_id_is_the_webhook_id():
    assert generic.delivery_id({"Webhook-Id": "msg_1"}, GENERIC_CLOSED) == "msg_1"


@pytest.mark.parametrize(
    ("module", "payload", "header"),
    [
        (zendesk, ZENDESK_TRIGGER, "x-zendesk-webhook-invocation-id"),
        (jira, JIRA_DONE, "X-Atlassian-Webhook-Identifier"),
    ],
)
def test_systems_delivery_id_header_wins(module, payload, header):
    assert module.delivery_id({header: "8350205582"}, payload) == "8350205582"


@pytest.mark.parametrize(
    ("module", "payload", "path", "value"),
    [
        (zendesk, ZENDESK_TRIGGER, "ticket.status", "Closed"),
        (zendesk, ZENDESK_EVENT, "id", "another-event"),
        (jira, JIRA_DONE, "timestamp", 1795341600001),
        (freshdesk, FRESHDESK_RESOLVED, "freshdesk_webhook.ticket_updated_at", "2026-11-23"),
    ],
)
def test_derived_delivery_id_is_stable_and_tells_deliveries_apart(module, payload, path, value):
    first = module.delivery_id({}, payload)
    assert first == module.delivery_id({}, copy.deepcopy(payload))
    assert first != module.delivery_id({}, changed(payload, path, value))
    assert first.startswith("derived-")


def test_derived_delivery_ids_differ_between_systems():
    payload = {"ticket": {"id": "1"}, "freshdesk_webhook": {"ticket_id": "1"}}
    assert zendesk.delivery_id({}, payload) != freshdesk.delivery_id({}, payload)
