"""``make bench``: load-test the portal under production settings and write down what it costs.

    .venv/bin/python -m bench.run              # scale 1: about 8 minutes on 2 cores
    .venv/bin/python -m bench.run --scale10    # then again on 250 wards (or BENCH_SCALE10=1)
    .venv/bin/python -m bench.run --quick      # 3 s a page, results to bench/results/quick.json.tmp

What it does, in order (docs/PERFORMANCE.md explains the method and the targets):

1. PostgreSQL and Redis on 127.0.0.1 (started if down, and stopped again at the end);
   the database ``lsp_bench`` (created if missing), migrated, with the synthetic dataset
   (``generate_synthetic --scale N --replace``) and 120 published comments on one theme.
2. ``collectstatic`` into a temporary STATIC_ROOT; gunicorn, 2 sync workers, on a free
   loopback port, with ``DJANGO_PRODUCTION=1`` (``bench.settings``: the portal's settings
   plus the floor view and the relaxed spam thresholds the results state).
3. wrk, from a second process, for a fixed time per page at a fixed concurrency: the
   floor, the public pages, the dashboard (signed in as a synthetic board member), the
   comment list, a comment post and a return save (1 connection; then 20 connections
   with stale saves counted apart as refusals). Twice for the public pages: page cache
   off, then on (``PUBLIC_PAGE_CACHE_SECONDS``), each run with its own floor.
4. Queries per request and server time per request through Django's test client; the
   annual report build (``bench_annual_report``); the 10,000-row return import.
5. A cProfile of every page that misses a target; bench/results/latest.json and the
   results section of docs/PERFORMANCE.md.

Everything it starts it stops, also on failure or Ctrl-C. All load goes to 127.0.0.1.
"""

# The driver runs fixed tools (wrk, gunicorn, psql, redis-cli, pg_ctlcluster) found on PATH,
# with arguments it builds itself: nothing comes from untrusted input.
# ruff: noqa: S603, S607

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

from bench.webclient import Browser, find_form, return_save_fields

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
DOC = ROOT / "docs" / "PERFORMANCE.md"
LUA = BENCH / "wrk" / "page.lua"
PIDFILE = RESULTS / "gunicorn.pid.tmp"
PYTHON = Path(sys.executable)
GUNICORN = PYTHON.parent / "gunicorn"
HOST = "127.0.0.1"

DOC_START = "<!-- bench:results:start (written by bench/run.py: do not edit by hand) -->"
DOC_END = "<!-- bench:results:end -->"

# The targets (2-core machine), as agreed in issue 7.
TARGETS = {
    "uncached_ratio": 0.25,  # every public page ≥ 25% of the floor's throughput, page cache off
    "cached_ratio": 0.70,  # ≥ 70% with the page cache on
    "public_p95_ms": 150,  # p95 < 150 ms at 20 concurrent clients
    "dashboard_p95_ms": 300,
    "errors": 0,
}
PUBLIC_PAGES = ("home", "theme", "indicator", "ward", "comments")
BENCH_PASSWORD_BYTES = 18
CACHE_SECONDS_ON = 300


class BenchError(RuntimeError):
    pass


