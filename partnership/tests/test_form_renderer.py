"""The form renderer writes a <select> in Python: the same markup as Django's templates, byte for byte."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from partnership.form_renderer import FormRenderer
from partnership.models import Area

pytestmark = pytest.mark.usefixtures("partnership")

CHOICES = [
    ("", "---------"),
    ("a&b", 'Tom & "Jerry" <script>'),
    (3, 1234),
    ("safe", mark_safe("<em>kept</em>")),
    ("Group <1>", [("x", "X"), ("y", "Y's")]),
]


class Sample(forms.Form):
    single = forms.ChoiceField(choices=CHOICES, required=False)
    many = forms.MultipleChoiceField(choices=CHOICES, required=False)
    styled = forms.ChoiceField(
        choices=CHOICES,
        widget=forms.Select(attrs={"class": "form-select <x>", "disabled": True, "data-off": False, "data-n": 7}),
    )
    yes_no = forms.NullBooleanField()


def _widgets(form_class, data=None) -> dict[str, tuple[str, str]]:
    """Each field's widget as this renderer writes it, and as Django's templates do."""
    ours, django = form_class(data, renderer=FormRenderer()), form_class(data, renderer=DjangoTemplates())
    return {name: (str(ours[name].as_widget()), str(django[name].as_widget())) for name in ours.fields}


@pytest.mark.parametrize(
    "data", [None, {"single": "a&b", "many": ["x", "3"], "styled": "safe", "yes_no": "true"}, {"single": "nope"}]
)
def test_selects_are_written_as_django_writes_them(data):
    for name, (ours, django) in _widgets(Sample, data).items():
        assert ours == django, name
        assert "<select" in ours


@pytest.mark.django_db
def test_a_model_choice_select_is_written_as_django_writes_it():
    for code, name in (("W1", "Ashby & <Lee>"), ("W2", "Bourne")):
        Area.objects.create(code=code, name=name, slug=code.lower())

    class Choose(forms.Form):
        area = forms.ModelChoiceField(Area.objects.order_by("name"), required=False)

    ours, django = _widgets(Choose, {"area": str(Area.objects.get(code="W2").pk)})["area"]
    assert ours == django
    assert "Ashby &amp; &lt;Lee&gt;" in ours


def test_a_widget_with_its_own_option_template_is_left_to_the_templates():
    class Custom(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    class Odd(forms.Form):
        pick = forms.ChoiceField(choices=[("a", "A")], widget=Custom)

    ours, django = _widgets(Odd)["pick"]
    assert ours == django
