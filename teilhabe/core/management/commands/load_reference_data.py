from django.core.management.base import BaseCommand

from teilhabe.core.demo import load_reference_data


class Command(BaseCommand):
    """Loads every app's reference data: the official territory, then one KI per grantee.

    Idempotent: run it after every `migrate`; it creates what is missing and updates what changed
    in the reference files (teilhabe/territory/data/), and never duplicates.
    """

    help = "Load the reference data of every app (territory, one KI per grantee); idempotent."

    def handle(self, *args: object, **options: object) -> None:
        for line in load_reference_data():
            self.stdout.write(line)
