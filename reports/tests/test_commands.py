"""``build_annual_report``, and the bench-only ``bench_annual_report``, from the shell."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from reports import services
from reports.models import AnnualReport


def _run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_build_sync_builds_here_and_says_where_the_file_is(report_world):
    output = _run("build_annual_report", "2014", "--sync")

    report = AnnualReport.objects.get()
    assert report.status == AnnualReport.Status.READY
    assert report.file.name in output and "pages" in output

    assert "unchanged since the last build; file kept" in _run("build_annual_report", "2014", "--sync")
    assert "built:" in _run("build_annual_report", "2014", "--sync", "--force")
    assert AnnualReport.objects.count() == 1


def test_build_without_sync_queues_it_as_the_web_button_does(report_world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        output = _run("build_annual_report", "2014")

    assert "The 2014/15 report is queued." in output
    assert len(callbacks) == 1  # handed to its worker once the request commits
    # No broker in tests: the report worker (run_report_worker) takes it from the table.
    assert AnnualReport.objects.get().status == AnnualReport.Status.QUEUED
    services.annual_report_build_next()
    assert AnnualReport.objects.get().status == AnnualReport.Status.READY


def test_build_reports_bad_data_as_a_command_error(report_world):
    with pytest.raises(CommandError, match="No quarter of 2015/16 has been published yet"):
        _run("build_annual_report", "2015", "--sync")
    with pytest.raises(CommandError, match="has no year 2030"):
        _run("build_annual_report", "2030")


def test_bench_prints_the_split_and_peak_memory(report_world):
    # Not installed under the test settings: the command is called as an instance.
    from bench.management.commands.bench_annual_report import Command as BenchAnnualReport

    output = _run(BenchAnnualReport(), "--year", "2014")

    for words in ("Gathering data", "WeasyPrint layout", "Our share", "Peak memory", "whole build under 30 s"):
        assert words in output
