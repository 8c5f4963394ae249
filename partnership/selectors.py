"""Read models for the partnership's public pages: who the partners are, and the areas.

A fixed number of queries each, evaluated lists and dataclasses out.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .models import Area, CommunityPlan, Forum, Organisation, Sector


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
    town: str
    areas: list[Area]


def areas_by_town(areas: list[Area] | None = None) -> list[TownGroup]:
    """Every area, grouped by town (areas with no town last). One query."""
    if areas is None:
        areas = list(Area.objects.order_by("name").only("id", "name", "slug", "code", "town", "population"))
    towns: dict[str, list[Area]] = defaultdict(list)
    for area in areas:
        towns[area.town].append(area)
    return [TownGroup(town or "Other areas", towns[town]) for town in sorted(towns, key=lambda t: (not t, t))]
