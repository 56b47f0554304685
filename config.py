"""Every setting, read from the environment, with the defaults the outside contract documents.

Settings are read when a `Config` is built (not at import), so a test or a CLI run can set the
environment first. `create_app` validates them once at start-up so a bad value fails loudly
there instead of at 3 a.m. in the worker.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from survey.sentiment import DEFAULT_THRESHOLD


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def _int(name: str, default: int) -> int:
    raw = _env(name)
    try:
        return int(raw) if raw is not None else default
    except ValueError:
        raise ValueError(f"{name} must be a whole number, got {raw!r}") from None


def _float(name: str, default: float) -> float:
    raw = _env(name)
    try:
        return float(raw) if raw is not None else default
    except ValueError:
        raise ValueError(f"{name} must be a number, got {raw!r}") from None


def _bool(name: str, default: bool) -> bool:
    raw = _env(name)
    return default if raw is None else raw.strip().lower() in {"1", "true", "yes", "on"}


def _development_key() -> str:
    """One key per checkout, kept under instance/, so the web app and the worker agree on it.

    Survey links are derived from SECRET_KEY (survey/tokens.py): two processes with different
    keys would send links that do not open.
    """
    path = Path(__file__).resolve().parent / "instance" / "development-secret-key"
    if not path.exists():
        path.parent.mkdir(exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


class Config:
    """Production settings. `APP_ENV=development` relaxes only what a laptop demo needs."""

    TESTING = False

    def __init__(self) -> None:
        self.APP_ENV = _env("APP_ENV", "production")
        self.SQLALCHEMY_DATABASE_URI = _env("DATABASE_URL", "sqlite:///survey.db")
        self.SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
        # Database trouble answers fast (core/database.py): a new connection within this many
        # seconds (at least 2), a statement cancelled by the server after this many (0 = never;
        # long migrations may want that), and no answer awaited longer than a statement may run.
        self.DB_CONNECT_TIMEOUT_SECONDS = max(_int("DB_CONNECT_TIMEOUT_SECONDS", 2), 2)
        self.DB_STATEMENT_TIMEOUT_SECONDS = _float("DB_STATEMENT_TIMEOUT_SECONDS", 10)
        if self.SQLALCHEMY_DATABASE_URI.startswith("postgresql"):
            # Wait for a pooled connection no longer than for a new one: under many concurrent
            # requests the pool's queue is where they would otherwise pile up during an outage.
            self.SQLALCHEMY_ENGINE_OPTIONS["pool_timeout"] = self.DB_CONNECT_TIMEOUT_SECONDS
        secret = _env("SECRET_KEY")
        if secret is None and self.APP_ENV == "development":
            secret = _development_key()
        elif secret is None and self.APP_ENV == "testing":
            secret = secrets.token_hex(32)
        self.SECRET_KEY = secret
        self.PUBLIC_BASE_URL = (_env("PUBLIC_BASE_URL", "http://localhost:5000") or "").rstrip("/")

        # Brand: who the customer hears from. Defaults of the settings page (survey/brand.py);
        # ORG_NAME is required outside development (a survey from nobody reads like phishing).
        self.ORG_NAME = _env("ORG_NAME", "Demo Support" if self.APP_ENV == "development" else None)
        self.ORG_LOGO_URL = _env("ORG_LOGO_URL")
        self.BRAND_COLOR = _env("BRAND_COLOR", "#0b5cab")
        self.ORG_POSTAL_ADDRESS = _env("ORG_POSTAL_ADDRESS")  # footer of every email (bulk-mail rules)
        self.SURVEY_REPLY_TO = _env("SURVEY_REPLY_TO")  # Reply-To of survey emails; unset = none
        # One limit for every body: webhooks (256 KiB in the contract), forms and SMS callbacks.
        self.MAX_CONTENT_LENGTH = 256 * 1024
        self.MAX_FORM_MEMORY_SIZE = 256 * 1024

        # A team's retrained assessment model (bench/train_assessment.py --extra); unset = the shipped one.
        self.ASSESSMENT_MODEL_PATH = _env("ASSESSMENT_MODEL_PATH")

        self.WEBHOOK_SECRET = _env("WEBHOOK_SECRET")
        self.ZENDESK_WEBHOOK_SECRET = _env("ZENDESK_WEBHOOK_SECRET")
        self.JIRA_WEBHOOK_SECRET = _env("JIRA_WEBHOOK_SECRET")
        self.FRESHDESK_WEBHOOK_TOKEN = _env("FRESHDESK_WEBHOOK_TOKEN")

        self.MAIL_SERVER = _env("MAIL_SERVER", "localhost")
        self.MAIL_PORT = _int("MAIL_PORT", 25)
        self.MAIL_USE_TLS = _bool("MAIL_USE_TLS", False)
        self.MAIL_USERNAME = _env("MAIL_USERNAME")
        self.MAIL_PASSWORD = _env("MAIL_PASSWORD")
        self.MAIL_DEFAULT_SENDER = _env("MAIL_DEFAULT_SENDER", "support@localhost")

        self.TWILIO_ACCOUNT_SID = _env("TWILIO_ACCOUNT_SID")
        self.TWILIO_AUTH_TOKEN = _env("TWILIO_AUTH_TOKEN")
        self.TWILIO_FROM_NUMBER = _env("TWILIO_FROM_NUMBER")
        self.TWILIO_API_BASE = _env("TWILIO_API_BASE", "https://api.twilio.com")
        # Calls through the app (click-to-call with Twilio Voice): off unless asked for.
        self.VOICE_CALLS = _bool("VOICE_CALLS", False)
        # A person on the line at least this long proves the customer was reached.
        self.CALL_REACHED_MIN_SECONDS = _int("CALL_REACHED_MIN_SECONDS", 30)

        self.SURVEY_DELAY_MINUTES = _float("SURVEY_DELAY_MINUTES", 0)
        self.SURVEY_THROTTLE_DAYS = _float("SURVEY_THROTTLE_DAYS", 7)
        self.SURVEY_EXPIRY_DAYS = _float("SURVEY_EXPIRY_DAYS", 28)
        self.SURVEY_REMINDER_HOURS = _float("SURVEY_REMINDER_HOURS", 48)
        self.SURVEY_CHANNELS = _env("SURVEY_CHANNELS", "both")  # both | email-first | sms-first
        # One tap (survey/taps.py): a tap is held this long; other ratings within it discard it.
        # The contract's minute; shorter only so end-to-end tests need not wait a minute.
        self.SURVEY_TAP_WINDOW_SECONDS = _float("SURVEY_TAP_WINDOW_SECONDS", 60)
        # The assessment's cut-off on `unhappiness` (survey/sentiment.py); a team chooses its own
        # with `flask assessment calibrate`. Logged at start-up, so a change is never silent.
        self.ASSESSMENT_THRESHOLD = _float("ASSESSMENT_THRESHOLD", DEFAULT_THRESHOLD)
        # Spot checks (followup/spot_checks.py): this share of each week's answers read as fine
        # is drawn for a manager to read, at least 3 a week when there are any.
        self.SPOT_CHECK_PERCENT = _float("SPOT_CHECK_PERCENT", 5)

        self.FOLLOWUP_RETRY_DELAYS = _env("FOLLOWUP_RETRY_DELAYS", "2h,4h,1d,2d,3d")
        self.FOLLOWUP_FIRST_CALL_HOURS = _float("FOLLOWUP_FIRST_CALL_HOURS", 24)
        self.FOLLOWUP_MAX_ATTEMPTS = _int("FOLLOWUP_MAX_ATTEMPTS", 5)
        self.BUSINESS_HOURS = _env("BUSINESS_HOURS", "Mon-Fri 09:00-17:00")
        self.DEFAULT_TIMEZONE = _env("DEFAULT_TIMEZONE", "UTC")

        self.SCHEDULER_INTERVAL_SECONDS = _float("SCHEDULER_INTERVAL_SECONDS", 30)
        self.OUTBOX_BATCH_SIZE = _int("OUTBOX_BATCH_SIZE", 50)
        self.OUTBOX_LEASE_SECONDS = _int("OUTBOX_LEASE_SECONDS", 120)
        self.OUTBOX_MAX_ATTEMPTS = _int("OUTBOX_MAX_ATTEMPTS", 8)
        self.OUTBOX_COMMIT_EVERY = _int("OUTBOX_COMMIT_EVERY", 10)
        self.OUTBOX_SEND_THREADS = _int("OUTBOX_SEND_THREADS", 4)

        # Privacy: free text (comments, notes, call notes, texts) is blanked after RETENTION_DAYS,
        # the address of a sent message after OUTBOX_KEEP_DAYS (followup/retention.py).
        self.RETENTION_DAYS = _int("RETENTION_DAYS", 730)
        self.OUTBOX_KEEP_DAYS = _int("OUTBOX_KEEP_DAYS", 30)

        # A dashboard period holding more tasks, answers or surveys than this is counted ahead by
        # the worker, not on the request (followup/dashboard_snapshots.py).
        self.DASHBOARD_LIVE_LIMIT = _int("DASHBOARD_LIVE_LIMIT", 20000)
        self.TOUCH_DAYS = _int("TOUCH_DAYS", 28)
        self.TOUCH_DIGEST = _env("TOUCH_DIGEST", "off")  # off | email | sms: a weekly list per manager
        self.TOUCH_DIGEST_DAY = _env("TOUCH_DIGEST_DAY", "Mon")
        # Events (answer given, task opened/closed) signed with a whsec_ secret; unset = none sent.
        self.OUTBOUND_WEBHOOK_URL = _env("OUTBOUND_WEBHOOK_URL")
        self.OUTBOUND_WEBHOOK_SECRET = _env("OUTBOUND_WEBHOOK_SECRET")
        self.ESCALATION_EMAIL = _env("ESCALATION_EMAIL")  # who hears of escalations; else the assignee
        self.LOGIN_RATE_LIMIT = _env("LOGIN_RATE_LIMIT", "10 per minute")
        # Per client address on the public endpoints: a customer's phone, a ticket system's sender.
        self.SURVEY_RATE_LIMIT = _env("SURVEY_RATE_LIMIT", "120 per minute")
        self.WEBHOOK_RATE_LIMIT = _env("WEBHOOK_RATE_LIMIT", "1200 per minute")
        # Counts shared by every worker (core/rate_limits.py): Redis at REDIS_URL unless another
        # storage is named; memory:// with several gunicorn workers refuses to start outside
        # development. TRUSTED_PROXIES: how many proxies of ours set X-Forwarded-For (0 = none:
        # the header is ignored and limits key on the connection's address).
        self.REDIS_URL = _env("REDIS_URL")
        self.RATELIMIT_STORAGE_URI = _env("RATELIMIT_STORAGE_URI", self.REDIS_URL or "memory://")
        self.RATELIMIT_KEY_PREFIX = _env("RATELIMIT_KEY_PREFIX", "")
        self.TRUSTED_PROXIES = _int("TRUSTED_PROXIES", 0)

        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.SESSION_COOKIE_SECURE = self.PUBLIC_BASE_URL.startswith("https://")
        self.PERMANENT_SESSION_LIFETIME = _int("SESSION_LIFETIME_MINUTES", 8 * 60) * 60
        self.WTF_CSRF_TIME_LIMIT = None  # a survey page may stay open for hours on a phone

    @property
    def sms_enabled(self) -> bool:
        return bool(self.TWILIO_ACCOUNT_SID and self.TWILIO_AUTH_TOKEN and self.TWILIO_FROM_NUMBER)

    @property
    def voice_enabled(self) -> bool:
        return self.VOICE_CALLS and self.sms_enabled


class TestConfig(Config):
    """What the test suite runs with: the database from `DATABASE_URL`, a throwaway key."""

    TESTING = True

    def __init__(self, **overrides: object) -> None:
        os.environ.setdefault("APP_ENV", "testing")
        super().__init__()
        self.ORG_NAME = self.ORG_NAME or "Acme Repairs"
        self.SQLALCHEMY_DATABASE_URI = _env("DATABASE_URL", "sqlite://")
        # Tests send hundreds of requests a minute from one address; the limits are tested on their own.
        self.SURVEY_RATE_LIMIT = self.WEBHOOK_RATE_LIMIT = "100000 per minute"
        for key, value in overrides.items():
            setattr(self, key, value)
