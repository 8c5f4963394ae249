"""The partnership: the plan itself, who is in it, and the places it serves."""

import functools
import logging
import re

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.http import Http404
from django.urls import reverse

from . import scope
from .owned import PartnershipOwned, PartnershipQuerySet, owned_manager

logger = logging.getLogger(__name__)


class User(AbstractUser):
    """The portal's user. A custom model from day one so that fields can be added later."""

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    def __str__(self) -> str:
        return self.get_full_name() or self.username


@functools.cache
def reserved_slugs() -> frozenset[str]:
    """The first path segments the portal's own URLs use, which no partnership may take."""
    from django.urls import get_resolver

    segments = set()
    for pattern in get_resolver().url_patterns:
        first = str(pattern.pattern).lstrip("^").split("/", 1)[0]
        if first and "<" not in first:
            segments.add(first)
    return frozenset(segments | {"static", "media", "partnerships"})


def validate_partnership_slug(value: str) -> None:
    if value in reserved_slugs():
        raise ValidationError(
            "“%(value)s” is the name of one of the portal's own pages: choose another short name.",
            params={"value": value},
            code="reserved",
        )


class PartnershipManager(models.Manager):
    """Every request asks which partnership a path names: answered from the cache, not the database.

    The whole (short) list is cached under one key and made afresh when a partnership is
    saved or deleted (``PartnershipConfig.ready``) and once committed; if the cache is
    unreachable, the database answers. Code that rolls back a transaction in which it made a
    partnership (a plan package's dry run) calls ``refresh_cache()`` afterwards.
    """

    CACHE_KEY = "partnerships:by-slug"
    CACHE_SECONDS = None

    def by_slug(self) -> dict[str, "Partnership"]:
        from django.core.cache import cache

        try:
            found = cache.get(self.CACHE_KEY)
        except Exception:
            return {p.slug: p for p in self.all()}
        return found if found is not None else self.refresh_cache()

    def refresh_cache(self) -> dict[str, "Partnership"]:
        from django.core.cache import cache

        found = {p.slug: p for p in self.all()}
        try:
            cache.set(self.CACHE_KEY, found, timeout=self.CACHE_SECONDS)
        except Exception:
            logger.warning("cache unreachable: the list of partnerships not stored", exc_info=True)
        return found

    def sole(self, among: "dict[str, Partnership] | None" = None) -> "Partnership | None":
        """The only partnership, in a portal with exactly one; otherwise ``None``.

        ``among``: the list of partnerships the caller has read already (``by_slug()``)."""
        found = self.by_slug() if among is None else among
        return next(iter(found.values())) if len(found) == 1 else None


class Partnership(models.Model):
    """A Local Strategic Partnership: the owner of everything else in the portal.

    Its slug is the first part of the path of each of its pages (``/dacorum/themes/…``); a
    portal with one partnership also answers short paths (``/themes/…``). See
    ``partnership.middleware.PartnershipMiddleware`` and docs/ARCHITECTURE.md.
    """

    name = models.CharField(max_length=200, unique=True, help_text="e.g. “Dacorum Local Strategic Partnership”.")
    slug = models.SlugField(
        max_length=60,
        unique=True,
        validators=[validate_partnership_slug],
        help_text="The short name in its web addresses, e.g. “dacorum” for /dacorum/.",
    )
    place = models.CharField(max_length=120, help_text="The place it serves, e.g. “Dacorum”.")
    description = models.TextField(blank=True)
    website = models.URLField(blank=True)
    is_listed = models.BooleanField(default=True, help_text="Shown on the portal's list of partnerships.")

    objects = PartnershipManager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"/{self.slug}/"


class CommunityPlanQuerySet(PartnershipQuerySet):
    def current(self) -> "CommunityPlan | None":
        """The adopted plan with the latest start, or failing that the latest plan of any status."""
        return (
            self.filter(status=CommunityPlan.Status.ADOPTED).order_by("-start_year").first()
            or self.order_by("-start_year").first()
        )

    def current_or_404(self) -> "CommunityPlan":
        """The current plan, for a page that cannot be shown without one."""
        plan = self.current()
        if plan is None:
            raise Http404("There is no community plan yet.")
        return plan


class CommunityPlan(PartnershipOwned):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ADOPTED = "adopted", "Adopted"
        ARCHIVED = "archived", "Archived"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80)
    area = models.CharField(max_length=120, help_text="The place the plan serves, e.g. “Dacorum”.")
    start_year = models.PositiveSmallIntegerField(help_text="First financial year, e.g. 2004 for 2004/05.")
    end_year = models.PositiveSmallIntegerField(help_text="Last financial year, e.g. 2014 for 2014/15.")
    vision = models.TextField()
    chair_name = models.CharField(max_length=120, blank=True)
    chair_introduction = models.TextField(blank=True)
    area_profile = models.TextField(blank=True)
    monitoring_statement = models.TextField(blank=True, help_text="How the plan is monitored and reviewed.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    contact_details = models.TextField(blank=True)

    objects = owned_manager(CommunityPlanQuerySet)

    class Meta:
        ordering = ["-start_year"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "slug"], name="plan_slug_unique_per_partnership"),
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")), name="plan_years_in_order"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def period_label(self) -> str:
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d} to {self.end_year}/{(self.end_year + 1) % 100:02d}"


