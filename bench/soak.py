"""``make soak``: minutes of mixed traffic over two web nodes while a node, the worker and Redis fail.

    .venv/bin/python -m bench.soak                 # 3 minutes
    .venv/bin/python -m bench.soak --minutes 10

Not part of CI (it takes minutes). What it does:

1. A fresh PostgreSQL database ``lsp_soak`` with the Dacorum demo and its consultation
   demo; then, through ``bench/cluster.py`` (the harness the two-node journey test uses),
   two web nodes (gunicorn, 2 workers each, production settings, ``bench.settings``'
   relaxed spam thresholds), each in its own working directory with its own media and
   private folders, and one Celery worker on the ``celery`` and ``pdf`` queues in a third;
   one Redis of the harness's own (cache and broker; restarting it disturbs nothing else
   on the machine) and the object store when moto or ``S3_TEST_ENDPOINT_URL`` is there.
2. Traffic spread over both nodes, each request to either at random, as a load balancer does it (a node that
   refuses a connection is taken out of the rotation until it answers ``/health/`` again,
   and a request it refused is sent to the other node; one cut off mid-way is not
   re-sent): residents reading pages, a resident posting comments, the officer saving the
   open return's draft again and again (the form read from one node, sent to the other),
   and the support group asking for the 2014/15 annual report, watching its status page
   and, once it is ready, downloading it (through the object store when there is one).
3. Faults: the worker is killed with SIGKILL as soon as the report is building and started
   again at 30% of the run; node A is killed with SIGKILL (master and workers) at 40% and
   started again at 50%; Redis is shut down at 65% and started again at 75%.
4. Afterwards it checks: node B (never killed) answered every request, with nothing but
   a 503 carrying ``Retry-After`` while Redis was down (plus a few seconds' grace); node A
   failed only while it was down; every comment the portal accepted (redirected) is in the
   database; every draft save it accepted is in the return's history and the last one's
   text is what the return holds; the report is built and downloads as a PDF. Prints a
   summary (requests per node, errors by kind, writes accepted and found, how long the
   report took) and exits 1 on any lost write or unexpected failure.

Everything it starts it stops, also on failure. All traffic goes to 127.0.0.1.
"""

# Fixed tools (dropdb, createdb) and our own interpreter with arguments built here.
# ruff: noqa: S603, S607

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from bench.cluster import Cluster, Node, ObjectStore
from bench.webclient import Browser, Response, find_form, return_save_fields

ROOT = Path(__file__).resolve().parent.parent
PYTHON = Path(sys.executable)
DB = "lsp_soak"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DB}"
COMMENTS = "/themes/reducing-crime-and-feeling-safe/comments/"
PASSWORD = "lsp-demo-2015"  # noqa: S105 — the demo logins' published password
GRACE = 5.0  # seconds after a fault ends during which its errors still count as its own


class Unreachable(Exception):
    """No node in the rotation took the request."""


class Balancer:
    """Each request to a node in rotation chosen at random, one session (cookie jar) for every node."""

    def __init__(self, soak: Soak) -> None:
        self.soak = soak
        self.cookies: dict[str, str] = {}
        self.random = random.Random(len(soak.balancers))  # noqa: S311 — spreading load, not a secret
        soak.balancers.append(self)

    def _pick(self) -> list[Node]:
        ordered = self.random.sample(self.soak.cluster.nodes, len(self.soak.cluster.nodes))
        return [node for node in ordered if node.name in self.soak.in_rotation] or ordered

    def request(self, what: str, method: str, path: str, data=None) -> Response | None:
        for node in self._pick():
            browser = Browser(node.port, cookies=self.cookies, timeout=30)
            try:
                response = browser.post(path, data) if method == "POST" else browser.get(path)
            except ConnectionRefusedError:
                # Nothing was sent: as a load balancer does, take the node out and try the next.
                self.soak.record(node, what, "refused")
                self.soak.out_of_rotation(node)
                continue
            except (OSError, http.client.HTTPException) as exc:
                # Cut off mid-way (the node was killed): the request may or may not have been done.
                self.soak.record(node, what, type(exc).__name__)
                return None
            self.soak.record(node, what, response.status, response)
            return response
        raise Unreachable(what)

    def get(self, what: str, path: str) -> Response | None:
        return self.request(what, "GET", path)

    def post(self, what: str, path: str, data) -> Response | None:
        return self.request(what, "POST", path, data)

    def sign_in(self, username: str) -> None:
        page = self.get("sign-in", "/accounts/login/")
        form = find_form(page.text, lambda f: any(name == "password" for name, _ in f.fields))
        data = {**dict(form.fields), "username": username, "password": PASSWORD}
        response = self.post("sign-in", form.action or "/accounts/login/", data)
        if response is None or response.status != 302:
            raise RuntimeError(f"Signing in as {username} failed")


