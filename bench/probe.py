"""The benchmark's steps that run inside Django, against the benchmark database.

``python -m bench.probe COMMAND`` with ``DJANGO_SETTINGS_MODULE=bench.settings``; each
command prints one JSON object on the last line of its output, which ``bench/run.py`` reads.

* ``info``: what to measure: the URLs of one theme, indicator, ward and comment list of
  the synthetic plan, the users to sign in as, and which features exist yet.
* ``queries``: each page once through Django's test client with ``CaptureQueriesContext``:
  queries per request (page cache off, and on a cache hit), the time the server spends
  on one request, and how much of it is SQL.
* ``import``: the 10,000-row CSV (and .xlsx) import of a quarterly return, timed.
* ``profile``: cProfile of one page's requests, for a page that misses a target.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import math
import os
import pstats
import re
import statistics
import sys
import time
from urllib.parse import urlencode

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import Resolver404, resolve  # noqa: E402

from bench.webclient import forms, return_save_fields  # noqa: E402

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
FORM_ENCODED = "application/x-www-form-urlencoded"


def _emit(data: dict) -> None:
    sys.stdout.write("\n" + json.dumps(data, default=str) + "\n")


def _resolves(url: str) -> bool:
    try:
        resolve(url.split("?")[0])
    except Resolver404:
        return False
    return True


# --- info --------------------------------------------------------------------------------------


def info() -> dict:
    from demo.synthetic import PLAN_SLUG, USERNAME_PREFIX
    from indicators.models import Indicator, ReportingPeriod
    from partnership.models import Area, CommunityPlan, Membership, Role
    from themes.models import Theme

    plan = CommunityPlan.objects.get(slug=PLAN_SLUG)
    current = CommunityPlan.objects.current()
    theme = Theme.objects.filter(plan=plan).order_by("number").first()
    # The richest indicator page: cumulative (year-to-date RAG) and reported by ward.
    indicator = (
        Indicator.objects.public().by_area().filter(theme=theme, cumulative=True).order_by("order").first()
        or Indicator.objects.public().filter(theme=theme).order_by("order").first()
    )
    ward = Area.objects.filter(code__startswith="SYN-W").order_by("name").first()

    def member(role: str, **extra) -> Membership | None:
        return (
            Membership.objects.filter(role=role, is_active=True, user__username__startswith=USERNAME_PREFIX, **extra)
            .select_related("user", "forum")
            .order_by("user__username")
            .first()
        )

    board = member(Role.BOARD)
    officer = member(Role.OFFICER, forum=theme.lead_forum)
    support = member(Role.SUPPORT_GROUP)
    open_period = (
        ReportingPeriod.objects.filter(status=ReportingPeriod.Status.OPEN)
        .order_by("-financial_year", "-quarter")
        .first()
    )
    comments_url = f"/themes/{theme.slug}/comments/"
    return_url = f"/returns/{theme.lead_forum_id}/{open_period.pk}/edit/" if open_period else ""
    pages = [
        {"name": "floor", "url": "/bench/floor/", "kind": "floor"},
        {"name": "home", "url": "/", "kind": "public"},
        {"name": "theme", "url": theme.get_absolute_url(), "kind": "public"},
        {"name": "indicator", "url": indicator.get_absolute_url(), "kind": "public"},
        {"name": "ward", "url": ward.get_absolute_url(), "kind": "public"},
        {"name": "comments", "url": comments_url, "kind": "public"},
        {"name": "dashboard", "url": "/dashboard/", "kind": "signed-in", "user": board.user.username},
        {"name": "comment post", "url": comments_url, "kind": "comment-post"},
        {"name": "return save", "url": return_url, "kind": "return-save", "user": officer.user.username},
    ]
    if open_period is not None:
        from returns.models import QuarterlyReturn
        from returns.services import return_indicators

        first = return_indicators(QuarterlyReturn(forum=theme.lead_forum, period=open_period))[0]
        base = float(first.baseline_value or first.min_value or 1)
        places = first.decimal_places
        pages[-1]["value_field"] = f"value-{first.pk}-borough-value"
        pages[-1]["values"] = [f"{base:.{places}f}", f"{base * 1.01:.{places}f}"]
    for page in pages:
        page["available"] = bool(page["url"]) and _resolves(page["url"])
        if not page["available"]:
            page["why"] = "the URL does not exist yet"
    return {
        "plan": plan.slug,
        "plan_is_current": current is not None and current.pk == plan.pk,
        "wards": Area.objects.count(),
        "indicators": Indicator.objects.filter(theme__plan=plan).count(),
        "pages": pages,
        "users": {
            "board": board.user.username if board else None,
            "officer": officer.user.username if officer else None,
            "support": support.user.username if support else None,
        },
        "features": {
            "page_cache": True,
            "page_cache_default_seconds": settings.PUBLIC_PAGE_CACHE_SECONDS,
        },
        "overrides": settings.BENCH_OVERRIDES,  # always run under bench.settings
    }


# --- seed comments -----------------------------------------------------------------------------


def seed_comments(slug: str, count: int) -> dict:
    """Published comments on one theme, so that its comment list has pages to show.

    The synthetic dataset has no comments yet. ``count`` top-level comments from residents,
    one in three with a reply and one in five with an official response, spread over the
    last two years. Idempotent: the theme's comments are replaced. ``generate_synthetic
    --replace`` removes them with the plan.
    """
    import datetime
    import random

    from django.utils import timezone

    from consultation.models import Comment
    from partnership.cache import bump_content_version
    from partnership.models import Area, Membership, Role
    from themes.models import Theme

    theme = Theme.objects.select_related("lead_forum").get(slug=slug, plan__slug="synthetic-borough")
    Comment.objects.filter(theme=theme).delete()
    rng = random.Random(f"bench-comments:{slug}")  # noqa: S311 - synthetic text, not security
    wards = list(Area.objects.order_by("name")[:25])
    lead = Membership.objects.filter(forum=theme.lead_forum, role=Role.FORUM_LEAD).select_related("user").first()
    now = timezone.now()
    status = Comment.Status.PUBLISHED
    words = [
        "park",
        "street",
        "bins",
        "safety",
        "lighting",
        "bus",
        "school",
        "library",
        "youth",
        "centre",
        "parking",
        "crime",
        "litter",
        "housing",
    ]
    top = []
    for i in range(count):
        at = now - datetime.timedelta(hours=rng.randint(1, 2 * 365 * 24))
        body = f"Comment {i + 1}: " + " ".join(rng.choice(words) for _ in range(rng.randint(12, 80))) + "."
        top.append(
            Comment(
                theme=theme,
                display_name=f"Resident {i + 1}",
                email=f"resident-{i + 1}@example.invalid",
                area=rng.choice(wards) if wards else None,
                body=body,
                status=status,
                created_at=at,
                confirmed_at=at,
                published_at=at,
            )
        )
    Comment.objects.bulk_create(top)
    replies = []
    for i, parent in enumerate(top):
        at = parent.created_at + datetime.timedelta(hours=3)
        if i % 3 == 0:
            replies.append(
                Comment(
                    theme=theme,
                    parent=parent,
                    display_name=f"Neighbour {i + 1}",
                    email=f"neighbour-{i + 1}@example.invalid",
                    body="I agree: " + parent.body[:120],
                    status=status,
                    created_at=at,
                    confirmed_at=at,
                    published_at=at,
                )
            )
        if i % 5 == 0 and lead is not None:
            replies.append(
                Comment(
                    theme=theme,
                    parent=parent,
                    display_name=lead.user.get_full_name() or "Forum lead",
                    body="Thank you. The forum will look at this at its next meeting and report back here.",
                    status=status,
                    is_official=True,
                    author=lead.user,
                    responding_forum=theme.lead_forum,
                    created_at=at + datetime.timedelta(hours=1),
                    confirmed_at=at,
                    published_at=at + datetime.timedelta(hours=1),
                )
            )
    Comment.objects.bulk_create(replies)
    bump_content_version()  # bulk inserts send no signals
    return {"theme": slug, "top_level": len(top), "replies": len(replies)}


# --- queries -----------------------------------------------------------------------------------


def _client_for(page: dict) -> Client:
    from partnership.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    if page.get("user"):
        client.force_login(User.objects.get(username=page["user"]), backend=MODEL_BACKEND)
    return client


def _measure(call, repeat: int) -> dict:
    """Run ``call`` (one request) ``repeat`` times; the last run's queries, the median times."""
    totals, sql, counts, status, size = [], [], [], None, 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = call()
            totals.append(time.perf_counter() - started)
        counts.append(len(captured))
        sql.append(sum(float(q.get("time") or 0) for q in captured.captured_queries))
        status = response.status_code
        size = len(getattr(response, "content", b"") or b"")
    return {
        "status": status,
        "queries": counts[-1],
        "queries_min": min(counts),
        "queries_max": max(counts),
        "server_ms": round(statistics.median(totals) * 1000, 1),
        "sql_ms": round(statistics.median(sql) * 1000, 1),
        "bytes": size,
    }


