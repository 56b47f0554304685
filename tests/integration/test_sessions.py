"""Sessions end server-side; API tokens are listed, revoked and expire; the users page and CLI.

A copied cookie is replayed from a second client, as an attacker holding it would: it must stop
working the moment its owner logs out, is deactivated, or changes their password elsewhere.
"""

from __future__ import annotations

from core.extensions import db
from followup.models import User
from followup.users import find_by_email
from tests.support import factories
from tests.support.access import copy_of, signed_in
from tests.support.factories import PASSWORD
from tests.support.html import text


def refused(client) -> bool:
    """The client's session no longer opens a page: it is sent to the login page."""
    answer = client.get("/followups")
    return answer.status_code == 302 and answer.headers["Location"].startswith("/login")


def test_a_cookie_copied_before_logout_stops_working_at_once(app, clock):
    with app.app_context():
        factories.user(clock.now(), email="boss@example.com")
        db.session.commit()
    client = signed_in(app, "boss@example.com")
    thief = copy_of(app, client)
    assert thief.get("/followups").status_code == 200
    assert client.post("/logout").status_code == 302
    assert refused(thief)


def test_a_session_expires_after_the_configured_lifetime(make_app, clock):
    app = make_app(WTF_CSRF_ENABLED=False, PERMANENT_SESSION_LIFETIME=3600)
    with app.app_context():
        factories.user(clock.now(), email="boss@example.com")
        db.session.commit()
    client = signed_in(app, "boss@example.com")
    clock.advance(minutes=59)
    assert client.get("/followups").status_code == 200
    clock.advance(minutes=2)
    assert refused(client)


def test_a_password_change_ends_the_users_other_sessions_but_not_this_one(app, clock):
    with app.app_context():
        factories.user(clock.now(), email="boss@example.com")
        db.session.commit()
    here, elsewhere = signed_in(app, "boss@example.com"), signed_in(app, "boss@example.com")
    new = "a brand new secret"
    form = {"action": "password", "current_password": PASSWORD, "new_password": new, "repeat_password": new}
    changed = here.post("/profile", data=form, follow_redirects=True)
    assert "Password changed" in text(changed.text)
    assert here.get("/followups").status_code == 200
    assert refused(elsewhere)
    assert factories.log_in(app.test_client(), "boss@example.com").status_code == 401  # old password


def test_a_manager_creates_an_agent_changes_the_role_and_deactivation_ends_sessions_and_tokens(app, clock):
    with app.app_context():
        factories.user(clock.now(), email="boss@example.com", name="Boss")
        db.session.commit()
    boss = signed_in(app, "boss@example.com")
    created = boss.post(
        "/users",
        data={"email": "ann@example.com", "name": "Ann Agent", "role": "agent", "password": "first secret 1"},
        follow_redirects=True,
    )
    assert "Created agent Ann Agent" in text(created.text)
    with app.app_context():
        ann = find_by_email(db.session, "ann@example.com")
        token, ann_id = factories.api_token(ann, clock.now()), ann.id
        db.session.commit()
    ann_client = app.test_client()
    assert (
        ann_client.post("/login", data={"email": "ann@example.com", "password": "first secret 1"}).status_code
        == 302
    )
    bearer = {"Authorization": f"Bearer {token}"}
    assert app.test_client().get("/api/followups", headers=bearer).status_code == 200
    assert ann_client.get("/users").status_code == 403  # agents get no users page

    boss.post(f"/users/{ann_id}/role", data={"role": "manager"})
    assert ann_client.get("/dashboard").status_code == 200  # the next request sees the new role

    page = boss.post(f"/users/{ann_id}/deactivate", follow_redirects=True)
    assert "Ann Agent is deactivated" in text(page.text)
    assert refused(ann_client)
    assert app.test_client().get("/api/followups", headers=bearer).status_code == 401
    assert (
        ann_client.post("/login", data={"email": "ann@example.com", "password": "first secret 1"}).status_code
        == 401
    )


def test_a_manager_cannot_lock_themselves_out(app, clock):
    with app.app_context():
        boss_id = factories.user(clock.now(), email="boss@example.com").id
        db.session.commit()
    boss = signed_in(app, "boss@example.com")
    boss.post(f"/users/{boss_id}/deactivate")
    boss.post(f"/users/{boss_id}/role", data={"role": "agent"})
    with app.app_context():
        user = db.session.get(User, boss_id)
        assert user.active and user.role == "manager"
    assert boss.get("/users").status_code == 200


def test_users_deactivate_on_the_command_line_ends_sessions_and_tokens(app, clock):
    with app.app_context():
        user = factories.user(clock.now(), email="ann@example.com", role="agent")
        token = factories.api_token(user, clock.now())
        db.session.commit()
    client = signed_in(app, "ann@example.com")
    result = app.test_cli_runner().invoke(args=["users", "deactivate", "ann@example.com"])
    assert result.exit_code == 0, result.output
    assert refused(client)
    answer = app.test_client().get("/api/followups", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 401


def test_api_tokens_are_listed_expire_and_are_revoked(app, clock):
    with app.app_context():
        factories.user(clock.now(), email="boss@example.com")
        db.session.commit()
    cli = app.test_cli_runner()
    expiring = cli.invoke(args=["users", "token", "boss@example.com", "--expires", "90d"])
    lasting = cli.invoke(args=["users", "token", "boss@example.com"])
    assert expiring.exit_code == 0 and lasting.exit_code == 0
    short, long = expiring.stdout.strip(), lasting.stdout.strip()
    assert short.startswith("cs_") and expiring.stdout == short + "\n"  # the token alone on stdout

    def status(token: str) -> int:
        return (
            app.test_client().get("/api/followups", headers={"Authorization": f"Bearer {token}"}).status_code
        )

    assert status(short) == 200 and status(long) == 200
    listed = cli.invoke(args=["users", "tokens", "boss@example.com"]).stdout
    assert short[:9] in listed and long[:9] in listed and "2027-02-21" in listed  # 90 days on
    assert short not in listed  # never shown again

    clock.advance(days=90, seconds=1)
    assert status(short) == 401 and status(long) == 200
    token_id = next(line.split()[0] for line in listed.splitlines() if long[:9] in line)
    assert cli.invoke(args=["users", "revoke", token_id]).exit_code == 0
    assert status(long) == 401
    after = cli.invoke(args=["users", "tokens", "boss@example.com"]).stdout
    assert "revoked" in after and "expired" in after
    assert cli.invoke(args=["users", "token", "boss@example.com", "--expires", "soon"]).exit_code != 0
