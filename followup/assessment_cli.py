"""`flask --app wsgi assessment calibrate|export`: choose this team's threshold from its own
verdicts and spot checks, and hand its labelled answers to the trainer.

Calibrate only prints: the threshold changes when someone sets ASSESSMENT_THRESHOLD and restarts,
never by itself.
"""

from __future__ import annotations

import csv
import sys
from datetime import timedelta

import click
from flask import current_app
from flask.cli import AppGroup

from core.extensions import db
from followup.labelled_answers import judged_answers, scores
from followup.quality_estimates import CalibrationRow, Labelled, calibrate
from survey.assessment_labels import COLUMNS, VERDICT
from survey.sentiment import DEFAULT_THRESHOLD
from survey.sentiment_language import language_of, readable_words

THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)


assessment = AppGroup("assessment", help="How well the unhappiness assessment works here, and its threshold.")


@assessment.command("calibrate")
@click.option(
    "--days", default=90, show_default=True, type=click.IntRange(7, 3660), help="Answers of the last DAYS."
)
def calibrate_command(days: int) -> None:
    """Print expected recall, precision and calls a week at a few thresholds."""
    in_use = current_app.config["ASSESSMENT_THRESHOLD"]
    now = current_app.extensions["adapters"].clock.now()
    since = now - timedelta(days=days)
    everyone = scores(db.session, since, now)
    judged = [j for j in judged_answers(db.session) if since <= j.answered_at < now]
    # Each side judged only by its own random-enough sample: calls' verdicts on flagged answers,
    # spot checks (drawn at random) on those read as fine.
    labelled = [
        Labelled(j.unhappiness, j.rating, j.flagged, j.unhappy)
        for j in judged
        if (j.source == VERDICT if j.flagged else j.spot_checked)
    ]
    flagged = sum(1 for *_, was_flagged in everyone if was_flagged)
    by_verdict = sum(1 for item in labelled if item.flagged)
    shipped = (
        "the shipped default"
        if in_use == DEFAULT_THRESHOLD
        else f"the shipped default is {DEFAULT_THRESHOLD}"
    )
    click.echo(f"Threshold in use: {in_use:.2f} (ASSESSMENT_THRESHOLD; {shipped})")
    click.echo(f"Answers of the last {days} days: {len(everyone)}, {flagged} read as unhappy.")
    click.echo(
        f"Judged: {by_verdict} by a call's verdict (of those read as unhappy), "
        f"{len(labelled) - by_verdict} by a spot check (of the {len(everyone) - flagged} read as fine)."
    )
    if not labelled:
        click.echo(
            "Nothing judged yet: give verdicts after calls and read the spot checks, then run this again."
        )
        return
    if by_verdict == len(labelled):
        click.echo(
            "No spot check read yet: recall counts only the misses the calls found, so it is too high."
        )
    if by_verdict == 0:
        click.echo("No verdict yet: precision above the threshold in use is unknown.")
    rows = calibrate(labelled, everyone, days / 7, sorted({*THRESHOLDS, in_use}))
    click.echo("")
    click.echo("  threshold  recall  precision  calls/week")
    for row in rows:
        click.echo(_line(row, row.threshold == in_use))
    click.echo("")
    click.echo(
        "Estimates from the judged answers, each standing for the answers on its side of the threshold\n"
        "they were assessed with (README, 'Learning from the calls'); with few judged answers they move\n"
        "a lot. To apply one, set ASSESSMENT_THRESHOLD and restart: it applies to answers from then on."
    )


def _line(row: CalibrationRow, in_use: bool) -> str:
    def figure(value: float | None) -> str:
        return "–" if value is None else f"{value:.2f}"

    mark = ">" if in_use else " "
    recall, precision = figure(row.recall), figure(row.precision)
    text = f"{mark} {row.threshold:9.2f}  {recall:>6}  {precision:>9}  {row.calls_per_week:10.1f}"
    return text + ("   (in use)" if in_use else "")


@assessment.command("export")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, writable=True),
    default="-",
    help="File to write (default: stdout).",
)
def export_command(out: str) -> None:
    """Write the judged answers as CSV for the trainer (bench/train_assessment.py --extra FILE).

    Erased customers' answers are left out. Cells are written as they are, for the trainer: open the
    file in a spreadsheet only through its text import.
    """
    rows = [j for j in judged_answers(db.session) if not j.erased]
    handle = sys.stdout if out == "-" else open(out, "w", encoding="utf-8", newline="")  # noqa: SIM115
    try:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for judged in rows:
            language = language_of(readable_words(judged.text), judged.text) if judged.text else ""
            rating = "" if judged.rating is None else judged.rating
            writer.writerow([judged.text, rating, judged.label, judged.source, judged.topic or "", language])
    finally:
        if handle is not sys.stdout:
            handle.close()
    click.echo(f"{len(rows)} labelled answers written to {'stdout' if out == '-' else out}", err=True)
