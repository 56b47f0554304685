"""`flask assessment calibrate` and `flask assessment export` on a seeded set of judged answers
(tests/support/feedback.py), whose figures are worked out by hand."""

from __future__ import annotations

import csv
import io

from core.extensions import db
from followup.erasure import erase_customer
from survey.assessment_labels import COLUMNS
from survey.models import Customer, Response, Survey
from survey.sentiment import DEFAULT_THRESHOLD
from tests.support import factories
from tests.support.feedback import seed_judged_answers


def _seeded(app, clock):
    with app.app_context():
        factories.user(clock.now(), email="morgan@example.com", name="Morgan")
        db.session.commit()
    seed_judged_answers(app, clock.now(), "morgan@example.com")


def test_calibrate_prints_the_expected_table_and_marks_the_threshold_in_use(make_app, app, clock):
    _seeded(app, clock)
    half = make_app(ASSESSMENT_THRESHOLD=0.5)
    result = half.test_cli_runner().invoke(args=["assessment", "calibrate", "--days", "14"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Threshold in use: 0.50 (ASSESSMENT_THRESHOLD;")
    assert lines[1] == "Answers of the last 14 days: 10, 4 read as unhappy."
    assert lines[2] == (
        "Judged: 3 by a call's verdict (of those read as unhappy), 2 by a spot check (of the 6 read as fine)."
    )
    table = lines[lines.index("  threshold  recall  precision  calls/week") + 1 :][:6]
    # Each verdict stands for 4/3 flagged answers, each spot check for 3 read as fine: at 0.5,
    # caught 4/3 (0.9) + 4/3 (0.55, partly), wrong 4/3 (0.6), missed 3 (0.4): recall 8/17.
    assert table == [
        "       0.30    1.00       0.81         3.0",
        "       0.40    0.47       0.67         2.5",
        ">      0.50    0.47       0.67         2.0   (in use)",
        "       0.60    0.24       1.00         1.0",
        "       0.70    0.24       1.00         0.5",
        "       0.80    0.24       1.00         0.5",
    ]


def test_calibrate_shows_a_chosen_threshold_beside_the_others(make_app, app, clock):
    _seeded(app, clock)
    chosen = make_app(ASSESSMENT_THRESHOLD=0.42)
    output = chosen.test_cli_runner().invoke(args=["assessment", "calibrate", "--days", "14"]).output
    assert output.startswith(
        f"Threshold in use: 0.42 (ASSESSMENT_THRESHOLD; the shipped default is {DEFAULT_THRESHOLD})"
    )
    assert ">      0.42    0.47       0.67         2.5   (in use)" in output.splitlines()


def test_calibrate_with_nothing_judged_says_what_to_do(app):
    output = app.test_cli_runner().invoke(args=["assessment", "calibrate"]).output
    assert output.startswith(
        f"Threshold in use: {DEFAULT_THRESHOLD:.2f} (ASSESSMENT_THRESHOLD; the shipped default)"
    )
    assert "Nothing judged yet" in output


def test_export_writes_one_row_per_judged_answer_without_erased_customers(app, clock, tmp_path):
    _seeded(app, clock)
    with app.app_context():
        erased = db.session.scalar(
            db.select(Customer)
            .join(Survey, Survey.customer_id == Customer.id)
            .join(Response, Response.survey_id == Survey.id)
            .where(Response.comment == "Great, thanks")
        )
        erase_customer(db.session, erased, by=None, via="cli", now=clock.now())
        db.session.commit()
    out = tmp_path / "labelled.csv"
    result = app.test_cli_runner().invoke(args=["assessment", "export", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "4 labelled answers written" in result.output
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert tuple(rows[0]) == COLUMNS == ("text", "rating", "label", "source", "topic", "language")
    assert sorted(rows[1:]) == sorted(
        [
            ["The engineer never came", "4", "unhappy", "verdict", "waiting", "en"],
            ["ok I guess", "3", "false_alarm", "verdict", "other", "en"],
            ["Took a while", "4", "partly", "verdict", "waiting", "en"],
            ["Fine, whatever", "4", "unhappy", "spot_check", "", "en"],
        ]
    )