class Sector(models.TextChoices):
    """The LSP's membership sectors, as the Dacorum plan lists them."""

    PUBLIC = "public", "Public sector"
    LOCAL_AUTHORITY = "local_authority", "Local authority sector"
    BUSINESS_ENVIRONMENT = "business_environment", "Business and environment sector"
    ARTS_CULTURE = "arts_culture", "Arts and culture sector"
    VOLUNTARY_COMMUNITY = "voluntary_community", "Voluntary and community sector"
    EDUCATION_LEARNING = "education_learning", "Education and lifelong learning sector"


class Organisation(PartnershipOwned):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200)
    sector = models.CharField(max_length=30, choices=Sector.choices)
    website = models.URLField(blank=True)
    description = models.TextField(blank=True)
    is_lsp_member = models.BooleanField(
        default=True, verbose_name="LSP member", help_text="Sits on the Local Strategic Partnership."
    )

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["sector", "name"])]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="organisation_name_unique_per_partnership"),
            models.UniqueConstraint(fields=["partnership", "slug"], name="organisation_slug_unique_per_partnership"),
        ]

    def __str__(self) -> str:
        return self.name


class ForumQuerySet(PartnershipQuerySet):
    def theme_leads(self):
        return self.filter(kind=Forum.Kind.THEME_LEAD)


class Forum(PartnershipOwned):
    """A group that does the partnership's work: a theme's lead forum, the support group or the board."""

    class Kind(models.TextChoices):
        THEME_LEAD = "theme_lead", "Theme lead forum"
        SUPPORT_GROUP = "support_group", "LSP Support Group"
        BOARD = "board", "LSP Board"

    plan = models.ForeignKey(CommunityPlan, on_delete=models.CASCADE, related_name="forums")
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.THEME_LEAD)
    description = models.TextField(blank=True)
    website = models.URLField(blank=True)
    organisations = models.ManyToManyField(Organisation, related_name="forums", blank=True)

    objects = owned_manager(ForumQuerySet)
    partnership_from = "plan"

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "slug"], name="forum_slug_unique_per_plan"),
            models.UniqueConstraint(fields=["plan", "name"], name="forum_name_unique_per_plan"),
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    """What a member may do. Object-level checks (which forum, which return) live in permissions modules."""

    OFFICER = "officer", "Partner officer"
    FORUM_LEAD = "forum_lead", "Forum lead"
    SUPPORT_GROUP = "support_group", "LSP Support Group"
    BOARD = "board", "LSP Board member"
    ADMIN = "admin", "Administrator"


