"""The customer's rights over the JSON API: erase them, or export everything held about them."""

from __future__ import annotations

from flask import g, jsonify
from flask_smorest import abort

from core.access import MANAGER, allow
from core.adapters import adapters
from core.extensions import db
from followup.api import SECURITY, bp
from followup.customer_export import export_customer
from followup.erasure import erase_customer, find_customer
from survey.models import Customer


def _customer(customer_id: int) -> Customer:
    if g.api_user.role != "manager":
        abort(403, message="erasing and exporting customers is for managers")
    found = find_customer(db.session, str(customer_id))
    if found is None:
        abort(404, message=f"no customer {customer_id}")
    return found


@bp.route("/customers/<int:customer_id>", methods=["DELETE"])
@allow(MANAGER)
@bp.doc(security=SECURITY)
@bp.response(204)
@bp.alt_response(401, response="UNAUTHORIZED")
@bp.alt_response(403, response="FORBIDDEN")
@bp.alt_response(404, response="NOT_FOUND")
def erase(customer_id: int):
    """Erase the customer: everything that identifies them goes, anonymous figures stay."""
    found = _customer(customer_id)
    erase_customer(db.session, found, by=g.api_user, via="api", now=adapters().clock.now())
    db.session.commit()


@bp.route("/customers/<int:customer_id>/export")
@allow(MANAGER)
@bp.doc(security=SECURITY)
@bp.response(200, description="Everything held about the customer, as one JSON document")
@bp.alt_response(401, response="UNAUTHORIZED")
@bp.alt_response(403, response="FORBIDDEN")
@bp.alt_response(404, response="NOT_FOUND")
def export(customer_id: int):
    """Everything held about the customer: file, tickets, surveys, answers, tasks, notes."""
    document = export_customer(db.session, _customer(customer_id), adapters().clock.now())
    answer = jsonify(document)
    answer.headers["Cache-Control"] = "no-store"
    answer.headers["Content-Disposition"] = f'attachment; filename="customer-{customer_id}.json"'
    return answer
