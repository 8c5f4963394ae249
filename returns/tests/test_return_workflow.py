"""The quarterly return workflow, enforced in the services whoever calls them."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from indicators.models import IndicatorStatus, Measurement
from returns import services
from returns.models import QuarterlyReturn
from returns.services import ProgressInput, ReturnIncomplete, ReturnLocked, StaleReturn, ValueInput, value_key

pytestmark = pytest.mark.django_db


def complete_values(world, crime="880", feel_safe="74", note=""):
    values = [
        ValueInput(world.crime.pk, None, D(crime), note=note),
        ValueInput(world.feel_safe.pk, None, D(feel_safe)),
    ]
    values += [ValueInput(world.crime.pk, area.pk, D(crime) / 2) for area in world.areas]
    return values


def submit(world, by="officer", **kwargs):
    ret = world.safety_return()
    return services.return_submit(
        quarterly_return=ret,
        by=world.users[by],
        expected_version=ret.version,
        values=kwargs.pop("values", complete_values(world)),
        narrative=kwargs.pop("narrative", {"progress_summary": "A good quarter."}),
        **kwargs,
    )


def test_draft_saves_partial_data(world):
    ret = world.safety_return()
    saved = services.return_save(
        quarterly_return=ret,
        by=world.users["officer"],
        expected_version=ret.version,
        values=[ValueInput(world.feel_safe.pk, None, D("71.5"))],
        narrative={"risks_and_issues": "Staffing."},
    )
    assert saved.status == QuarterlyReturn.Status.DRAFT
    assert saved.version == ret.version + 1
    assert saved.values.get().value == D("71.5")
    assert saved.risks_and_issues == "Staffing."
    assert not Measurement.objects.filter(period=world.period).exists()  # drafts are never published


def test_submit_with_missing_values_lists_every_problem_and_keeps_what_was_typed(world):
    ret = world.safety_return()
    with pytest.raises(ReturnIncomplete) as refused:
        services.return_submit(
            quarterly_return=ret,
            by=world.users["officer"],
            expected_version=ret.version,
            values=[ValueInput(world.feel_safe.pk, None, D(75))],
        )
    problems = refused.value.problems
    assert set(problems) == {
        value_key(world.crime.pk, None),
        *(value_key(world.crime.pk, area.pk) for area in world.areas),
        "progress_summary",
    }
    ret.refresh_from_db()
    assert ret.status == QuarterlyReturn.Status.DRAFT
    assert ret.values.get().value == D(75)  # what was typed is kept


def test_a_reason_stands_in_for_a_missing_value(world):
    values = [v for v in complete_values(world) if v.indicator_id != world.feel_safe.pk]
    values.append(ValueInput(world.feel_safe.pk, None, None, no_value_reason="Survey moved to Q3."))
    assert submit(world, values=values).status == QuarterlyReturn.Status.SUBMITTED


def test_red_value_needs_a_note_to_submit(world):
    # Year to date 950 + 1,100 = 2,050 against 2,000 last year: +2.5%, target −3%: red.
    with pytest.raises(ReturnIncomplete) as refused:
        submit(world, values=complete_values(world, crime="1100"))
    assert "off target" in refused.value.problems[value_key(world.crime.pk, None)]
    ret = submit(world, values=complete_values(world, crime="1100", note="Burglary spike in Highfield."))
    assert ret.status == QuarterlyReturn.Status.SUBMITTED


def test_value_outside_the_indicators_range_is_refused_and_nothing_changes(world):
    ret = world.safety_return()
    with pytest.raises(ReturnIncomplete) as refused:
        services.return_save(
            quarterly_return=ret,
            by=world.users["officer"],
            expected_version=ret.version,
            values=[ValueInput(world.feel_safe.pk, None, D(130)), ValueInput(world.crime.pk, None, D(5))],
        )
    assert refused.value.problems == {value_key(world.feel_safe.pk, None): "Must be at most 100."}
    ret.refresh_from_db()
    assert not ret.values.exists()
    assert ret.version == 1


def test_second_concurrent_save_is_refused_with_who_and_when(world):
    ret = world.safety_return()
    opened_at = ret.version  # both people open the form at this version
    services.return_save(
        quarterly_return=ret,
        by=world.users["forum_lead"],
        expected_version=opened_at,
        values=[ValueInput(world.feel_safe.pk, None, D(72))],
    )
    with pytest.raises(StaleReturn) as refused:
        services.return_save(
            quarterly_return=ret,
            by=world.users["officer"],
            expected_version=opened_at,
            values=[ValueInput(world.feel_safe.pk, None, D(99))],
        )
    assert refused.value.saved_by == world.users["forum_lead"]
    assert "forum_lead saved this return at" in str(refused.value)
    assert ret.values.get().value == D(72)  # no silent overwrite


def test_approval_makes_values_ready_and_publishing_the_quarter_shows_them(world):
    ret = submit(
        world,
        progress=[ProgressInput(world.objective.pk, None, "on_track", "Panels meeting monthly.")],
    )
    approved = services.return_approve(quarterly_return=ret, by=world.users["forum_lead"])
    assert approved.status == QuarterlyReturn.Status.APPROVED
    assert approved.is_locked
    # Ready, not yet public: the quarter is not published.
    assert not Measurement.objects.filter(period=world.period).exists()
    assert not IndicatorStatus.objects.filter(period=world.period, quarter_value__isnull=False).exists()
    world.objective.refresh_from_db()
    assert world.objective.status != "on_track"

    published_period = services.period_publish(period=world.period, by=world.users["support"])
    assert published_period.published_by == world.users["support"]
    assert published_period.published_at is not None
    published = Measurement.objects.get(indicator=world.crime, period=world.period, area__isnull=True)
    assert published.value == D(880)
    assert published.quarterly_return == approved
    assert Measurement.objects.filter(indicator=world.crime, period=world.period, area__isnull=False).count() == 2
    # The judged figures follow in the same transaction.
    assert (
        IndicatorStatus.objects.get(indicator=world.crime, period=world.period, area__isnull=True).quarter_value == 880
    )
    world.objective.refresh_from_db()
    assert (world.objective.status, world.objective.progress_note) == ("on_track", "Panels meeting monthly.")
    assert [h.history_change_reason for h in world.period.history.order_by("history_date")][-1] == "Published"
    with pytest.raises(ReturnLocked):
        services.return_save(quarterly_return=approved, by=world.users["support"], expected_version=approved.version)


def test_a_return_approved_after_its_quarter_is_published_is_published_at_once(world):
    services.period_publish(period=world.period, by=world.users["support"])
    approved = services.return_approve(quarterly_return=submit(world), by=world.users["forum_lead"])
    assert Measurement.objects.get(indicator=world.crime, period=world.period, area__isnull=True).quarterly_return == (
        approved
    )


def test_a_quarter_is_published_once(world):
    services.period_publish(period=world.period, by=world.users["support"])
    with pytest.raises(ValidationError, match="already published"):
        services.period_publish(period=world.period, by=world.users["support"])


def test_a_quarters_values_show_on_the_cached_public_page_once_the_quarter_is_published(
    client, world, django_capture_on_commit_callbacks
):
    theme_url = reverse("indicators:theme-detail", args=[world.crime.theme.slug])
    before = client.get(theme_url).content.decode()  # cached for anonymous visitors
    assert "2014/15 Q1" in before and "2014/15 Q2" not in before

    ret = world.safety_return()
    values = [ValueInput(world.crime.pk, None, D(880)), ValueInput(world.feel_safe.pk, None, D(74))]
    values += [ValueInput(world.crime.pk, area.pk, D(440)) for area in world.areas]
    submitted = services.return_submit(
        quarterly_return=ret,
        by=world.users["officer"],
        expected_version=ret.version,
        values=values,
        narrative={"progress_summary": "ok"},
    )
    with django_capture_on_commit_callbacks(execute=True):  # as when the request's transaction commits
        services.return_approve(quarterly_return=submitted, by=world.users["forum_lead"])
    assert "2014/15 Q2" not in client.get(theme_url).content.decode()  # approved: ready, not yet public

    with django_capture_on_commit_callbacks(execute=True):
        services.period_publish(period=world.period, by=world.users["support"])
    after = client.get(theme_url).content.decode()
    assert "2014/15 Q2" in after


def test_sent_back_return_is_editable_again_and_needs_a_reason(world):
    ret = submit(world)
    with pytest.raises(ValidationError):
        services.return_send_back(quarterly_return=ret, by=world.users["forum_lead"], reason=" ")
    returned = services.return_send_back(quarterly_return=ret, by=world.users["forum_lead"], reason="Check Q2 crime.")
    assert returned.status == QuarterlyReturn.Status.RETURNED
    assert returned.returned_reason == "Check Q2 crime."
    assert returned.is_editable
    resubmitted = submit(world)
    assert resubmitted.status == QuarterlyReturn.Status.SUBMITTED


def test_closing_the_period_locks_its_returns_and_reopening_needs_the_support_group(world):
    ret = world.safety_return()
    services.period_close(period=world.period, by=world.users["support"])
    ret.refresh_from_db()
    assert ret.is_locked
    with pytest.raises(ReturnLocked):
        services.return_save(quarterly_return=ret, by=world.users["officer"], expected_version=ret.version)
    with pytest.raises(PermissionDenied):
        services.return_reopen(quarterly_return=ret, by=world.users["forum_lead"], reason="Late data")
    reopened = services.return_reopen(quarterly_return=ret, by=world.users["support"], reason="Late police data")
    assert reopened.is_editable
    assert reopened.reopened_reason == "Late police data"


def test_approving_a_revised_value_records_a_revision_note(world):
    ret = submit(world)
    services.return_approve(quarterly_return=ret, by=world.users["support"])
    services.period_publish(period=world.period, by=world.users["support"])
    reopened = services.return_reopen(quarterly_return=ret, by=world.users["support"], reason="Police revised Q2")
    services.return_submit(
        quarterly_return=reopened,
        by=world.users["officer"],
        expected_version=reopened.version,
        values=complete_values(world, crime="890"),
    )
    services.return_approve(quarterly_return=reopened, by=world.users["forum_lead"])
    published = Measurement.objects.get(indicator=world.crime, period=world.period, area__isnull=True)
    assert published.value == D(890)
    assert "Revised from 880 to 890" in published.revision_note


def test_every_change_is_in_the_history_with_who(world):
    ret = submit(world)
    services.return_approve(quarterly_return=ret, by=world.users["forum_lead"])
    reasons = [h.history_change_reason for h in ret.history.order_by("history_date")]
    assert reasons[-3:] == ["Saved", "Submitted", "Approved"]
    value = ret.values.get(indicator=world.feel_safe)
    assert value.history.count() == 1
    assert value.history.first().history_user == world.users["officer"]


# --- The permission matrix: every role × every action ----------------------------------------

ACTIONS = ["view", "edit", "submit", "approve", "send_back", "reopen", "close_period"]
MATRIX = {
    "anonymous": set(),
    "outsider": set(),
    "officer": {"view", "edit", "submit"},
    "other_officer": set(),
    "forum_lead": {"view", "edit", "submit", "approve", "send_back"},
    "other_lead": set(),
    "support": {"view", "edit", "submit", "approve", "send_back", "reopen", "close_period"},
    "board": {"view"},
    "admin": {"view", "reopen", "close_period"},
}


def attempt(world, role, action) -> bool:
    """Try ``action`` on the Community Safety return as ``role``, through the real services."""
    from returns import permissions

    user = world.users[role]
    ret = world.safety_return()
    try:
        if action == "view":
            return (
                permissions.can_view_return(user, ret) and permissions.visible_returns(user).filter(pk=ret.pk).exists()
            )
        if action == "edit":
            services.return_save(quarterly_return=ret, by=user, expected_version=ret.version)
        elif action == "submit":
            submit(world, by=role)
        elif action in {"approve", "send_back"}:
            submitted = submit(world, by="officer")  # whoever submitted may not sign it off: see below
            if action == "approve":
                services.return_approve(quarterly_return=submitted, by=user)
            else:
                services.return_send_back(quarterly_return=submitted, by=user, reason="Please check.")
        elif action == "reopen":
            services.period_close(period=world.period, by=world.users["support"])
            services.return_reopen(quarterly_return=ret, by=user, reason="Late data.")
        elif action == "close_period":
            services.period_close(period=world.period, by=user)
    except PermissionDenied:
        return False
    return True


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", list(MATRIX))
def test_permission_matrix(world, role, action):
    assert attempt(world, role, action) is (action in MATRIX[role])


# The "submitted it themselves" column: whoever submitted a return may neither approve it nor send
# it back, whatever their roles. A role that cannot submit through the form (board, administrator)
# is made the submitter directly, as an import or an earlier membership could have made them.
SUBMITTED_IT_THEMSELVES = {role: set() for role in MATRIX}


def attempt_own(world, role, action) -> bool:
    user = world.users[role]
    submitted = submit(world, by="officer")
    QuarterlyReturn.objects.filter(pk=submitted.pk).update(submitted_by=getattr(user, "pk", None))
    submitted.refresh_from_db()
    try:
        if action == "approve":
            services.return_approve(quarterly_return=submitted, by=user)
        else:
            services.return_send_back(quarterly_return=submitted, by=user, reason="Please check.")
    except PermissionDenied:
        return False
    return True


@pytest.mark.parametrize("action", ["approve", "send_back"])
@pytest.mark.parametrize("role", [role for role in MATRIX if role != "anonymous"])
def test_permission_matrix_when_they_submitted_it_themselves(world, role, action):
    assert attempt_own(world, role, action) is (action in SUBMITTED_IT_THEMSELVES[role])
    assert QuarterlyReturn.objects.get().status == QuarterlyReturn.Status.SUBMITTED


def test_a_superuser_in_the_support_group_cannot_approve_what_they_submitted(world):
    from partnership.models import Membership, Role

    admin = world.users["admin"]  # a superuser
    Membership.objects.create(
        user=admin, role=Role.SUPPORT_GROUP, organisation=world.safety.organisations.first(), forum=world.support_forum
    )
    admin = type(admin).objects.get(pk=admin.pk)  # reach is worked out afresh
    submitted = submit(world, by="officer")
    QuarterlyReturn.objects.filter(pk=submitted.pk).update(submitted_by=admin)
    with pytest.raises(services.OwnReturn, match="another member must"):
        services.return_approve(quarterly_return=submitted, by=admin)
    with pytest.raises(services.OwnReturn, match="cannot send back"):
        services.return_send_back(quarterly_return=submitted, by=admin, reason="Mine.")


@pytest.mark.parametrize("signer", ["support", "forum_lead"])
def test_whoever_submitted_a_return_cannot_approve_it_or_send_it_back(world, signer):
    submitted = submit(world, by=signer)
    with pytest.raises(PermissionDenied):
        services.return_approve(quarterly_return=submitted, by=world.users[signer])
    with pytest.raises(PermissionDenied):
        services.return_send_back(quarterly_return=submitted, by=world.users[signer], reason="Mine.")
    other = "forum_lead" if signer == "support" else "support"
    approved = services.return_approve(quarterly_return=submitted, by=world.users[other])
    assert approved.status == QuarterlyReturn.Status.APPROVED
