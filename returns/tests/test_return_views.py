"""The partners' pages, as a browser sees them: sign-in, the return form, sign-off, history."""

import re
from decimal import Decimal as D

import pytest
from django.urls import reverse

from indicators.models import Indicator, Measurement, Target
from partnership.models import Area
from returns.models import QuarterlyReturn
from returns.services import value_key

pytestmark = pytest.mark.django_db


def url(name, world, period=None):
    return reverse(f"returns:{name}", args=[world.safety.pk, (period or world.period).pk])


def client_for(client, world, role):
    user = world.users[role]
    if role != "anonymous":
        client.force_login(user)
    return client


def form_data(world, version=1, crime="880", feel_safe="74", **extra):
    data = {
        "version": str(version),
        f"{value_key(world.crime.pk, None)}-value": crime,
        f"{value_key(world.crime.pk, None)}-status": "final",
        f"{value_key(world.crime.pk, None)}-quality": "good",
        f"{value_key(world.feel_safe.pk, None)}-value": feel_safe,
        f"{value_key(world.feel_safe.pk, None)}-status": "final",
        f"{value_key(world.feel_safe.pk, None)}-quality": "good",
        "progress_summary": "Panels met in every area.",
    }
    for area in world.areas:
        data[f"{value_key(world.crime.pk, area.pk)}-value"] = "440"
    data.update(extra)
    return data


def test_anonymous_users_are_sent_to_sign_in(client, world):
    for target in [reverse("returns:my-returns"), url("return-detail", world), url("return-edit", world)]:
        response = client.get(target)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("persona", "lands_on"),
    [
        ("officer", "returns:my-returns"),
        ("forum_lead", "returns:my-returns"),
        ("support_group", "dashboard:support-today"),
        ("board_member", "dashboard:dashboard"),
        ("outsider", "returns:my-returns"),
    ],
)
def test_each_role_lands_on_its_own_work_after_signing_in(client, personas, persona, lands_on):
    user = personas[persona]
    user.set_password("the-right-password-2015")
    user.save()
    response = client.post(reverse("login"), {"username": user.username, "password": "the-right-password-2015"})
    assert response["Location"] == reverse("returns:signed-in")
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"] == reverse(lands_on)


def test_sign_in_with_a_next_page_goes_there_not_to_the_landing_page(client, personas):
    user = personas["board_member"]
    user.set_password("the-right-password-2015")
    user.save()
    response = client.post(
        reverse("login") + "?next=/returns/periods/",
        {"username": user.username, "password": "the-right-password-2015", "next": "/returns/periods/"},
    )
    assert response["Location"] == "/returns/periods/"


