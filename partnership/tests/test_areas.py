"""Areas of any kind: their codes, parents, uniqueness within a partnership and a kind, labels and old addresses."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from partnership import scope
from partnership.models import Area, AreaKind, Partnership
from partnership.owned import PartnershipMismatch

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("partnership")]

GSS_MESSAGE = (
    "Enter an ONS code as a capital letter and 8 digits, like E05004567, "
    "or a code of your own that does not start with E, W, S or N and a digit"
)


def _area(name="Boxmoor", kind=AreaKind.WARD, **fields) -> Area:
    fields.setdefault("slug", f"{name.lower().replace(' ', '-')}-{kind}")
    return Area(name=name, kind=kind, **fields)


def _problems(area: Area) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        area.full_clean()
    return caught.value.message_dict


@pytest.mark.parametrize("code", ["E05004567", "W05000123", "S13002516", "N08000101", ""])
def test_an_ons_gss_code_or_none_is_accepted(code):
    area = _area(code=code)
    area.full_clean()
    assert area.code == code


@pytest.mark.parametrize("code", ["E0500456", "E050045678", "W123", "S1300251X", "N0800010"])
def test_a_code_that_claims_to_be_ons_but_is_not_is_refused_beside_the_code(code):
    assert _problems(_area(code=code)) == {"code": [GSS_MESSAGE]}


@pytest.mark.parametrize("code", ["DAC-01", "C14", "HH/NPT/3", "Tring Rural", "EAST", "E-05"])
def test_a_partnerships_own_code_is_kept_as_typed(code):
    area = _area(kind=AreaKind.POLICING_AREA, code=code)
    area.full_clean()
    assert area.code == code


def test_an_ons_code_typed_in_lower_case_is_stored_in_capitals():
    area = _area(code=" e05004567 ")
    area.full_clean()
    assert area.code == "E05004567"


def test_a_ward_may_lie_in_a_district():
    district = Area.objects.create(name="Dacorum", slug="dacorum", kind=AreaKind.DISTRICT, code="E07000096")
    ward = _area(code="E05004567", parent=district)
    ward.full_clean()
    ward.save()
    assert list(district.children.all()) == [ward]


def test_an_area_cannot_lie_in_itself():
    area = Area.objects.create(name="Boxmoor", slug="boxmoor", kind=AreaKind.WARD)
    area.parent = area
    assert list(_problems(area)) == ["parent"]


def test_an_area_cannot_lie_in_an_area_that_lies_in_it():
    county = Area.objects.create(name="Hertfordshire", slug="herts", kind=AreaKind.OTHER)
    district = Area.objects.create(name="Dacorum", slug="dacorum", kind=AreaKind.DISTRICT, parent=county)
    ward = Area.objects.create(name="Boxmoor", slug="boxmoor", kind=AreaKind.WARD, parent=district)
    county.parent = ward  # county -> ward -> district -> county

    problems = _problems(county)

    assert problems == {"parent": ["Choose an area that does not lie within this one: an area cannot lie in itself"]}
    county.refresh_from_db()
    assert county.parent is None


def test_names_and_codes_are_unique_within_a_kind_not_across_kinds():
    Area.objects.create(name="Tring Central", slug="tring-central", kind=AreaKind.WARD, code="X1")
    parish = _area(name="Tring Central", kind=AreaKind.PARISH, code="X1", slug="tring-central-parish")
    parish.full_clean()  # the same name and code in another kind

    twin = _area(name="Tring Central", kind=AreaKind.WARD, code="X1", slug="tring-central-2")

    assert _problems(twin) == {
        "name": ["There is already an area of this kind with this name: choose another name"],
        "code": ["There is already an area of this kind with this code: check the code"],
    }


def test_areas_without_a_code_do_not_clash_and_slugs_are_unique_whatever_the_kind():
    Area.objects.create(name="North", slug="north", kind=AreaKind.NEIGHBOURHOOD)
    Area.objects.create(name="South", slug="south", kind=AreaKind.NEIGHBOURHOOD)  # both without a code

    same_slug = _area(name="North", kind=AreaKind.LOCALITY, slug="north")

    assert _problems(same_slug) == {"slug": ["There is already an area with this slug: choose another"]}


def test_another_partnership_may_have_the_same_names_codes_and_slugs(partnership):
    Area.objects.create(name="Tring Central", slug="tring-central", kind=AreaKind.WARD, code="E05004567")
    other = Partnership.objects.create(name="Other Partnership", slug="other", place="Otherfield")
    with scope.using(other):
        twin = _area(name="Tring Central", kind=AreaKind.WARD, code="E05004567", slug="tring-central")
        twin.full_clean()
        twin.save()
    assert twin.partnership_id == other.pk
    assert Area.objects.unscoped().filter(slug="tring-central").count() == 2


def test_an_area_may_not_lie_in_another_partnerships_area(partnership):
    other = Partnership.objects.create(name="Other Partnership", slug="other", place="Otherfield")
    with scope.using(other):
        elsewhere = Area.objects.create(name="Otherfield", slug="otherfield", kind=AreaKind.DISTRICT)
    with scope.using(partnership):
        ward = _area(parent=elsewhere)
        assert _problems(ward) == {
            "parent": ["Choose an area of this partnership: the area chosen belongs to another partnership"]
        }
        with pytest.raises(PartnershipMismatch):
            ward.save()
    assert not Area.objects.unscoped().filter(parent=elsewhere).exists()


@pytest.mark.parametrize(
    ("kind", "label", "plural"),
    [
        (AreaKind.WARD, "Hemel Hempstead Town ward", "wards"),
        (AreaKind.POLICING_AREA, "Hemel Hempstead Town policing area", "policing areas"),
        (AreaKind.PARISH, "Hemel Hempstead Town parish", "parishes"),
        (AreaKind.LOCALITY, "Hemel Hempstead Town locality", "localities"),
        (AreaKind.OTHER, "Hemel Hempstead Town", "areas"),
    ],
)
def test_labels_say_the_kind(kind, label, plural):
    area = _area(name="Hemel Hempstead Town", kind=kind)
    assert (area.label, area.kind_plural) == (label, plural)


# --- The admin ----------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.org", "x"))
    return client


def _admin_add(client, **fields):
    data = {
        "name": "Boxmoor",
        "slug": "boxmoor",
        "kind": "ward",
        "code": "",
        "parent": "",
        "town": "",
        "population": "",
        "description": "",
        "plans-TOTAL_FORMS": "0",
        "plans-INITIAL_FORMS": "0",
        "plans-MIN_NUM_FORMS": "0",
        "plans-MAX_NUM_FORMS": "1000",
    }
    return client.post(reverse("admin:partnership_area_add"), data | fields)


def test_the_admin_shows_a_bad_ons_code_beside_the_field_and_keeps_what_was_typed(admin_client):
    response = _admin_add(admin_client, code="E0500456", town="Hemel Hempstead")

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors == {"code": [GSS_MESSAGE]}
    html = response.content.decode()
    assert 'value="E0500456"' in html and 'value="Hemel Hempstead"' in html
    assert not Area.objects.exists()


def test_the_admin_refuses_a_parent_cycle_beside_the_parent(admin_client):
    district = Area.objects.create(name="Dacorum", slug="dacorum", kind=AreaKind.DISTRICT)
    ward = Area.objects.create(name="Boxmoor", slug="boxmoor", kind=AreaKind.WARD, parent=district)
    data = {
        "name": "Dacorum",
        "slug": "dacorum",
        "kind": "district",
        "code": "",
        "parent": str(ward.pk),
        "town": "",
        "population": "",
        "description": "",
        "plans-TOTAL_FORMS": "0",
        "plans-INITIAL_FORMS": "0",
        "plans-MIN_NUM_FORMS": "0",
        "plans-MAX_NUM_FORMS": "1000",
    }

    response = admin_client.post(reverse("admin:partnership_area_change", args=[district.pk]), data)

    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["parent"]
    district.refresh_from_db()
    assert district.parent is None


def test_the_admin_saves_a_policing_area_with_its_own_code(admin_client):
    response = _admin_add(admin_client, name="Hemel Hempstead Town", slug="hh-town", kind="policing_area", code="C14")

    assert response.status_code == 302
    area = Area.objects.get()
    assert (area.kind, area.code, area.label) == ("policing_area", "C14", "Hemel Hempstead Town policing area")


# --- Old addresses ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new"),
    [("/wards/", "/areas/"), ("/wards/boxmoor/", "/areas/boxmoor/"), ("/ward-plans/", "/area-plans/")],
)
def test_the_old_ward_addresses_redirect_permanently(client, old, new):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new


def test_an_old_ward_link_lands_on_the_area_page(client, tiny_plan, public_page):
    response = client.get("/wards/boxmoor/", follow=True)
    assert response.redirect_chain == [("/areas/boxmoor/", 301)]
    public_page(response, "Boxmoor ward — Tiny Plan")
