"""The composition root: the one place where config, adapters and blueprints meet.

`flask --app wsgi <command>` and `gunicorn 'wsgi:create_app()'` both start here. Tests pass
their own config and adapters (a fixed clock, a mailer pointed at a local SMTP server).
"""

from __future__ import annotations

import logging
from pathlib import Path
from random import SystemRandom

from flask import Flask, redirect, url_for

from config import Config
from core import (
    access,
    bodies,
    database,
    errors,
    formatting,
    health,
    inputs,
    log_scrubbing,
    observability,
    rate_limits,
    read_transactions,
    security,
)
from core.adapters import Adapters
from core.clock import SystemClock
from core.extensions import csrf, db, limiter, login_manager, migrate
from core.openapi import ProblemApi
from followup.digest import DAYS
from notify.delivery import Deliverer
from notify.kinds import Registry
from notify.mail import SmtpMailer
from notify.sms import TwilioSms
from notify.voice import TwilioVoice
from notify.webhook import WebhookSender
from survey import brand
from survey.channels import PREFERENCES
from survey.sentiment import DEFAULT_THRESHOLD
from survey.sentiment_model import MODEL_FILE, ModelFileError, use_model_file


def create_app(config: Config | None = None, **adapters) -> Flask:
    config = config or Config()
    if config.SURVEY_CHANNELS not in PREFERENCES:
        raise RuntimeError(f"SURVEY_CHANNELS must be one of {', '.join(PREFERENCES)}")
    if config.OUTBOUND_WEBHOOK_URL and not (config.OUTBOUND_WEBHOOK_SECRET or "").startswith("whsec_"):
        raise RuntimeError("OUTBOUND_WEBHOOK_URL needs OUTBOUND_WEBHOOK_SECRET (whsec_...)")
    if config.TOUCH_DIGEST not in ("off", "email", "sms") or config.TOUCH_DIGEST_DAY not in DAYS:
        raise RuntimeError("TOUCH_DIGEST must be off, email or sms, TOUCH_DIGEST_DAY a day like Mon")
    if config.CALL_REACHED_MIN_SECONDS < 1:
        raise RuntimeError("CALL_REACHED_MIN_SECONDS must be at least 1")
    if not 0 < config.ASSESSMENT_THRESHOLD < 1:
        raise RuntimeError("ASSESSMENT_THRESHOLD must be between 0 and 1 (see `flask assessment calibrate`)")
    if not 0 <= config.SPOT_CHECK_PERCENT <= 100:
        raise RuntimeError("SPOT_CHECK_PERCENT must be between 0 and 100")
    if not config.SECRET_KEY:
        raise RuntimeError("SECRET_KEY must be set outside development (APP_ENV=development for a laptop)")
    _check_brand(config)
    app = Flask(__name__, template_folder="core/templates", static_folder="core/static")
    app.config.from_object(config)
    app.config.update(
        API_TITLE="Customer follow-up API",
        API_VERSION="1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/api",
        OPENAPI_JSON_PATH="openapi.json",
    )
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    log_scrubbing.install()  # on the root logger's handlers: every record, whoever logs it
    # twilio's client logs each request's headers and form (credentials, message bodies) at INFO.
    logging.getLogger("twilio.http_client").setLevel(logging.WARNING)
    # APScheduler logs two lines per tick (every few seconds), which buries what the worker did.
    logging.getLogger("apscheduler.executors.default").setLevel(logging.WARNING)
    threshold = config.ASSESSMENT_THRESHOLD
    chosen = "the shipped default" if threshold == DEFAULT_THRESHOLD else f"shipped {DEFAULT_THRESHOLD}"
    logging.getLogger(__name__).info("assessment threshold %s (ASSESSMENT_THRESHOLD; %s)", threshold, chosen)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(app.root_path + "/migrations"), render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)
    rate_limits.register(app)
    _use_assessment_model(config)
    app.extensions["adapters"] = _build_adapters(config, adapters)
    app.extensions["deliverer_factory"] = lambda: _build_deliverer(app)
    # The one date format and the customer's clock beside the reader's (core/formatting.py).
    for name in ("local", "day", "for_both", "clock_at", "place", "phone"):
        app.add_template_filter(getattr(formatting, name), name)

    security.register(app)
    _register_access(app)
    inputs.register(app)
    bodies.register(app)
    observability.register(app)
    read_transactions.register(app)
    database.register(app)
    _register_blueprints(app)
    app.extensions["outbox_kinds"] = _build_registry(app)
    errors.register(app)  # after the Api, whose own HTTP error handler this replaces
    _register_cli(app)
    return app


def _check_brand(config: Config) -> None:
    if not config.ORG_NAME:
        raise RuntimeError("ORG_NAME must be set outside development: customers see it on every survey")
    checked = (("BRAND_COLOR", "color"), ("ORG_LOGO_URL", "logo_url"), ("SURVEY_REPLY_TO", "reply_to"))
    for name, field in checked:
        wrong = brand.problem_with(field, getattr(config, name))
        if wrong:
            raise RuntimeError(f"{name} must be {wrong}")


