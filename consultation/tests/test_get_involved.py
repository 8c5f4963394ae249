"""“It's your community — be part of it”: workshop and mailing-list requests, the area plans page, the policies."""

import re

import pytest
from django.urls import reverse

from consultation.models import MailingListRequest, RequestStatus, WorkshopRequest
from partnership.models import Area, AreaPlan
from themes.models import AreaPriority

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("partnership")]


def confirm_link(message) -> str:
    return re.search(r"(/have-your-say/confirm/[^\s]+/)", message.body)[1]


def test_the_page_invites_every_way_of_taking_part(client, site, page_ok):
    html = page_ok(client.get(reverse("consultation:get-involved")), "It's your community — be part of it")
    for url in (
        reverse("consultation:workshop-request"),
        reverse("consultation:mailing-list-request"),
        reverse("consultation:suggestion-new"),
        reverse("consultation:theme-comments", args=[site.tiny.safety.slug]),
        site.open.get_absolute_url(),
        reverse("consultation:area-plans"),
        reverse("consultation:privacy"),
    ):
        assert f'href="{url}"' in html, url
    assert site.closed.title not in html  # only open consultations are offered


def test_a_workshop_request_reaches_the_support_groups_queue_once_confirmed(
    client, tiny_plan, personas, form_data, mailoutbox, django_capture_on_commit_callbacks, page_ok
):
    page_ok(client.get(reverse("consultation:workshop-request")), "Request a workshop for your community group")
    data = form_data(
        group_name="Boxmoor Bowls Club",
        contact_name="Val",
        email="val@example.org",
        area=tiny_plan.boxmoor.pk,
        themes=[tiny_plan.safety.pk, tiny_plan.environment.pk],
        message="Tuesday afternoons suit us.",
        preferred_dates="March",
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("consultation:workshop-request"), data).status_code == 302
    request = WorkshopRequest.objects.get()
    assert set(request.themes.all()) == {tiny_plan.safety, tiny_plan.environment}
    client.force_login(personas["support_group"])
    queue = reverse("consultation:request-queue")
    assert "Boxmoor Bowls Club" not in client.get(queue).content.decode()  # not confirmed yet
    client.post(confirm_link(mailoutbox[0]))
    html = page_ok(client.get(queue), "Workshop and mailing-list requests")
    assert "Boxmoor Bowls Club" in html and "val@example.org" in html
    detail = reverse("consultation:request-detail", args=["workshop", request.pk])
    client.post(detail, {"status": RequestStatus.DONE, "note": "Booked for 4 March."})
    request.refresh_from_db()
    assert (request.status, request.note) == (RequestStatus.DONE, "Booked for 4 March.")
    assert "Boxmoor Bowls Club" not in client.get(queue).content.decode()  # the queue shows open ones
    assert "Boxmoor Bowls Club" in client.get(queue, {"status": "done"}).content.decode()


def test_asking_to_join_a_forums_mailing_list(
    client, tiny_plan, personas, form_data, mailoutbox, django_capture_on_commit_callbacks
):
    data = form_data(forum=tiny_plan.environment_forum.pk, name="Kim", email="kim@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("consultation:mailing-list-request"), data)
    again = form_data(forum=tiny_plan.environment_forum.pk, name="Kim", email="kim@example.org")  # a new form
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("consultation:mailing-list-request"), again)  # asked twice: one request, a fresh link
    assert MailingListRequest.objects.count() == 1
    assert len(mailoutbox) == 2
    client.post(confirm_link(mailoutbox[-1]))
    request = MailingListRequest.objects.get()
    assert request.confirmed_at and request.forum == tiny_plan.environment_forum
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("consultation:mailing-list-request"), {**data, **form_data()}).status_code == 302
    assert len(mailoutbox) == 2  # already on the list: nothing more is sent
    client.force_login(personas["support_group"])
    client.post(
        reverse("consultation:request-detail", args=["mailing-list", request.pk]),
        {"status": RequestStatus.IN_PROGRESS, "note": ""},
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.IN_PROGRESS


def test_only_theme_forums_have_mailing_lists_here(client, tiny_plan, form_data):
    data = form_data(forum=tiny_plan.board_forum.pk, name="Kim", email="kim@example.org")
    html = client.post(reverse("consultation:mailing-list-request"), data).content.decode()
    assert "Select the forum you would like to hear from" in html
    assert not MailingListRequest.objects.exists()


def test_area_plans_page_counts_areas_referencing_each_theme_in_their_latest_plan(
    client, tiny_plan, page_ok, django_assert_num_queries
):
    # Boxmoor's latest plan (2014) has a safety priority; Highfield's only plan (2013) has an
    # environment one; Boxmoor's older 2013 plan had an environment one, which no longer counts.
    old_boxmoor = AreaPlan.objects.get(area=tiny_plan.boxmoor, year=2013)
    AreaPriority.objects.create(area_plan=old_boxmoor, title="Old priority").themes.set([tiny_plan.environment])
    highfield = AreaPlan.objects.create(area=tiny_plan.highfield, year=2013)
    AreaPriority.objects.create(area_plan=highfield, title="Clean streets").themes.set([tiny_plan.environment])
    # 1 current plan, 2 areas of the kinds with plans, 3 latest plans, 4 their priorities' themes,
    # 5 the plan's themes.
    with django_assert_num_queries(5):
        response = client.get(reverse("consultation:area-plans"))
    html = page_ok(response, "Themes in the ward plans")
    assert "2 of 2 wards have a ward plan" in html
    rows = dict(re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a></th>\s*<td[^>]*>(\d+ of \d+)</td>', html))
    assert rows == {"Safety": "1 of 2", "Environment": "1 of 2"}
    assert 'role="img"' in html  # the chart, beside the table


def test_the_privacy_notice_says_what_is_kept_and_for_how_long(client, db, page_ok, settings):
    settings.CONSULTATION_RETENTION_DAYS = 30
    html = page_ok(client.get(reverse("consultation:privacy")), "Privacy notice")
    assert "Your email address. It is never shown on any page, feed or download" in html
    assert "deleted after 30 days" in html


def test_check_your_email_page_ignores_unknown_kinds(client, db, page_ok):
    html = page_ok(client.get(reverse("consultation:check-email"), {"sent": "<script>"}), "Check your email")
    assert "<script>" not in html


def test_area_plans_page_counts_within_the_kinds_of_area_that_have_plans(
    client, tiny_plan, page_ok, make, django_assert_num_queries
):
    # 25 wards (two of the tiny plan's and 23 more), one with a plan; 30 policing areas, none with a plan.
    for n in range(23):
        make.area(f"Ward {n:02d}", f"W{n + 10}")
    for n in range(30):
        make.area(f"Beat {n:02d}", f"P{n}", kind="policing_area")
    with django_assert_num_queries(5):
        html = page_ok(client.get(reverse("consultation:area-plans")), "Themes in the ward plans")
    assert "1 of 25 wards have a ward plan" in html
    rows = dict(re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a></th>\s*<td[^>]*>(\d+ of \d+)</td>', html))
    assert rows == {"Safety": "1 of 25", "Environment": "0 of 25"}

    # Once a policing area has a plan too, both kinds count, and the page speaks of areas.
    beat = Area.objects.get(name="Beat 00")
    AreaPriority.objects.create(area_plan=AreaPlan.objects.create(area=beat, year=2014), title="Patrols").themes.set(
        [tiny_plan.safety]
    )
    html = page_ok(client.get(reverse("consultation:area-plans")), "Themes in the area plans")
    assert "2 of 55 areas have an area plan" in html
    assert "Safety" in html and "2 of 55" in html