def test_my_returns_lists_what_the_officer_owes_with_deadline_and_status(client, world, django_assert_num_queries):
    client_for(client, world, "officer")
    # session, user, memberships, officer's forums, open periods, theme-lead forums, returns
    with django_assert_num_queries(7):
        response = client.get(reverse("returns:my-returns"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Community Safety Partnership" in html
    assert "Environmental Forum" not in html
    assert "Not started" in html
    assert re.search(r"\d+ days? (left|late)", html)


def test_my_returns_query_count_does_not_grow_with_forums_and_returns(client, world, django_assert_num_queries):
    from partnership.models import Forum

    police = world.safety.organisations.get(slug="police")
    for n in range(30):
        forum = Forum.objects.create(plan=world.plan, name=f"Forum {n}", slug=f"forum-{n}")
        forum.organisations.add(police)  # the officer's organisation sits on every one
        QuarterlyReturn.objects.create(forum=forum, period=world.period)
    client_for(client, world, "officer")
    with django_assert_num_queries(7):  # the same seven as for one forum
        response = client.get(reverse("returns:my-returns"))
    assert response.content.decode().count("Not started") + response.content.decode().count("Draft") >= 31


def test_a_forum_whose_name_starts_with_the_is_not_called_the_the(client, world):
    world.safety.name = "The Communities Forum"
    world.safety.save()
    client_for(client, world, "officer")
    html = client.get(reverse("returns:my-returns")).content.decode()
    assert "The Communities Forum return" in html
    assert "the The" not in html


def test_a_return_nobody_has_started_says_not_started_on_its_form_as_in_the_list(client, world):
    client_for(client, world, "officer")
    html = client.get(url("return-edit", world)).content.decode()
    assert "Not started" in html
    assert "return-status-missing" in html
    assert " Draft</span>" not in html


def test_final_is_listed_first_and_is_the_default(client, world):
    client_for(client, world, "officer")
    html = client.get(url("return-edit", world)).content.decode()
    select = html[html.index(f'name="{value_key(world.feel_safe.pk, None)}-status"') :]
    select = select[: select.index("</select>")]
    assert select.index('value="final"') < select.index('value="provisional"')


def test_officer_saves_a_draft_and_sees_it_again(client, world):
    client_for(client, world, "officer")
    response = client.post(url("return-edit", world), form_data(world, crime="1,234"), follow=True)
    assert response.status_code == 200
    assert "Draft saved." in response.content.decode()
    ret = QuarterlyReturn.objects.get(forum=world.safety, period=world.period)
    assert ret.values.get(indicator=world.crime, area=None).value == D(1234)
    assert 'value="1234"' in client.get(url("return-edit", world)).content.decode()
    assert not Measurement.objects.filter(period=world.period).exists()


def test_money_typed_as_people_write_it_is_saved_as_a_number(client, world):
    client_for(client, world, "officer")
    response = client.post(url("return-edit", world), form_data(world, crime="£1,250,000"), follow=True)
    assert "Draft saved." in response.content.decode()
    assert QuarterlyReturn.objects.get().values.get(indicator=world.crime, area=None).value == D(1250000)


def test_bad_input_is_shown_next_to_the_field_and_everything_typed_is_kept(client, world):
    client_for(client, world, "officer")
    response = client.post(
        url("return-edit", world),
        form_data(world, feel_safe="lots", case_study="Mrs B's story", crime="-5"),
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Enter a number, like 1234 or 56.7." in html
    assert "Must be at least 0." in html
    assert 'value="lots"' in html  # kept as typed
    assert "Mrs B&#x27;s story" in html
    assert not QuarterlyReturn.objects.exists()  # nothing changed


def test_submit_with_gaps_saves_the_draft_and_marks_every_gap(client, world):
    client_for(client, world, "officer")
    data = form_data(world, progress_summary="")
    data[f"{value_key(world.crime.pk, world.areas[0].pk)}-value"] = ""
    response = client.post(url("return-edit", world), {**data, "submit": "1"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Saved as a draft but not submitted: 2 things to fix" in html
    assert "Enter a value, or say why there is none" in html
    assert "Write a short summary of progress this quarter." in html
    ret = QuarterlyReturn.objects.get()
    assert ret.status == QuarterlyReturn.Status.DRAFT
    assert ret.values.get(indicator=world.feel_safe).value == D(74)


def test_second_concurrent_save_is_refused_and_the_second_persons_input_is_kept(client, world):
    from django.test import Client

    lead = Client()
    lead.force_login(world.users["forum_lead"])
    client_for(client, world, "officer")
    # Both opened the form at version 1; the forum lead saves first.
    assert lead.post(url("return-edit", world), form_data(world, feel_safe="72")).status_code == 302
    response = client.post(url("return-edit", world), form_data(world, feel_safe="99"))
    html = response.content.decode()
    assert "Not saved: forum_lead saved this return at" in html
    assert 'value="99"' in html  # the officer's input is still on the page
    ret = QuarterlyReturn.objects.get()
    assert ret.values.get(indicator=world.feel_safe).value == D(72)  # not overwritten
    # The page now carries the new version: saving again is a deliberate choice.
    assert f'name="version" value="{ret.version}"' in html


def test_full_journey_officer_submits_lead_approves_values_published(client, world):
    client_for(client, world, "officer")
    response = client.post(url("return-edit", world), {**form_data(world), "submit": "1"}, follow=True)
    assert "Return submitted." in response.content.decode()
    client.logout()
    client_for(client, world, "forum_lead")
    assert "Waiting for your sign-off" in client.get(reverse("returns:my-returns")).content.decode()
    response = client.post(url("return-approve", world), follow=True)
    assert "Return approved: its values are ready" in response.content.decode()
    assert not Measurement.objects.filter(period=world.period).exists()  # not until the quarter is published
    client.force_login(world.users["support"])
    publish = reverse("returns:period-publish", args=[world.period.pk])
    assert "Community Safety Partnership" in client.get(publish).content.decode()
    client.post(publish)
    assert Measurement.objects.get(indicator=world.crime, period=world.period, area=None).value == D(880)
    client.force_login(world.users["forum_lead"])
    history = client.get(url("return-history", world)).content.decode()
    for step in ["Saved", "Submitted", "Approved"]:
        assert step in history
    assert "CS-01 Feel safe (borough)" in history


def test_send_back_needs_a_reason(client, world):
    client_for(client, world, "officer")
    client.post(url("return-edit", world), {**form_data(world), "submit": "1"})
    client.logout()
    client_for(client, world, "forum_lead")
    response = client.post(url("return-send-back", world), {"reason": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert html.count("Enter a reason for sending the return back") == 2  # in the summary and by the field
    assert "<title>Error: " in html
    assert QuarterlyReturn.objects.get().status == QuarterlyReturn.Status.SUBMITTED
    client.post(url("return-send-back", world), {"reason": "Crime looks low: check Highfield."})
    assert QuarterlyReturn.objects.get().status == QuarterlyReturn.Status.RETURNED


def test_return_form_query_count_does_not_grow_with_areas_or_indicators(client, world, django_assert_num_queries):
    client_for(client, world, "officer")
    client.post(url("return-edit", world), form_data(world))

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url("return-edit", world)).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    Area.objects.bulk_create([Area(name=f"Area {n}", slug=f"area-{n}", code=f"X{n}") for n in range(40)])
    for n in range(20):
        indicator = Indicator.objects.create(
            theme=world.crime.theme,
            code=f"CS-X{n}",
            slug=f"x{n}",
            title=f"Extra {n}",
            definition="d",
            polarity="higher",
            source="s",
            area_kind="ward" if n % 2 == 0 else "",
        )
        Target.objects.create(indicator=indicator, financial_year=2014, value=D(5))
    assert count() == small


# --- The permission matrix at the HTTP level ----------------------------------------------------

PAGES = {
    # action: (method, url name, expected status for allowed, for refused)
    "view": ("get", "return-detail"),
    "edit_page": ("get", "return-edit"),
    "save": ("post", "return-edit"),
    "approve": ("post", "return-approve"),
    "reopen": ("post", "return-reopen"),
}
ALLOWED = {
    "anonymous": set(),
    "outsider": set(),
    "officer": {"view", "edit_page", "save"},
    "other_officer": set(),
    "forum_lead": {"view", "edit_page", "save", "approve"},
    "other_lead": set(),
    "support": {"view", "edit_page", "save", "approve", "reopen"},
    "board": {"view"},
    "admin": {"view", "reopen"},
}


def submit_complete(world, by: str) -> QuarterlyReturn:
    """The Community Safety return, every value filled in, submitted by ``by``."""
    from returns import services

    ret = world.safety_return()
    return services.return_submit(
        quarterly_return=ret,
        by=world.users[by],
        expected_version=ret.version,
        values=[
            services.ValueInput(world.crime.pk, None, D(880)),
            services.ValueInput(world.feel_safe.pk, None, D(74)),
        ]
        + [services.ValueInput(world.crime.pk, w.pk, D(440)) for w in world.areas],
        narrative={"progress_summary": "ok"},
    )


def prepare(world, action):
    from returns import services

    ret = world.safety_return()
    if action == "approve":
        submit_complete(world, by="officer")  # not a signer: whoever submits may not approve
    if action == "reopen":
        services.period_close(period=world.period, by=world.users["support"])
    return QuarterlyReturn.objects.get(pk=ret.pk)


@pytest.mark.parametrize("action", list(PAGES))
@pytest.mark.parametrize("role", list(ALLOWED))
def test_permission_matrix_over_http(client, world, role, action):
    ret = prepare(world, action)
    method, name = PAGES[action]
    client_for(client, world, role)
    data = {"reason": "Late figures."} if action == "reopen" else form_data(world, version=ret.version)
    response = getattr(client, method)(url(name, world), data if method == "post" else None)
    ret.refresh_from_db()
    allowed = action in ALLOWED[role]
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif not allowed:
        assert response.status_code in {403, 404}, response.status_code
    else:
        assert response.status_code in {200, 302}, response.status_code
    changed = {
        "save": ret.version > 1 and ret.values.exists(),
        "approve": ret.status == QuarterlyReturn.Status.APPROVED,
        "reopen": ret.is_reopened,
    }.get(action)
    if changed is not None:
        assert changed is allowed


@pytest.mark.parametrize("role", ["support", "forum_lead"])
def test_whoever_submitted_a_return_is_offered_no_approval_and_their_approve_post_is_refused_with_a_message(
    client, world, role
):
    submit_complete(world, by=role)
    client_for(client, world, role)
    page = client.get(url("return-detail", world)).content.decode()
    assert "Approve and publish" not in page
    assert url("return-approve", world) not in page
    assert "You submitted this return, so another member must approve it" in page

    response = client.post(url("return-approve", world))
    assert response.status_code == 403
    assert "You submitted this return, so you cannot approve it: another member must" in response.content.decode()
    assert QuarterlyReturn.objects.get().status == QuarterlyReturn.Status.SUBMITTED

    # Their list of returns says who must sign it off instead of asking them to.
    mine = client.get(reverse("returns:my-returns")).content.decode()
    assert "Waiting for your sign-off" not in mine
    assert "Waiting for another member&#x27;s sign-off" in mine or "Waiting for another member's sign-off" in mine
    assert "another member must approve them" in mine


def test_a_return_with_more_than_a_thousand_fields_saves(client, world):
    """Many areas make a big form: Django's default limit of 1,000 fields refused it with a 400."""
    Area.objects.bulk_create([Area(name=f"Extra area {n:03}", slug=f"extra-{n}", code=f"E{n}") for n in range(520)])
    client_for(client, world, "officer")
    data = form_data(world)
    for area in Area.objects.all():
        data[f"{value_key(world.crime.pk, area.pk)}-value"] = "3"
        data[f"{value_key(world.crime.pk, area.pk)}-reason"] = ""  # a browser sends the empty field too
    assert len(data) > 1000
    response = client.post(url("return-edit", world), data)
    assert response.status_code == 302
    assert QuarterlyReturn.objects.get().values.count() == 2 + Area.objects.count()


def test_the_submitter_is_told_someone_else_signs_the_return_off(client, world):
    submit_complete(world, by="forum_lead")
    client_for(client, world, "forum_lead")
    html = client.get(url("return-detail", world)).content.decode()
    assert "You submitted this return, so another member must approve it" in html
    assert "Approve and publish" not in html
    assert client.post(url("return-approve", world)).status_code == 403
