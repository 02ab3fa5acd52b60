from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from teilhabe.core.demo import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    """Loads the territory, fills all 54 KIs with plausible data and makes one user per role.

    Idempotent: a second run adds nothing. Prints the demo logins. Never run it in production:
    the demo password and the demo second-factor secrets are public.
    """

    help = "Load a realistic demo (all 54 KIs, one user per role) and print the logins."

    def handle(self, *args: object, **options: object) -> None:
        if not settings.DEBUG:
            raise CommandError("The demo has public passwords: it runs only with DEBUG on.")
        call_command("load_territory", stdout=self.stdout)
        personas = seed_demo()
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD})")
        self.stdout.write(
            "Second factor: `make code USER=<name>` prints the current six-digit code."
        )
        for p in personas:
            self.stdout.write(
                f"  {p.username:<6} {p.role.value:<17} {p.first_name}, {p.description}"
            )
