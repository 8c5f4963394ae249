"""Helpers and constants for the annual report tests (fixtures are in ``conftest.py``)."""

from __future__ import annotations

import io
from decimal import Decimal as D
from urllib.parse import quote

from reports.models import AnnualReport

# Words that must never reach the report: a draft's, a submitted return's, last year's, a non-public indicator's.
DRAFT_ACHIEVEMENT = "Draft achievement still being written"
DRAFT_VALUE = D("424242")
SUBMITTED_ACHIEVEMENT = "Submitted achievement awaiting approval"
SUBMITTED_CASE_STUDY = "Submitted case study awaiting approval"
LAST_YEAR_ACHIEVEMENT = "Achievement from the year before"
SECRET_TITLE = "Secret internal measure"


def database_url() -> str:
    """The database this process uses (the test database, in a test), as a URL a worker process can open."""
    from django.db import connection

    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db.get("PASSWORD"):
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db.get("HOST") or "127.0.0.1"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{credentials}@{host}{port}/{quote(db['NAME'], safe='')}"


def use_broker(app, url: str | None, *, eager: bool = False) -> None:
    """Point the Celery app at a broker, sending tasks to it rather than running them in-process."""
    app.conf.update(broker_url=url, task_always_eager=eager)
    # Producer pools are made for the broker URL of the day, and kombu keeps them in a global
    # registry by URL: clear it, and the app's references, so the next send connects afresh.
    from kombu import pools

    pools.reset()
    app._pool = None
    amqp = app.__dict__.get("amqp")
    if amqp is not None:
        amqp._producer_pool = None


def pdf_text(data: bytes) -> str:
    """Every page's text, with runs of white space made single spaces (pypdf splits lines as it lays out)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def report_pdf_text(report: AnnualReport) -> str:
    with report.file.open("rb") as handle:
        return pdf_text(handle.read())