def _comment_post(client: Client, url: str):
    page = client.get(url)
    form = next(f for f in forms(page.content.decode()) if any(name == "body" for name, _ in f.fields))
    data = dict(form.fields)
    data.update(display_name="Bench Resident", email="bench-probe@example.invalid", body="Query count probe.")
    body = urlencode(data)
    return lambda: client.post(url, body, content_type=FORM_ENCODED)


def _return_save(client: Client, page: dict):
    """One "Save draft" of the return form as a browser sends it, with one value and the narrative changed."""
    url = page["url"]

    def save(i: int):
        form_page = client.get(url)
        form = next(f for f in forms(form_page.content.decode()) if any(name == "version" for name, _ in f.fields))
        data = return_save_fields(form.fields, page["value_field"], page["values"][i % 2], f"Benchmark probe save {i}.")
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.post(url, urlencode(data), content_type=FORM_ENCODED)
            elapsed = time.perf_counter() - started
        return response, captured, elapsed

    return save


def queries(names: list[str] | None) -> dict:
    data = info()
    results = {}
    for page in data["pages"]:
        if names and page["name"] not in names:
            continue
        if not page["available"]:
            results[page["name"]] = {"available": False, "why": page.get("why", "")}
            continue
        client = _client_for(page)
        url = page["url"]
        entry: dict = {"available": True, "url": url}
        if page["kind"] in {"floor", "public", "signed-in"}:
            with override_settings(PUBLIC_PAGE_CACHE_SECONDS=0, DASHBOARD_CACHE_SECONDS=0):
                client.get(url)  # warm: template loading, first connection
                entry["uncached"] = _measure(lambda u=url, c=client: c.get(u), repeat=5)
            if page["kind"] in {"public", "signed-in"} and data["features"]["page_cache"]:
                with override_settings(PUBLIC_PAGE_CACHE_SECONDS=300, DASHBOARD_CACHE_SECONDS=300):
                    client.get(url)  # fills the cache
                    entry["cache_hit"] = _measure(lambda u=url, c=client: c.get(u), repeat=5)
        elif page["kind"] == "comment-post":
            entry["post"] = _measure(_comment_post(client, url), repeat=3)
            entry["post"]["note"] = "302 = accepted (the comment waits for its email to be confirmed)"
        elif page["kind"] == "return-save":
            save = _return_save(client, page)
            runs = [save(i) for i in range(3)]
            response, captured, _elapsed = runs[-1]
            entry["post"] = {
                "status": response.status_code,
                "queries": len(captured),
                "queries_min": min(len(r[1]) for r in runs),
                "queries_max": max(len(r[1]) for r in runs),
                "server_ms": round(statistics.median(r[2] for r in runs) * 1000, 1),
                "sql_ms": round(sum(float(q.get("time") or 0) for q in captured.captured_queries) * 1000, 1),
                "note": "302 = saved (redirect back to the form)",
            }
        results[page["name"]] = entry
    return {"wards": data["wards"], "pages": results}


