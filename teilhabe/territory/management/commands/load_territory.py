from django.core.management.base import BaseCommand

from teilhabe.centres.services import ensure_centres
from teilhabe.territory.services import load_territory


class Command(BaseCommand):
    """Loads the official territory and makes sure each of the 54 grantees has its KI.

    Idempotent: run it as often as you like; it creates what is missing and updates what changed
    in the reference files (teilhabe/territory/data/), and never duplicates.
    """

    help = "Load Regierungsbezirke, districts, municipalities and grantees; one KI per grantee."

    def handle(self, *args: object, **options: object) -> None:
        result = load_territory()
        centres = ensure_centres()
        self.stdout.write(
            f"Territory: {result.regierungsbezirke} Regierungsbezirke, "
            f"{result.districts} districts, "
            f"{result.municipalities} municipalities, {result.grantees} grantees "
            f"({result.created} new); {centres.total} KIs ({centres.created} new)."
        )
