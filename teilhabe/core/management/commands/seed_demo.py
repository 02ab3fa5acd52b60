from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from teilhabe.core.demo import seed_demo


class Command(BaseCommand):
    """Loads the reference data and every app's demo data (all 54 KIs, one user per role).

    Idempotent: a second run adds nothing. Prints the demo logins. Never run it in production:
    the demo password and the demo second-factor secrets are public.
    """

    help = "Load a realistic demo (all 54 KIs, one user per role) and print the logins."

    def handle(self, *args: object, **options: object) -> None:
        if not settings.DEBUG:
            raise CommandError("The demo has public passwords: it runs only with DEBUG on.")
        for line in seed_demo():
            self.stdout.write(line)
