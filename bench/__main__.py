"""`python -m bench [NAME ...]`: run every bench (or the named ones) and print one table.

Benches with a `run()` that needs no arguments hand back their figures as Results; any other bench
(one written as a script, like delivery or assessment) runs as its own process and its printed
lines go under its row verbatim; only whether its targets are met is read from them. The load average
is printed before and after: on a shared machine it says how much the figures can be trusted.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import os
import re
import subprocess
import sys

from bench.common import CONNECTIONS, SECONDS, WORKERS, Result, print_table

BENCHES = ("webhook_intake", "survey_page", "queue", "year", "delivery", "assessment")
# Targets of the benches that print their own report, and how to read from it whether they are met.
OWN_TARGETS = {
    "delivery": "10,000 < 30 s, < 150 MB, 0 dup",
    "assessment": "R >= .85, P >= .75 held out; airline AUC >= .90; 2,000/s",
}


def _delivery_met(report: str) -> bool | None:
    seconds = re.search(r"all delivered in ([\d.]+) s", report)
    rss = [int(mb) for mb in re.findall(r"(\d+) MB", report.split("peak RSS per worker:")[-1])]
    duplicates = re.search(r"duplicates: (\d+)", report)
    if not (seconds and rss and duplicates):
        return None
    return float(seconds.group(1)) < 30 and max(rss) < 150 and duplicates.group(1) == "0"


def _shipped_row(report: str, section: str) -> list[float] | None:
    """recall, precision, F1, ROC-AUC, R@P, texts/s of `assess (shipped)` in the named section."""
    part = report.split(section, 1)[-1] if section in report else ""
    row = re.search(
        r"assess \(shipped\)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d,]+)", part
    )
    return [float(value.replace(",", "")) for value in row.groups()] if row else None


def _assessment_met(report: str) -> bool | None:
    """Issue 21's balance on every held-out set of messages people write (support comments,
    general tweets, airline tweets), the airline tweets' ranking, and the speed."""
    sections = ("support comments held out", "tweets.tsv held out", "airline_tweets.tsv held out")
    rows = [_shipped_row(report, section) for section in sections]
    if any(row is None for row in rows):
        return None
    balanced = all(row[0] >= 0.85 and row[1] >= 0.75 for row in rows)
    return balanced and rows[2][3] >= 0.90 and rows[2][5] >= 2000


VERDICTS = {"delivery": _delivery_met, "assessment": _assessment_met}


def _returns_results(name: str) -> bool:
    try:
        module = importlib.import_module(f"bench.{name}")
    except ImportError:
        return False  # its own process will print why
    run = getattr(module, "run", None)
    if run is None:
        return False
    return all(p.default is not p.empty for p in inspect.signature(run).parameters.values())


def _own_report(name: str) -> tuple[Result, list[str]]:
    done = subprocess.run([sys.executable, "-m", f"bench.{name}"], capture_output=True, text=True)
    lines = done.stdout.splitlines()
    if done.returncode:
        lines += [f"exited with {done.returncode}:", *done.stderr.splitlines()[-5:]]
    met = VERDICTS[name]("\n".join(lines)) if name in VERDICTS and not done.returncode else None
    row = Result(f"{name} (own report)", None, None, None, None, None, OWN_TARGETS.get(name, ""), met)
    return row, [line for line in lines if line.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", metavar="NAME", help=f"of: {', '.join(BENCHES)} (default: all)")
    names = parser.parse_args().names or list(BENCHES)
    if unknown := set(names) - set(BENCHES):
        parser.error(f"no bench {', '.join(sorted(unknown))}")
    print(f"load average before: {' '.join(f'{n:.2f}' for n in os.getloadavg())}")
    results: list[Result] = []
    notes: dict[str, list[str]] = {}
    for name in names:
        print(f"running bench.{name} ...", flush=True)
        if _returns_results(name):
            results += importlib.import_module(f"bench.{name}").run()
        else:
            row, notes[row.name] = _own_report(name)
            results.append(row)
    print(
        f"\ngunicorn sync workers: {WORKERS}, wrk: 1 thread, {CONNECTIONS} connections (queue: {WORKERS}), "
        f"{SECONDS} s per endpoint; ratio: req/s over bare Flask's req/s in the same run"
    )
    print_table(results, notes)
    print(f"load average after: {' '.join(f'{n:.2f}' for n in os.getloadavg())}")


if __name__ == "__main__":
    main()