def _use_assessment_model(config: Config) -> None:
    """Load the assessment model now, so a team's file that is missing or broken stops the start
    with the reason instead of failing the first answer; every create_app sets it afresh."""
    path = config.ASSESSMENT_MODEL_PATH
    try:
        use_model_file(Path(path) if path else MODEL_FILE)
    except ModelFileError as error:
        raise RuntimeError(
            f"{'ASSESSMENT_MODEL_PATH' if path else 'the shipped assessment model'}: {error}"
        ) from None
    chosen = f"{path} (ASSESSMENT_MODEL_PATH)" if path else "the shipped model"
    logging.getLogger(__name__).info("assessment model: %s", chosen)


def _build_adapters(config: Config, given: dict) -> Adapters:
    mailer = given.get("mailer") or SmtpMailer(
        host=config.MAIL_SERVER,
        port=config.MAIL_PORT,
        use_tls=config.MAIL_USE_TLS,
        username=config.MAIL_USERNAME,
        password=config.MAIL_PASSWORD,
        default_sender=config.MAIL_DEFAULT_SENDER,
    )
    twilio = {
        "account_sid": config.TWILIO_ACCOUNT_SID,
        "auth_token": config.TWILIO_AUTH_TOKEN,
        "from_number": config.TWILIO_FROM_NUMBER,
        "api_base": config.TWILIO_API_BASE,
    }
    sms = given.get("sms")
    if sms is None and config.sms_enabled:
        sms = TwilioSms(**twilio)
    voice = given.get("voice")
    if voice is None and config.voice_enabled:
        voice = TwilioVoice(**twilio)
    events = given.get("events")
    if events is None and config.OUTBOUND_WEBHOOK_URL:
        events = WebhookSender(config.OUTBOUND_WEBHOOK_URL, config.OUTBOUND_WEBHOOK_SECRET)
    return Adapters(
        clock=given.get("clock") or SystemClock(),
        mailer=mailer,
        sms=sms,
        events=events,
        voice=voice,
        rng=given.get("rng") or SystemRandom(),
    )


def _build_registry(app: Flask) -> Registry:
    """Every kind of outbox message: how the worker sends it and what the outbox pages say of it."""
    from followup import customer_email, digest, events, reminders
    from survey import delivery

    config = app.config
    registry = Registry()
    delivery.register(
        registry,
        config["PUBLIC_BASE_URL"],
        config["SECRET_KEY"],
        config["MAIL_DEFAULT_SENDER"],
        brand.from_config(config),
    )
    reminders.register(
        registry, config["PUBLIC_BASE_URL"], config["FOLLOWUP_MAX_ATTEMPTS"], config["MAIL_DEFAULT_SENDER"]
    )
    events.register(registry)
    customer_email.register(registry, config["MAIL_DEFAULT_SENDER"])
    digest.register(registry, config["PUBLIC_BASE_URL"], config["TOUCH_DAYS"], config["MAIL_DEFAULT_SENDER"])
    return registry


def _build_deliverer(app: Flask) -> Deliverer:
    config, adapters = app.config, app.extensions["adapters"]
    return Deliverer(
        registry=app.extensions["outbox_kinds"],
        mailer=adapters.mailer,
        sms=adapters.sms,
        max_attempts=config["OUTBOX_MAX_ATTEMPTS"],
        status_callback=config["PUBLIC_BASE_URL"] + "/webhooks/twilio/status",
        events=adapters.events,
        commit_every=config["OUTBOX_COMMIT_EVERY"],
        send_threads=config["OUTBOX_SEND_THREADS"],
    )


def _register_blueprints(app: Flask) -> None:
    # Imported for what importing does: routes on followup's blueprint, signal receivers, models.
    from followup import (  # noqa: F401
        account_views,
        api,
        auth,
        brand_settings,
        customer_api,
        customer_views,
        dashboard_views,
        events,
        export_views,
        sms_commands,
        spot_check_views,
        tasks,
        touches,
        users_views,
        views,
        voice_views,
    )
    from notify import views as outbox
    from scheduler import models  # noqa: F401  (so migrations see every table)
    from survey import i18n, pages, twilio_webhooks, webhooks

    i18n.init_app(app)
    blueprints = (
        pages.bp,
        webhooks.bp,
        twilio_webhooks.bp,
        auth.bp,
        views.bp,
        health.bp,
        outbox.bp,
        brand_settings.bp,
    )
    for blueprint in blueprints:
        app.register_blueprint(blueprint)
    voice_views.register(app)
    spot_check_views.register(app)
    sms_commands.register(app)  # users' texts are commands, read before customers' answers
    rest = ProblemApi(app)
    rest.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})
    rest.register_blueprint(api.bp)

    @app.get("/")
    @access.allow(access.AGENT, access.MANAGER)
    def index():
        return redirect(url_for("followup.queue"))


def _register_access(app: Flask) -> None:
    """Every route declares who may use it (core/access.py); the API takes bearer tokens."""
    from followup.api_tokens import user_for_token

    access.register(
        app,
        token_user=lambda token: user_for_token(db.session, token, app.extensions["adapters"].clock.now()),
        token_blueprints={"api"},
        public_endpoints={"static", "api-docs.openapi_json"},
    )


def _register_cli(app: Flask) -> None:
    from devtools.demo import demo_command
    from followup.assessment_cli import assessment
    from followup.cli import users
    from followup.erasure_cli import erase_command
    from notify.cli import outbox
    from scheduler.worker import worker_command
    from survey.cli import customers
    from survey.send_test import tickets

    customers.add_command(erase_command)  # survey's group; erasing reaches followup's tables too
    for command in (users, outbox, customers, tickets, worker_command, demo_command, assessment):
        app.cli.add_command(command)
