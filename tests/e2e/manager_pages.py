"""Every page a manager can open, for the browser checks in test_manager_pages.py.

ADDING A PAGE? Add it here (and its link to followup/templates/followup/nav.html if it belongs
in the top bar): it is then screenshotted at 1280 and 390 px, checked with axe-core (no serious
or critical violation), for text under 11 px, and for sideways scrolling on a phone. A path may
name `{task}` (an open follow-up) or `{customer}` (that follow-up's customer); `nav` is the
top-bar link marked as the current page (aria-current), None for a page outside the bar.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ManagerPage:
    name: str  # file name of its screenshots in test-artifacts/pages/
    path: str
    heading: str  # the page's h1, or its beginning
    nav: str | None = None
    logged_in: bool = True


PAGES = [
    ManagerPage("login", "/login", "Log in", logged_in=False),
    ManagerPage("queue", "/followups", "Follow-up queue", nav="Follow-ups"),
    ManagerPage("queue-closed", "/followups?status=closed", "Follow-up queue", nav="Follow-ups"),
    ManagerPage("task", "/followups/{task}", "", nav="Follow-ups"),
    ManagerPage("needs-note", "/followups/needs-note", "Calls that need a note", nav="Follow-ups"),
    ManagerPage("touch", "/touch", "Keep in touch", nav="Keep in touch"),
    ManagerPage("customers", "/customers", "Customers", nav="Customers"),
    ManagerPage("customers-later", "/customers?after={customer}", "Customers", nav="Customers"),
    ManagerPage("customer", "/customers/{customer}", "", nav="Customers"),
    ManagerPage("dashboard", "/dashboard?days=90", "Dashboard", nav="Dashboard"),
    ManagerPage("spot-checks", "/spot-checks", "Spot checks", nav="Spot checks"),
    ManagerPage("outbox", "/outbox", "Outbox", nav="Outbox"),
    ManagerPage("sent", "/outbox/sent", "Sent messages", nav="Outbox"),
    ManagerPage("profile", "/profile", "Your profile", nav="Profile"),
    ManagerPage("users", "/users", "Users", nav="Users"),
    ManagerPage("settings", "/settings", "Settings", nav="Settings"),
    ManagerPage("call", "/followups/{task}/call", "", nav="Follow-ups"),
    ManagerPage("erase", "/customers/{customer}/erase", "Erase", nav="Customers"),
]
