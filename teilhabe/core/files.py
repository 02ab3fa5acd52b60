"""Files that belong to a row are written when the row's transaction commits, never before.

`save_on_commit(row.document, "konzept.pdf", content)` gives the file its name at once (the row
is saved with it) and writes the bytes in `transaction.on_commit`. A transaction that rolls
back — the service's own, or any outer one its caller opened — leaves no file behind; outside a
transaction the file is written at once. Core imports no app: any `FileField` works.
"""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models.fields.files import FieldFile

logger = logging.getLogger(__name__)


def save_on_commit(file: FieldFile, filename: str, content: bytes) -> str:
    """Name `file` now (upload_to of its field, a free name in its storage); write it on commit.

    Returns the name. If a file of that name appears before the commit (another transaction
    took the same free name), identical bytes are kept and different ones replaced, so the
    committed row always names a file with exactly `content`.
    """
    field = file.field
    storage = file.storage
    name = storage.get_available_name(
        field.generate_filename(file.instance, filename), max_length=field.max_length
    )
    file.name = name

    def write() -> None:
        if storage.exists(name):
            with storage.open(name, "rb") as existing:
                if existing.read() == content:
                    return
            logger.warning("replacing the file %s: its row was committed with other bytes", name)
            storage.delete(name)
        stored = storage.save(name, ContentFile(content), max_length=field.max_length)
        if stored != name:  # pragma: no cover - taken again in between; never name a wrong file
            storage.delete(stored)
            raise OSError(f"the file {name} could not be stored under its name")

    transaction.on_commit(write)
    return name
