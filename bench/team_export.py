"""Read a team's labelled answers (the CSV of ``flask assessment export``) for the trainer.

Each row is an answer a manager judged: after a call (its verdict) or on the weekly spot
check. Those labels are the deployment's own ground truth, so ``python -m bench.train_assessment
--extra FILE`` trains on them beside the bundled sets. Only English comments are kept: the
English layers are what the trainer fits, and a comment in another language is scored by the
layers of bench/train_languages.py. The rating is not read: the text model never sees one (the
app adds it to the margin by a fixed rule).
"""

import csv
from dataclasses import dataclass
from pathlib import Path

from survey.assessment_labels import CONTENT_LABELS, LABEL, TEXT, UNHAPPY_LABELS
from survey.sentiment_language import ENGLISH, language_of, readable_words


@dataclass(frozen=True)
class TeamRows:
    """The rows the trainer can use, and counts of what it left out and why."""

    rows: list[tuple[str, bool]]
    unlabelled: int
    no_comment: int
    not_english: int


def read_export(path: Path) -> TeamRows:
    """English comments with a verdict or spot-check label, as (text, is_unhappy)."""
    rows: list[tuple[str, bool]] = []
    unlabelled = no_comment = not_english = 0
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {TEXT, LABEL} - set(reader.fieldnames or ())
        if missing:
            raise SystemExit(f"{path}: not an assessment export, no column {', '.join(sorted(missing))}")
        for row in reader:
            label = (row[LABEL] or "").strip().lower()
            text = (row[TEXT] or "").strip()
            if label not in UNHAPPY_LABELS | CONTENT_LABELS:
                unlabelled += 1
            elif not text:
                no_comment += 1
            elif language_of(readable_words(text), text) != ENGLISH:
                not_english += 1
            else:
                rows.append((text, label in UNHAPPY_LABELS))
    return TeamRows(rows, unlabelled, no_comment, not_english)
