"""What an agent may see: the customers and tasks of their own tickets, and tasks given to them.

A manager sees everything. An agent sees a task when it is assigned to them or when the ticket
its answer came from was theirs (the ticket's agent email is the user's email), and a customer
when one of the customer's tickets was theirs or one of the customer's tasks is assigned to them.
Everything else answers 404, as if it did not exist, so ids cannot be probed. The rules are SQL
expressions so lists filter in the query (a page of 50 is 50 visible rows, not 50 minus the
hidden ones) and single rows are checked with the same rule.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, exists, or_, select
from sqlalchemy.orm import Session

from core.access import MANAGER
from followup.models import FollowupTask, User
from survey.models import Customer, Ticket


def sees_everything(viewer: User) -> bool:
    return viewer.role == MANAGER


def agents_task(task, user_id, email) -> ColumnElement[bool]:
    """`task` (FollowupTask or an alias) is the agent's: assigned to them, or from their ticket
    (whose agent the task keeps, so both halves are read off an index).

    `user_id` and `email` may be values or bind parameters (the queue builds its statements once).
    """
    return or_(task.assignee_id == user_id, task.agent_email == email)


def agents_customer(customer_id, user_id, email) -> ColumnElement[bool]:
    """The customer (an id column or value) had a ticket handled by the agent, or a task given to them."""
    return or_(
        exists(select(Ticket.id).where(Ticket.customer_id == customer_id, Ticket.agent_email == email)),
        exists(
            select(FollowupTask.id).where(
                FollowupTask.customer_id == customer_id, FollowupTask.assignee_id == user_id
            )
        ),
    )


def can_see_task(session: Session, viewer: User, task: FollowupTask) -> bool:
    if sees_everything(viewer):
        return True
    if task.assignee_id == viewer.id:
        return True
    mine = agents_task(FollowupTask, viewer.id, viewer.email)
    return session.scalar(select(FollowupTask.id).where(FollowupTask.id == task.id, mine)) is not None


def can_see_customer(session: Session, viewer: User, customer_id: int) -> bool:
    if sees_everything(viewer):
        return True
    return bool(session.scalar(select(agents_customer(customer_id, viewer.id, viewer.email))))


def visible_customers(viewer: User) -> ColumnElement[bool]:
    """A WHERE clause over `Customer` keeping the customers the viewer may see."""
    if sees_everything(viewer):
        return Customer.id.is_not(None)
    return agents_customer(Customer.id, viewer.id, viewer.email)
