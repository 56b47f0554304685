"""The trainer reads a team's export of labelled answers: verdicts and spot checks become
labels, and rows it cannot learn from are counted rather than guessed at."""

import csv

import pytest

from bench.team_export import read_export

COLUMNS = ["text", "rating", "label", "source", "topic", "language"]
ROWS = [
    ["Third visit and the boiler still knocks", "4", "unhappy", "verdict", "repeat problem", "en"],
    ["Fine I suppose, took a while", "3", "partly", "verdict", "waiting", "en"],
    ["Sorted on the first call, thanks", "3", "false_alarm", "verdict", "", "en"],
    ["Great engineer, very tidy", "5", "fine", "spot_check", "", "en"],
    ["Honestly the worst support I have had", "5", "unhappy", "spot_check", "the agent", "en"],
    ["Nobody called back", "2", "", "verdict", "", "en"],
    ["", "1", "unhappy", "verdict", "billing", "en"],
    ["El técnico llegó tarde otra vez y nadie avisó", "2", "unhappy", "verdict", "waiting", "es"],
]


def _write(path, columns, rows):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows(rows)
    return path


def test_verdicts_and_spot_checks_become_labels_and_the_rest_is_counted(tmp_path):
    found = read_export(_write(tmp_path / "answers.csv", COLUMNS, ROWS))

    assert found.rows == [
        ("Third visit and the boiler still knocks", True),
        ("Fine I suppose, took a while", True),
        ("Sorted on the first call, thanks", False),
        ("Great engineer, very tidy", False),
        ("Honestly the worst support I have had", True),
    ]
    assert (found.unlabelled, found.no_comment, found.not_english) == (1, 1, 1)


def test_a_file_without_the_text_and_label_columns_is_refused(tmp_path):
    path = _write(tmp_path / "tasks.csv", ["task_id", "comment", "outcome"], [["1", "late", "reached"]])

    with pytest.raises(SystemExit, match="no column label, text"):
        read_export(path)
