"""Times as a manager reads them: one format, their own clock, the customer's beside it."""

from datetime import UTC, date, datetime

from core.formatting import clock_at, day, for_both, local, phone, place

MONDAY_3PM = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


def test_one_format_on_the_readers_clock():
    assert local(MONDAY_3PM, "Europe/Berlin") == "Mon 23 Nov 2026, 16:00"
    assert local(MONDAY_3PM, "no/such_zone") == "Mon 23 Nov 2026, 15:00"  # a page still renders
    assert local(None, "UTC") == "–"
    assert day(date(2026, 12, 1)) == "Tue 1 Dec 2026"


def test_the_customers_clock_now_names_their_city():
    assert clock_at(datetime(2026, 11, 24, 15, 12, tzinfo=UTC), "America/Chicago") == "09:12 Tue in Chicago"
    assert place("America/Argentina/Buenos_Aires") == "Buenos Aires"


def test_the_customers_time_is_beside_the_managers_only_when_it_differs():
    assert (
        for_both(MONDAY_3PM, "UTC", "America/Chicago", "Jane")
        == "Mon 23 Nov 2026, 15:00 your time, 09:00 for Jane"
    )
    assert (
        for_both(MONDAY_3PM, "Europe/London", "UTC", "Jane") == "Mon 23 Nov 2026, 15:00"
    )  # same offset in winter
    late = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)
    assert for_both(late, "Europe/Berlin", "America/Chicago", "Jane") == (
        "Tue 24 Nov 2026, 00:30 your time, 17:30 Mon for Jane"
    )


def test_a_phone_number_reads_grouped_and_anything_else_as_it_came():
    assert phone("+15551234567") == "+1 555-123-4567"
    assert phone("+442079460958") == "+44 20 7946 0958"
    assert phone("not a number") == "not a number" and phone(None) == "–"