# --- import ------------------------------------------------------------------------------------


class _Rollback(Exception):
    pass


def import_bench(rows: int) -> dict:
    """Time ``return_import`` on a ``rows``-row CSV and .xlsx; everything it creates is rolled back.

    The synthetic plan's forums report about 17 indicators × (25 wards + 1) = 442 values,
    so a return of 10,000 rows is built for the benchmark: a theme of its own with enough
    indicators reported by ward, in a transaction that is rolled back at the end (the
    database is left as it was; the time to commit is therefore not included).
    """
    from django.core.files.base import ContentFile

    from demo.synthetic import PLAN_SLUG, USERNAME_PREFIX
    from indicators.models import Frequency, Indicator, Polarity, ReportingPeriod, Unit
    from partnership.models import Area, CommunityPlan, Forum, Membership, Role
    from returns import imports, services
    from themes.models import Theme

    plan = CommunityPlan.objects.get(slug=PLAN_SLUG)
    period = (
        ReportingPeriod.objects.filter(status=ReportingPeriod.Status.OPEN)
        .order_by("-financial_year", "-quarter")
        .first()
    )
    wards = list(Area.objects.order_by("name"))
    per_indicator = len(wards) + 1
    n_indicators = math.ceil(rows / per_indicator)
    result: dict = {"rows": rows, "wards": len(wards), "indicators": n_indicators}
    try:
        with transaction.atomic():
            forum = Forum.objects.create(
                plan=plan, name="Bench import forum", slug="bench-import-forum", kind=Forum.Kind.THEME_LEAD
            )
            theme = Theme.objects.create(
                plan=plan,
                number=99,
                title="Bench import theme",
                slug="bench-import-theme",
                vision="Rolled back at the end of the benchmark.",
                lead_forum=forum,
            )
            Indicator.objects.bulk_create(
                Indicator(
                    theme=theme,
                    code=f"BENCH-{i:04d}",
                    slug=f"bench-{i:04d}",
                    title=f"Bench indicator {i}",
                    definition="For the import benchmark.",
                    unit=Unit.COUNT,
                    decimal_places=0,
                    polarity=Polarity.HIGHER_IS_BETTER,
                    frequency=Frequency.QUARTERLY,
                    area_kind="ward",
                    min_value=0,
                    max_value=1_000_000,
                    order=i,
                )
                for i in range(n_indicators)
            )
            officer = (
                Membership.objects.filter(role=Role.SUPPORT_GROUP, user__username__startswith=USERNAME_PREFIX)
                .select_related("user")
                .first()
                .user
            )
            quarterly_return = services.return_for(forum=forum, period=period)
            indicators = services.return_indicators(quarterly_return)

            def csv_bytes(offset: int) -> bytes:
                out = io.StringIO()
                out.write(",".join(imports.COLUMNS) + "\n")
                written = 0
                for indicator in indicators:
                    for ward in [None, *wards]:
                        if written == rows:
                            break
                        code, name = (ward.code, ward.name) if ward else ("", imports.BOROUGH_LABEL)
                        value = (indicator.order * 7 + written + offset) % 5000
                        out.write(f"{indicator.code},{indicator.title},{code},{name},{period.label},{value},,,,\n")
                        written += 1
                return out.getvalue().encode()

            def xlsx_bytes(offset: int) -> bytes:
                from openpyxl import Workbook

                book = Workbook(write_only=True)
                sheet = book.create_sheet("Return")
                lines = csv_bytes(offset).decode().splitlines()
                for line in lines:
                    cells = line.split(",")
                    if cells[5].isdigit():
                        cells[5] = int(cells[5])
                    sheet.append(cells)
                buffer = io.BytesIO()
                book.save(buffer)
                return buffer.getvalue()

            def timed_import(data: bytes, name: str) -> dict:
                quarterly_return.refresh_from_db()
                started = time.perf_counter()
                with CaptureQueriesContext(connection) as captured:
                    outcome = imports.return_import(
                        quarterly_return=quarterly_return,
                        by=officer,
                        expected_version=quarterly_return.version,
                        uploaded_file=ContentFile(data, name=name),
                    )
                seconds = time.perf_counter() - started
                if outcome.errors:
                    raise RuntimeError(f"The import was refused: {outcome.errors[:3]}")
                counts = outcome.counts
                return {
                    "seconds": round(seconds, 2),
                    "queries": len(captured),
                    "bytes": len(data),
                    "new": counts["new"],
                    "changed": counts["changed"],
                    "unchanged": counts["unchanged"],
                }

            def timed_parse(data: bytes, name: str) -> dict:
                started = time.perf_counter()
                parsed = imports.parse_return_file(quarterly_return, ContentFile(data, name=name))
                seconds = time.perf_counter() - started
                if parsed.errors:
                    raise RuntimeError(f"The preview found errors: {parsed.errors[:3]}")
                return {"seconds": round(seconds, 2), "rows": len(parsed.changes)}

            first = csv_bytes(0)
            result["csv_preview"] = timed_parse(first, "return.csv")
            result["csv_new"] = timed_import(first, "return.csv")
            result["csv_changed"] = timed_import(csv_bytes(1), "return.csv")
            book = xlsx_bytes(2)
            result["xlsx_preview"] = timed_parse(book, "return.xlsx")
            result["xlsx_changed"] = timed_import(book, "return.xlsx")
            raise _Rollback
    except _Rollback:
        pass
    result["note"] = (
        "10,000 rows = a bench-only theme of by-ward indicators × (wards + borough-wide); "
        "timed inside a transaction that is rolled back (commit not included)."
    )
    return result


