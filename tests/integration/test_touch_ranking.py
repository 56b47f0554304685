"""The touch list the worker ranks: the same customers in the same order as ranking on the spot,
less whoever was touched since; a ranking too old to trust is not used."""

from __future__ import annotations

from datetime import timedelta

from core.extensions import db
from followup.touch_ranking import STALE, quiet_customers, rank_if_due
from followup.touches import log_touch, touch_list
from tests.support import factories

DAYS = 28


def _names(rows) -> list[str]:
    return [row.customer.name for row in rows]


def test_the_ranked_list_is_the_live_list_less_those_touched_since(app, clock):
    with app.app_context():
        now = clock.now()
        for n, days in enumerate((90, 60, 45, 40, 10)):
            factories.survey(now - timedelta(days=days), name=f"Customer {n} ({days} days)")
        db.session.commit()
        assert rank_if_due(db.session, now, DAYS)
        db.session.commit()
        live = touch_list(db.session, now, DAYS)
        assert len(live) == 4  # the one from 10 days ago is not quiet yet
        assert _names(quiet_customers(db.session, now, DAYS)) == _names(live)

        touched = live[1].customer
        log_touch(db.session, touched.id, "call", "Caught up.", None, now + timedelta(minutes=5))
        db.session.commit()
        later = now + timedelta(minutes=10)
        assert _names(quiet_customers(db.session, later, DAYS)) == _names(touch_list(db.session, later, DAYS))
        assert touched.name not in _names(quiet_customers(db.session, later, DAYS))
        assert not rank_if_due(db.session, later, DAYS)  # ranked ten minutes ago
        assert rank_if_due(db.session, now + timedelta(hours=1), DAYS)


def test_a_stale_ranking_gives_way_to_the_live_list(app, clock):
    with app.app_context():
        now = clock.now()
        factories.survey(now - timedelta(days=60), name="Quiet Quentin")
        db.session.commit()
        rank_if_due(db.session, now, DAYS)
        db.session.commit()
        factories.survey(now - timedelta(days=50), name="Quiet since the ranking")
        db.session.commit()
        assert _names(quiet_customers(db.session, now, DAYS)) == ["Quiet Quentin"]
        stale = now + STALE + timedelta(minutes=1)
        assert set(_names(quiet_customers(db.session, stale, DAYS))) == {
            "Quiet Quentin",
            "Quiet since the ranking",
        }