def _terminate(signum, _frame):
    raise SystemExit(128 + signum)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _cpu_times() -> tuple[int, int]:
    with open("/proc/stat") as stat:
        fields = [int(x) for x in stat.readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return sum(fields), idle


def cpu_busy_percent(seconds: float = 1.0) -> float:
    """How busy the whole machine is over ``seconds``: other people's work skews a benchmark."""
    total1, idle1 = _cpu_times()
    time.sleep(seconds)
    total2, idle2 = _cpu_times()
    total = total2 - total1
    return round(100 * (1 - (idle2 - idle1) / total), 1) if total else 0.0


def _jiffies(pid: int) -> tuple[int, int, str] | None:
    """(process group, user + system CPU in clock ticks, command name) of a process, or None if gone."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            text = stat.read()
    except OSError:
        return None
    name = text[text.index("(") + 1 : text.rindex(")")]
    fields = text[text.rindex(")") + 2 :].split()
    return int(fields[2]), int(fields[11]) + int(fields[12]), name


class CpuAccount:
    """How much of the machine other people's work took while one page was measured.

    The machine's busy time over the run, less what the benchmark itself used: gunicorn
    (its process group), wrk (our child), the PostgreSQL backends connected to the
    benchmark database, and Redis. What is left is someone else's work competing for
    the same 2 cores: a figure measured while it is high is pessimistic.
    """

    def __init__(self, server_pgid: int, database: str) -> None:
        self.server_pgid = server_pgid
        self.database = database

    def _ours(self) -> dict[int, int]:
        backends = subprocess.run(
            ["psql", "-h", HOST, "-U", "postgres", "-tAc",
             f"SELECT pid FROM pg_stat_activity WHERE datname = '{self.database}'"],  # noqa: S608 - checked name
            capture_output=True, text=True, check=False,
        ).stdout.split()  # fmt: skip
        wanted = {int(pid) for pid in backends if pid.isdigit()}
        ticks = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            info = _jiffies(int(entry))
            if info is None:
                continue
            pgrp, used, name = info
            if pgrp == self.server_pgid or name == "redis-server" or int(entry) in wanted:
                ticks[int(entry)] = used
        return ticks

    def start(self) -> None:
        self.ours_before = self._ours()
        self.children_before = os.times()
        self.machine_before = _cpu_times()

    def stop(self) -> float:
        """Percent of the whole machine (all cores) used by other work since ``start``."""
        total2, idle2 = _cpu_times()
        children_after = os.times()
        ours_after = self._ours()
        total1, idle1 = self.machine_before
        elapsed_ticks = total2 - total1
        busy_ticks = elapsed_ticks - (idle2 - idle1)
        ours = sum(max(0, used - self.ours_before.get(pid, 0)) for pid, used in ours_after.items())
        tck = os.sysconf("SC_CLK_TCK")
        wrk_ticks = (
            children_after.children_user
            + children_after.children_system
            - self.children_before.children_user
            - self.children_before.children_system
        ) * tck
        other = max(0.0, busy_ticks - ours - wrk_ticks)
        return round(100 * other / elapsed_ticks, 1) if elapsed_ticks else 0.0


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.started = time.monotonic()
        self.tmp = Path(tempfile.mkdtemp(prefix="lsp-bench-"))
        self.server: subprocess.Popen | None = None
        self.server_log = None
        self.started_services: list[tuple[str, list[str]]] = []  # (name, command that stops it)
        self.password = secrets.token_urlsafe(BENCH_PASSWORD_BYTES)
        self.secret_key = secrets.token_urlsafe(50)
        self.results: dict = {}
        self.redis_dbs = (args.cache_db, args.broker_db)
        self.quiet_budget = args.quiet_budget  # seconds of waiting for a quiet machine, for the whole run

    # --- plumbing ----------------------------------------------------------------------------

    def log(self, message: str) -> None:
        elapsed = time.monotonic() - self.started
        print(f"[bench {elapsed:6.1f}s] {message}", flush=True)

    def env(self, **extra: str) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DEBUG", "DATABASE_URL", "CACHE_URL", "CELERY_BROKER_URL", "EMAIL_HOST"}
        }
        env.update(
            DJANGO_SETTINGS_MODULE="bench.settings",
            DJANGO_PRODUCTION="1",
            SECRET_KEY=self.secret_key,
            ALLOWED_HOSTS=HOST,
            SECURE_SSL_REDIRECT="0",
            SECURE_HSTS_SECONDS="0",
            STATIC_MANIFEST="1",
            BENCH_STATIC_ROOT=str(self.tmp / "static"),
            MEDIA_ROOT=str(self.tmp / "media"),
            PRIVATE_ROOT=str(self.tmp / "private"),
            DATABASE_URL=f"postgres://postgres@{HOST}:5432/{self.args.database}",
            CACHE_URL=f"redis://{HOST}:6379/{self.args.cache_db}",
            # A broker, as in production: residents' confirmation emails are queued, not sent
            # in the request. No worker runs during the benchmark; the queue is emptied after.
            CELERY_BROKER_URL=f"redis://{HOST}:6379/{self.args.broker_db}",
            LOG_LEVEL="WARNING",
            PYTHONDONTWRITEBYTECODE="1",
        )
        env.update(extra)
        return env

    def sh(self, cmd: list[str], *, env: dict | None = None, timeout: float = 900, check: bool = True) -> str:
        done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False)
        if check and done.returncode != 0:
            raise BenchError(
                f"{' '.join(cmd[:4])} … failed ({done.returncode}):\n{done.stdout[-3000:]}{done.stderr[-3000:]}"
            )
        return done.stdout

    def manage(self, *args: str, timeout: float = 900, **extra: str) -> str:
        return self.sh([str(PYTHON), "manage.py", *args], env=self.env(**extra), timeout=timeout)

    def probe(self, *args: str, timeout: float = 900, **extra: str) -> dict:
        out = self.sh([str(PYTHON), "-m", "bench.probe", *args], env=self.env(**extra), timeout=timeout)
        return json.loads(out.strip().splitlines()[-1])

    # --- services ----------------------------------------------------------------------------

    def ensure_services(self) -> None:
        for tool in ("wrk", "pg_isready", "psql", "redis-cli"):
            if shutil.which(tool) is None:
                raise BenchError(f"{tool} is not installed (Debian: apt-get install -y wrk postgresql redis-server).")
        if subprocess.run(["pg_isready", "-h", HOST, "-p", "5432", "-q"], check=False).returncode != 0:
            version = sorted(os.listdir("/etc/postgresql"), key=lambda v: [int(x) for x in v.split(".")])[-1]
            self.log(f"Starting PostgreSQL {version}")
            self.sh(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"])
            self.started_services.append(
                ("PostgreSQL", ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "stop"])
            )
            self._wait(lambda: subprocess.run(["pg_isready", "-h", HOST, "-p", "5432", "-q"]).returncode == 0)
        if subprocess.run(["redis-cli", "-h", HOST, "-p", "6379", "ping"], capture_output=True).returncode != 0:
            self.log("Starting Redis")
            self.sh(
                [
                    "redis-server", "--daemonize", "yes", "--bind", HOST, "--port", "6379", "--save", "",
                    "--appendonly", "no", "--dir", str(self.tmp), "--logfile", str(self.tmp / "redis.log"),
                ]
            )  # fmt: skip
            self.started_services.append(("Redis", ["redis-cli", "-h", HOST, "-p", "6379", "shutdown", "nosave"]))
            self._wait(
                lambda: (
                    subprocess.run(["redis-cli", "-h", HOST, "-p", "6379", "ping"], capture_output=True).returncode == 0
                )
            )
        exists = self.sh(
            [
                "psql",
                "-h",
                HOST,
                "-U",
                "postgres",
                "-tAc",
                f"SELECT 1 FROM pg_database WHERE datname = '{self.args.database}'",  # noqa: S608 - checked name
            ]
        )
        if exists.strip() != "1":
            self.log(f"Creating the database {self.args.database}")
            self.sh(["createdb", "-h", HOST, "-U", "postgres", self.args.database])

    @staticmethod
    def _wait(ready, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if ready():
                return
            time.sleep(0.25)
        raise BenchError("A service did not come up in time.")

    def flush_redis(self) -> None:
        for db in self.redis_dbs:
            subprocess.run(["redis-cli", "-h", HOST, "-p", "6379", "-n", str(db), "flushdb"], capture_output=True)

    # --- the server --------------------------------------------------------------------------

    def start_server(self, cache_seconds: int) -> int:
        self.stop_server()
        self.flush_redis()  # a cold page cache, rate-limit counters at zero, an empty task queue
        port = _free_port()
        self.server_log = open(self.tmp / f"gunicorn-{port}.log", "w")  # noqa: SIM115 - closed in stop_server
        cmd = [
            str(GUNICORN), "partnership.wsgi:application",
            "--workers", str(self.args.workers), "--worker-class", "sync",
            "--bind", f"{HOST}:{port}", "--timeout", "60", "--log-level", "warning",
        ]  # fmt: skip
        # "Cache on/off" is every cache of rendered pages at once: public pages and the dashboard's content.
        env = self.env(PUBLIC_PAGE_CACHE_SECONDS=str(cache_seconds), DASHBOARD_CACHE_SECONDS=str(cache_seconds))
        self.server = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=self.server_log, stderr=subprocess.STDOUT, start_new_session=True
        )
        PIDFILE.write_text(str(self.server.pid))  # for bench/run.sh's trap, should this process be killed
        browser = Browser(port)

        def up() -> bool:
            if self.server.poll() is not None:
                raise BenchError(f"gunicorn exited: see {self.server_log.name}")
            with contextlib.suppress(OSError):
                return browser.get("/bench/floor/").status == 200
            return False

        self._wait(up, 60)
        self.log(f"gunicorn up on {HOST}:{port}, {self.args.workers} workers, page cache {cache_seconds} s")
        return port

    def stop_server(self) -> None:
        if self.server is not None and self.server.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.server.pid, signal.SIGTERM)
            try:
                self.server.wait(20)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.server.pid, signal.SIGKILL)
                self.server.wait(10)
        self.server = None
        PIDFILE.unlink(missing_ok=True)
        if self.server_log is not None:
            self.server_log.close()
            self.server_log = None

    # --- wrk ---------------------------------------------------------------------------------

    def wrk(self, port: int, url: str, *, connections: int, seconds: float, **env: str) -> dict:
        cmd = [
            "wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "30s",
            "-s", str(LUA), f"http://{HOST}:{port}{url}",
        ]  # fmt: skip
        out = self.sh(cmd, env={**os.environ, **env}, timeout=seconds + 120)
        line = next((x for x in out.splitlines() if x.startswith("BENCH_JSON ")), None)
        if line is None:
            raise BenchError(f"wrk printed no result:\n{out}")
        raw = json.loads(line.removeprefix("BENCH_JSON "))
        seconds_run = raw["duration_us"] / 1e6
        socket_errors = sum(raw["errors"][k] for k in ("connect", "read", "write", "timeout"))
        lat = raw["latency_us"]
        return {
            "connections": connections,
            "seconds": round(seconds_run, 2),
            "requests": raw["requests"],
            "rps": round(raw["requests"] / seconds_run, 1) if seconds_run else 0.0,
            "p50_ms": round(lat["p50"] / 1000, 1),
            "p90_ms": round(lat["p90"] / 1000, 1),
            "p95_ms": round(lat["p95"] / 1000, 1),
            "p99_ms": round(lat["p99"] / 1000, 1),
            "max_ms": round(lat["max"] / 1000, 1),
            "mean_ms": round(lat["mean"] / 1000, 1),
            "errors": raw["failed"] + socket_errors,
            "socket_errors": {k: raw["errors"][k] for k in ("connect", "read", "write", "timeout")},
            "refused": raw["refused"],
            "saves": raw["saves"],
            "statuses": dict(sorted(raw["statuses"].items())),
            "kb_per_request": round(raw["bytes"] / raw["requests"] / 1024, 1) if raw["requests"] else 0,
        }

    def drain(self, port: int) -> None:
        """Wait until gunicorn has answered what the last run left queued (wrk stops sending, not the server).

        Requests still waiting in the listen backlog when wrk stops would otherwise be served
        during the next page's measurement. A few floor requests, one after the other, come
        back only once the queue ahead of them is empty.
        """
        browser = Browser(port, timeout=300)
        for _ in range(3):
            browser.get("/bench/floor/")

    def wait_quiet(self) -> float:
        """The machine's CPU use with our server idle; waits (up to --quiet-wait s) for other work to calm down."""
        wait = min(self.args.quiet_wait, self.quiet_budget)
        deadline = time.monotonic() + wait
        busy = cpu_busy_percent(1.0)
        if busy > self.args.quiet_percent and wait > 0:
            self.log(f"  (machine {busy:.0f}% busy with other work: waiting up to {wait:.0f} s)")
        started = time.monotonic()
        while busy > self.args.quiet_percent and time.monotonic() < deadline:
            busy = cpu_busy_percent(2.0)
        self.quiet_budget -= time.monotonic() - started
        return busy

    def measure(self, port: int, name: str, url: str, *, connections: int | None = None, warm: bool = True, **env):
        connections = connections or self.args.connections
        self.drain(port)
        if warm:
            self.wrk(port, url, connections=connections, seconds=self.args.warmup, **env)
            self.drain(port)
            env = self.refresh_env(name, port, env)
        busy = self.wait_quiet()  # the machine's load just before this page, with gunicorn idle
        account = CpuAccount(self.server.pid, self.args.database)
        account.start()
        result = self.wrk(port, url, connections=connections, seconds=self.args.duration, **env)
        result["other_cpu_percent"] = account.stop()
        result["cpu_busy_before_percent"] = busy
        self.log(
            f"  {name:<24} {result['rps']:8.1f} req/s  p50 {result['p50_ms']:7.1f}  p95 {result['p95_ms']:7.1f}  "
            f"p99 {result['p99_ms']:7.1f} ms  errors {result['errors']}  refused {result['refused']}  "
            f"{result['statuses']}  (machine {busy:.0f}% busy before; other work {result['other_cpu_percent']:.0f}%"
            " of it during)"
        )
        return result

    def refresh_env(self, name: str, port: int, env: dict) -> dict:
        """A return save needs the return's version as it is now (the warm-up saved it)."""
        if env.get("BENCH_MODE") == "return":
            return {**env, **self.return_save_env(port, self._return_page)}
        return env

    # --- signed-in and form pages --------------------------------------------------------------

    def session_cookie(self, port: int, username: str) -> str:
        browser = Browser(port)
        browser.sign_in(username, self.password)
        return browser.cookie_header()

    def comment_post_env(self, port: int, url: str) -> dict:
        browser = Browser(port)
        page = browser.get(url)
        form = find_form(page.text, lambda f: any(name == "body" for name, _ in f.fields))
        data = dict(form.fields)
        data.update(
            display_name="Bench Resident",
            email="bench-resident@example.invalid",
            body="The benchmark's comment: more lighting on the footpath by the park, please.",
        )
        data.update(dict(form.submits[:1]))
        body = self.tmp / "comment-body.txt"
        body.write_text(urllib.parse.urlencode(data))
        return {
            "BENCH_METHOD": "POST",
            "BENCH_MODE": "comment",
            "BENCH_BODY_FILE": str(body),
            "BENCH_COOKIE": browser.cookie_header(),
            "BENCH_OK": "302",
            "BENCH_REFUSED": "429",
        }

    def return_save_env(self, port: int, page: dict) -> dict:
        browser = Browser(port)
        browser.sign_in(page["user"], self.password)
        form_page = browser.get(page["url"])
        if form_page.status != 200:
            raise BenchError(f"The return form answered {form_page.status}")
        form = find_form(form_page.text, lambda f: any(name == "version" for name, _ in f.fields))
        version = dict(form.fields)["version"]
        fields = [
            (name, "__VERSION__" if name == "version" else value)
            for name, value in return_save_fields(
                form.fields, page["value_field"], "__VALUE__", "Benchmark save __N__."
            )
        ]
        body = self.tmp / "return-body.txt"
        body.write_text(urllib.parse.urlencode(fields, safe="_"))
        return {
            "BENCH_METHOD": "POST",
            "BENCH_MODE": "return",
            "BENCH_BODY_FILE": str(body),
            "BENCH_COOKIE": browser.cookie_header(),
            "BENCH_VERSION": version,
            "BENCH_VALUES": ",".join(page["values"]),
            "BENCH_OK": "",
            "BENCH_REFUSED": "",
        }

    # --- one scale -----------------------------------------------------------------------------

    def prepare(self, scale: int) -> dict:
        if self.args.database.startswith("lsp_bench"):
            # The benchmark's own database starts empty for every scale. Replacing a scale-10
            # dataset with --replace takes minutes and gigabytes: Measurement has post_delete
            # receivers (the page cache's invalidation), so Django cannot delete in bulk and
            # loads all 1.6 million rows to delete them one signal at a time.
            self.log(f"Scale {scale}: a fresh {self.args.database} database")
            self.sh(["dropdb", "-h", HOST, "-U", "postgres", "--if-exists", "--force", self.args.database])
            self.sh(["createdb", "-h", HOST, "-U", "postgres", self.args.database])
        self.log(f"Scale {scale}: migrate")
        self.manage("migrate", "--noinput")
        self.log(f"Scale {scale}: generate_synthetic --scale {scale} --replace")
        started = time.perf_counter()
        out = self.manage(
            "generate_synthetic", "--scale", str(scale), "--replace", "--password", self.password, timeout=3600
        )
        generated = round(time.perf_counter() - started, 1)
        last = out.strip().splitlines()[-1] if out.strip() else ""
        self.log(f"Scale {scale}: {last}")
        # Planner statistics, as autovacuum gathers them soon after any bulk load: without
        # them PostgreSQL guesses one row where there are thousands and picks plans up to
        # 100 times slower (the "latest period with data" query: 137 ms against 1.7 ms).
        self.log(f"Scale {scale}: VACUUM ANALYZE")
        self.sh(["psql", "-h", HOST, "-U", "postgres", "-d", self.args.database, "-qc", "VACUUM ANALYZE"])
        info = self.probe("info")
        if not info["plan_is_current"]:
            raise BenchError("The synthetic plan is not the current plan in lsp_bench: is another plan adopted there?")
        comments = None
        theme_page = next(p for p in info["pages"] if p["name"] == "comments")
        if theme_page["available"]:
            theme_slug = theme_page["url"].split("/")[2]
            comments = self.probe("seed-comments", "--theme", theme_slug, "--count", "120")
            # The comments arrive after the statistics above: gather theirs too, or PostgreSQL
            # scans every comment for each "unanswered" check of the dashboard (9 ms against 0.7).
            self.sh(["psql", "-h", HOST, "-U", "postgres", "-d", self.args.database, "-qc", "ANALYZE"])
        return {"generate_seconds": generated, "generate_summary": last, "info": info, "seeded_comments": comments}

    def load(self, info: dict, cache_seconds: int, label: str) -> dict:
        pages = {p["name"]: p for p in info["pages"]}
        port = self.start_server(cache_seconds)
        run: dict = {"page_cache_seconds": cache_seconds, "pages": {}}
        try:
            run["floor_start"] = self.measure(port, "floor (start)", "/bench/floor/")
            for name in PUBLIC_PAGES:
                run["pages"][name] = self.measure_page(port, pages.get(name))
            board = pages.get("dashboard")
            if board and board["available"]:
                cookie = self.session_cookie(port, board["user"])
                run["pages"]["dashboard"] = self.measure_page(port, board, BENCH_COOKIE=cookie)
            else:
                run["pages"]["dashboard"] = self.missing(board)
            if label == "uncached":
                post = pages.get("comment post")
                if post and post["available"]:
                    env = self.comment_post_env(port, post["url"])
                    run["pages"]["comment post"] = self.measure(port, "comment post", post["url"], **env)
                else:
                    run["pages"]["comment post"] = self.missing(post)
                save = pages.get("return save")
                if save and save["available"]:
                    self._return_page = save
                    env = self.return_save_env(port, save)
                    run["pages"]["return save"] = self.measure(port, "return save", save["url"], connections=1, **env)
                    env = self.return_save_env(port, save)
                    run["pages"]["return save ×20"] = self.measure(
                        port, "return save ×20 (contended)", save["url"], **env
                    )
                else:
                    run["pages"]["return save"] = self.missing(save)
            run["floor_end"] = self.measure(port, "floor (end)", "/bench/floor/")
        finally:
            self.stop_server()
        floor = (run["floor_start"]["rps"] + run["floor_end"]["rps"]) / 2
        run["floor_rps"] = round(floor, 1)
        for result in run["pages"].values():
            if "rps" in result and floor:
                result["floor_ratio"] = round(result["rps"] / floor, 3)
        return run

    def measure_page(self, port: int, page: dict | None, **env: str) -> dict:
        if page is None or not page["available"]:
            return self.missing(page)
        browser = Browser(port)
        if env.get("BENCH_COOKIE"):
            browser.cookies.update(dict(part.split("=", 1) for part in env["BENCH_COOKIE"].split("; ")))
        status = browser.get(page["url"]).status
        if status != 200:
            return {"available": False, "why": f"GET {page['url']} answered {status}: not available yet"}
        return {"url": page["url"], **self.measure(port, page["name"], page["url"], **env)}

    @staticmethod
    def missing(page: dict | None) -> dict:
        return {"available": False, "why": (page or {}).get("why", "not available yet")}

    def annual_report(self) -> dict:
        commands = self.manage("help", "--commands")
        if "bench_annual_report" not in commands.split():
            return {"available": False, "why": "manage.py bench_annual_report does not exist yet"}
        self.log("Annual report: manage.py bench_annual_report")
        started = time.perf_counter()
        try:
            out = self.manage("bench_annual_report", timeout=600)
        except BenchError as exc:
            return {"available": True, "failed": str(exc)[-2000:]}
        wall = time.perf_counter() - started
        result: dict = {"available": True, "wall_seconds": round(wall, 1), "output": out.strip().splitlines()}
        result.update(parse_report_output(out))
        self.log(f"Annual report: {result.get('total_seconds')} s, peak {result.get('peak_memory_mb')} MB")
        return result

    def import_rows(self) -> dict:
        self.log("Import: 10,000-row return, CSV and .xlsx")
        result = self.probe("import", "--rows", "10000")
        self.log(
            f"Import: preview {result['csv_preview']['seconds']} s, new {result['csv_new']['seconds']} s, "
            f"changed {result['csv_changed']['seconds']} s (CSV)"
        )
        return result

    def run_scale(self, scale: int) -> dict:
        data = self.prepare(scale)
        info = data["info"]
        self.log(f"Scale {scale}: queries per request (test client)")
        data["queries"] = self.probe("queries")["pages"]
        self.log(f"Scale {scale}: load, page cache off")
        data["uncached"] = self.load(info, 0, "uncached")
        if info["features"]["page_cache"]:
            self.log(f"Scale {scale}: load, page cache on ({CACHE_SECONDS_ON} s)")
            data["cached"] = self.load(info, CACHE_SECONDS_ON, "cached")
        else:
            data["cached"] = {"available": False, "why": "cache: not implemented yet (no PUBLIC_PAGE_CACHE_SECONDS)"}
        data["annual_report"] = self.annual_report() if not self.args.skip_report else {"skipped": True}
        data["import"] = self.import_rows() if not self.args.skip_import else {"skipped": True}
        data["verdicts"] = evaluate(data)
        data["profiles"] = self.profile_misses(data, scale)
        return data

    def profile_misses(self, data: dict, scale: int) -> dict:
        profiles = {}
        pages = {p["name"]: p for p in data["info"]["pages"]}
        missed = sorted({v["page"] for v in data["verdicts"] if v["met"] is False and v["page"] in pages})
        for name in missed:
            page = pages[name]
            if page["kind"] not in {"public", "signed-in"}:
                continue
            path = self.args.profiles / f"scale{scale}-{name.replace(' ', '-')}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            args = ["profile", "--url", page["url"], "--repeat", "10", "--out", str(path)]
            if page.get("user"):
                args += ["--user", page["user"]]
            self.log(f"Profiling {name} (it misses a target)")
            result = self.probe(*args)
            result["file"] = str(path.relative_to(ROOT))
            profiles[name] = result
        return profiles

    # --- the whole run -------------------------------------------------------------------------

    def machine(self) -> dict:
        cpu = ""
        with contextlib.suppress(OSError), open("/proc/cpuinfo") as info:
            cpu = next((line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), "")

        def first_line(cmd: list[str]) -> str:
            with contextlib.suppress(OSError, subprocess.SubprocessError):
                done = subprocess.run(cmd, capture_output=True, text=True, timeout=30, check=False)
                return (done.stdout or done.stderr).strip().splitlines()[0]
            return ""

        pg = first_line(["psql", "-h", HOST, "-U", "postgres", "-tAc", "SHOW server_version"])
        redis_info = self.sh(["redis-cli", "-h", HOST, "-p", "6379", "INFO", "server"], check=False)
        redis = next((x.split(":", 1)[1].strip() for x in redis_info.splitlines() if x.startswith("redis_version")), "")
        versions = self.sh(
            [
                str(PYTHON), "-c",
                "from importlib.metadata import version as v; "
                "print(*(v(n) for n in ('django', 'gunicorn', 'psycopg', 'whitenoise')))",
            ]
        ).split()  # fmt: skip
        commit = first_line(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"])
        dirty = bool(self.sh(["git", "status", "--porcelain", "--untracked-files=no"], check=False).strip())
        return {
            "nproc": os.cpu_count(),
            "free_g": self.sh(["free", "-g"], check=False).rstrip().splitlines(),
            "cpu_model": cpu,
            "kernel": platform.release(),
            "python": platform.python_version(),
            "postgresql": pg,
            "redis": redis,
            "wrk": first_line(["wrk", "-v"]).split(" [")[0],
            "django": versions[0],
            "gunicorn": versions[1],
            "psycopg": versions[2],
            "whitenoise": versions[3],
            "git_commit": commit + (" + uncommitted changes" if dirty else ""),
            "cpu_busy_percent_at_start": cpu_busy_percent(2.0),
        }

    def execute(self) -> dict:
        self.ensure_services()
        self.results = {
            "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "machine": self.machine(),
            "setup": {
                "server": f"gunicorn, {self.args.workers} sync workers, DJANGO_PRODUCTION=1 (bench.settings), "
                "WhiteNoise with hashed compressed static files (collectstatic), PostgreSQL "
                f"{self.args.database} on {HOST}, Redis cache db {self.args.cache_db}, Celery broker db "
                f"{self.args.broker_db} (no worker: tasks are queued, then discarded)",
                "client": f"wrk -t1 -c{self.args.connections} -d{self.args.duration:g}s --timeout 30s after a "
                f"{self.args.warmup:g}s warm-up, from a second process on the same machine",
                "connections": self.args.connections,
                "duration_seconds": self.args.duration,
                "targets": TARGETS,
                "overrides": {},
            },
            "scales": {},
        }
        if self.results["machine"]["cpu_busy_percent_at_start"] > 20:
            self.log(
                f"Warning: the machine is {self.results['machine']['cpu_busy_percent_at_start']}% busy before the "
                "benchmark starts: other work will skew the figures"
            )
        self.log("collectstatic")
        for scale in self.scales():
            if not (self.tmp / "static").exists():
                self.manage("collectstatic", "--noinput")
            self.results["scales"][str(scale)] = self.run_scale(scale)
            self.results["setup"]["overrides"] = self.results["scales"][str(scale)]["info"].get("overrides", {})
        self.results["total_seconds"] = round(time.monotonic() - self.started, 1)
        return self.results

    def scales(self) -> list[int]:
        return [1, 10] if self.args.scale10 else [1]

    def cleanup(self) -> None:
        self.stop_server()
        with contextlib.suppress(Exception):
            self.flush_redis()
        for name, cmd in reversed(self.started_services):
            self.log(f"Stopping {name}")
            subprocess.run(cmd, capture_output=True, check=False)
        shutil.rmtree(self.tmp, ignore_errors=True)


# --- verdicts and the report ---------------------------------------------------------------------


def parse_report_output(out: str) -> dict:
    """The figures ``bench_annual_report`` prints, read loosely: its layout is still changing.

    Rows are "  <stage>   <wall seconds> [s] [<share>%] [<CPU seconds> …]"; also the total,
    "Our share …", the peak memory and "<n> pages, <bytes> bytes".
    """
    result: dict = {"split_seconds": {}, "split_cpu_seconds": {}}
    for line in out.splitlines():
        if match := re.search(r"Peak memory.*?(\d+) MB", line):
            result["peak_memory_mb"] = int(match.group(1))
            continue
        if match := re.search(r"(\d+) pages, ([\d,]+) bytes", line):
            result["pages"] = int(match.group(1))
            result["bytes"] = int(match.group(2).replace(",", ""))
            continue
        match = re.match(r"\s+([A-Za-z][^\d:]*?(?:\([^)]*\))?)\s{2,}(\d[\d.\s%s]*)$", line)
        if not match:
            continue
        label = match.group(1).strip()
        numbers = [float(n) for n in re.findall(r"(\d+(?:\.\d+)?)(?![\d.]*%)", match.group(2))]
        if not numbers:
            continue
        wall, cpu = numbers[0], (numbers[1] if len(numbers) > 1 else None)
        if label == "Total":
            result["total_seconds"], result["total_cpu_seconds"] = wall, cpu
        elif label.startswith("Our share"):
            result["our_share_seconds"] = wall
        else:
            result["split_seconds"][label] = wall
            if cpu is not None:
                result["split_cpu_seconds"][label] = cpu
    return result


def evaluate(data: dict) -> list[dict]:
    """One record per page and target: ``met`` True or False, or None when it cannot be measured yet.

    ``key`` names the column in the results table: off_ratio, off_p95, on_ratio, on_p95, errors.
    """
    verdicts = []
    uncached = data.get("uncached", {}).get("pages", {})
    cached_run = data.get("cached", {})
    cached = cached_run.get("pages", {}) if "pages" in cached_run else {}

    def add(page: str, key: str, target: str, value, met) -> None:
        verdicts.append({"page": page, "key": key, "target": target, "value": value, "met": met})

    ratio_off, ratio_on = TARGETS["uncached_ratio"], TARGETS["cached_ratio"]
    p95, p95_board = TARGETS["public_p95_ms"], TARGETS["dashboard_p95_ms"]
    for name in PUBLIC_PAGES:
        page = uncached.get(name, {})
        if "rps" not in page:
            add(name, "available", "available", page.get("why", "not available yet"), None)
            continue
        hit = cached.get(name, {})
        add(name, "off_ratio", f"≥ {ratio_off:.0%} of the floor, cache off", page["floor_ratio"],
            page["floor_ratio"] >= ratio_off)  # fmt: skip
        add(name, "off_p95", f"p95 < {p95} ms, cache off", page["p95_ms"], page["p95_ms"] < p95)
        if "rps" in hit:
            add(name, "on_ratio", f"≥ {ratio_on:.0%} of the floor, cache on", hit["floor_ratio"],
                hit["floor_ratio"] >= ratio_on)  # fmt: skip
            add(name, "on_p95", f"p95 < {p95} ms, cache on", hit["p95_ms"], hit["p95_ms"] < p95)
        else:
            add(name, "on_ratio", "page cache", cached_run.get("why", "cache: not measured"), None)
        errors = page["errors"] + hit.get("errors", 0)
        add(name, "errors", "zero errors", errors, errors == 0)
    board = uncached.get("dashboard", {})
    if "rps" in board:
        board_hit = cached.get("dashboard", {})
        add("dashboard", "off_p95", f"p95 < {p95_board} ms, cache off", board["p95_ms"], board["p95_ms"] < p95_board)
        if "rps" in board_hit:
            add("dashboard", "on_p95", f"p95 < {p95_board} ms, cache on", board_hit["p95_ms"],
                board_hit["p95_ms"] < p95_board)  # fmt: skip
        errors = board["errors"] + board_hit.get("errors", 0)
        add("dashboard", "errors", "zero errors", errors, errors == 0)
    else:
        add("dashboard", "available", "available", board.get("why", "not available yet"), None)
    for name in ("comment post", "return save", "return save ×20"):
        page = uncached.get(name)
        if page is None:
            continue
        if "rps" in page:
            add(name, "errors", "zero errors (refusals by design counted apart)", page["errors"], page["errors"] == 0)
        else:
            add(name, "available", "available", page.get("why", "not available yet"), None)
    return verdicts


def _free(lines: list[str]) -> str:
    if len(lines) < 2:
        return "?"
    names, values = lines[0].split(), lines[1].split()[1:]
    return ", ".join(f"{name} {value}" for name, value in zip(names, values, strict=False)) + " (GiB)"


def _ms(page: dict, key: str) -> str:
    return f"{page[key]:.0f}" if key in page else "–"


def render_markdown(results: dict) -> str:
    m = results["machine"]
    lines = [
        DOC_START,
        "",
        f"### Latest run: {results['date']}",
        "",
        f"- Machine: {m['nproc']} cores ({m['cpu_model']}), kernel {m['kernel']}; "
        f"machine {m['cpu_busy_percent_at_start']}% busy just before the run",
        f"- Memory (`free -g`): {_free(m['free_g'])}",
        f"- Python {m['python']}, Django {m['django']}, PostgreSQL {m['postgresql']}, Redis {m['redis']}, "
        f"gunicorn {m['gunicorn']}, psycopg {m['psycopg']}, WhiteNoise {m['whitenoise']}, {m['wrk']}",
        f"- Code: {m['git_commit']}",
        f"- Server: {results['setup']['server']}",
        f"- Client: {results['setup']['client']}",
        f"- Whole run: {results.get('total_seconds', 0) / 60:.1f} minutes",
        "",
    ]
    overrides = results["setup"].get("overrides") or {}
    if overrides:
        lines += ["Bench-only settings (`bench/settings.py`) for the comment post:", ""]
        lines += [f"- `{key}`: {value}" for key, value in overrides.items()]
        lines.append("")
    for scale, data in results["scales"].items():
        info = data["info"]
        lines += [
            f"#### Scale {scale}: {info['wards']} wards, {info['indicators']} indicators "
            f"({data['generate_summary'].split(': ', 1)[-1]}, generated in {data['generate_seconds']} s)",
            "",
        ]
        if data.get("seeded_comments"):
            c = data["seeded_comments"]
            lines += [f"The comment list shows {c['top_level']} published comments and {c['replies']} replies "
                      "seeded by the benchmark.", ""]  # fmt: skip
        lines += _load_table(data)
        lines += _query_table(data)
        lines += _verdict_list(data)
        lines += _report_and_import(data)
        if data.get("profiles"):
            lines += ["Profiles of the pages that miss a target (cProfile, page cache off, test client):", ""]
            for name, prof in data["profiles"].items():
                top = ", ".join(
                    f"`{t['function'].split('/')[-1]}` {t['tottime_s'] * 100:.0f} ms" for t in prof["top"][:4]
                )
                sql = prof.get("slowest_sql") or []
                slow = f"; slowest statement {sql[0]['ms']} ms: `{sql[0]['sql'][:160]}…`" if sql else ""
                lines.append(
                    f"- {name}: {prof['profiled_ms_per_request']} ms a request under the profiler, of which SQL "
                    f"{prof['sql_ms_per_request']} ms in {prof['queries_per_request']} queries; most own time a "
                    f"request: {top}{slow}. Full: `{prof['file']}`"
                )
            lines.append("")
    lines.append(DOC_END)
    return "\n".join(lines) + "\n"


def _load_table(data: dict) -> list[str]:
    rows = [
        "Load (wrk, 20 connections unless said). *Other work %*: the machine's CPU used by work that is not "
        "the benchmark's, just before the page (gunicorn idle) / during it; figures taken while it is high "
        "are pessimistic.",
        "",
        "| page | run | req/s | × floor | p50 ms | p95 ms | p99 ms | errors | refused | statuses | other work % |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |",
    ]
    for label in ("uncached", "cached"):
        run = data.get(label, {})
        if "pages" not in run:
            rows.append(f"| (all public pages) | cache on | {run.get('why', 'not measured')} | | | | | | | | |")
            continue
        tag = "cache off" if label == "uncached" else "cache on"
        for floor_key in ("floor_start", "floor_end"):
            f = run[floor_key]
            rows.append(
                f"| floor ({floor_key.split('_')[1]}) | {tag} | {f['rps']:.0f} | 1.00 | {_ms(f, 'p50_ms')} | "
                f"{_ms(f, 'p95_ms')} | {_ms(f, 'p99_ms')} | {f['errors']} | {f['refused']} | {_statuses(f)} | "
                f"{_other(f)} |"
            )
        for name, page in run["pages"].items():
            if "rps" not in page:
                rows.append(f"| {name} | {tag} | {page.get('why', 'not available yet')} | | | | | | | | |")
                continue
            conns = (
                f" ({page['connections']} conn.)"
                if page["connections"] != data["uncached"]["floor_start"]["connections"]
                else ""
            )
            rows.append(
                f"| {name}{conns} | {tag} | {page['rps']:.1f} | {page.get('floor_ratio', 0):.3f} | "
                f"{_ms(page, 'p50_ms')} | {_ms(page, 'p95_ms')} | {_ms(page, 'p99_ms')} | {page['errors']} | "
                f"{page['refused']} | {_statuses(page)} | {_other(page)} |"
            )
    return [*rows, ""]


def _other(page: dict) -> str:
    """Other people's work on the machine: just before the page, and during it."""
    before = page.get("cpu_busy_before_percent")
    during = page.get("other_cpu_percent")
    return f"{before:.0f} / {during:.0f}" if before is not None and during is not None else "–"


def _statuses(page: dict) -> str:
    return ", ".join(f"{code}: {count}" for code, count in page.get("statuses", {}).items())


def _query_table(data: dict) -> list[str]:
    rows = [
        "Queries per request and server time (one request at a time through Django's test client, median of 5; "
        "SQL time as Django measures it, to the millisecond):",
        "",
        "| page | queries (cache off) | server ms | of which SQL ms | KB | queries (cache hit) | server ms (hit) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, q in data.get("queries", {}).items():
        if not q.get("available", True):
            rows.append(f"| {name} | {q.get('why', 'not available yet')} | | | | | |")
            continue
        main = q.get("uncached") or q.get("post") or {}
        hit = q.get("cache_hit", {})
        rows.append(
            f"| {name} | {main.get('queries', '–')} | {main.get('server_ms', '–')} | {main.get('sql_ms', '–')} | "
            f"{main.get('bytes', 0) / 1024:.0f} | {hit.get('queries', '–')} | {hit.get('server_ms', '–')} |"
        )
    return [*rows, ""]


def _verdict_list(data: dict) -> list[str]:
    verdicts = data["verdicts"]
    met = sum(v["met"] is True for v in verdicts)
    missed = sum(v["met"] is False for v in verdicts)
    unknown = [v for v in verdicts if v["met"] is None]
    t = TARGETS
    lines = [
        f"Targets: **{met} met, {missed} missed**, {len(unknown)} not measurable yet "
        "(✓ met, ✗ missed; the dashboard's p95 target is 300 ms):",
        "",
        f"| page | × floor, cache off (≥ {t['uncached_ratio']}) | p95 ms, cache off (< {t['public_p95_ms']}) | "
        f"× floor, cache on (≥ {t['cached_ratio']}) | p95 ms, cache on (< {t['public_p95_ms']}) | errors (0) |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    pages: dict[str, dict] = {}
    for v in verdicts:
        pages.setdefault(v["page"], {})[v["key"]] = v
    for page, cells in pages.items():
        if "available" in cells:
            lines.append(f"| {page} | {cells['available']['value']} | | | | |")
            continue

        def cell(key: str, cells: dict = cells) -> str:
            v = cells.get(key)
            if v is None:
                return "–"
            if v["met"] is None:
                return str(v["value"])
            return f"{v['value']} {'✓' if v['met'] else '✗'}"

        lines.append(
            f"| {page} | {cell('off_ratio')} | {cell('off_p95')} | {cell('on_ratio')} | {cell('on_p95')} | "
            f"{cell('errors')} |"
        )
    return [*lines, ""]


def _report_and_import(data: dict) -> list[str]:
    lines = []
    report = data.get("annual_report", {})
    if report.get("total_seconds") is not None:
        split = ", ".join(f"{k[:1].lower()}{k[1:]} {v:.2f} s" for k, v in report.get("split_seconds", {}).items())
        cpu = f" ({report['total_cpu_seconds']:.1f} s CPU)" if report.get("total_cpu_seconds") else ""
        lines.append(
            f"Annual report (`bench_annual_report`): {report['total_seconds']:.1f} s{cpu}, peak memory "
            f"{report.get('peak_memory_mb', '?')} MB, {report.get('pages', '?')} pages; {split}."
        )
    elif report.get("failed"):
        lines.append(f"Annual report: the build failed: `{report['failed'].splitlines()[-1][:200]}`")
    else:
        lines.append(f"Annual report: {report.get('why', 'not measured')}.")
    imp = data.get("import", {})
    if "csv_new" in imp:
        lines.append(
            f"Import of a {imp['rows']:,}-row return ({imp['indicators']} indicators × {imp['wards']} wards + "
            f"borough-wide): CSV preview {imp['csv_preview']['seconds']} s; CSV import of new values "
            f"{imp['csv_new']['seconds']} s ({imp['csv_new']['queries']} queries); CSV re-import changing every "
            f"value {imp['csv_changed']['seconds']} s; .xlsx preview {imp['xlsx_preview']['seconds']} s; .xlsx "
            f"re-import changing every value {imp['xlsx_changed']['seconds']} s."
        )
    else:
        lines.append(f"Import: {imp.get('why', 'not measured')}.")
    return [*lines, ""]


def write_doc(results: dict) -> None:
    section = render_markdown(results)
    text = DOC.read_text() if DOC.exists() else "# Performance\n\n## Results\n\n"
    if DOC_START in text and DOC_END in text:
        before, rest = text.split(DOC_START, 1)
        after = rest.split(DOC_END, 1)[1]
        text = before + section.rstrip("\n") + after
    else:
        text = text.rstrip("\n") + "\n\n" + section
    DOC.write_text(text)


def parse_args(argv: list[str]) -> argparse.Namespace:
    env_true = os.environ.get("BENCH_SCALE10", "").lower() in {"1", "true", "yes", "on"}
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale10", action="store_true", default=env_true, help="Also run at scale 10 (250 wards).")
    parser.add_argument("--duration", type=float, default=float(os.environ.get("BENCH_DURATION", 15)))
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE", "lsp_bench"))
    parser.add_argument("--cache-db", type=int, default=int(os.environ.get("BENCH_CACHE_DB", 3)))
    parser.add_argument("--broker-db", type=int, default=int(os.environ.get("BENCH_BROKER_DB", 4)))
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=float(os.environ.get("BENCH_QUIET_WAIT", 60)),
        help="Before each page, wait up to this many seconds for the machine to be quiet (default 60).",
    )
    parser.add_argument(
        "--quiet-budget", type=float, default=120, help="At most this many seconds of such waiting in all."
    )
    parser.add_argument("--quiet-percent", type=float, default=25, help="'Quiet': CPU use below this (default 25).")
    parser.add_argument("--skip-report", action="store_true", help="Leave out the annual report build.")
    parser.add_argument("--skip-import", action="store_true", help="Leave out the 10,000-row import.")
    parser.add_argument(
        "--quick", action="store_true", help="3 s a page, 1 s warm-up; results to bench/results/quick.json.tmp only."
    )
    parser.add_argument("--output", help="Results file (default bench/results/latest.json).")
    parser.add_argument("--no-doc", action="store_true", help="Do not rewrite the results in docs/PERFORMANCE.md.")
    args = parser.parse_args(argv)
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", args.database):
        parser.error("--database: a plain PostgreSQL name (lower-case letters, digits, _)")
    if args.quick:
        args.duration, args.warmup, args.no_doc, args.quiet_wait = 3, 1, True, 0
        args.output = args.output or str(RESULTS / "quick.json.tmp")
    args.output = args.output or str(RESULTS / "latest.json")
    # A quick run's profiles go beside its results, never over the committed ones.
    args.profiles = RESULTS / ("quick-profiles.tmp" if args.quick else "profiles")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _terminate)
    bench = Bench(args)
    try:
        results = bench.execute()
    except BenchError as exc:
        bench.log(f"FAILED: {exc}")
        return 1
    finally:
        bench.cleanup()
    RESULTS.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    bench.log(
        f"Results: {Path(args.output).relative_to(ROOT) if Path(args.output).is_relative_to(ROOT) else args.output}"
    )
    if not args.no_doc:
        write_doc(results)
        bench.log(f"Results section rewritten in {DOC.relative_to(ROOT)}")
    for scale, data in results["scales"].items():
        missed = [v for v in data["verdicts"] if v["met"] is False]
        bench.log(f"Scale {scale}: {len(missed)} target(s) missed" + (": see docs/PERFORMANCE.md" if missed else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
