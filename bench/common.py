"""What every HTTP bench shares: a migrated throwaway schema, gunicorn serving the app beside `/bare`,
wrk, and one table of figures.

Figures on a shared machine swing with whatever else runs, so no bench reports an endpoint alone:
it measures `/bare` (bench/bare_app.py) on the same gunicorn in the same run and reports the ratio.
wrk is C on one thread, so the load generator takes little of the CPU the server and PostgreSQL
share. Percentiles come from wrk's own histogram through a Lua `done` hook, which gives p95 too
(``--latency`` prints 50/75/90/99 only).
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import requests
import sqlalchemy as sa

from tests.support.processes import BIN, REPO, app_env, flask, free_port, wait_for
from tests.support.schemas import create_schema

BASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
WORKERS = int(os.environ.get("BENCH_WORKERS", "3"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "8"))

# Appended to every wrk script: one machine-readable line, latencies in microseconds.
DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH %d %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    e.status + e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
"""

# Replays a prepared file, one request a line: path, body, then header name/value pairs, tab-separated.
# BENCH_PATH, when set, replaces every path (the same bodies sent to /bare). A Lua table literal this
# large would exceed LuaJIT's constants limit, hence a file; requests are built in init, after wrk
# has set the Host header.
REPLAY = """
local data, i = {}, tonumber(os.getenv("BENCH_OFFSET") or "0")
init = function(args)
  local path = os.getenv("BENCH_PATH") or ""
  for line in io.lines(os.getenv("BENCH_REQUESTS")) do
    local f = {}
    for field in (line .. "\\t"):gmatch("([^\\t]*)\\t") do f[#f + 1] = field end
    local headers = {}
    for name, value in pairs(wrk.headers) do headers[name] = value end
    for k = 3, #f - 1, 2 do headers[f[k]] = f[k + 1] end
    data[#data + 1] = wrk.format("POST", path ~= "" and path or f[1], headers, f[2])
  end
end
request = function()
  i = i + 1
  return data[i] or wrk.format("POST", "/bare", nil, "")
end
"""


@dataclass(frozen=True)
class Load:
    """One wrk run; latencies in milliseconds."""

    rps: float
    p50: float
    p95: float
    p99: float
    sent: int
    errors: int


@dataclass(frozen=True)
class Result:
    """One line of the table: an endpoint beside the bare endpoint measured in the same run."""

    name: str
    rps: float | None
    p50: float | None
    p95: float | None
    p99: float | None
    bare_rps: float | None
    target: str = ""
    met: bool | None = None
    errors: int | None = None  # non-2xx/3xx answers and socket errors

    @classmethod
    def of(cls, name: str, load: Load, bare: Load, target: str = "", met: bool | None = None) -> Result:
        return cls(name, load.rps, load.p50, load.p95, load.p99, bare.rps, target, met, load.errors)

    @property
    def ratio(self) -> float | None:
        return self.rps / self.bare_rps if self.rps and self.bare_rps else None


@contextmanager
def migrated_schema(**settings: str) -> Iterator[dict[str, str]]:
    """A fresh schema migrated by `flask db upgrade`; yields the app's environment; dropped after."""
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(BASE_URL)
    with admin.begin() as conn:
        create_schema(conn, schema)
    env = _schema_env(schema, settings)
    try:
        flask(env, "db", "upgrade")
        yield env
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@contextmanager
def kept_schema(schema: str, **settings: str) -> Iterator[dict[str, str]]:
    """Like `migrated_schema`, but the schema stays for the next run (a bench whose seeding takes
    minutes reuses it); `flask db upgrade` brings a kept one up to the latest migration."""
    admin = sa.create_engine(BASE_URL)
    with admin.begin() as conn:
        create_schema(conn, schema, exist_ok=True)
    admin.dispose()
    env = _schema_env(schema, settings)
    flask(env, "db", "upgrade", timeout=1800)
    yield env


def _schema_env(schema: str, settings: dict[str, str]) -> dict[str, str]:
    url = f"{BASE_URL}{'&' if '?' in BASE_URL else '?'}options={quote(f'-csearch_path={schema}')}"
    # A bench is one client sending thousands of requests a minute: lift the per-client limits.
    unlimited = {"SURVEY_RATE_LIMIT": "10000000 per minute", "WEBHOOK_RATE_LIMIT": "10000000 per minute"}
    return app_env(DATABASE_URL=url, **{**unlimited, **settings})


