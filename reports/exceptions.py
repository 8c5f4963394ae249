"""Errors of the annual report build."""


class ReportDataError(Exception):
    """The plan's data cannot make a report (no closed quarter, no themes…): fix the data, then rebuild.

    Never retried: the same data would fail the same way. The message is shown to the
    support group on the report's status page, so it says what to do.
    """


class ReportStateError(Exception):
    """An action the report's status does not allow, e.g. publishing a report that is still building."""
