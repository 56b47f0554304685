"""Hardening seen from outside: headers, cookies, request ids, rate limits shared through Redis."""

from __future__ import annotations

import json
import logging
import uuid

import redis

from core.extensions import db
from tests.support import factories

REDIS_URL = "redis://127.0.0.1:6379/0"


def test_every_page_carries_security_headers(client):
    answer = client.get("/login")
    csp = answer.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp and "frame-ancestors 'none'" in csp
    assert answer.headers["X-Frame-Options"] == "DENY"
    assert answer.headers["Referrer-Policy"] == "no-referrer"
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert "Strict-Transport-Security" not in answer.headers  # plain HTTP: HSTS would be a lie


def test_behind_https_cookies_are_secure_and_hsts_is_sent(make_app, clock):
    app = make_app(
        PUBLIC_BASE_URL="https://care.example.com", SESSION_COOKIE_SECURE=True, WTF_CSRF_ENABLED=False
    )
    with app.app_context():
        factories.user(clock.now(), email="boss@example.com")
        db.session.commit()
    client = app.test_client()
    answer = client.post("/login", data={"email": "boss@example.com", "password": "correct horse battery"})
    assert answer.headers["Strict-Transport-Security"].startswith("max-age=")
    cookie = answer.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_requests_get_an_id_and_one_log_line_without_the_token(client, caplog):
    caplog.set_level(logging.INFO, logger="requests")
    answer = client.get("/s/secret-looking-token-123", headers={"X-Request-ID": "req-abc-12345"})
    assert answer.status_code == 404
    assert answer.headers["X-Request-ID"] == "req-abc-12345"
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "requests"]
    assert lines[-1] == {
        "event": "request",
        "request_id": "req-abc-12345",
        "method": "GET",
        "route": "/s/<token>",
        "status": 404,
        "ms": lines[-1]["ms"],
    }
    assert "secret-looking-token" not in caplog.text


def test_metrics_count_requests_by_route(client):
    client.get("/login")
    metrics = client.get("/metrics").text
    assert 'http_requests_total{method="GET",route="/login",status="200"}' in metrics
    assert "http_request_duration_seconds_bucket" in metrics


def test_login_rate_limit_is_shared_through_redis(make_app):
    prefix = f"test-{uuid.uuid4().hex}"
    settings = dict(
        RATELIMIT_STORAGE_URI=REDIS_URL,
        RATELIMIT_KEY_PREFIX=prefix,
        LOGIN_RATE_LIMIT="3 per minute",
        WTF_CSRF_ENABLED=False,
    )
    first, second = make_app(**settings), make_app(**settings)  # two web workers, one Redis
    attempt = {"email": "nobody@example.com", "password": "wrong password"}
    codes = [
        app.test_client().post("/login", data=attempt).status_code for app in (first, second, first, second)
    ]
    assert codes == [401, 401, 401, 429]
    store = redis.Redis.from_url(REDIS_URL)
    keys = store.keys(f"*{prefix}*")
    assert keys
    store.delete(*keys)


def test_sending_logs_neither_secrets_nor_message_bodies(app, client, clock, twilio, smtp, caplog):
    from devtools.fake_twilio import DEMO_AUTH_TOKEN
    from scheduler.jobs import tick
    from tests.support.webhooks import signed, ticket_closed

    caplog.set_level(logging.DEBUG)
    headers, body = signed(ticket_closed("T-77"), clock.now())
    assert client.post("/webhooks/tickets", data=body, headers=headers).status_code == 202
    tick(app, "test", app.extensions["deliverer_factory"]())
    sms = twilio.wait_for(1)[0]
    assert smtp.wait_for(1)
    peer = "mail.log"  # the SMTP server's own log, not ours
    ours = "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith(peer))
    assert DEMO_AUTH_TOKEN not in ours and app.config["WEBHOOK_SECRET"] not in ours
    assert sms.body not in ours and "/s/" not in ours  # no body, no survey link


def test_public_endpoints_are_rate_limited_per_client(make_app):
    app = make_app(SURVEY_RATE_LIMIT="3 per minute", WEBHOOK_RATE_LIMIT="2 per minute")
    client = app.test_client()
    pages = [client.get("/s/not-a-real-token").status_code for _ in range(4)]
    assert pages == [404, 404, 404, 429]
    assert "Too many tries" in client.get("/s/not-a-real-token").text
    hooks = [client.post("/webhooks/tickets", data=b"{}").status_code for _ in range(3)]
    assert hooks[-1] == 429
    refused = client.post("/webhooks/tickets", data=b"{}")
    assert refused.mimetype == "application/problem+json"


def test_pages_and_exports_with_personal_data_are_never_stored_by_a_cache(app, client, clock):
    from survey.delivery import survey_link

    with app.app_context():
        factories.user(clock.now(), email="boss@example.com")
        task = factories.unhappy_task(clock.now(), comment="My router is still broken.")
        token = factories.api_token(factories.user(clock.now()), clock.now())
        link = survey_link("", factories.SETTINGS.secret_key, factories.survey(clock.now()))
        task_id, customer_id = task.id, task.response.survey.customer_id
        db.session.commit()
    customer_page = client.get(link)  # before logging in: what a customer's phone gets
    login_page = client.get("/login")
    factories.log_in(client, "boss@example.com")
    day = clock.now().date().isoformat()
    answers = {
        "survey page": customer_page,
        "login page": login_page,
        "queue": client.get("/followups"),
        "task page": client.get(f"/followups/{task_id}"),
        "customer file": client.get(f"/customers/{customer_id}"),
        "dashboard": client.get("/dashboard"),
        "csv export": client.get(f"/exports/responses.csv?from={day}&to={day}"),
        "api task": client.get(f"/api/followups/{task_id}", headers={"Authorization": f"Bearer {token}"}),
    }
    assert {name: (a.status_code, a.headers.get("Cache-Control")) for name, a in answers.items()} == {
        name: (200, "no-store") for name in answers
    }
    assert "no-store" not in client.get("/static/app.css").headers.get("Cache-Control", "")


def test_x_forwarded_for_is_believed_only_from_trusted_proxies(make_app):
    attempt = {"email": "nobody@example.com", "password": "wrong password"}

    def codes(app, forwarded_for: list[str]) -> list[int]:
        client = app.test_client()
        proxy = {"REMOTE_ADDR": "10.0.0.9"}  # every request reaches the app from the same hop
        answers = [
            client.post("/login", data=attempt, headers={"X-Forwarded-For": who}, environ_base=proxy)
            for who in forwarded_for
        ]
        return [answer.status_code for answer in answers]

    settings = dict(LOGIN_RATE_LIMIT="2 per minute", WTF_CSRF_ENABLED=False)
    spoofed = ["203.0.113.1", "203.0.113.2", "203.0.113.3"]  # one client inventing a new address each time
    assert codes(make_app(**settings), spoofed) == [401, 401, 429]
    behind_proxy = make_app(TRUSTED_PROXIES=1, **settings)  # our proxy appends the real address
    assert codes(behind_proxy, ["198.51.100.7", "198.51.100.7", "198.51.100.8"]) == [401, 401, 401]
    assert codes(behind_proxy, ["198.51.100.7"]) == [429]
    assert codes(behind_proxy, ["6.6.6.6, 198.51.100.9"] * 3) == [401, 401, 429]  # only our hop counts
