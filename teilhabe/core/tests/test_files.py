"""save_on_commit: a row's file exists only once the row's transaction has committed."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models.fields.files import FieldFile

from teilhabe.core.files import save_on_commit

pytestmark = pytest.mark.django_db


class Boom(Exception):
    pass


def _file() -> FieldFile:
    """A FileField's file on a bare instance: the helper needs no model of an app."""
    field = models.FileField(upload_to="helper-test/", max_length=200)
    field.storage = default_storage
    return FieldFile(instance=object(), field=field, name=None)


def _files(media: Path) -> list[str]:
    return sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file())


def test_the_file_is_named_at_once_and_written_only_at_the_commit(
    settings, django_capture_on_commit_callbacks
) -> None:
    media = Path(settings.MEDIA_ROOT)
    file = _file()
    with django_capture_on_commit_callbacks(execute=True):
        name = save_on_commit(file, "a.pdf", b"%PDF-one")
        assert file.name == name == "helper-test/a.pdf"
        assert _files(media) == []  # still inside the transaction
    assert _files(media) == ["helper-test/a.pdf"]
    assert (media / name).read_bytes() == b"%PDF-one"


def test_a_rolled_back_outer_transaction_leaves_no_file(
    settings, django_capture_on_commit_callbacks
) -> None:
    # What survives the rollback would be written: nothing may.
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Boom),
        transaction.atomic(),
    ):
        save_on_commit(_file(), "a.pdf", b"%PDF-one")
        raise Boom
    assert callbacks == []
    assert _files(Path(settings.MEDIA_ROOT)) == []


def test_a_taken_name_is_not_reused_and_a_race_on_it_ends_with_the_rows_bytes(
    settings, django_capture_on_commit_callbacks
) -> None:
    default_storage.save("helper-test/a.pdf", ContentFile(b"%PDF-older"))
    with django_capture_on_commit_callbacks(execute=True):
        name = save_on_commit(_file(), "a.pdf", b"%PDF-new")
        assert name != "helper-test/a.pdf"
        # Another transaction writes the same free name before this one commits.
        default_storage.save(name, ContentFile(b"%PDF-other"))
    assert default_storage.open("helper-test/a.pdf").read() == b"%PDF-older"
    assert default_storage.open(name).read() == b"%PDF-new"