@contextmanager
def serve(env: dict[str, str], workers: int = WORKERS) -> Iterator[str]:
    """`bench.bare_app:app` on gunicorn sync workers; yields the base URL once /healthz answers."""
    port = free_port()
    with tempfile.TemporaryFile("w+") as log:
        command = [str(BIN / "gunicorn"), "-b", f"127.0.0.1:{port}", "-w", str(workers), "bench.bare_app:app"]
        server = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_for(lambda: server.poll() is not None or _answers(base + "/healthz"), timeout=60)
            if server.poll() is not None:
                log.seek(0)
                raise SystemExit(f"gunicorn exited:\n{log.read()[-2000:]}")
            yield base
        finally:
            server.terminate()
            server.wait(timeout=30)


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:
        return False


def wrk(
    base: str,
    path: str = "/bare",
    *,
    seconds: int = SECONDS,
    headers: dict[str, str] | None = None,
    script: str = "",
    env: dict[str, str] | None = None,
    connections: int = CONNECTIONS,
) -> Load:
    """Load `base + path` (GET unless `script` says otherwise) with the given headers."""
    flags = [f for name, value in (headers or {}).items() for f in ("-H", f"{name}: {value}")]
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
        lua.write(script + DONE)
        lua.flush()
        run = subprocess.run(
            ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", *flags, "-s", lua.name, base + path],
            env={**os.environ, **(env or {})},
            capture_output=True,
            text=True,
            check=True,
        )
    if run.stderr.strip():  # a Lua error leaves wrk sending its default request: not our figures
        raise SystemExit(f"wrk: {run.stderr.strip()}")
    line = next(row for row in run.stdout.splitlines() if row.startswith("BENCH "))
    sent, duration, errors, p50, p95, p99, _ = (int(n) for n in line.split()[1:])
    return Load(sent / (duration / 1e6), p50 / 1000, p95 / 1000, p99 / 1000, sent, errors)


def write_requests(path: Path, requests_: Iterable[tuple[str, str, dict[str, str]]]) -> Path:
    """The file REPLAY reads: (path, body, headers) a line; bodies are JSON or form-encoded, so tab-free."""
    with path.open("w") as out:
        for target, body, headers in requests_:
            out.write("\t".join((target, body, *(f for pair in headers.items() for f in pair))) + "\n")
    return path


def replay(
    base: str,
    requests_file: Path,
    *,
    offset: int = 0,
    path: str = "",
    seconds: int = SECONDS,
    headers: dict[str, str] | None = None,
) -> Load:
    """POST each prepared request once, from line `offset` on; fails if the file runs out."""
    env = {"BENCH_REQUESTS": str(requests_file), "BENCH_OFFSET": str(offset), "BENCH_PATH": path}
    load = wrk(base, path or "/", seconds=seconds, headers=headers, script=REPLAY, env=env)
    available = sum(1 for _ in requests_file.open()) - offset
    if load.sent > available:
        raise SystemExit(f"{requests_file.name}: {load.sent} sent, only {available} prepared: prepare more")
    return load


def require_ok(url: str, headers: dict[str, str] | None = None) -> None:
    """wrk counts a redirect as success: a login page instead of the queue would be cheap and wrong."""
    answer = requests.get(url, headers=headers, allow_redirects=False, timeout=30)
    if answer.status_code != 200:
        raise SystemExit(f"GET {url} answered {answer.status_code}, not 200: not the page being measured")


def copy_rows(conn: sa.Connection, table: str, columns: str, rows: Iterable[tuple]) -> None:
    """PostgreSQL COPY in the caller's transaction: 100,000 rows in about a second."""
    with conn.connection.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    top = f"SELECT max(id) FROM {table}"  # noqa: S608 - table names are the benches' own literals
    conn.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), ({top}))"))


SPECS = ("8.0f", "7.1f", "7.1f", "7.1f", "7.0f", "6.0%", "6d")  # req/s, p50, p95, p99, bare/s, ratio, errors


def _cell(value: float | None, spec: str) -> str:
    width = int(spec.rstrip("df%").split(".")[0])
    return f"{'–':>{width}}" if value is None else format(value, spec)


def print_table(results: Iterable[Result], notes: dict[str, list[str]] | None = None) -> None:
    """One line per figure; `notes` adds another script's printed lines verbatim under its row."""
    print(
        f"{'measured':34} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'bare/s':>7} "
        f"{'ratio':>6} {'errors':>6}  {'target':40} met"
    )
    for r in results:
        met = {True: "yes", False: "NO", None: "–"}[r.met]
        values = (r.rps, r.p50, r.p95, r.p99, r.bare_rps, r.ratio, r.errors)
        figures = " ".join(_cell(v, spec) for v, spec in zip(values, SPECS, strict=True))
        print(f"{r.name:34} {figures}  {r.target:40} {met}")
        for line in (notes or {}).get(r.name, []):
            print(f"    | {line}")
