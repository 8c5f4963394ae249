"""What a partnership owns: the ``partnership`` column, its manager, and how a row gets it.

Every model whose rows belong to one partnership inherits ``PartnershipOwned``:

- its default manager (``PartnershipManager``, built ``from_queryset`` of the model's own
  queryset) filters by the active partnership (``partnership.scope``), so admin lists,
  form pickers, related managers and selectors see only their partnership's rows;
- a new row takes its partnership from its parent (``partnership_from``, e.g. ``"plan"``),
  or else from the active scope, or else from the only partnership there is (a portal with
  one partnership, and most tests). A row whose parent belongs to another partnership than
  the active one is refused: that is a bug, never a choice;
- ``bulk_create`` stamps rows the same way, one query per parent model at most.

Child rows that cannot be read without their parent (a theme's outcomes, a return's
values, a question's choices) carry no column of their own: they are reached through the
parent's scoped manager, and on PostgreSQL their row-level security policy follows the
parent (``partnership.rls``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from typing import ClassVar

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models

from . import scope


class PartnershipMissing(ValueError):
    """A new row could not tell which partnership it belongs to."""


class PartnershipMismatch(ValueError):
    """A row was about to join a parent (or scope) of another partnership."""


class PartnershipQuerySet(models.QuerySet):
    # Made with no partnership active (a form's class-level ``queryset=``, a module-level
    # queryset): scoped by the first copy taken while one is (a form field copies its
    # queryset each time a form is made), so a picker never offers another partnership's rows.
    _scope_pending = False

    def _clone(self):
        clone = super()._clone()
        clone._scope_pending = self._scope_pending
        return clone

    def _chain(self):
        clone = super()._chain()
        if clone._scope_pending and not clone.query.is_sliced and not clone.query.combinator:
            partnership_id = scope.current_id()
            if partnership_id is not None:
                clone._scope_pending = False
                clone.query.add_q(models.Q(partnership_id=partnership_id))
        return clone

    def for_partnership(self, partnership):
        """Rows of ``partnership`` (a ``Partnership`` or its id), whatever scope is active."""
        return self.filter(partnership=partnership)

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        stamp_partnership(self.model, objs)
        return super().bulk_create(objs, *args, **kwargs)


class PartnershipManager(models.Manager):
    """Rows of the active partnership only; all rows when none (or every one) is active."""

    def get_queryset(self):
        queryset = super().get_queryset()
        partnership_id = scope.current_id()
        if partnership_id is not None:
            queryset = queryset.filter(partnership_id=partnership_id)
        elif not scope.is_everywhere() and isinstance(queryset, PartnershipQuerySet):
            queryset._scope_pending = True
        return queryset

    def unscoped(self):
        """Every partnership's rows: for checks that must see across partnerships (uniqueness, RLS tests)."""
        return super().get_queryset()


def owned_manager(queryset_class: type[models.QuerySet] = PartnershipQuerySet) -> PartnershipManager:
    return PartnershipManager.from_queryset(queryset_class)()


class PartnershipOwned(models.Model):
    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="+", editable=False
    )

    # The foreign key (or keys, first set wins) whose target carries this row's partnership;
    # empty for a root, which takes the active partnership.
    partnership_from: ClassVar[str | tuple[str, ...]] = ()

    objects = owned_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        stamp_partnership(type(self), [self])
        super().save(*args, **kwargs)

    # Uniqueness within a partnership ("two organisations may not share a name") is checked
    # by forms and imports before saving: the row must know its partnership by then, even
    # though no form has a field for it.
    def validate_unique(self, exclude=None):
        super().validate_unique(exclude=self._checking_partnership(exclude))

    def validate_constraints(self, exclude=None):
        try:
            super().validate_constraints(exclude=self._checking_partnership(exclude))
        except ValidationError as errors:
            raise ValidationError(_field_errors_within_partnership(self, errors.error_dict)) from None

    def unique_error_message(self, model_class, unique_check):
        # "Area with this Name already exists", not "…this Partnership and Name…": within a
        # partnership is what unique means to the person filling in the form.
        fields = [name for name in unique_check if name != "partnership"]
        if len(fields) == 1 and len(unique_check) == 2:
            error = super().unique_error_message(model_class, tuple(fields))
            error.params["unique_check"] = tuple(unique_check)
            return error
        return super().unique_error_message(model_class, unique_check)

    def _checking_partnership(self, exclude):
        if self.partnership_id is None:
            with contextlib.suppress(PartnershipMissing, PartnershipMismatch):
                stamp_partnership(type(self), [self])
        return None if exclude is None else set(exclude) - {"partnership"}


def _field_errors_within_partnership(instance, error_dict: dict) -> dict:
    """Put a (partnership, field) uniqueness error next to the field, as a one-field one would be."""
    result: dict = {}
    for key, errors in error_dict.items():
        for error in errors:
            check = (error.params or {}).get("unique_check", ())
            if key == NON_FIELD_ERRORS and len(check) == 2 and check[0] == "partnership":
                result.setdefault(check[1], []).append(error)
            else:
                result.setdefault(key, []).append(error)
    return result


def _sole_partnership_id() -> int | None:
    from .models import Partnership

    ids = list(Partnership.objects.values_list("pk", flat=True)[:2])
    return ids[0] if len(ids) == 1 else None


def stamp_partnership(model: type[models.Model], objs: Iterable[models.Model]) -> None:
    """Give each of ``objs`` its partnership (see the module's docstring), or refuse."""
    objs = list(objs)
    parent_fields = getattr(model, "partnership_from", ())
    for parent_field in (parent_fields,) if isinstance(parent_fields, str) else parent_fields:
        _from_parents(model, parent_field, [obj for obj in objs if obj.partnership_id is None])
    active = scope.current_id()
    missing = [obj for obj in objs if obj.partnership_id is None]
    if missing:
        fallback = active if active is not None else _sole_partnership_id()
        if fallback is None:
            raise PartnershipMissing(
                f"A new {model._meta.verbose_name} needs a partnership: pass partnership=…, or work inside"
                " partnership.scope.using(partnership)."
            )
        for obj in missing:
            obj.partnership_id = fallback
    if active is not None:
        for obj in objs:
            if obj.partnership_id != active:
                raise PartnershipMismatch(
                    f"{model._meta.verbose_name} {obj!r} belongs to partnership {obj.partnership_id},"
                    f" but partnership {active} is active."
                )


def _from_parents(model: type[models.Model], parent_field: str, objs: list[models.Model]) -> None:
    field = model._meta.get_field(parent_field)
    unresolved: dict[int, list[models.Model]] = {}
    for obj in objs:
        if field.is_cached(obj):
            parent = field.get_cached_value(obj)
            found = None if parent is None else parent.partnership_id
        else:
            parent_id = getattr(obj, field.attname)
            if parent_id is None:
                continue
            unresolved.setdefault(parent_id, []).append(obj)
            continue
        _agree(model, obj, found)
    if unresolved:
        owners = dict(
            field.related_model._base_manager.filter(pk__in=list(unresolved)).values_list("pk", "partnership_id")
        )
        for parent_id, children in unresolved.items():
            for obj in children:
                _agree(model, obj, owners.get(parent_id))


def _agree(model, obj, found: int | None) -> None:
    if found is None:
        return
    if obj.partnership_id is None:
        obj.partnership_id = found
    elif obj.partnership_id != found:
        raise PartnershipMismatch(
            f"{model._meta.verbose_name} {obj!r} is in partnership {obj.partnership_id}, its parent in {found}."
        )
