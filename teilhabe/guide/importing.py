"""The import of offers into a KI's guide: the file (the guide's CSV or HSDS 3.0 JSON, told
apart by content) is read into `ParsedRow`s (`csvformat`, `hsds_in`), each record is checked
against the KI (`prepare`: codes to rows, ids to offers, lengths, places) and written through
`services.add_offer` / `update_offer` (which validate and audit).

- A record whose id is an offer of this KI updates it; a new id adds an offer with that uuid
  (and its locations' uuids); an id of another KI's offer is taken over as the KI's own copy
  with derived ids (`taken_over_id`: a repeat finds the copy), the other KI's offer untouched.
- Imported offers land as drafts; the option "publish at once" publishes them (the KI's
  people only: the form is theirs). A KI's change of a published offer is published at once
  anyway (the services' rule).
- Importing the same file twice changes nothing the second time: a row whose offer would not
  change is rolled back and counted "unchanged" (no audit event, no new version).
- Jobs (the shared import job, `core.import_jobs`, configured by `OfferImporter`):
  `upload_import` keeps the file (nothing written), the review page shows `preview`,
  `confirm_import` queues the background task, `run_import` writes in batches with progress.
  `import_content` runs the same synchronously (the `import_offers` command).

`by=None` is the system: the operators' command, audited as "system" with the KI's rights.
"""

from __future__ import annotations

import csv
import dataclasses
import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.core import audit, import_jobs
from teilhabe.core.actions import locked, require
from teilhabe.core.import_jobs import ImportState
from teilhabe.core.roles import Principal
from teilhabe.network.models import Organisation

from . import access, csvformat, hsds_in, services
from .interchange import DATA_FIELDS, OfferRecord, ParsedRow, RowError
from .models import (
    COURSE_FIELDS,
    TEXT_FIELDS,
    TEXT_LIMITS,
    Category,
    LanguageCourse,
    Location,
    Offer,
    OfferImport,
    OfferStatus,
    OfferText,
)

logger = logging.getLogger(__name__)

MAX_BYTES = csvformat.MAX_BYTES
PREVIEW_ROWS = 20
MAX_STORED_ERRORS = 200
BATCH = 50
POSTCODES = Path(settings.BASE_DIR).parent / "shared" / "data" / "nrw-postcodes.csv"
CSV, JSON = "csv", "json"
# What a matched provider has itself (the export's organization of a partner organisation).
PROVIDER_FIELDS = frozenset({"id", "name", "description", "email", "website", "phones"})
STRINGS = frozenset({"contact_name", "contact_email", "contact_phone", "website"})


