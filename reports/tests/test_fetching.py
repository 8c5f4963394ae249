"""What WeasyPrint may fetch while rendering the report: the portal's static files and data: URIs, nothing else."""

from __future__ import annotations

import logging

import pytest

from reports.fetching import PortalStaticFetcher, static_url
from reports.rendering import PRINT_STYLESHEET

REFUSED = [
    "file:///etc/passwd",
    "http://127.0.0.1/",
    "http://localhost:6379/",
    "https://example.org/logo.png",
    static_url("reports/../../../partnership/settings.py"),
    static_url("reports/%2e%2e/%2e%2e/%2e%2e/partnership/settings.py"),
    static_url("/etc/passwd"),
    static_url("reports/no-such-file.css"),
    static_url(""),
]


@pytest.mark.parametrize("url", REFUSED)
def test_the_report_fetcher_refuses_anything_but_static_files_and_logs_the_url(url, caplog):
    fetcher = PortalStaticFetcher()

    with caplog.at_level(logging.WARNING, logger="reports.fetching"), pytest.raises(ValueError, match="Refused"):
        fetcher(url)

    assert any(url in record.getMessage() for record in caplog.records if record.levelno == logging.WARNING)


def test_the_report_fetcher_refusal_leaves_the_weasyprint_document_without_the_resource(caplog):
    from weasyprint import HTML

    html = '<html><body><img src="file:///etc/passwd" alt="x"><img src="http://127.0.0.1/" alt="y"></body></html>'
    with caplog.at_level(logging.WARNING, logger="reports.fetching"):
        HTML(string=html, url_fetcher=PortalStaticFetcher()).write_pdf()

    refused = {record.args[0] for record in caplog.records if record.name == "reports.fetching"}
    assert refused == {"file:///etc/passwd", "http://127.0.0.1/"}


def test_the_report_fetcher_serves_a_static_file_and_data_uris():
    fetcher = PortalStaticFetcher()

    response = fetcher(static_url(PRINT_STYLESHEET))
    try:
        assert response.content_type == "text/css"
        assert b"@page" in response.read()
    finally:
        response.close()

    data = fetcher("data:text/plain;base64,aGVsbG8=")
    assert data.read() == b"hello"
    data.close()