class Soak:
    def __init__(self, minutes: float):
        self.duration = minutes * 60
        self.cluster = Cluster(
            database_url=DATABASE_URL,
            nodes_count=2,
            gunicorn_workers=2,
            object_store=ObjectStore.unavailable_reason() is None,
            extra_env={"REPORT_STALE_MINUTES": "1"},
        )
        self.in_rotation = {node.name for node in self.cluster.nodes}
        self.results: Counter = Counter()  # (node, what, outcome) -> count
        self.failures: list[str] = []
        self.windows: dict[str, list[list[float]]] = {"node A down": [], "redis down": []}
        self.accepted_comments: list[str] = []
        self.accepted_saves: list[str] = []
        self.events: list[str] = []
        self.report: dict = {
            "requested": None,
            "building": None,
            "ready": None,
            "worker_killed_while": None,
            "download": None,
        }
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.balancers: list[Balancer] = []
        self.comment_numbers = itertools.count()
        self.save_numbers = itertools.count()
        self.started = time.monotonic()

    # --- setting up -------------------------------------------------------------------------

    def prepare(self) -> None:
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", DB], check=True)
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DB], check=True)
        env = {k: v for k, v in os.environ.items() if k not in {"CACHE_URL", "CELERY_BROKER_URL", "DJANGO_PRODUCTION"}}
        env.update(DATABASE_URL=DATABASE_URL, DJANGO_SETTINGS_MODULE="partnership.settings")
        for command in (["migrate", "-v0"], ["load_demo"], ["load_demo_consultation"]):
            subprocess.run([str(PYTHON), "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True)
        self.cluster.start()

    def now(self) -> float:
        return time.monotonic() - self.started

    def event(self, text: str) -> None:
        line = f"{self.now():6.1f} s  {text}"
        self.events.append(line)
        print(f"  {line}", flush=True)

    # --- what happened ------------------------------------------------------------------------

    def _within(self, window: str, at: float) -> bool:
        return any(start <= at <= (end or float("inf")) + GRACE for start, end in self.windows[window])

    def record(self, node: Node, what: str, outcome, response: Response | None = None) -> None:
        at = self.now()
        with self.lock:
            self.results[(node.name, what, str(outcome))] += 1
            if isinstance(outcome, int) and outcome < 500:
                return
            if outcome == 503 and self._within("redis down", at):
                if response is not None and not response.header("Retry-After"):
                    self.failures.append(f"node {node.name} {what}: 503 without Retry-After at {at:.0f} s")
                return
            if node.name == "A" and self._within("node A down", at):
                return  # refused or cut off while node A was down: a load balancer's retry
            self.failures.append(f"node {node.name} {what}: {outcome} at {at:.0f} s")

    def out_of_rotation(self, node: Node) -> None:
        with self.lock:
            self.in_rotation.discard(node.name)

    def into_rotation(self, node: Node) -> None:
        with self.lock:
            self.in_rotation.add(node.name)

    # --- traffic ------------------------------------------------------------------------------

    def client(self, loop) -> None:
        """Run ``loop(balancer)`` until the end; a moment with no node to take it is a failure, then go on."""
        balancer = Balancer(self)
        while not self.stop.is_set():
            try:
                loop(balancer)
            except Unreachable as exc:
                with self.lock:
                    self.failures.append(f"no node took {exc} at {self.now():.0f} s")
                self.stop.wait(0.5)

    def read(self, balancer: Balancer) -> None:
        pages = ["/", "/themes/reducing-crime-and-feeling-safe/", "/areas/", "/consultations/", "/partners/", COMMENTS]
        for page in pages:
            if self.stop.is_set():
                return
            balancer.get("read", page)

    def comment(self, balancer: Balancer) -> None:
        n = next(self.comment_numbers)
        balancer.cookies.clear()  # a new resident each time
        page = balancer.get("comment form", COMMENTS)
        if page is None or page.status != 200:
            self.stop.wait(0.5)
            return
        form = find_form(page.text, lambda f: any(name == "body" for name, _ in f.fields))
        name = f"Soak resident {n}"
        data = [(k, v) for k, v in form.fields if k not in {"display_name", "email", "body"}]
        data += [("display_name", name), ("email", f"soak{n}@example.org"), ("body", f"Soak comment {n}.")]
        response = balancer.post("comment post", form.action or COMMENTS, data)
        if response is not None and response.status == 302:
            with self.lock:
                self.accepted_comments.append(name)
        self.stop.wait(0.2)

    def officer(self, balancer: Balancer) -> None:
        if "sessionid" not in balancer.cookies:
            balancer.sign_in("officer")
        mine = balancer.get("return list", "/returns/")
        if mine is None or mine.status != 200:
            self.stop.wait(0.5)
            return
        links = (part.split('"')[0] for part in mine.text.split('href="')[1:])
        edit = next(link for link in links if link.endswith("/edit/"))
        n = next(self.save_numbers)
        page = balancer.get("return form", edit)  # read from one node ...
        if page is None or page.status != 200:
            self.stop.wait(0.5)
            return
        form = find_form(page.text, lambda f: any(name == "version" for name, _ in f.fields))
        value_field = next(name for name, _ in form.fields if name.endswith("-value"))
        narrative = f"Soak save {n}"
        data = return_save_fields(form.fields, value_field, str(100 + n % 50), narrative)
        response = balancer.post("return save", edit, data)  # ... sent to the other
        if response is not None and response.status == 302:
            with self.lock:
                self.accepted_saves.append(narrative)
        self.stop.wait(0.2)

    def annual_report(self) -> None:
        """Ask for the report once, then watch its status page until it is ready."""
        balancer = Balancer(self)
        balancer.sign_in("support")
        page = balancer.get("report form", "/reports/manage/")
        form = find_form(page.text, lambda f: (f.action or "").endswith("/reports/build/"))
        data = [(k, "2014" if k == "year" else v) for k, v in form.fields]
        response = balancer.post("report request", form.action, data)
        if response is None or response.status != 302:
            self.failures.append(f"the report request was not accepted ({response and response.status})")
            return
        self.report["requested"] = self.now()
        self.event("annual report requested")
        while not self.stop.is_set() or self.report["ready"] is None:
            try:
                status = balancer.get("report status", "/reports/2014/status/")
            except Unreachable:
                status = None
            text = status.text if status is not None and status.status == 200 else ""
            if "<strong>Building:" in text and self.report["building"] is None:
                self.report["building"] = self.now()
            if "Ready to publish" in text:
                self.report["ready"] = self.now()
                self.event("annual report ready")
                self.download_report(balancer)
                return
            if self.now() > self.duration + 300:
                return
            time.sleep(0.5)

    def download_report(self, balancer: Balancer) -> None:
        """The built report, from whichever node: a PDF, wherever the worker wrote it."""
        try:
            response = balancer.get("report download", "/reports/2014/annual-report.pdf")
        except Unreachable:
            response = None
        if response is not None and response.status in {302, 303, 307}:  # a signed URL of the object store
            signed = urlsplit(response.header("Location"))
            store = Browser(signed.port, host=signed.hostname)
            response = store.request("GET", f"{signed.path}?{signed.query}", headers={"Host": signed.netloc})
        is_pdf = response is not None and response.status == 200 and response.body.startswith(b"%PDF-")
        self.report["download"] = (
            f"PDF, {len(response.body):,} bytes" if is_pdf else f"failed ({response and response.status})"
        )
        if not is_pdf and self.cluster.store is not None:
            with self.lock:
                self.failures.append(f"the built report could not be downloaded: {self.report['download']}")

    # --- faults -------------------------------------------------------------------------------

    def at(self, fraction: float) -> bool:
        """Wait until ``fraction`` of the run; False if the run was stopped first."""
        while self.now() < fraction * self.duration:
            if self.stop.wait(0.2):
                return False
        return True

    def faults(self) -> None:
        cluster = self.cluster
        node_a = cluster.nodes[0]
        # The worker: killed while it builds the report (or at 20% at the latest), started again at 30%.
        while self.report["building"] is None and self.report["ready"] is None and self.now() < 0.2 * self.duration:
            if self.stop.wait(0.1):
                return
        self.report["worker_killed_while"] = "building" if self.report["ready"] is None else "after the build"
        self.event(f"kill the Celery worker (SIGKILL; the report {self.report['worker_killed_while']})")
        cluster.kill_worker()
        if not self.at(0.30):
            return
        self.event("start the Celery worker")
        cluster.start_worker()
        if not self.at(0.40):
            return
        self.event("kill node A (SIGKILL to gunicorn's master and workers)")
        self.windows["node A down"].append([self.now(), None])
        cluster.kill(node_a)
        if not self.at(0.50):
            return
        self.event("start node A")
        cluster.start_node(node_a)
        self.windows["node A down"][-1][1] = self.now()
        self.into_rotation(node_a)  # it answers /health/ again: the load balancer sends it traffic
        if not self.at(0.65):
            return
        self.event("stop Redis")
        self.windows["redis down"].append([self.now(), None])
        cluster.redis.stop()
        if not self.at(0.75):
            return
        cluster.redis.start()
        self.windows["redis down"][-1][1] = self.now()
        self.event("Redis started again")

    # --- checks -------------------------------------------------------------------------------

    def check(self) -> dict:
        script = """
import json
from consultation.models import Comment
from partnership import scope
from reports.models import AnnualReport
from reports.services import requeue_stale_builds
from returns.models import QuarterlyReturn
with scope.everywhere():
    requeue_stale_builds()
    r = QuarterlyReturn.objects.filter(period__status="open").order_by("-updated_at").first()
    a = AnnualReport.objects.filter(year=2014).first()
    names = Comment.objects.filter(display_name__startswith="Soak resident").values_list("display_name", flat=True)
    print(json.dumps({
        "comments": list(names),
        "saves": r.history.filter(history_change_reason="Saved").count(),
        "summary": r.progress_summary,
        "report": a.status if a else None,
        "attempts": a.attempts if a else None,
    }))
"""
        env = self.cluster.env(self.cluster.worker_directory)
        deadline = time.monotonic() + 240
        while True:
            out = subprocess.run(
                [str(PYTHON), "manage.py", "shell", "-c", script], cwd=ROOT, env=env, check=True, capture_output=True
            )
            state = json.loads(out.stdout.decode().strip().splitlines()[-1])
            if state["report"] in {"ready", "published", "failed"} or time.monotonic() > deadline:
                return state
            time.sleep(5)

    def summary(self, state: dict) -> dict:
        per_node: dict[str, Counter] = {}
        errors: Counter = Counter()
        for (node, what, outcome), count in self.results.items():
            per_node.setdefault(f"node {node}", Counter())[outcome] += count
            if not (outcome.isdigit() and int(outcome) < 500):
                errors[f"node {node} {what}: {outcome}"] += count
        lost_comments = sorted(set(self.accepted_comments) - set(state["comments"]))
        found_saves = state["saves"]
        report = self.report
        took = report["ready"] - report["requested"] if report["ready"] and report["requested"] else None
        return {
            "minutes": round(self.duration / 60, 1),
            "object_store": self.cluster.store is not None,
            "requests_per_node": {node: dict(sorted(c.items())) for node, c in sorted(per_node.items())},
            "errors_by_kind": dict(sorted(errors.items())),
            "unexpected_failures": self.failures,
            "comments": {
                "accepted": len(self.accepted_comments),
                "found": len(set(self.accepted_comments) & set(state["comments"])),
                "lost": lost_comments,
            },
            "draft_saves": {
                "accepted": len(self.accepted_saves),
                "found_in_history": found_saves,
                "lost": max(0, len(self.accepted_saves) - found_saves),
                "last_save_kept": not self.accepted_saves or state["summary"] == self.accepted_saves[-1],
            },
            "report": {
                "status": state["report"],
                "attempts": state["attempts"],
                "worker_killed_while": report["worker_killed_while"],
                "seconds_from_request_to_ready": round(took, 1) if took is not None else None,
                "downloaded": report["download"],
            },
            "events": self.events,
        }

    def run(self) -> int:
        print(f"Soak: {self.duration / 60:.1f} minutes, 2 web nodes, 1 Celery worker", flush=True)
        self.prepare()
        self.started = time.monotonic()
        loops = [self.read, self.read, self.comment, self.officer]
        threads = [threading.Thread(target=self.client, args=(loop,), daemon=True) for loop in loops]
        threads += [threading.Thread(target=t, daemon=True) for t in (self.annual_report, self.faults)]
        for thread in threads:
            thread.start()
        time.sleep(self.duration)
        self.stop.set()
        for thread in threads:
            thread.join(60)
        state = self.check()
        summary = self.summary(state)
        print(json.dumps(summary, indent=2))
        ok = not self.failures and not summary["comments"]["lost"] and not summary["draft_saves"]["lost"]
        ok = ok and summary["draft_saves"]["last_save_kept"] and state["report"] in {"ready", "published"}
        print("Soak passed: zero lost writes." if ok else "Soak FAILED.")
        return 0 if ok else 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=3.0)
    args = parser.parse_args()
    soak = Soak(args.minutes)
    # Stopped with SIGTERM (a CI job's timeout, kill): unwind, so that ``finally`` stops the cluster.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        code = soak.run()
    finally:
        soak.stop.set()
        soak.cluster.stop()
    sys.exit(code)


if __name__ == "__main__":
    main()
