"""Print how fast the ticket webhook takes deliveries on gunicorn + PostgreSQL, beside a bare endpoint.

Run from the repository root: ``python -m bench.webhook_intake`` (needs `wrk`, Debian package
`wrk`, and PostgreSQL at BENCH_DATABASE_URL, default the test database). Every webhook request is
a distinct ticket of a distinct customer, signed in advance, so each one takes the whole path
(signature, parsing, customer, ticket, survey, two outbox rows, one commit) and answers 202.
`/bare` (bench/bare_app.py) is served by the same gunicorn in the same run: the ratio of the two
is what intake costs. wrk is C and uses one thread, so the load generator takes little of the
CPU the server, the workers and PostgreSQL share. Figures depend on the machine: read them side
by side, never against a fixed number.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import uuid
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import sqlalchemy as sa

from tests.support.processes import BIN, app_env, free_port, wait_for
from tests.support.webhooks import SECRET, signed, ticket_closed

REPO = Path(__file__).resolve().parents[1]
BASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
WORKERS = int(os.environ.get("BENCH_WORKERS", "3"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
REQUESTS = 40_000  # more than a run can send: a repeated request would be a cheap duplicate

# One signed request a line: webhook-id, webhook-timestamp, webhook-signature and body, tab-separated
# (JSON escapes tabs). A Lua table literal this large exceeds LuaJIT's constants limit.
LUA = """
local data = {}
for line in io.lines(os.getenv("BENCH_REQUESTS")) do
  local id, stamp, signature, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
  data[#data + 1] = {{["webhook-id"] = id, ["webhook-timestamp"] = stamp, ["webhook-signature"] = signature,
                      ["content-type"] = "application/json"}, body}
end
local i = tonumber(os.getenv("BENCH_OFFSET") or "0")
request = function()
  i = i + 1
  local r = data[i]
  if r == nil then return wrk.format("POST", "/bare", nil, "") end
  return wrk.format("POST", os.getenv("BENCH_PATH"), r[1], r[2])
end
"""


def write_requests(folder: Path) -> Path:
    now, lines = datetime.now(UTC), []
    for n in range(REQUESTS):
        customer = {"id": f"B-{n}", "email": f"bench{n}@example.com", "phone": f"+1555{n:07d}"}
        headers, body = signed(ticket_closed(f"BENCH-{n}", **customer), now, msg_id=f"msg_{uuid.uuid4().hex}")
        fields = (headers["webhook-id"], headers["webhook-timestamp"], headers["webhook-signature"])
        lines.append("\t".join((*fields, body.decode())))
    path = folder / "requests.tsv"
    path.write_text("\n".join(lines) + "\n")
    return path


def wrk(url: str, path: str, seconds: int, requests_file: Path, offset: int, script: Path) -> dict:
    env = {
        **os.environ,
        "BENCH_REQUESTS": str(requests_file),
        "BENCH_OFFSET": str(offset),
        "BENCH_PATH": path,
    }
    run = subprocess.run(
        ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "-s", str(script), url],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    if run.stderr.strip():  # a Lua error leaves wrk sending its default request: not our figures
        raise SystemExit(f"wrk: {run.stderr.strip()}")
    out = run.stdout
    total = int(re.search(r"(\d+) requests in", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": _ms(re.search(r"50%\s+([\d.]+\w+)", out).group(1)),
        "p99": _ms(re.search(r"99%\s+([\d.]+\w+)", out).group(1)),
        "sent": total,
        "errors": int(bad.group(1)) if bad else 0,
    }


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def main() -> None:
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(BASE_URL)
    with admin.begin() as conn:
        conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
    url = f"{BASE_URL}{'&' if '?' in BASE_URL else '?'}options={quote(f'-csearch_path={schema}')}"
    env = app_env(DATABASE_URL=url, WEBHOOK_SECRET=SECRET, TWILIO_ACCOUNT_SID="AC" + "0" * 32,
                  TWILIO_AUTH_TOKEN="t" * 32, TWILIO_FROM_NUMBER="+15550009999")  # fmt: skip
    try:
        subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"],
                       cwd=REPO, env=env, check=True, capture_output=True)  # fmt: skip
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            requests_file, script = write_requests(folder), folder / "bench.lua"
            script.write_text(LUA)
            port = free_port()
            with open(folder / "gunicorn.log", "w") as log:
                command = [str(BIN / "gunicorn"), "-b", f"127.0.0.1:{port}", "-w", str(WORKERS)]
                server = subprocess.Popen(
                    [*command, "bench.bare_app:app"], cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT
                )
                try:
                    bare, hook = measure(f"http://127.0.0.1:{port}", requests_file, script)
                finally:
                    server.terminate()
                    server.wait(timeout=30)
            with sa.create_engine(url).connect() as conn:
                surveys = conn.execute(sa.text("SELECT count(*) FROM surveys")).scalar_one()
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
    if surveys < hook["sent"]:
        raise SystemExit(f"{hook['sent']} webhooks sent but {surveys} surveys made: not the full path")
    report(bare, hook, surveys)


def measure(base: str, requests_file: Path, script: Path) -> tuple[dict, dict]:
    wait_for(lambda: _answers(base), timeout=60)
    wrk(base, "/bare", 2, requests_file, 0, script)  # warm up both routes in every worker
    wrk(base, "/webhooks/tickets", 2, requests_file, 0, script)
    bare = wrk(base, "/bare", SECONDS, requests_file, 0, script)
    offset = REQUESTS // 4
    hook = wrk(base, "/webhooks/tickets", SECONDS, requests_file, offset, script)
    if hook["sent"] > REQUESTS - offset:
        raise SystemExit("ran out of distinct signed requests: raise REQUESTS")
    return bare, hook


def _answers(base: str) -> bool:
    import requests

    try:
        return requests.get(base + "/healthz", timeout=2).status_code == 200
    except requests.RequestException:
        return False


def report(bare: dict, hook: dict, surveys: int) -> None:
    print(f"gunicorn sync workers: {WORKERS}, wrk: 1 thread, {CONNECTIONS} connections, {SECONDS} s each")
    print(f"{'endpoint':20} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8}")
    for name, row in (("bare Flask /bare", bare), ("webhook (202 path)", hook)):
        print(f"{name:20} {row['rps']:9.0f} {row['p50']:8.2f} {row['p99']:8.2f} {row['errors']:8d}")
    print(f"webhook / bare throughput: {hook['rps'] / bare['rps']:.0%}")
    print(f"surveys created in the database: {surveys} (warm-up included)")
    print(json.dumps({"bare": bare, "webhook": hook}))


if __name__ == "__main__":
    main()
