"""Steps of a call placed through the app, shared by the voice tests of every layer."""

from __future__ import annotations

from urllib.parse import urlsplit

from core.extensions import db
from followup.models import FollowupTask, User
from tests.support import factories
from tests.support.factories import api_token

MANAGER_PHONE = "+15550100000"
CUSTOMER_PHONE = "+15551234567"


class AppTransport:
    """Delivers the fake Twilio's webhooks to an app in this process, through Flask's test client.

    The URL keeps the public host (the signature covers it); only its path reaches the app.
    """

    def __init__(self) -> None:
        self.app = None

    def __call__(self, url: str, form: dict[str, str], headers: dict[str, str]) -> tuple[int, str]:
        parts = urlsplit(url)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        answer = self.app.test_client().post(target, data=form, headers=headers)
        return answer.status_code, answer.get_data(as_text=True)


def manager_and_task(app, clock, phone: str | None = MANAGER_PHONE, **customer) -> tuple[int, int, str]:
    """A manager with a phone (and an API token) and an unhappy customer's task assigned to them.

    Returns (user id, task id, bearer token).
    """
    with app.app_context():
        manager = factories.user(clock.now(), email="morgan@example.com", name="Morgan", phone=phone)
        token = api_token(manager, clock.now())
        customer.setdefault("name", "Jane Doe")
        customer.setdefault("phone", CUSTOMER_PHONE)
        task = factories.unhappy_task(clock.now(), **customer)
        task.assignee_id = manager.id
        db.session.commit()
        return manager.id, task.id, token


def call_from_page(client, task_id: int):
    """Press Call on the task page (apps built with WTF_CSRF_ENABLED=False)."""
    return client.post(f"/followups/{task_id}/call")


def task_json(client, task_id: int, token: str) -> dict:
    answer = client.get(f"/api/followups/{task_id}", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def user_phone(app, user_id: int) -> str | None:
    with app.app_context():
        return db.session.get(User, user_id).phone


def task_row(app, task_id: int) -> FollowupTask:
    with app.app_context():
        task = db.session.get(FollowupTask, task_id)
        db.session.expunge(task)
        return task
