import getpass

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from teilhabe.accounts import services
from teilhabe.accounts.models import User
from teilhabe.core.roles import CENTRE_ROLES, DISTRICT_ROLES, Role
from teilhabe.territory.models import District

# The KI registry sits above accounts: reach it through the user's own foreign key.
Centre = User._meta.get_field("centre").related_model


class Command(BaseCommand):
    """Creates an account with one role and its scope, through the audited service.

    KI roles need `--centre` (the grantee key, e.g. 05711 or 05334002); the school authority
    needs `--district` (5-digit key). The password is asked for twice, never taken from
    the command line. The user pairs an authenticator app at the first login.
    """

    help = "Create a user: create_user USERNAME EMAIL --role ROLE [--centre KEY] [--district KEY]"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("email")
        parser.add_argument("--role", required=True, choices=[r.value for r in Role])
        parser.add_argument("--centre", default="", help="grantee key of the KI")
        parser.add_argument("--district", default="", help="5-digit district key")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")

    def handle(self, *args: object, **o: object) -> None:
        role = Role(str(o["role"]))
        centre = district = None
        if role in CENTRE_ROLES:
            centre = Centre._default_manager.filter(grantee__key=o["centre"]).first()
            if centre is None:
                raise CommandError(f"No KI with grantee key {o['centre']!r} (use --centre).")
        if role in DISTRICT_ROLES:
            district = District.objects.filter(key=o["district"]).first()
            if district is None:
                raise CommandError(f"No district with key {o['district']!r} (use --district).")
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password again: "):
            raise CommandError("The passwords differ.")
        try:
            user = services.create_user(
                str(o["username"]),
                by=None,
                email=str(o["email"]),
                first_name=str(o["first_name"]),
                last_name=str(o["last_name"]),
                password=password,
                role=role,
                centre=centre,
                district=district,
            )
        except ValidationError as e:
            raise CommandError("; ".join(e.messages)) from e
        self.stdout.write(f"Created {user.username} ({role.label}).")
