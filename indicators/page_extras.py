"""Sections that later apps add to the indicators app's public pages.

Imports flow one way (partnership ← themes ← indicators ← consultation ← reports), so
the theme page, a view of this app, cannot import the consultation app to show its
comments. Instead a later app registers a provider in its ``AppConfig.ready()``::

    page_extras.register("theme", comment_section_for_theme)

and the page's view calls ``page_extras.sections("theme", request=request, theme=theme)``.
Each provider returns a ``Section`` (a template and its context, evaluated in a fixed
number of queries) or ``None``; the page template includes each in turn.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Section:
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


Provider = Callable[..., Section | None]
_providers: dict[str, list[Provider]] = defaultdict(list)


def register(page: str, provider: Provider) -> None:
    if provider not in _providers[page]:
        _providers[page].append(provider)


def sections(page: str, **kwargs) -> list[Section]:
    found = [section for provider in _providers[page] if (section := provider(**kwargs)) is not None]
    return sorted(found, key=lambda section: section.order)
