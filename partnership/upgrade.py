"""The upgrade from a single-plan portal: today's rows become one partnership's.

Used by the migrations that add the ``partnership`` column (``partnership.0002`` and each
app's ``*_partnership`` migration), so it works on historical models only and must keep
working for them: do not import the portal's models here.
"""

from django.utils.text import slugify


def the_partnership(apps):
    """The partnership existing rows join: the only one, made from the latest plan if needed."""
    Partnership = apps.get_model("partnership", "Partnership")
    existing = Partnership.objects.order_by("pk").first()
    if existing is not None:
        return existing
    CommunityPlan = apps.get_model("partnership", "CommunityPlan")
    plan = CommunityPlan.objects.order_by("-status", "-start_year").first()
    place = (plan.area if plan else "") or "Our area"
    slug = slugify(place)[:50] or "partnership"
    if slug in {"admin", "accounts", "health", "static", "media", "partnerships", "returns", "dashboard", "reports"}:
        slug = f"{slug}-lsp"
    return Partnership.objects.create(name=f"{place} Local Strategic Partnership", slug=slug, place=place)


def adopt_rows(app_label: str, *model_names: str):
    """A ``RunPython`` function giving every row of these models the one partnership."""

    def forwards(apps, schema_editor):
        models = [apps.get_model(app_label, name) for name in model_names]
        if not any(model.objects.exists() for model in models):
            return
        partnership = the_partnership(apps)
        for model in models:
            model.objects.filter(partnership__isnull=True).update(partnership=partnership)

    return forwards
