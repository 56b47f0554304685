"""The survey side never depends on the follow-up side (CONVENTIONS: dependencies point one way)."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def offenders(package: str, forbidden: tuple[str, ...]) -> list[str]:
    found = []
    for path in sorted((REPO / package).rglob("*.py")):
        for name in imported_modules(path):
            if name.split(".")[0] in forbidden:
                found.append(f"{path.relative_to(REPO)} imports {name}")
    return found


def test_survey_never_imports_followup():
    assert offenders("survey", ("followup", "scheduler", "devtools")) == []


def test_notify_and_core_know_neither_pipeline_half():
    assert offenders("notify", ("survey", "followup", "scheduler")) == []


def test_the_walk_sees_an_import_when_there_is_one(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("from followup.models import FollowupTask\nimport survey.models\n")
    assert imported_modules(module) == {"followup.models", "survey.models"}
