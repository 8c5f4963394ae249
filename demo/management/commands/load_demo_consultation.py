"""``python manage.py load_demo_consultation``: comments, consultations and suggestions for the Dacorum demo."""

from django.core.management.base import BaseCommand

from demo.residents import load_demo_consultation


class Command(BaseCommand):
    help = (
        "Add demonstration comments (with an official response), an open consultation asking every kind of "
        "question, a closed one with results and “you said, we did”, and suggestions in every status, to the "
        "Dacorum demo. Needs `load_demo` first; safe to run again."
    )

    def handle(self, *args, **options) -> None:
        created = load_demo_consultation(stdout=self.stdout)
        if created is not None:
            self.stdout.write(self.style.SUCCESS("Done."))
