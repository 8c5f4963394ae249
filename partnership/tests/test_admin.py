"""An administrator can run the plan from the admin: every list, add and change page opens."""

import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_with_plan(client, tiny_plan, django_user_model):
    superuser = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    client.force_login(superuser)
    return client


def admin_pages():
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        yield pytest.param(model, model_admin, id=opts.label)


@pytest.mark.parametrize(("model", "model_admin"), list(admin_pages()))
def test_every_admin_page_opens(admin_client_with_plan, model, model_admin):
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert admin_client_with_plan.get(changelist).status_code == 200
    assert admin_client_with_plan.get(changelist, {"q": "safety"}).status_code == 200
    if model_admin.has_add_permission(type("R", (), {"user": type("U", (), {"has_perm": lambda *a: True})()})()):
        assert admin_client_with_plan.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 200
    first = model._default_manager.order_by("pk").first()
    if first is not None:
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[first.pk])
        assert admin_client_with_plan.get(change).status_code == 200


def test_changing_a_target_in_the_admin_needs_a_reason_and_is_logged(admin_client_with_plan, tiny_plan):
    from indicators.models import Indicator, IndicatorChange

    indicator = Indicator.objects.filter(targets__isnull=False).first()
    url = reverse("admin:indicators_indicator_change", args=[indicator.pk])
    page = admin_client_with_plan.get(url)
    form = page.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if hasattr(value, "__iter__") and not isinstance(value, str):
            data[name] = [getattr(v, "pk", v) for v in value]
        elif value is not None:
            data[name] = getattr(value, "pk", value)
    data["definition"] = indicator.definition + " Counted at the end of each quarter."
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{formset.formset.prefix}-{name}"] = management.initial.get(name, 0)
        for index, inline_form in enumerate(formset.formset.forms):
            for name in inline_form.fields:
                value = inline_form[name].value()
                if value is not None:
                    data[f"{formset.formset.prefix}-{index}-{name}"] = getattr(value, "pk", value)
    data = {k: v for k, v in data.items() if v is not None}
    refused = admin_client_with_plan.post(url, data)
    assert refused.status_code == 200
    assert "Say why this is changing" in refused.content.decode()
    assert not IndicatorChange.objects.filter(field="definition", indicator=indicator).exists()

    data["change_reason"] = "Clarified when the count is taken."
    accepted = admin_client_with_plan.post(url, data)
    assert accepted.status_code == 302, (
        accepted.context["adminform"].form.errors,
        [f.errors for fs in accepted.context["inline_admin_formsets"] for f in fs.formset.forms],
    )
    change = IndicatorChange.objects.get(field="definition", indicator=indicator)
    assert change.reason == "Clarified when the count is taken."
