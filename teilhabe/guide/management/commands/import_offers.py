"""Import offers into a KI's guide from the guide's CSV or HSDS 3.0 JSON (issue 19).

    manage.py import_offers PATH --centre 05711 [--dry-run] [--publish]
        [--default-category CODE] [--background]

The KI is named by its district key (5 digits; the City of Aachen's KI: 05334002). The command
acts as the system: its writes are audited with the actor "system" and the KI's rights (the
operators who can run it can change the database anyway). Synchronous by default: it prints
the counts and every row error, and exits with 1 when a row failed or the file is unreadable.
`--dry-run` only checks (nothing is written); `--background` queues the job for the worker
(`manage.py db_worker`) and prints its id; the KI's people see it among their imports.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from teilhabe.centres.models import Centre
from teilhabe.guide import importing
from teilhabe.guide.models import Category


class Command(BaseCommand):
    help = "Import offers (the guide's CSV or HSDS 3.0 JSON) into a KI's guide."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", help="The file (CSV or JSON; told apart by its content).")
        parser.add_argument(
            "--centre", required=True, help="The KI's district key, e.g. 05711 or 05334002."
        )
        parser.add_argument("--dry-run", action="store_true", help="Only check, write nothing.")
        parser.add_argument("--publish", action="store_true", help="Publish the offers at once.")
        parser.add_argument(
            "--default-category", help="Category code for offers whose file names none."
        )
        parser.add_argument(
            "--background", action="store_true", help="Queue the import for the worker."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        centre = (
            Centre.objects.select_related("grantee").filter(grantee__key=options["centre"]).first()
        )
        if centre is None:
            raise CommandError(f"No KI with the key {options['centre']!r}.")
        category = None
        if options["default_category"]:
            category = Category.objects.filter(
                code=options["default_category"], is_active=True
            ).first()
            if category is None:
                raise CommandError(f"No active category {options['default_category']!r}.")
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"No file {path}.")
        if path.stat().st_size > importing.MAX_BYTES:  # before a byte is read
            raise CommandError("The file is larger than 5 MB; split it into several files.")
        content = path.read_bytes()
        try:
            if options["background"] and not options["dry_run"]:
                job = importing.system_job(
                    centre,
                    content,
                    name=path.name,
                    default_category=category,
                    publish=options["publish"],
                )
                self.stdout.write(f"Queued offer import {job.pk} ({job.total} rows) for the worker")
                return
            result = importing.import_content(
                content,
                centre,
                by=None,
                default_category=category,
                publish=options["publish"],
                dry_run=options["dry_run"],
            )
        except ValidationError as e:
            raise CommandError(f"{e.code}: {' '.join(e.messages)}") from None
        for error in result.errors:
            self.stdout.write(
                f"row {error.row} {error.field or '-'}: {error.code}: {error.message}"
            )
        if options["dry_run"]:
            summary = f"Checked {result.total} rows: {result.total - result.failed} ok, "
            summary += f"{result.failed} with errors (nothing written)"
        else:
            summary = (
                f"{result.total} rows: {result.added} added, {result.updated} updated, "
                f"{result.unchanged} unchanged, {result.failed} failed"
            )
        self.stdout.write(summary)
        if result.failed:
            raise CommandError(f"{result.failed} rows failed")