class Membership(PartnershipOwned):
    """A user's seat: in an organisation, optionally for one forum, with a role.

    It belongs to its organisation's partnership: one person may hold seats in several.
    """

    partnership_from = "organisation"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    forum = models.ForeignKey(
        Forum,
        on_delete=models.CASCADE,
        related_name="memberships",
        null=True,
        blank=True,
        help_text="For forum leads and officers: the forum they work for. Blank for partnership-wide roles.",
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    job_title = models.CharField(max_length=120, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["user__username", "role"]
        constraints = [
            # Two partial constraints rather than nulls_distinct=False, which SQLite lacks.
            models.UniqueConstraint(
                fields=["user", "organisation", "forum", "role"],
                condition=models.Q(forum__isnull=False),
                name="membership_unique_in_forum",
            ),
            models.UniqueConstraint(
                fields=["user", "organisation", "role"],
                condition=models.Q(forum__isnull=True),
                name="membership_unique_partnership_wide",
            ),
        ]

    def __str__(self) -> str:
        where = f" · {self.forum}" if self.forum_id else ""
        return f"{self.user} — {self.get_role_display()} ({self.organisation}{where})"


class AreaKind(models.TextChoices):
    """The kinds of area a partnership reports by: each indicator is reported by one kind."""

    WARD = "ward", "ward"
    PARISH = "parish", "parish"
    NEIGHBOURHOOD = "neighbourhood", "neighbourhood"
    POLICING_AREA = "policing_area", "policing area"
    LOCALITY = "locality", "locality"
    DISTRICT = "district", "district"
    OTHER = "other", "area"

    @property
    def plural(self) -> str:
        """ "wards", "parishes", "policing areas": for counts and headings."""
        return _KIND_PLURALS.get(self.value, f"{self.label}s")


_KIND_PLURALS = {"parish": "parishes", "locality": "localities"}


# An ONS GSS code is a letter for the nation (E, W, S, N) and 8 digits: E05004567. A code
# "claims" to be one when it starts with such a letter followed by a digit; anything else
# (a police neighbourhood's "C14", "DAC-01") is the partnership's own code, kept as typed.
GSS_CLAIM = re.compile(r"^[EWSN][0-9]", re.IGNORECASE)
GSS_CODE = re.compile(r"^[EWSN][0-9]{8}$")


def validate_area_code(code: str) -> None:
    """Refuse a code that looks like an ONS GSS code but is not one."""
    if GSS_CLAIM.match(code) and not GSS_CODE.match(code):
        raise ValidationError(
            "Enter an ONS code as a capital letter and 8 digits, like E05004567, "
            "or a code of your own that does not start with E, W, S or N and a digit",
            code="invalid_gss_code",
        )


class AreaQuerySet(PartnershipQuerySet):
    def of_kind(self, kind: str) -> "AreaQuerySet":
        return self.filter(kind=kind)


class Area(PartnershipOwned):
    """A place the partnership reports on: a ward, a parish, a policing area, a district…

    Areas may nest (a ward's parent can be its district, of the same partnership); an
    indicator is reported by one kind of area (``Indicator.area_kind``).
    """

    Kind = AreaKind

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, help_text="Its address on the public site: /areas/<slug>/.")
    kind = models.CharField(max_length=20, choices=AreaKind.choices, default=AreaKind.WARD)
    code = models.CharField(
        max_length=20,
        blank=True,
        validators=[validate_area_code],
        help_text="Optional. The ONS (GSS) code, like E05004567, or the code your partners use, "
        "like a police neighbourhood's.",
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        help_text="Optional. The area it lies in, like a ward's district.",
    )
    town = models.CharField(max_length=80, blank=True)
    population = models.PositiveIntegerField(null=True, blank=True)
    description = models.TextField(blank=True)

    objects = owned_manager(AreaQuerySet)
    # A root: a new area takes the active partnership, or its parent's (which must agree).
    partnership_from = "parent"

    class Meta:
        ordering = ["name"]
        # Unique within a partnership and a kind: a parish and a ward may share a name, and a
        # police code may repeat another kind's. The slug is the public address, so it is
        # unique within the partnership whatever the kind.
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "slug"],
                name="area_slug_unique_per_partnership",
                violation_error_code="slug",
                violation_error_message="There is already an area with this slug: choose another",
            ),
            models.UniqueConstraint(
                fields=["partnership", "kind", "name"],
                name="area_name_unique_per_partnership_and_kind",
                violation_error_code="name",
                violation_error_message="There is already an area of this kind with this name: choose another name",
            ),
            models.UniqueConstraint(
                fields=["partnership", "kind", "code"],
                condition=~models.Q(code=""),
                name="area_code_unique_per_partnership_and_kind",
                violation_error_code="code",
                violation_error_message="There is already an area of this kind with this code: check the code",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("indicators:area-detail", args=[self.slug])

    def validate_constraints(self, exclude=None) -> None:
        """Each uniqueness problem beside its field (the constraint's code names it), not above the form."""
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            fields = {f.name for f in self._meta.fields}
            moved: dict[str, list[ValidationError]] = {}
            for key, errors in error.error_dict.items():
                for e in errors:
                    moved.setdefault(e.code if key == NON_FIELD_ERRORS and e.code in fields else key, []).append(e)
            raise ValidationError(moved) from error

    def clean(self) -> None:
        super().clean()
        self.code = self.code.strip()
        if GSS_CLAIM.match(self.code):
            self.code = self.code.upper()
        if self.parent_id is not None:
            self._refuse_another_partnerships_parent()
            self._refuse_a_cycle()

    @property
    def label(self) -> str:
        """The name with its kind, as residents read it: "Boxmoor ward", "Tring Rural parish"."""
        if self.kind == AreaKind.OTHER:
            return self.name
        return f"{self.name} {self.get_kind_display()}"

    @property
    def kind_label(self) -> str:
        """ "ward", "policing area"; "area" for other kinds."""
        return self.get_kind_display()

    @property
    def kind_plural(self) -> str:
        return AreaKind(self.kind).plural

    @property
    def reference(self) -> str:
        """How a plan package names it: its code, or its slug if it has none."""
        return self.code or self.slug

    def _refuse_another_partnerships_parent(self) -> None:
        """An area lies in an area of its own partnership, never another's."""
        own = self.partnership_id if self.partnership_id is not None else scope.current_id()
        if own is not None and self.parent.partnership_id != own:
            raise ValidationError(
                {"parent": "Choose an area of this partnership: the area chosen belongs to another partnership"}
            )

    def _refuse_a_cycle(self) -> None:
        """An area may not lie in itself, directly or through its parent's parents."""
        seen: set[int] = set()
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk or (self.pk is None and ancestor is self):
                raise ValidationError(
                    {"parent": "Choose an area that does not lie within this one: an area cannot lie in itself"}
                )
            if ancestor.pk in seen:  # an older cycle above: stop, it is not this area's
                break
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


class AreaPlan(models.Model):
    """An area's priorities for one year, refreshed every June. Priorities live in ``themes.AreaPriority``."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="plans")
    year = models.PositiveSmallIntegerField(help_text="Financial year the plan starts, e.g. 2014 for 2014/15.")
    summary = models.TextField(blank=True)
    published_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["area__name", "-year"]
        constraints = [models.UniqueConstraint(fields=["area", "year"], name="area_plan_unique_per_year")]

    def __str__(self) -> str:
        return f"{self.area.label} plan {self.year}/{(self.year + 1) % 100:02d}"
