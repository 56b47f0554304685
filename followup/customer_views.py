"""The customer's file: search, one timeline of everything, notes, personal facts, touches."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from core.access import AGENT, MANAGER, allow
from core.adapters import adapters
from core.extensions import db
from core.inputs import MAX_ID
from followup.customer_export import export_customer
from followup.customer_list import customer_page, listed_customer
from followup.erasure import erase_customer
from followup.forms import EraseForm, NoteForm, ProfileForm, TouchForm
from followup.models import FollowupTask
from followup.profile import add_note, notes_for, profile_for, update_profile
from followup.timeline import timeline
from followup.touch_ranking import quiet_customers
from followup.touches import last_touched, log_touch, upcoming_dates
from followup.views import bp
from followup.visibility import can_see_customer
from survey.models import Customer


def _customer(customer_id: int) -> Customer:
    """The customer, if the signed-in user may see them (followup/visibility.py); else 404."""
    customer = db.session.get(Customer, customer_id) if 0 < customer_id < 2**31 else None
    if customer is None or not can_see_customer(db.session, current_user, customer.id):
        abort(404)
    return customer


def _back(customer: Customer):
    """Back to where the form was (the task page or the file), never to another site."""
    target = request.args.get("next", "")
    if not (target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc):
        target = url_for("followup.customer", customer_id=customer.id)
    return redirect(target + "#file", code=303)


@bp.get("/customers")
@allow(AGENT, MANAGER)
def customers():
    """A page of the list; `after` (a customer's id) is where the previous page ended."""
    query = (request.args.get("q") or "").strip()[:100]
    after = None
    if "after" in request.args:
        raw = request.args["after"]
        after = listed_customer(db.session, current_user, int(raw)) if _an_id(raw) else None
        if after is None:
            # Not the first page in disguise: the person asked for a later page and should know
            # it is gone (the customer erased, or a link cut short), with a way back to the start.
            return render_template("followup/customers.html", page=None, query=query), 400
    page = customer_page(db.session, current_user, query, after)
    return render_template("followup/customers.html", page=page, query=query)


def _an_id(raw: str) -> bool:
    """Digits naming an id the column can hold (a longer string is not worth converting)."""
    return raw.isascii() and raw.isdigit() and len(raw) <= len(str(MAX_ID)) and 0 < int(raw) <= MAX_ID


@bp.get("/customers/<int:customer_id>")
@allow(AGENT, MANAGER)
def customer(customer_id: int):
    found = _customer(customer_id)
    tasks = db.session.scalars(
        select(FollowupTask)
        .where(FollowupTask.customer_id == found.id)
        .order_by(FollowupTask.opened_at.desc())
    ).all()
    profile = profile_for(db.session, found.id)
    return render_template(
        "followup/customer.html",
        customer=found,
        tasks=tasks,
        events=timeline(db.session, found.id),
        last_touched=last_touched(db.session, found.id),
        profile=profile,
        notes=notes_for(db.session, found.id),
        note_form=NoteForm(formdata=None),
        profile_form=ProfileForm(formdata=None, obj=profile),
        touch_form=TouchForm(formdata=None),
        now=adapters().clock.now(),
    )


@bp.post("/customers/<int:customer_id>/notes")
@allow(AGENT, MANAGER)
def add_customer_note(customer_id: int):
    found = _customer(customer_id)
    form = NoteForm()
    if form.validate():
        add_note(db.session, found.id, form.body.data, current_user, adapters().clock.now())
        db.session.commit()
        flash("Note added.", "info")
    else:
        flash("A note needs some text (at most 5,000 characters).", "error")
    return _back(found)


@bp.post("/customers/<int:customer_id>/profile")
@allow(AGENT, MANAGER)
def edit_profile(customer_id: int):
    found = _customer(customer_id)
    form = ProfileForm()
    if not form.validate():
        flash(
            "Check the personal facts: " + "; ".join(f"{k}: {v[0]}" for k, v in form.errors.items()), "error"
        )
        return _back(found)
    facts = {
        name: getattr(form, name).data
        for name in ("family", "birthday", "hobbies", "milestones", "preferred_time")
    }
    facts["preferred_channel"] = form.preferred_channel.data or None
    update_profile(db.session, found.id, facts, current_user, adapters().clock.now())
    db.session.commit()
    flash("Personal facts saved.", "info")
    return _back(found)


@bp.post("/customers/<int:customer_id>/touches")
@allow(AGENT, MANAGER)
def add_touch(customer_id: int):
    found = _customer(customer_id)
    form = TouchForm()
    if not form.validate():
        abort(400)
    log_touch(
        db.session, found.id, form.kind.data, form.note.data or "", current_user, adapters().clock.now()
    )
    db.session.commit()
    flash(f"Touch logged for {found.name or found.email}.", "info")
    return _back(found)


@bp.route("/customers/<int:customer_id>/erase", methods=["GET", "POST"])
@allow(MANAGER)
def erase_customer_page(customer_id: int):
    """Asks first (a checkbox to tick), then erases: a mistaken click must not cost a file."""
    found = _customer(customer_id)
    if found.erased_at is not None:
        abort(404)
    form = EraseForm()
    if not form.validate_on_submit():
        return render_template(
            "followup/erase.html", customer=found, form=form
        ), 400 if form.is_submitted() else 200
    erase_customer(db.session, found, by=current_user, via="page", now=adapters().clock.now())
    db.session.commit()
    flash(f"Customer #{found.id} erased.", "info")
    return redirect(url_for("followup.customers"), code=303)


@bp.get("/customers/<int:customer_id>/export.json")
@allow(MANAGER)
def export_customer_page(customer_id: int):
    """The API's export, downloaded from the file page with the manager's session."""
    found = _customer(customer_id)
    if found.erased_at is not None:
        abort(404)
    answer = jsonify(export_customer(db.session, found, adapters().clock.now()))
    answer.headers["Cache-Control"] = "no-store"
    answer.headers["Content-Disposition"] = f'attachment; filename="customer-{found.id}.json"'
    return answer


@bp.get("/touch")
@allow(MANAGER)
def touch():
    now = adapters().clock.now()
    days = current_app.config["TOUCH_DAYS"]
    return render_template(
        "followup/touch.html",
        quiet=quiet_customers(db.session, now, days),
        upcoming=upcoming_dates(db.session, now.date()),
        days=days,
        touch_form=TouchForm(formdata=None),
    )
