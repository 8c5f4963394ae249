"""Who may do what with annual reports. Views ask here, nowhere else.

| who | published reports and PDFs | preview a ready report | build, publish, chair's introduction |
| --- | --- | --- | --- |
| anyone | yes | — | — |
| LSP Support Group | yes | yes | yes |
| everyone else signed in | yes | — | — |
"""

from __future__ import annotations

from indicators.permissions import reach_of


def can_manage_reports(user) -> bool:
    """Build, publish, write the chair's introduction, and preview reports not yet published."""
    return reach_of(user).is_support
