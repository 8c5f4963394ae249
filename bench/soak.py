"""``make soak``: sustained mixed traffic while the Celery worker is killed and Redis restarts.

    .venv/bin/python -m bench.soak                 # 3 minutes
    .venv/bin/python -m bench.soak --minutes 10

Not part of CI (it takes minutes). It runs its own Redis on port 6390, so restarting
it disturbs nothing else on the machine. What it does:

1. A fresh PostgreSQL database ``lsp_soak`` with the Dacorum demo and its consultation
   demo; gunicorn (2 workers, production settings, ``bench.settings``' relaxed spam
   thresholds) and one Celery worker on the ``celery`` and ``pdf`` queues, with Redis as
   cache (db 6) and broker (db 5).
2. Four clients for the whole run: residents reading pages, a resident posting comments,
   the officer saving the open return's draft again and again, and — once at the start —
   the support group asking for the 2014/15 annual report.
3. Faults on a fixed schedule: the worker is killed with SIGKILL at 25% of the run (in
   the middle of the report build if it is still running) and started again at 35%;
   Redis is shut down at 50% and started again at 60%.
4. Afterwards it checks: no request failed except with a 503 while Redis was down (plus
   a few seconds' grace); every comment the portal accepted (redirected) is in the
   database; every draft save the portal accepted is in the return's history and the
   last one's text is what the return holds; the report is built (``requeue_stale_builds``
   is run as beat would, while waiting). Prints a summary and exits 1 on any lost write.

Everything it starts it stops, also on failure. All traffic goes to 127.0.0.1.
"""

# Fixed tools (gunicorn, celery, redis-server, redis-cli, psql) with arguments built here.
# ruff: noqa: S603, S607

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from bench.webclient import Browser, find_form, return_save_fields

ROOT = Path(__file__).resolve().parent.parent
PYTHON = Path(sys.executable)
BIN = PYTHON.parent
DB = "lsp_soak"
COMMENTS = "/themes/reducing-crime-and-feeling-safe/comments/"
# The soak restarts Redis, so it runs its own on a port of its own: the machine's Redis
# (and anything else using it) is never touched.
REDIS_PORT = "6390"
REDIS = ["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "--port", REDIS_PORT, "--save", ""]
REDIS_DIR = tempfile.mkdtemp(prefix="lsp-soak-redis-")
REDIS += ["--appendonly", "no", "--dir", REDIS_DIR, "--logfile", f"{REDIS_DIR}/redis.log"]
REDIS_CLI = ["redis-cli", "-h", "127.0.0.1", "-p", REDIS_PORT]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(port: int) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_PRODUCTION": "1",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_MANIFEST": "0",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB}",
        "CACHE_URL": f"redis://127.0.0.1:{REDIS_PORT}/6",
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{REDIS_PORT}/5",
        "REPORT_STALE_MINUTES": "1",
        "PORTAL_BASE_URL": f"http://127.0.0.1:{port}",
        "LOG_LEVEL": "WARNING",
    }


