"""Turning the report's content into its two documents: the tagged PDF and the HTML version.

Both are rendered from ``templates/reports/_report.html`` with the same content and the
same charts; ``pdf`` switches the few things that differ (contents page numbers and
running headers in print; chart data tables and inline icons on the web).

The PDF is made by WeasyPrint with its own print stylesheet
(``reports/static/reports/annual-report-print.css``), not Bootstrap. It is tagged for
accessibility as PDF/UA-1 (``pdf_variant="pdf/ua-1"``, which WeasyPrint 70 offers; where
a WeasyPrint lacks it, a tagged PDF with ``pdf_tags``): the document's language and
title, real headings, lists, table headers, and each chart as an image whose alternative
text is the chart's own title (``reports.figures.as_image``). Status shapes are drawn by
the stylesheet as backgrounds, so they are decoration, not figures.

Fonts come from Debian's ``fonts-liberation`` (text) and ``fonts-dejavu-core``
(fallback) and are embedded, subset, in the file.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.template.loader import render_to_string

from indicators import charts
from indicators.rag import Rag, Trend

from .figures import ReportCharts
from .selectors import ReportContent

logger = logging.getLogger(__name__)
# WeasyPrint logs every page of its layout at INFO; the build's own log says enough.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

PRINT_STYLESHEET = "reports/annual-report-print.css"  # a static file, fetched as the document's own resources are


@dataclass(frozen=True)
class Timing:
    wall: float  # seconds, as a clock on the wall sees them
    cpu: float  # seconds of this process's CPU: what the work costs on a machine shared with others


class Stopwatch:
    """Laps of wall-clock and CPU time."""

    def __init__(self) -> None:
        self._wall, self._cpu = time.perf_counter(), time.process_time()

    def lap(self) -> Timing:
        wall, cpu = time.perf_counter(), time.process_time()
        timing = Timing(wall - self._wall, cpu - self._cpu)
        self._wall, self._cpu = wall, cpu
        return timing


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    page_count: int
    templates: Timing  # Django templates: ours
    layout: Timing  # WeasyPrint parsing and layout
    write: Timing  # WeasyPrint drawing and writing the PDF
    variant: str  # "pdf/ua-1", or "tags" where the variant is not offered


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;charset=utf-8," + quote(svg, safe="")


def icon_stylesheet() -> str:
    """CSS that draws each RAG and trend shape, from the shared chart module, before its label."""
    icons = [(f"rag-{rag.value}", charts.rag_icon(rag.value, standalone=True)) for rag in Rag]
    icons += [(f"trend-{trend.value}", charts.trend_icon(trend.value, standalone=True)) for trend in Trend]
    rules = [f'.{name}::before {{ background-image: url("{_data_uri(icon)}"); }}' for name, icon in icons]
    return "\n".join(rules)


def render_report_html(content: ReportContent, report_charts: ReportCharts, *, pdf: bool) -> str:
    """The report as HTML: the whole print document (``pdf=True``) or the web page's body fragment."""
    context = {"content": content, "charts": report_charts, "pdf": pdf}
    if pdf:
        context["icon_css"] = icon_stylesheet()
        return render_to_string("reports/annual_report_pdf.html", context)
    return render_to_string("reports/_report.html", context)


def _pdf_options() -> tuple[dict, str]:
    from weasyprint.pdf import VARIANTS

    variant = settings.REPORT_PDF_VARIANT
    if variant in VARIANTS:
        return {"pdf_variant": variant}, variant
    logger.warning("WeasyPrint does not offer %s here; writing a tagged PDF instead.", variant)
    return {"pdf_tags": True}, "tags"


def render_pdf(content: ReportContent, report_charts: ReportCharts) -> RenderedPdf:
    from weasyprint import CSS, HTML

    from .fetching import PortalStaticFetcher, static_base_url, static_url

    stopwatch = Stopwatch()
    html = render_report_html(content, report_charts, pdf=True)
    templates = stopwatch.lap()
    # Every resource, the print stylesheet included, goes through the fetcher: the portal's
    # static files and data: URIs only (reports/fetching.py).
    fetcher = PortalStaticFetcher()
    stylesheet = CSS(url=static_url(PRINT_STYLESHEET), url_fetcher=fetcher)
    document = HTML(string=html, base_url=static_base_url(), url_fetcher=fetcher).render(stylesheets=[stylesheet])
    layout = stopwatch.lap()
    options, variant = _pdf_options()
    data = document.write_pdf(**options)
    return RenderedPdf(
        data=data,
        page_count=len(document.pages),
        templates=templates,
        layout=layout,
        write=stopwatch.lap(),
        variant=variant,
    )