def detect(content: bytes) -> str:
    """The format by content: JSON starts with `{` or `[` (after a BOM and blanks)."""
    start = content[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    return JSON if start[:1] in (b"{", b"[") else CSV


def parse(content: bytes) -> tuple[str, list[ParsedRow]]:
    """The file's format and rows; ValidationError for an unreadable file or one beyond the
    bounds (size first, before any parsing)."""
    if not content:
        raise ValidationError(_("The file is empty."), code="empty_file")
    if len(content) > MAX_BYTES:
        raise _too_large()
    file_format = detect(content)
    rows = hsds_in.read(content) if file_format == JSON else csvformat.read(content)
    return file_format, rows


@cache
def _postcodes() -> dict[str, tuple[str, ...]]:
    """Postcode → the official keys of the municipalities it reaches (NRW's list)."""
    found: dict[str, list[str]] = {}
    if POSTCODES.exists():
        with POSTCODES.open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                found.setdefault(row["postcode"], []).append(row["ags"])
    return {postcode: tuple(keys) for postcode, keys in found.items()}


class Context:
    """What the checks of one file need about the KI, read once (no query per row)."""

    def __init__(self, centre: Centre, default_category: Category | None) -> None:
        self.centre = centre
        self.default_category = default_category
        self.categories = {c.code: c for c in Category.objects.filter(is_active=True)}
        organisations = list(
            Organisation.objects.filter(centre=centre, merged_into__isnull=True).order_by(
                "-is_active", "pk"
            )
        )
        self.by_uuid = {o.uuid: o for o in organisations}
        self.by_name: dict[str, Organisation] = {}
        for o in organisations:
            self.by_name.setdefault(o.name.casefold(), o)
        self.area = {m.ags: m for m in centre.grantee.municipalities()}
        self.area_by_postcode: dict[str, str] = {}
        for postcode, keys in _postcodes().items():
            for key in keys:
                if key in self.area:
                    self.area_by_postcode.setdefault(postcode, key)
        for m in self.area.values():  # without the list: the administration's postcode
            self.area_by_postcode.setdefault(m.postcode, m.ags)
        self.offers: dict[uuid.UUID, tuple[int, int]] = {}
        self.location_offer: dict[uuid.UUID, int] = {}

    def load_ids(self, records: Sequence[OfferRecord]) -> None:
        """The offers and locations the records' ids name, and those of the ids the KI's
        copies of another KI's offers would get (`taken_over_id`)."""
        key = self.centre.district_key
        ids = [r.id for r in records if r.id is not None]
        ids += [taken_over_id(i, key) for i in list(ids)]
        for pk, centre_id, offer_uuid in Offer.objects.filter(uuid__in=ids).values_list(
            "pk", "centre_id", "uuid"
        ):
            self.offers[offer_uuid] = (pk, centre_id)
        places = [p.id for r in records for p in r.locations if p.id is not None]
        places += [taken_over_id(i, key) for i in list(places)]
        for offer_id, place_uuid in Location.objects.filter(uuid__in=places).values_list(
            "offer_id", "uuid"
        ):
            self.location_offer[place_uuid] = offer_id


def taken_over_id(original: uuid.UUID, district_key: str) -> uuid.UUID:
    """The id of a KI's copy of another KI's offer (or location): derived, so importing the
    same file again finds the copy instead of adding another."""
    return uuid.uuid5(original, f"teilhabe:taken-over:{district_key}")


def taken_over(record: OfferRecord, context: Context) -> OfferRecord:
    """The record as the KI's own copy of another KI's offer: new ids for the offer and its
    locations (`taken_over_id`), the original's id kept in `extra["taken_over_from"]`."""
    key = context.centre.district_key
    assert record.id is not None
    locations = []
    kept = dict(record.extra.get("locations") or {})
    places: dict[str, Any] = {}
    for place in record.locations:
        new_id = taken_over_id(place.id, key) if place.id is not None else None
        if place.id is not None and str(place.id) in kept:
            places[str(new_id)] = {**kept.pop(str(place.id)), "id": str(new_id)}
        locations.append(dataclasses.replace(place, id=new_id))
    extra = {**record.extra, "taken_over_from": str(record.id)}
    if places or kept:
        extra["locations"] = {**kept, **places}
    return dataclasses.replace(
        record, id=taken_over_id(record.id, key), locations=locations, extra=extra
    )


@dataclass
class Prepared:
    """One row ready for the services, or its errors."""

    row: int
    record: OfferRecord | None
    offer_id: int | None = None
    data: dict[str, Any] = field(default_factory=dict)
    texts: dict[str, dict[str, str]] = field(default_factory=dict)
    locations: list[dict[str, Any]] = field(default_factory=list)
    course: dict[str, Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)

    @property
    def title(self) -> str:
        if self.record is None:
            return ""
        text = self.record.texts.get(self.record.source_language) or {}
        return text.get("title", "")

    @property
    def kept_aside(self) -> int:
        return sum(1 for _v in hsds_in.leaves(self.extra)) if self.extra else 0


def _field_error(prepared: Prepared, name: str, code: str, message: Any) -> None:
    prepared.errors.append(RowError(prepared.row, name, code, message))


def _check_model_field(
    prepared: Prepared, model: type[Any], name: str, value: Any, label: str
) -> Any:
    """The model field's own checks (length, choices, e-mail, URL, digits), as a row error
    naming `label`; the value as the field cleans it."""
    model_field = model._meta.get_field(name)
    if value in (None, "") and (model_field.blank or model_field.null):
        return value
    try:
        return model_field.clean(value, None)
    except ValidationError as e:
        _field_error(prepared, label, e.error_list[0].code or "invalid", " ".join(e.messages))
        return value


def prepare(parsed: ParsedRow, context: Context) -> Prepared:
    """One parsed row checked against the KI: the references resolved, the fields checked as
    the models would (before a write could fail in the database)."""
    prepared = Prepared(row=parsed.row, record=parsed.record, errors=list(parsed.errors))
    record = parsed.record
    if record is None:
        return prepared
    holder = context.offers.get(record.id) if record.id is not None else None
    if holder is not None and holder[1] != context.centre.pk:  # another KI's: taken over
        record = prepared.record = taken_over(record, context)
    extra = dict(record.extra)
    if record.id is not None and record.id in context.offers:
        offer_id, centre_id = context.offers[record.id]
        if centre_id != context.centre.pk:
            _field_error(
                prepared, "id", "foreign_id", gettext_lazy("This id is an offer of another KI.")
            )
            return prepared
        prepared.offer_id = offer_id
    category = context.categories.get(record.category) if record.category else None
    if record.category and category is None:
        _field_error(
            prepared,
            "category",
            "unknown_category",
            _("“%(code)s” is no active category of the guide.") % {"code": record.category[:50]},
        )
    elif category is None:
        category = context.default_category
        if category is None:
            _field_error(
                prepared,
                "category",
                "category_missing",
                gettext_lazy("The row names no category: choose a default category."),
            )
    provider = None
    if record.provider is not None:
        if record.provider.id is not None:
            provider = context.by_uuid.get(record.provider.id)
        if provider is None and record.provider.name:
            provider = context.by_name.get(record.provider.name.casefold())
        if provider is None:  # kept, never dropped: the source's organisation
            organisation = dict(extra.get("organization") or {})
            if record.provider.id is not None:
                organisation.setdefault("id", str(record.provider.id))
            if record.provider.name:
                organisation.setdefault("name", record.provider.name)
            extra["organization"] = organisation
        elif "organization" in extra:  # the organisation's own fields are the guide's
            kept = {k: v for k, v in extra["organization"].items() if k not in PROVIDER_FIELDS}
            if kept:
                extra["organization"] = kept
            else:
                extra.pop("organization")
    data: dict[str, Any] = {name: record.data.get(name) for name in DATA_FIELDS}
    if prepared.offer_id is not None and data:
        data.update(_kept_data(record, Offer.objects.get(pk=prepared.offer_id)))
    for name in DATA_FIELDS:
        value = data[name]
        if name in ("target_groups", "languages"):  # codes: the services check them
            data[name] = list(value or [])
            continue
        if name in STRINGS:
            value = (value or "").strip()
        elif name == "cost":
            value = value or "free"
        data[name] = _check_model_field(prepared, Offer, name, value, name)
    data["category"], data["provider"] = category, provider
    data["source_language"] = record.source_language
    prepared.data = data
    for language, text in record.texts.items():
        for name, limit in TEXT_LIMITS.items():
            if name != "description" and len(text.get(name) or "") > limit:
                _field_error(
                    prepared,
                    record.text_columns.get((language, name), f"{name}_{language}"),
                    "too_long",
                    _("At most %(n)d characters.") % {"n": limit},
                )
    prepared.texts = _texts_with_kept(record, prepared.offer_id)
    for n, place in enumerate(record.locations, start=1):
        prefix = f"location_{n}_"
        key = place.municipality_key or context.area_by_postcode.get(place.postcode, "")
        municipality = context.area.get(key)
        if municipality is None:
            _field_error(
                prepared,
                prefix + "municipality",
                "municipality_outside_area",
                gettext_lazy("The location must lie in a municipality of the KI's area."),
            )
        if place.id is not None:
            owner = context.location_offer.get(place.id)
            if owner is not None and owner != prepared.offer_id:
                _field_error(
                    prepared,
                    prefix + "id",
                    "foreign_id",
                    gettext_lazy("This location id belongs to another offer."),
                )
        lat = place.lat.quantize(Decimal("0.000001")) if place.lat is not None else None
        lon = place.lon.quantize(Decimal("0.000001")) if place.lon is not None else None
        values = {"uuid": place.id, "name": place.name, "street": place.street}
        values["postcode"] = place.postcode
        for name in ("name", "street", "postcode"):
            values[name] = _check_model_field(prepared, Location, name, values[name], prefix + name)
        if not place.street:
            _field_error(prepared, prefix + "street", "required", _("Enter the street."))
        prepared.locations.append(
            {
                **values,
                "municipality": municipality,
                "lat": lat,
                "lon": lon,
                "step_free": place.step_free,
                "languages": list(place.languages),
            }
        )
    if record.course is not None:
        course = {name: record.course.get(name) for name in COURSE_FIELDS}
        for name in ("course_type", "target_level", "class_format"):
            course[name] = _check_model_field(
                prepared, LanguageCourse, name, course[name] or "", f"course_{name}"
            )
        prepared.course = course
    prepared.extra = extra
    if not prepared.errors:  # the services' own refusals, before anything is written
        try:
            services.check_offer(
                context.centre,
                data=prepared.data,
                texts=prepared.texts,
                locations=prepared.locations,
                course=prepared.course,
            )
        except ValidationError as e:
            prepared.errors += _service_errors(prepared.row, e)
    return prepared


def _kept_data(record: OfferRecord, offer: Offer) -> dict[str, Any]:
    """The offer's values of the fields the file has no column for: they keep their value."""
    kept = {name: getattr(offer, name) for name in DATA_FIELDS if name not in record.data}
    for name in ("target_groups", "languages"):
        if name in kept:
            kept[name] = list(kept[name] or [])
    return kept


def _texts_with_kept(record: OfferRecord, offer_id: int | None) -> dict[str, dict[str, str]]:
    """The file's texts, with the offer's current words where the file has no column: a field
    it lacks keeps its value, a language it has no column of at all is kept whole."""
    texts = {language: dict(text) for language, text in record.texts.items()}
    if offer_id is None:
        return texts
    spoken = record.text_languages
    kept = {t.language: t for t in OfferText.objects.filter(offer_id=offer_id)}
    for language, current in kept.items():
        if spoken is not None and language not in spoken:  # no column of it: kept whole
            texts[language] = {n: getattr(current, n) for n in TEXT_FIELDS}
    for language, text in texts.items():
        for name in TEXT_FIELDS:  # a text column the file does not have keeps its value
            if name not in text:
                text[name] = getattr(kept[language], name) if language in kept else ""
    return texts


def prepare_all(rows: Sequence[ParsedRow], context: Context) -> list[Prepared]:
    context.load_ids([r.record for r in rows if r.record is not None])
    prepared = [prepare(row, context) for row in rows]
    seen: dict[uuid.UUID, int] = {}
    for item in prepared:
        if item.record is not None and item.record.id is not None and not item.errors:
            if item.record.id in seen:
                _field_error(
                    item,
                    "id",
                    "id_twice",
                    _("The same id as row %(row)d.") % {"row": seen[item.record.id]},
                )
            seen.setdefault(item.record.id, item.row)
    return prepared


# --- writing -------------------------------------------------------------------------------

ADDED, UPDATED, UNCHANGED, FAILED = "added", "updated", "unchanged", "failed"


class _NoChange(Exception):
    """Rolls back the savepoint of a row whose offer would not change."""


def _service_errors(row: int, error: ValidationError) -> list[RowError]:
    if hasattr(error, "error_dict"):
        return [
            RowError(row, name, e.code or "invalid", " ".join(e.messages))
            for name, errors in error.error_dict.items()
            for e in errors
        ]
    return [RowError(row, "", e.code or "invalid", " ".join(e.messages)) for e in error.error_list]


def _state(offer: Offer) -> tuple[Any, ...]:
    return (services.snapshot(offer), offer.hsds_extra, offer.status)


def apply(prepared: Prepared, centre: Centre, *, by: User | None, publish: bool) -> str:
    """Write one checked row; its errors (the services' refusals too) land in `prepared`."""
    if prepared.errors or prepared.record is None:
        return FAILED
    parts: dict[str, Any] = {
        "data": prepared.data,
        "texts": prepared.texts,
        "locations": prepared.locations,
        "course": prepared.course,
        "extra": prepared.extra,
    }
    try:
        with transaction.atomic():
            if prepared.offer_id is None:
                offer = services.add_offer(centre, by=by, uuid=prepared.record.id, **parts)
                outcome = ADDED
            else:
                # What the file leaves out is what the offer holds now, read under its lock:
                # an edit made since the file was checked (the preview, a long import's
                # earlier rows) is kept, not overwritten with the values read then.
                current = locked(Offer, prepared.offer_id)
                parts["data"] = {**prepared.data, **_kept_data(prepared.record, current)}
                parts["texts"] = _texts_with_kept(prepared.record, current.pk)
                before = _state(current)
                offer = services.update_offer(current, by=by, **parts)
                outcome = UPDATED
            if publish and offer.status in (OfferStatus.DRAFT, OfferStatus.IN_REVIEW):
                offer = services.change_status(offer, by=by, to=OfferStatus.PUBLISHED)
            if outcome == UPDATED and _state(Offer.objects.get(pk=offer.pk)) == before:
                raise _NoChange
    except _NoChange:
        return UNCHANGED
    except ValidationError as e:
        prepared.errors += _service_errors(prepared.row, e)
        return FAILED
    except IntegrityError:  # another import took the id meanwhile (checked in `prepare`)
        logger.warning("offer import row %s: an id was taken meanwhile", prepared.row)
        _field_error(prepared, "id", "id_taken", gettext_lazy("This id was taken meanwhile."))
        return FAILED
    return outcome


@dataclass
class Result:
    total: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    errors: list[RowError] = field(default_factory=list)

    def count(self, outcome: str, prepared: Prepared) -> None:
        if outcome == ADDED:
            self.added += 1
        elif outcome == UPDATED:
            self.updated += 1
        elif outcome == UNCHANGED:
            self.unchanged += 1
        else:
            self.failed += 1
            self.errors += prepared.errors


def import_content(
    content: bytes,
    centre: Centre,
    *,
    by: User | None,
    default_category: Category | None = None,
    publish: bool = False,
    dry_run: bool = False,
) -> Result:
    """The whole file at once (the command): checked, then written row by row unless
    `dry_run` (then only the checks, nothing written)."""
    if by is not None:
        require(by, access.may_manage_guide, centre.pk)
    _format, rows = parse(content)
    prepared = prepare_all(rows, Context(centre, default_category))
    result = Result(total=len(prepared))
    for item in prepared:
        if dry_run:
            result.count(FAILED if item.errors else UNCHANGED, item)
            continue
        result.count(apply(item, centre, by=by, publish=publish), item)
    return result


# --- jobs (the shared job: `core.import_jobs`) ---------------------------------------------


def _too_large() -> ValidationError:
    return ValidationError(
        _("The file is larger than 5 MB; split it into several files."), code="file_too_large"
    )


def _stored(error: RowError) -> dict[str, Any]:
    return {
        "row": error.row,
        "field": error.field,
        "code": error.code,
        "message": str(error.message),
    }


class OfferImporter(import_jobs.Importer[OfferImport, Prepared]):
    """The guide's part of the shared import: the file parsed (`parse`), each row checked
    against the KI (`prepare_all`) and written one by one through the services (`apply`), the
    progress saved every `BATCH` rows. The system (the `import_offers` command) may run a job."""

    model = OfferImport
    actions = import_jobs.ImportActions(
        uploaded="offer_import.uploaded",
        discarded="offer_import.discarded",
        confirmed="offer_import.confirmed",
        started="offer_import.started",
        finished="offer_import.finished",
        failed="offer_import.finished",
    )
    max_bytes = MAX_BYTES
    batch_size = BATCH
    max_stored_errors = MAX_STORED_ERRORS
    preview_rows = PREVIEW_ROWS
    system_may_run = True

    def may_import(self, user: Any, centre_id: int) -> bool:
        return access.may_manage_guide(user, centre_id)

    def enqueue(self, job_id: int) -> None:
        from .tasks import run_offer_import_task

        run_offer_import_task.enqueue(job_id)

    def too_large(self, size: int) -> ValidationError:
        return _too_large()

    def read(self, content: bytes) -> import_jobs.Reading:
        file_format, rows = parse(content)
        if not rows:
            raise ValidationError(_("The file holds no offers."), code="empty_file")
        return import_jobs.Reading(file_format, len(rows))

    def rows(self, job: OfferImport) -> list[Prepared]:
        return preview(job)

    def write(
        self, job: OfferImport, rows: Sequence[Prepared], *, by: Principal | None
    ) -> import_jobs.Batch:
        result = Result()
        for item in rows:
            result.count(
                apply(item, job.centre, by=cast("User | None", by), publish=job.publish), item
            )
        return import_jobs.Batch(
            created=result.added,
            updated=result.updated,
            unchanged=result.unchanged,
            failed=result.failed,
            errors=[_stored(e) for e in result.errors],
        )


IMPORTER = OfferImporter()


def upload_import(
    centre: Centre,
    *,
    by: User,
    upload: UploadedFile,
    default_category: Category | None = None,
    publish: bool = False,
) -> OfferImport:
    """Keep an uploaded file (read by content: a CSV or HSDS file within the bounds) until its
    user has seen the preview and confirmed; nothing of it is written to the guide yet. The
    user's earlier unconfirmed upload for the KI is discarded with its file."""
    fields = {"default_category": default_category, "publish": publish}
    return import_jobs.upload(IMPORTER, centre.pk, by=by, upload=upload, fields=fields)


def read_import(job: OfferImport) -> list[ParsedRow]:
    """The kept file's rows. A file gone from the disk is an error, never an empty import."""
    return parse(import_jobs.read_file(IMPORTER, job))[1]


def preview(job: OfferImport) -> list[Prepared]:
    """Every row of the kept file checked against the KI, nothing written."""
    return prepare_all(read_import(job), Context(job.centre, job.default_category))


def confirm_import(job: OfferImport, *, by: User) -> OfferImport:
    """The user confirms the preview: the job is queued, the worker runs it after the commit."""
    return import_jobs.confirm(
        IMPORTER, job, by=by, check=lambda job: {"total": len(read_import(job))}
    )


def run_import(
    job: OfferImport, *, by: User | None, on_progress: Callable[[OfferImport], None] | None = None
) -> OfferImport:
    """Run a confirmed import as `by` (its uploader, checked again: someone who left the KI
    since imports nothing; None for the command's system job). Rows are written one by one,
    the job's progress saved after every `BATCH` rows. A repeat finds the offers by their ids
    (no duplicates)."""
    return import_jobs.run(IMPORTER, job, by=by, on_progress=on_progress)


def system_job(
    centre: Centre, content: bytes, *, name: str, default_category: Category | None, publish: bool
) -> OfferImport:
    """A queued job of the command (`--background`): the system's, no preview to confirm."""
    file_format, rows = parse(content)
    with transaction.atomic():
        job = import_jobs.new_job(
            IMPORTER,
            centre_id=centre.pk,
            by=None,
            name=name,
            content=content,
            reading=import_jobs.Reading(file_format, len(rows)),
            fields={
                "default_category": default_category,
                "publish": publish,
                "state": ImportState.QUEUED,
                "progressed_at": timezone.now(),
            },
        )
        audit.record(
            job,
            "offer_import.confirmed",
            actor=None,
            changes=audit.created(job, ("file_name", "file_format", "total", "publish")),
            centre_id=centre.pk,
        )
        import_jobs.enqueue_on_commit(IMPORTER, job)
    return job