def manage(env: dict, *args: str, capture: bool = False) -> str:
    result = subprocess.run(
        [str(PYTHON), "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=capture, text=True
    )
    return result.stdout if capture else ""


def redis_up() -> bool:
    return subprocess.run([*REDIS_CLI, "ping"], capture_output=True, check=False).returncode == 0


def start_redis() -> None:
    subprocess.run(REDIS, check=True)
    for _ in range(50):
        if redis_up():
            return
        time.sleep(0.1)


def stop_redis() -> None:
    subprocess.run([*REDIS_CLI, "shutdown", "nosave"], capture_output=True, check=False)


class Soak:
    def __init__(self, minutes: float):
        self.duration = minutes * 60
        self.port = free_port()
        self.env = environment(self.port)
        self.processes: dict[str, subprocess.Popen] = {}
        self.results: Counter = Counter()
        self.failures: list[str] = []
        self.redis_down: tuple[float, float] | None = None
        self.accepted_comments: list[str] = []
        self.accepted_saves: list[str] = []
        self.lock = threading.Lock()
        self.stop = threading.Event()

    # --- setting up -------------------------------------------------------------------------

    def prepare(self) -> None:
        if not redis_up():
            start_redis()
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", DB], check=True)
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DB], check=True)
        subprocess.run([*REDIS_CLI, "flushall"], capture_output=True, check=False)
        for command in (["migrate", "-v0"], ["load_demo"], ["load_demo_consultation"]):
            manage(self.env, *command, capture=True)
        self.start_web()
        self.start_worker()

    def start_web(self) -> None:
        self.processes["web"] = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "partnership.wsgi:application",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{self.port}",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                if Browser(self.port).get("/health/").status in {200, 503}:
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def start_worker(self) -> None:
        self.processes["worker"] = subprocess.Popen(
            [str(BIN / "celery"), "-A", "partnership", "worker", "-Q", "celery,pdf", "--pool", "solo", "-l", "WARNING"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def shutdown(self) -> None:
        self.stop.set()
        for process in self.processes.values():
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()
        stop_redis()  # the soak's own Redis

    # --- traffic ------------------------------------------------------------------------------

    def record(self, what: str, status: int) -> None:
        now = time.monotonic()
        with self.lock:
            self.results[f"{what} {status}"] += 1
            if status < 500:
                return
            window = self.redis_down
            if status == 503 and window and window[0] <= now <= window[1] + 5:
                return
            self.failures.append(f"{what}: HTTP {status} at {now - self.started:.0f} s")

    def guarded(self, what: str, call, *args):
        """``call(*args)``, recording its status; a connection error is a failure."""
        try:
            response = call(*args)
        except OSError as exc:
            with self.lock:
                self.failures.append(f"{what}: {exc!r} at {time.monotonic() - self.started:.0f} s")
            return None
        self.record(what, response.status)
        return response

    def readers(self) -> None:
        pages = ["/", "/themes/reducing-crime-and-feeling-safe/", "/wards/", "/consultations/", "/partners/"]
        browser = Browser(self.port)
        n = 0
        while not self.stop.is_set():
            self.guarded("read", browser.get, pages[n % len(pages)])
            n += 1

    def commenter(self) -> None:
        n = 0
        while not self.stop.is_set():
            browser = Browser(self.port)
            page = self.guarded("comment form", browser.get, COMMENTS)
            if page is None or page.status != 200:
                time.sleep(0.5)
                continue
            form = find_form(page.text, lambda f: any(name == "body" for name, _ in f.fields))
            name = f"Soak resident {n}"
            data = [(k, v) for k, v in form.fields if k not in {"display_name", "email", "body"}]
            data += [("display_name", name), ("email", f"soak{n}@example.org"), ("body", f"Soak comment {n}.")]
            response = self.guarded("comment post", browser.post, form.action or COMMENTS, data)
            if response is not None and response.status == 302:
                with self.lock:
                    self.accepted_comments.append(name)
            n += 1
            time.sleep(0.2)

    def officer(self) -> None:
        browser = Browser(self.port)
        browser.sign_in("officer", "lsp-demo-2015")
        mine = browser.get("/returns/")
        edit = next(
            part.split('"')[0] for part in mine.text.split('href="')[1:] if part.split('"')[0].endswith("/edit/")
        )
        n = 0
        while not self.stop.is_set():
            page = self.guarded("return form", browser.get, edit)
            if page is None or page.status != 200:
                time.sleep(0.5)
                continue
            form = find_form(page.text, lambda f: any(name == "version" for name, _ in f.fields))
            value_field = next(name for name, _ in form.fields if name.endswith("-value"))
            narrative = f"Soak save {n}"
            data = return_save_fields(form.fields, value_field, str(100 + n % 50), narrative)
            response = self.guarded("return save", browser.post, edit, data)
            if response is not None and response.status == 302:
                with self.lock:
                    self.accepted_saves.append(narrative)
            n += 1
            time.sleep(0.2)

    def request_report(self) -> None:
        browser = Browser(self.port)
        browser.sign_in("support", "lsp-demo-2015")
        page = browser.get("/reports/manage/")
        form = find_form(page.text, lambda f: (f.action or "").endswith("/reports/build/"))
        data = [(k, "2014" if k == "year" else v) for k, v in form.fields]
        self.guarded("report request", browser.post, form.action, data)

    # --- faults and checks ------------------------------------------------------------------

    def faults(self) -> None:
        schedule = [
            (0.25, "kill the Celery worker", lambda: self.processes["worker"].send_signal(signal.SIGKILL)),
            (0.35, "start the Celery worker", self.start_worker),
            (0.50, "stop Redis", self.redis_stop),
            (0.60, "start Redis", self.redis_start),
        ]
        for fraction, what, action in schedule:
            while time.monotonic() - self.started < fraction * self.duration:
                if self.stop.wait(0.2):
                    return
            print(f"  {time.monotonic() - self.started:5.0f} s  {what}", flush=True)
            action()

    def redis_stop(self) -> None:
        self.redis_down = (time.monotonic(), float("inf"))
        stop_redis()

    def redis_start(self) -> None:
        start_redis()
        self.redis_down = (self.redis_down[0], time.monotonic())

    def check(self) -> dict:
        script = (
            "import json; from consultation.models import Comment; from returns.models import QuarterlyReturn;"
            "from reports.models import AnnualReport; from reports.services import requeue_stale_builds;"
            "requeue_stale_builds();"
            "r = QuarterlyReturn.objects.filter(period__status='open').order_by('-updated_at').first();"
            "a = AnnualReport.objects.filter(year=2014).first();"
            "print(json.dumps({'comments': list(Comment.objects.filter(display_name__startswith='Soak resident')"
            ".values_list('display_name', flat=True)),"
            "'saves': r.history.filter(history_change_reason='Saved').count(),"
            "'summary': r.progress_summary, 'report': a.status if a else None}))"
        )
        deadline = time.monotonic() + 240
        while True:
            state = json.loads(manage(self.env, "shell", "-c", script, capture=True).strip().splitlines()[-1])
            if state["report"] in {"ready", "published", "failed"} or time.monotonic() > deadline:
                return state
            time.sleep(10)

    def run(self) -> int:
        print(f"Soak: {self.duration / 60:.1f} minutes on 127.0.0.1:{self.port}", flush=True)
        self.prepare()
        self.started = time.monotonic()
        self.request_report()
        threads = [threading.Thread(target=t, daemon=True) for t in (self.readers, self.commenter, self.officer)]
        threads.append(threading.Thread(target=self.faults, daemon=True))
        for thread in threads:
            thread.start()
        time.sleep(self.duration)
        self.stop.set()
        for thread in threads:
            thread.join(30)
        state = self.check()
        lost_comments = sorted(set(self.accepted_comments) - set(state["comments"]))
        lost_saves = len(self.accepted_saves) - state["saves"]
        last_save_kept = not self.accepted_saves or state["summary"] == self.accepted_saves[-1]
        summary = {
            "requests": dict(sorted(self.results.items())),
            "unexpected_failures": self.failures,
            "comments_accepted": len(self.accepted_comments),
            "comments_lost": lost_comments,
            "saves_accepted": len(self.accepted_saves),
            "saves_lost": max(0, lost_saves),
            "last_save_kept": last_save_kept,
            "report": state["report"],
        }
        print(json.dumps(summary, indent=2))
        ok = not self.failures and not lost_comments and lost_saves <= 0 and last_save_kept
        ok = ok and state["report"] in {"ready", "published"}
        print("Soak passed: zero lost writes." if ok else "Soak FAILED.")
        return 0 if ok else 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=3.0)
    args = parser.parse_args()
    soak = Soak(args.minutes)
    try:
        code = soak.run()
    finally:
        soak.shutdown()
    sys.exit(code)


if __name__ == "__main__":
    main()
