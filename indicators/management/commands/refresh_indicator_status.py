"""``python manage.py refresh_indicator_status [--plan SLUG]``: judge every figure again from scratch."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from indicators.models import Indicator
from indicators.services import indicator_status_rebuild
from partnership.cache import bump_content_version
from partnership.models import CommunityPlan


class Command(BaseCommand):
    help = (
        "Rebuild the judged figures (RAG, direction of travel, year to date…) that pages read, from the "
        "published values and targets: every plan's, or one plan's with --plan. The services keep them up "
        "to date; this is for repairs, and after changing how figures are judged."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--plan", metavar="SLUG", help="Only this plan's indicators.")

    def handle(self, *args, plan: str | None, **options) -> None:
        indicators = Indicator.objects.all()
        if plan is not None:
            found = CommunityPlan.objects.filter(slug=plan).first()
            if found is None:
                raise CommandError(f"No plan with the slug “{plan}”.")
            indicators = indicators.filter(theme__plan=found)
        written = indicator_status_rebuild(indicators=indicators)
        bump_content_version()  # cached pages were made from the old figures
        self.stdout.write(self.style.SUCCESS(f"{written:,} judged figures written."))