# --- profile -----------------------------------------------------------------------------------


def profile(url: str, user: str | None, repeat: int, out_path: str) -> dict:
    client = _client_for({"user": user})
    with override_settings(PUBLIC_PAGE_CACHE_SECONDS=0, DASHBOARD_CACHE_SECONDS=0):
        client.get(url)
        profiler = cProfile.Profile()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            profiler.enable()
            for _ in range(repeat):
                client.get(url)
            profiler.disable()
            elapsed = time.perf_counter() - started
    sql = sum(float(q.get("time") or 0) for q in captured.captured_queries)
    buffer = io.StringIO()
    base = str(settings.BASE_DIR) + "/"
    buffer.write(f"# cProfile of GET {url} × {repeat} (page cache off), Django test client, bench.settings\n")
    buffer.write(
        f"# {elapsed / repeat * 1000:.1f} ms a request under the profiler; SQL {sql / repeat * 1000:.1f} ms "
        f"a request in {len(captured) // repeat} queries\n\n"
    )
    for sort, limit in (("cumulative", 45), ("tottime", 30)):
        buffer.write(f"## sorted by {sort}\n")
        stats = pstats.Stats(profiler, stream=buffer)
        stats.sort_stats(sort).print_stats(limit)
    slowest = _slowest_queries(captured.captured_queries, repeat)
    buffer.write("## slowest SQL statements (mean of the repeats)\n")
    for item in slowest:
        buffer.write(f"{item['ms']:8.1f} ms × {item['count']}  {item['sql']}\n")
    text = buffer.getvalue().replace(base, "").replace(sys.prefix + "/", "<venv>/")
    with open(out_path, "w", encoding="utf-8") as handle:
        handle.write(text)
    return {
        "url": url,
        "profiled_ms_per_request": round(elapsed / repeat * 1000, 1),
        "sql_ms_per_request": round(sql / repeat * 1000, 1),
        "queries_per_request": len(captured) // repeat,
        "file": out_path,
        "top": _top_functions(profiler, base),
        "slowest_sql": [{**item, "sql": item["sql"][:300]} for item in slowest[:3]],
    }


