"""Read models for the partnership's public pages: who the partners are, and the areas.

A fixed number of queries each, evaluated lists and dataclasses out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .models import Area, AreaKind, CommunityPlan, Forum, Organisation, Sector


@dataclass(frozen=True)
class PartnerRow:
    organisation: Organisation
    forums: list[Forum]  # the current plan's forums it sits on


@dataclass(frozen=True)
class SectorGroup:
    sector: str
    label: str
    partners: list[PartnerRow]

    @property
    def slug(self) -> str:
        return f"sector-{self.sector.replace('_', '-')}"


def partners_by_sector(plan: CommunityPlan | None) -> list[SectorGroup]:
    """The LSP's member organisations, and any others on the plan's forums, by sector.

    Two queries: the organisations, and which of the plan's forums each sits on.
    """
    sits_on: dict[int, list[Forum]] = defaultdict(list)
    if plan is not None:
        for link in (
            Forum.organisations.through.objects.filter(forum__plan=plan).select_related("forum").order_by("forum__name")
        ):
            sits_on[link.organisation_id].append(link.forum)
    organisations = Organisation.objects.order_by("name").only(
        "id", "name", "slug", "sector", "website", "description", "is_lsp_member"
    )
    grouped: dict[str, list[PartnerRow]] = defaultdict(list)
    for organisation in organisations:
        if organisation.is_lsp_member or organisation.id in sits_on:
            grouped[organisation.sector].append(PartnerRow(organisation, sits_on[organisation.id]))
    return [
        SectorGroup(sector.value, sector.label, grouped[sector.value]) for sector in Sector if grouped[sector.value]
    ]


@dataclass(frozen=True)
class TownGroup:
    town: str  # blank: the kind's areas have no town at all
    areas: list[Area]


@dataclass(frozen=True)
class KindGroup:
    kind: str
    heading: str  # "Wards", "Policing areas"
    towns: list[TownGroup]


def areas_by_kind(areas: list[Area] | None = None) -> list[KindGroup]:
    """Every area by kind (in ``AreaKind`` order), then by town (areas with no town last). One query."""
    if areas is None:
        areas = list(Area.objects.order_by("name").only("id", "name", "slug", "code", "kind", "town", "population"))
    by_kind: dict[str, dict[str, list[Area]]] = defaultdict(lambda: defaultdict(list))
    for area in areas:
        by_kind[area.kind][area.town].append(area)
    groups = []
    for kind in AreaKind:
        towns = by_kind.get(kind.value)
        if not towns:
            continue
        names = sorted(towns, key=lambda t: (not t, t))
        groups.append(
            KindGroup(
                kind.value,
                kind.plural.capitalize(),
                [TownGroup(town or (f"Other {kind.plural}" if len(names) > 1 else ""), towns[town]) for town in names],
            )
        )
    return groups


def areas_of_kinds(kinds: Iterable[str]) -> dict[str, list[Area]]:
    """The areas of each kind asked for, by name: what a return asks values for, an indicator
    being reported by one kind. One query, none when no kind is asked for."""
    wanted = {kind for kind in kinds if kind}
    by_kind: dict[str, list[Area]] = {kind: [] for kind in wanted}
    if wanted:
        for area in Area.objects.filter(kind__in=wanted).order_by("name"):
            by_kind[area.kind].append(area)
    return by_kind
