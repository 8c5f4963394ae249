"""Writes to indicators and targets. Every change a resident would care about — a target,
a baseline, a definition — goes through here so that it lands in the public change log."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .models import Indicator, IndicatorChange, Target

# Indicator fields whose changes are logged publicly, and the log heading each falls under.
TRACKED_INDICATOR_FIELDS: dict[str, str] = {
    "definition": IndicatorChange.Field.DEFINITION,
    "baseline_value": IndicatorChange.Field.BASELINE,
    "baseline_period": IndicatorChange.Field.BASELINE,
    "unit": IndicatorChange.Field.UNIT,
    "polarity": IndicatorChange.Field.UNIT,
}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value)


def indicator_changed_fields(indicator: Indicator) -> list[str]:
    """Tracked fields of ``indicator`` whose in-memory value differs from the database."""
    if indicator.pk is None:
        return []
    stored = Indicator.objects.get(pk=indicator.pk)
    return [name for name in TRACKED_INDICATOR_FIELDS if getattr(stored, name) != getattr(indicator, name)]


@transaction.atomic
def indicator_save(*, indicator: Indicator, reason: str = "", by=None) -> list[IndicatorChange]:
    """Save an indicator, logging every change to a tracked field with ``reason``.

    A new indicator needs no reason; changing the definition, baseline, unit or
    polarity of an existing one does, because residents read its history.
    """
    changed = indicator_changed_fields(indicator)
    if changed and not reason.strip():
        raise ValidationError({"reason": "Say why the definition, baseline, unit or polarity is changing."})
    stored = Indicator.objects.get(pk=indicator.pk) if changed else None
    indicator.full_clean()
    indicator.save()
    now = timezone.now()
    changes = [
        IndicatorChange(
            indicator=indicator,
            field=TRACKED_INDICATOR_FIELDS[name],
            summary=Indicator._meta.get_field(name).verbose_name.capitalize(),
            old_value=_text(getattr(stored, name)),
            new_value=_text(getattr(indicator, name)),
            reason=reason.strip(),
            changed_at=now,
            changed_by=by,
        )
        for name in changed
    ]
    for change in changes:
        change.full_clean()
    return IndicatorChange.objects.bulk_create(changes)


@transaction.atomic
def target_save(*, target: Target, reason: str = "", by=None, changed_at=None) -> Target:
    """Create or change a target, logging the change publicly.

    Setting a target for the first time is logged too (“set”), so the log tells the
    whole story of what the partnership promised and when.
    """
    previous = Target.objects.filter(pk=target.pk).first() if target.pk else None
    if previous is not None and previous.describe() == target.describe() and previous.note == target.note:
        return previous
    if previous is not None and not reason.strip():
        raise ValidationError({"reason": "Say why the target is changing."})
    target.full_clean()
    target.save()
    IndicatorChange.objects.create(
        indicator=target.indicator,
        field=IndicatorChange.Field.TARGET,
        summary=f"Target {target.period_label}" + (" revised" if previous else " set"),
        old_value=previous.describe() if previous else "",
        new_value=target.describe(),
        reason=reason.strip() or "Target set.",
        changed_at=changed_at or timezone.now(),
        changed_by=by,
    )
    return target
