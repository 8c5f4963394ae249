"""The pages the checks visit: who visits, where, and what they do there first.

Pages are looked up at test time, by what people see (theme number, indicator code,
the demo's usernames), so that the lists can be built before the database exists.
Content the demo lacks (a comment, a consultation, a suggestion, a published report) is
made by ``e2e.content``. A page whose URL does not exist yet (a feature still being
built) is skipped, naming it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import NoReverseMatch, reverse

from e2e import content


def url(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        pytest.skip(f"{name} does not exist yet: that page is still being built")


def indicator(code: str) -> str:
    from indicators.models import Indicator

    return url("indicators:indicator-detail", Indicator.objects.get(code=code, theme__plan=content.current_plan()).slug)


def theme_url(number: int) -> str:
    return url("indicators:theme-detail", content.theme(number).slug)


def cross_cutting(position: int) -> str:
    from themes.models import CrossCuttingTheme

    items = list(CrossCuttingTheme.objects.filter(plan=content.current_plan()).order_by("order", "pk"))
    if len(items) <= position:
        pytest.skip(f"the plan has only {len(items)} cross-cutting themes")
    return url("themes:cross-cutting-detail", items[position].slug)


def area(with_plan: bool) -> str:
    from partnership.models import Area

    areas = Area.objects.order_by("name")
    if with_plan:
        areas = areas.filter(plans__isnull=False).distinct()
    return url("indicators:area-detail", areas.first().slug)


# Two of the demo's forums, by name (demo/data/dacorum-2015/forums.yaml).
CSP = "Dacorum Community Safety Partnership"
CYP_FORUM = "Dacorum Children and Young People's Strategic Partnership"


def return_url(name: str, forum_name: str, period: tuple[int, int] | None = None) -> str:
    forum = content.forum(forum_name)
    chosen = content.period(*period) if period else content.open_period()
    return url(name, forum.pk, chosen.pk)


# --- Things to do on a page before it is checked ---------------------------------------------


def submit_empty(button: str) -> Callable:
    """Press the (last) button of that name with nothing filled in: the page comes back with its errors."""

    def act(page) -> None:
        with page.expect_navigation():
            page.locator("main").get_by_role("button", name=button).last.click()

    return act


def bad_sign_in(page) -> None:
    # An unknown username: a failed attempt counts towards a lockout of that name only.
    page.get_by_label("Username").fill("nobody-at-all")
    page.get_by_label("Password").fill("wrong")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()


def bad_return_value(page) -> None:
    page.locator("main fieldset input[inputmode=decimal]").first.fill("twelve")
    with page.expect_navigation():
        page.get_by_role("button", name="Save draft").click()
    assert page.locator("#error-summary").is_visible()


def upload_bad_rows(page) -> None:
    """101 rows with problems: reading stops (said next to the file field), the rows in a table."""
    header = "indicator_code,indicator_title,area_code,area_name,period,value,status,quality,note,no_value_reason"
    csv = "\r\n".join([header, *["ZZ,,,,Q,x,,,,"] * 101]).encode()
    page.locator("main input[type=file]").set_input_files(
        files=[{"name": "bad.csv", "mimeType": "text/csv", "buffer": csv}]
    )
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Upload and preview").click()


def open_area_values(page) -> None:
    for summary in page.locator("main details > summary").all():
        summary.click()


# --- The pages ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    id: str
    user: str | None
    url: Callable[[], str]
    status: int = 200
    action: Callable | None = None
    expect: str = ""  # text that must be on the page after the action (proves the state checked)


PUBLIC = [
    Check("home", None, lambda: url("home")),
    *[Check(f"theme-{n}", None, lambda n=n: theme_url(n)) for n in range(1, 10)],
    Check("indicator-by-ward-annual-percent", None, lambda: indicator("CS-01")),
    Check("indicator-by-ward-cumulative", None, lambda: indicator("CS-02")),
    Check("indicator-cumulative", None, lambda: indicator("LL-01")),
    Check("indicator-rate", None, lambda: indicator("HC-04")),
    Check("indicator-quarterly-percent", None, lambda: indicator("EN-04")),
    Check("areas", None, lambda: url("partnership:area-list")),
    Check("area", None, lambda: area(with_plan=False)),
    Check("area-with-area-plan", None, lambda: area(with_plan=True)),
    Check("partners", None, lambda: url("partnership:partner-list")),
    Check("monitoring", None, lambda: url("indicators:monitoring")),
    *[Check(f"cross-cutting-{n + 1}", None, lambda n=n: cross_cutting(n)) for n in range(3)],
    Check("not-found", None, lambda: "/no-such-page/", status=404),
    Check("sign-in", None, lambda: url("login")),
    Check("sign-in-error", None, lambda: url("login"), action=bad_sign_in, expect="Enter a correct username"),
    Check("password-reset", None, lambda: url("password_reset")),
    # Residents having their say.
    Check("have-your-say", None, lambda: url("consultation:get-involved")),
    Check("theme-comments", None, lambda: url("consultation:theme-comments", content.published_comment().theme.slug)),
    Check(
        "theme-comments-errors",
        None,
        lambda: url("consultation:theme-comments", content.theme(1).slug),
        action=submit_empty("Send comment"),
        expect="Enter your comment",
    ),
    Check(
        "objective-comments",
        None,
        lambda: url("consultation:objective-comments", content.theme(1).objectives.order_by("pk").first().pk),
    ),
    Check("indicator-comments", None, lambda: url("consultation:indicator-comments", "total-recorded-crime")),
    Check("comment-thread", None, lambda: url("consultation:comment-thread", content.published_comment().pk)),
    Check("comment-reply", None, lambda: url("consultation:comment-reply", content.published_comment().pk)),
    Check("comment-report", None, lambda: url("consultation:comment-report", content.published_comment().pk)),
    Check("consultations", None, lambda: (content.consultation(), url("consultation:consultation-list"))[1]),
    Check("consultation", None, lambda: url("consultation:consultation-detail", content.consultation().slug)),
    Check(
        "consultation-comments", None, lambda: url("consultation:consultation-comments", content.consultation().slug)
    ),
    Check("suggestions", None, lambda: (content.suggestion(), url("consultation:suggestion-list"))[1]),
    Check("suggestion", None, lambda: url("consultation:suggestion-detail", content.suggestion().pk)),
    Check("suggestion-form", None, lambda: url("consultation:suggestion-new")),
    Check(
        "suggestion-form-errors",
        None,
        lambda: url("consultation:suggestion-new"),
        action=submit_empty("Send"),
        expect="Enter your suggestion in a few words",
    ),
    Check("workshop-request", None, lambda: url("consultation:workshop-request")),
    Check("mailing-list-request", None, lambda: url("consultation:mailing-list-request")),
    Check("area-plans", None, lambda: url("consultation:area-plans")),
    Check("privacy", None, lambda: url("consultation:privacy")),
    Check("moderation-policy", None, lambda: url("consultation:moderation-policy")),
    Check("check-your-email", None, lambda: url("consultation:check-email") + "?sent=comment"),
    # The annual report.
    Check("reports", None, lambda: (content.published_report(), url("reports:report-list"))[1]),
    Check("report", None, lambda: url("reports:report-detail", content.published_report().year)),
]

SIGNED_IN = [
    # A partner officer (two forums: the journeys use the Community Safety Partnership's
    # open return, so these use the Children and Young People's).
    Check("my-returns", "officer", lambda: url("returns:my-returns")),
    Check("reporting-periods", "officer", lambda: url("returns:period-list")),
    Check(
        "return-form",
        "officer",
        lambda: return_url("returns:return-edit", CYP_FORUM),
        action=open_area_values,
    ),
    Check(
        "return-form-errors",
        "officer",
        lambda: return_url("returns:return-edit", CYP_FORUM),
        action=bad_return_value,
        expect="There is a problem",
    ),
    Check("return-detail", "officer", lambda: return_url("returns:return-detail", CSP, (2014, 4))),
    Check("return-history", "officer", lambda: return_url("returns:return-history", CSP, (2014, 4))),
    Check("return-import", "officer", lambda: return_url("returns:return-import", CYP_FORUM)),
    Check(
        "return-import-errors",
        "officer",
        lambda: return_url("returns:return-import", CYP_FORUM),
        action=submit_empty("Upload"),
    ),
    Check(
        "return-import-problems",
        "officer",
        lambda: return_url("returns:return-import", CYP_FORUM),
        action=upload_bad_rows,
        expect="Reading stopped at row 102",
    ),
    Check("password-change", "officer", lambda: url("password_change")),
    # The forum lead.
    Check("return-detail-forum-lead", "forumlead", lambda: return_url("returns:return-detail", CSP, (2014, 4))),
    Check("comment-respond", "forumlead", lambda: url("consultation:comment-respond", content.published_comment().pk)),
    # The board.
    Check("dashboard", "board", lambda: url("dashboard:dashboard")),
    Check("dashboard-indicators", "board", lambda: url("dashboard:indicator-list")),
    Check(
        "dashboard-indicators-by-ward",
        "board",
        lambda: url("dashboard:indicator-list") + "?area=" + str(_first_area_pk()),
    ),
    Check("dashboard-indicator-analysis", "board", lambda: url("dashboard:indicator-analysis", "total-recorded-crime")),
    # The LSP Support Group.
    Check(
        "support-today",
        "support",
        lambda: (content.pending_comment(), content.consultation(), url("dashboard:support-today"))[2],
        expect="What needs doing today",
    ),
    Check("moderation-queue", "support", lambda: (content.pending_comment(), url("consultation:moderation-queue"))[1]),
    Check(
        "moderation-comment", "support", lambda: url("consultation:moderation-comment", content.pending_comment().pk)
    ),
    Check(
        "moderation-suggestion",
        "support",
        lambda: url("consultation:moderation-suggestion", content.pending_suggestion().pk),
    ),
    Check(
        "moderation-suggestion-errors",
        "support",
        lambda: url("consultation:moderation-suggestion", content.pending_suggestion().pk),
        action=submit_empty("Record the decision"),
        expect="Select whether to publish the suggestion",
    ),
    Check(
        "suggestions-to-answer",
        "support",
        lambda: (content.suggestion(), url("consultation:suggestion-manage-list"))[1],
    ),
    Check("suggestion-answer", "support", lambda: url("consultation:suggestion-manage", content.suggestion().pk)),
    Check("requests", "support", lambda: url("consultation:request-queue")),
    Check("reporting-periods-support", "support", lambda: url("returns:period-list")),
    Check(
        "period-publish",
        "support",
        lambda: url("returns:period-publish", _period_pk((2015, 1))),
        expect="Still outstanding",
    ),
    Check("period-backfill", "support", lambda: url("returns:period-backfill")),
    Check(
        "period-backfill-errors",
        "support",
        lambda: url("returns:period-backfill"),
        action=submit_empty("Open for back-fill"),
        expect="Select a quarter",
    ),
    Check("reports-manage", "support", lambda: url("reports:report-manage")),
    Check("report-status", "support", lambda: url("reports:report-status", content.published_report().year)),
    # The administrator: importing a plan package.
    Check("plan-package-import", "admin", lambda: url("plan_packages:import")),
    Check(
        "plan-package-import-errors",
        "admin",
        lambda: url("plan_packages:import"),
        action=submit_empty("Check the package"),
        expect="There is a problem",
    ),
]


def _period_pk(key: tuple[int, int]) -> int:
    from indicators.models import ReportingPeriod

    return ReportingPeriod.objects.get(financial_year=key[0], quarter=key[1]).pk


def _first_area_pk() -> int:
    from partnership.models import Area

    return Area.objects.order_by("name").first().pk
