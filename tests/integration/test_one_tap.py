"""One tap is an answer, a scanner's clicks are not: held taps, bursts, Send, and the worker.

The page's own request (what core/static/tap.js sends) is posted here directly; the browser
side, with a real script and a closed page, is in tests/e2e/test_one_tap_browser.py.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from core.extensions import db
from followup.models import FollowupTask
from survey.models import Response, Tap
from tests.support.webhooks import run_worker, survey_path


def answers(app) -> list[tuple[int | None, str]]:
    with app.app_context():
        return [(r.rating, r.comment) for r in db.session.scalars(select(Response))]


def tasks(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(FollowupTask))


def tap(client, path: str, rating: int):
    return client.post(path + "/tap", data={"rating": str(rating)})


def test_get_and_head_of_every_rating_link_record_nothing_ever(app, client, clock):
    path = survey_path(app, client, clock)

    for rating in range(1, 6):
        assert client.get(f"{path}?rating={rating}").status_code == 200
        assert client.head(f"{path}?rating={rating}").status_code == 200
    clock.advance(minutes=5)
    run_worker(app)

    assert answers(app) == [] and tasks(app) == 0
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Tap)) == 0


def test_a_rating_link_page_carries_the_tap_and_more_query_parameters_are_fine(app, client, clock):
    path = survey_path(app, client, clock)

    page = client.get(f"{path}?rating=2&utm_source=email&utm_campaign=csat")

    assert f'data-tap-url="{path}/tap"' in page.text and 'data-tap-rating="2"' in page.text
    assert "/static/tap.js" in page.text
    assert "Thanks, we got your 2." in page.text  # shown by the script once the tap is taken
    assert "data-tap-url" not in client.get(path).text


@pytest.mark.parametrize("rating", [1, 2])
def test_one_unhappy_tap_is_recorded_after_the_window_and_opens_the_task(app, client, clock, rating):
    path = survey_path(app, client, clock)

    assert tap(client, path, rating).status_code == 202
    clock.advance(seconds=30)
    run_worker(app)
    assert answers(app) == []  # still held: a burst may follow

    clock.advance(seconds=31)
    run_worker(app)
    assert answers(app) == [(rating, "")]
    assert tasks(app) == 1


def test_every_rating_tapped_within_seconds_records_nothing(app, client, clock):
    path = survey_path(app, client, clock)

    for rating in (1, 2, 3, 4, 5):
        assert tap(client, path, rating).status_code == 202
        clock.advance(seconds=2)
    clock.advance(minutes=3)
    run_worker(app)

    assert answers(app) == [] and tasks(app) == 0


def test_two_different_ratings_within_a_minute_record_nothing(app, client, clock):
    path = survey_path(app, client, clock)

    tap(client, path, 5)
    clock.advance(seconds=50)
    tap(client, path, 1)
    clock.advance(minutes=2)
    run_worker(app)

    assert answers(app) == []


def test_the_same_rating_tapped_twice_is_one_answer(app, client, clock):
    path = survey_path(app, client, clock)

    tap(client, path, 4)
    clock.advance(seconds=5)
    tap(client, path, 4)
    clock.advance(minutes=2)
    run_worker(app)

    assert answers(app) == [(4, "")]


def test_send_records_at_once_and_a_held_tap_does_not_overwrite_it(app, client, clock):
    path = survey_path(app, client, clock)

    tap(client, path, 2)
    clock.advance(seconds=10)
    assert client.post(path, data={"rating": "4", "comment": "Changed my mind"}).status_code == 303
    assert answers(app) == [(4, "Changed my mind")]

    clock.advance(minutes=2)
    run_worker(app)
    assert answers(app) == [(4, "Changed my mind")]


def test_a_later_tap_changes_the_rating_and_keeps_the_comment(app, client, clock):
    path = survey_path(app, client, clock)
    client.post(path, data={"rating": "4", "comment": "Fine in the end"})
    clock.advance(hours=1)

    tap(client, path, 2)
    clock.advance(seconds=61)
    run_worker(app)

    assert answers(app) == [(2, "Fine in the end")]


def test_a_tap_on_a_closed_survey_is_refused_and_a_bad_rating_is_a_400(app, client, clock):
    path = survey_path(app, client, clock)

    assert tap(client, path, 9).status_code == 400
    clock.advance(days=29)
    assert tap(client, path, 2).status_code == 410
    assert answers(app) == []
