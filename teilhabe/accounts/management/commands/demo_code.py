from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import totp

from teilhabe.accounts.demo import PERSONAS, demo_totp_key


class Command(BaseCommand):
    """Prints the current two-factor code of a demo user (local demo only, never production)."""

    help = "Print the current TOTP code of a demo user, e.g. `demo_code anna`."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", choices=[p.username for p in PERSONAS])

    def handle(self, *args: object, **options: object) -> None:
        if not settings.DEBUG:
            raise CommandError("Demo codes exist only in a local demo (DEBUG on).")
        code = totp(bytes.fromhex(demo_totp_key(str(options["username"]))))
        self.stdout.write(f"{code:06d}")
