"""The customers list: 50 at a time in (name, id) order, searched by name, email or phone.

Pages are keyset pages: the next one starts after the last customer shown, `(name, id) >
(:name, :id)`, read off the (name, id) index, so page 10,000 costs what the first does and no
request counts the half million rows. Customers without a name come after everyone named, by
id, on both databases (SQLite would sort NULL first, PostgreSQL last); a row comparison with a
NULL is never true, so they are read by a second query, also off the index, once the named ones
run out. The search is ILIKE on each column, which PostgreSQL answers from trigram indexes
(migration 0018); a query of one or two characters has no trigram and is a scan in list order,
which stops at the page's LIMIT once it has found a page.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, or_, select, tuple_
from sqlalchemy.orm import Session

from followup.models import User
from followup.visibility import visible_customers
from survey.models import Customer

PAGE = 50
SEARCHED = (Customer.name, Customer.email, Customer.phone)


@dataclass(frozen=True)
class CustomerPage:
    customers: list[Customer]
    more: bool  # another page follows this one
    after: Customer | None  # the customer this page starts after; None on the first page


def _listed(viewer: User, query: str) -> list[ColumnElement[bool]]:
    """Who the list shows this viewer: not erased, theirs to see, matching the search if any."""
    shown = [Customer.erased_at.is_(None), visible_customers(viewer)]
    if query:
        # The search box looks for the text typed: % and _ are not wildcards.
        escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        shown.append(or_(*(column.ilike(f"%{escaped}%", escape="\\") for column in SEARCHED)))
    return shown


def listed_customer(session: Session, viewer: User, customer_id: int) -> Customer | None:
    """The customer a page may start after: one the list shows this viewer (search aside), else
    None, alike for an unknown, erased or hidden one, so the answer tells nothing about ids."""
    return session.scalar(select(Customer).where(Customer.id == customer_id, *_listed(viewer, "")))


def customer_page(session: Session, viewer: User, query: str, after: Customer | None = None) -> CustomerPage:
    """The PAGE customers after `after` (from the start without), and whether more follow."""
    named, nameless = Customer.name.is_not(None), Customer.name.is_(None)
    if after is None:
        parts = [named, nameless]
    elif after.name is None:
        parts = [and_(nameless, Customer.id > after.id)]
    else:
        parts = [and_(named, tuple_(Customer.name, Customer.id) > tuple_(after.name, after.id)), nameless]
    shown = _listed(viewer, query)
    found: list[Customer] = []
    for part in parts:
        stmt = (
            select(Customer)
            .where(*shown, part)
            .order_by(Customer.name, Customer.id)
            .limit(PAGE + 1 - len(found))
        )
        found += session.scalars(stmt)
        if len(found) > PAGE:
            break
    return CustomerPage(customers=found[:PAGE], more=len(found) > PAGE, after=after)