def _slowest_queries(captured: list[dict], repeat: int, limit: int = 8) -> list[dict]:
    """The statements that took longest, per request: the same SQL text summed over the repeats."""
    totals: dict[str, list[float]] = {}
    for query in captured:
        sql = re.sub(r"\s+", " ", query["sql"])
        totals.setdefault(sql, []).append(float(query.get("time") or 0))
    rows = [
        {"ms": round(sum(times) / repeat * 1000, 1), "count": round(len(times) / repeat, 1), "sql": sql[:1500]}
        for sql, times in totals.items()
    ]
    return sorted(rows, key=lambda row: -row["ms"])[:limit]


def _top_functions(profiler: cProfile.Profile, base: str, limit: int = 12) -> list[dict]:
    stats = pstats.Stats(profiler)
    rows = []
    for (filename, line, func), (_cc, calls, tottime, cumtime, _callers) in stats.stats.items():
        rows.append((tottime, cumtime, calls, f"{filename.replace(base, '')}:{line}({func})"))
    rows.sort(reverse=True)
    return [
        {"function": name, "tottime_s": round(tot, 4), "cumtime_s": round(cum, 4), "calls": calls}
        for tot, cum, calls, name in rows[:limit]
    ]


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.probe")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("info")
    q = sub.add_parser("queries")
    q.add_argument("--page", action="append")
    c = sub.add_parser("seed-comments")
    c.add_argument("--theme", required=True)
    c.add_argument("--count", type=int, default=120)
    i = sub.add_parser("import")
    i.add_argument("--rows", type=int, default=10_000)
    p = sub.add_parser("profile")
    p.add_argument("--url", required=True)
    p.add_argument("--user")
    p.add_argument("--repeat", type=int, default=10)
    p.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    if args.command == "info":
        _emit(info())
    elif args.command == "queries":
        _emit(queries(args.page))
    elif args.command == "seed-comments":
        _emit(seed_comments(args.theme, args.count))
    elif args.command == "import":
        _emit(import_bench(args.rows))
    elif args.command == "profile":
        _emit(profile(args.url, args.user, args.repeat, args.out))


if __name__ == "__main__":
    main(sys.argv[1:])
