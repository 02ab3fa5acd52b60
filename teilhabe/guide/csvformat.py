"""The guide's CSV: one row per offer, the columns of `docs/guide.md` ("CSV"). The writer makes
the open-data file and a KI's export; the reader reads what the writer writes (and any subset of
its columns), so an export imports again unchanged.

The file is UTF-8 with a byte-order mark (Excel then opens it as UTF-8), `;` between cells
(what Excel in a German locale expects), CRLF line ends, a cell quoted when it holds `;`, a quote
or a line break; a cell that starts like a formula gets a leading `'` (`exports.defuse`), which
the reader takes off again. Lists are codes separated by `;` (in a quoted cell), dates ISO 8601,
decimals with a dot, booleans `true`/`false`, `extra` JSON. The reader also takes `,` between
cells.

Bounds before any work: the file's size (`MAX_BYTES`), its rows (`MAX_ROWS`), its columns
(`MAX_COLUMNS`) and a cell's length (`MAX_CELL`, the longest description and a margin).
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
import uuid
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from teilhabe.core.exports import FORMULA_START, defuse
from teilhabe.network.models import Organisation
from teilhabe.territory.models import Municipality

from . import sanitise
from .interchange import (
    COURSE_DATE_FIELDS,
    DATA_FIELDS,
    DATE_FIELDS,
    DECIMAL_FIELDS,
    LocationRecord,
    OfferRecord,
    ParsedRow,
    ProviderRecord,
    RowError,
    record_from_offer,
)
from .models import COURSE_FIELDS, DETAIL_FIELDS, LANGUAGES, MAX_LOCATIONS, Category, Offer
from .services import TEXT_FIELDS

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5_000
MAX_COLUMNS = 400
MAX_CELL = sanitise.MAX_LENGTH + 1_000
DELIMITER = ";"
LIST_SEPARATOR = ";"

HEAD = ("id", "category", "source_language", "provider_id", "provider_name")
LIST_FIELDS = frozenset({"target_groups", "languages"})
INTEGER_FIELDS = frozenset({"free_places"})
COURSE_INTEGERS = frozenset({"places", "places_taken"})
COURSE_BOOLEANS = frozenset({"childcare", "free_with_entitlement"})
LOCATION_COLUMNS = (
    "id",
    "name",
    "street",
    "postcode",
    "municipality",
    "lat",
    "lon",
    "step_free",
    "languages",
)
_LOCATION = re.compile(r"^location_(\d{1,2})_([a-z_]+)$")
# Columns of files written before these texts were kept per language (stop 27): read as the
# source language's.
LEGACY_TEXT_COLUMNS = DETAIL_FIELDS


# --- writing -------------------------------------------------------------------------------


def records(offers: Iterable[Offer]) -> list[OfferRecord]:
    """The published versions of `offers` as records (the lookups read once per file). Offers
    without a published version have none and are left out."""
    offers = [offer for offer in offers if offer.published_snapshot]
    provider_ids = {o.published_snapshot["offer"].get("provider") for o in offers} - {None}
    providers = {
        pk: (identifier, name)
        for pk, identifier, name in Organisation.objects.filter(pk__in=provider_ids).values_list(
            "pk", "uuid", "name"
        )
    }
    category_codes = dict(Category.objects.values_list("pk", "code"))
    municipality_keys = dict(Municipality.objects.values_list("pk", "ags"))
    return [
        record_from_offer(
            offer,
            category_codes=category_codes,
            municipality_keys=municipality_keys,
            providers=providers,
        )
        for offer in offers
    ]


def header(records: Sequence[OfferRecord]) -> list[str]:
    """The columns for these records: the text columns of the languages they have (in the
    guide's order), the location columns up to the most locations one record has."""
    used = {language for record in records for language in record.texts}
    columns = list(HEAD)
    for language in LANGUAGES:
        if language in used:
            columns += [f"{name}_{language}" for name in TEXT_FIELDS]
    columns += [*DATA_FIELDS, "last_reviewed_on"]
    columns += [f"course_{name}" for name in COURSE_FIELDS]
    most = max((len(record.locations) for record in records), default=0)
    for n in range(1, most + 1):
        columns += [f"location_{n}_{name}" for name in LOCATION_COLUMNS]
    columns.append("extra")
    return columns


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(str(v) for v in value)
    if isinstance(value, datetime.date | Decimal | uuid.UUID):
        return str(value)
    return str(value)


def cells(record: OfferRecord) -> dict[str, str]:
    """One record as its cells by column (columns it has no value for are left out)."""
    row: dict[str, str] = {
        "id": _text(record.id),
        "category": record.category,
        "source_language": record.source_language,
        "provider_id": _text(record.provider.id) if record.provider else "",
        "provider_name": record.provider.name if record.provider else "",
        "last_reviewed_on": _text(record.last_reviewed_on),
        "extra": json.dumps(record.extra, ensure_ascii=False, sort_keys=True)
        if record.extra
        else "",
    }
    for language, text in record.texts.items():
        for name in TEXT_FIELDS:
            row[f"{name}_{language}"] = text.get(name) or ""
    for name in DATA_FIELDS:
        row[name] = _text(record.data.get(name))
    for name in COURSE_FIELDS:
        row[f"course_{name}"] = _text((record.course or {}).get(name))
    for n, place in enumerate(record.locations, start=1):
        values = {
            "id": place.id,
            "name": place.name,
            "street": place.street,
            "postcode": place.postcode,
            "municipality": place.municipality_key,
            "lat": place.lat,
            "lon": place.lon,
            "step_free": place.step_free,
            "languages": place.languages,
        }
        for name in LOCATION_COLUMNS:
            row[f"location_{n}_{name}"] = _text(values[name])
    return row


class _Line:
    """A file-like `csv.writer` target that hands back what was written."""

    def __init__(self) -> None:
        self.value = ""

    def write(self, text: str) -> int:
        self.value += text
        return len(text)


def write(records: Sequence[OfferRecord]) -> Iterator[str]:
    """The file, line by line (for a streamed answer): the byte-order mark and the header first."""
    columns = header(records)
    line = _Line()
    writer = csv.writer(line, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow(columns)
    yield "\ufeff" + line.value
    for record in records:
        line.value = ""
        row = cells(record)
        writer.writerow([defuse(row.get(column, "")) for column in columns])
        yield line.value


# --- reading -------------------------------------------------------------------------------


def _too_large(size: int) -> ValidationError:
    return ValidationError(
        _("The file is larger than 5 MB; split it into several files."),
        code="file_too_large",
        params={"size": size},
    )


def _rows(content: bytes) -> tuple[list[str], list[tuple[int, list[str]]]]:
    if len(content) > MAX_BYTES:
        raise _too_large(len(content))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            _("The file is not a CSV file in UTF-8."), code="not_a_table"
        ) from None
    if "\x00" in text:
        raise ValidationError(_("The file is not a text table."), code="not_a_table")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    old_limit = csv.field_size_limit()
    csv.field_size_limit(MAX_CELL)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            headers = [h.strip() for h in next(reader)]
        except StopIteration:
            raise ValidationError(_("The file is empty."), code="empty_file") from None
        if len(headers) > MAX_COLUMNS:
            raise ValidationError(
                _("The file has more than %(n)d columns."),
                code="too_many_columns",
                params={"n": MAX_COLUMNS},
            )
        if "category" not in headers and "id" not in headers:
            raise ValidationError(
                _("The first row must name the columns (at least “id” or “category”)."),
                code="no_headers",
            )
        if len(set(headers)) != len(headers):
            raise ValidationError(_("A column is named twice."), code="column_twice")
        rows: list[tuple[int, list[str]]] = []
        for values in reader:
            if not any(v.strip() for v in values):
                continue
            if len(rows) >= MAX_ROWS:
                raise ValidationError(
                    _("The file has more than %(n)s offers; split it into several files."),
                    code="too_many_rows",
                    params={"n": f"{MAX_ROWS:,}".replace(",", ".")},
                )
            rows.append((reader.line_num, values))
    except csv.Error as e:
        raise ValidationError(
            _("The CSV file cannot be read: %(reason)s"),
            code="not_a_table",
            params={"reason": str(e)[:200]},
        ) from None
    finally:
        csv.field_size_limit(old_limit)
    return headers, rows


class _Row:
    """One CSV row's cells and the errors found while converting them."""

    def __init__(self, number: int, values: dict[str, str]) -> None:
        self.number = number
        self.values = values
        self.errors: list[RowError] = []

    def error(self, column: str, code: str, message: Any) -> None:
        self.errors.append(RowError(self.number, column, code, message))

    def get(self, column: str) -> str:
        return self.values.get(column, "").strip()

    def date(self, column: str) -> datetime.date | None:
        value = self.get(column)
        if not value:
            return None
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            self.error(column, "invalid_date", _("Enter a date as YYYY-MM-DD."))
            return None

    def decimal(self, column: str) -> Decimal | None:
        value = self.get(column)
        if not value:
            return None
        try:
            number = Decimal(value)
        except InvalidOperation:
            number = Decimal("NaN")
        if not number.is_finite() or abs(number) >= 10**7:
            self.error(column, "invalid_number", _("Enter a number with a dot (e.g. 4.5)."))
            return None
        return number

    def integer(self, column: str) -> int | None:
        value = self.get(column)
        if not value:
            return None
        if not value.isdigit() or len(value) > 9:
            self.error(column, "invalid_number", _("Enter a whole number of 0 or more."))
            return None
        return int(value)

    def boolean(self, column: str) -> bool | None:
        value = self.get(column).lower()
        if not value:
            return None
        if value in ("true", "false"):
            return value == "true"
        self.error(column, "invalid_boolean", _("Enter “true” or “false”."))
        return None

    def identifier(self, column: str) -> uuid.UUID | None:
        value = self.get(column)
        if not value:
            return None
        try:
            return uuid.UUID(value)
        except ValueError:
            self.error(column, "invalid_id", _("Enter a UUID."))
            return None

    def codes(self, column: str) -> list[str]:
        return [code.strip() for code in self.get(column).split(LIST_SEPARATOR) if code.strip()]


def _known(headers: Sequence[str]) -> set[str]:
    known = set(HEAD) | set(DATA_FIELDS) | set(LEGACY_TEXT_COLUMNS) | {"last_reviewed_on", "extra"}
    known |= {f"{name}_{language}" for language in LANGUAGES for name in TEXT_FIELDS}
    known |= {f"course_{name}" for name in COURSE_FIELDS}
    for column in headers:
        match = _LOCATION.match(column)
        if match and match.group(2) in LOCATION_COLUMNS:
            known.add(column)
    return known


def _record(row: _Row, headers: Sequence[str], known: set[str]) -> OfferRecord:
    source_language = row.get("source_language") or "de"
    texts: dict[str, dict[str, str]] = {}
    spoken: set[str] = set()  # the languages with a column in the file
    columns: dict[tuple[str, str], str] = {}
    for language in LANGUAGES:
        # Only the columns the file has: a text column it lacks keeps its value on an update.
        text = {
            name: row.values[f"{name}_{language}"]
            for name in TEXT_FIELDS
            if f"{name}_{language}" in row.values
        }
        if language == source_language:  # a file from before these were written per language
            for name in LEGACY_TEXT_COLUMNS:
                if f"{name}_{language}" not in row.values and name in row.values:
                    text[name] = row.get(name)
                    columns[(language, name)] = name
        if text:
            spoken.add(language)
        if any(v.strip() for v in text.values()):
            texts[language] = text
    data: dict[str, Any] = {}
    for name in DATA_FIELDS:
        if name not in row.values:
            continue
        if name in LIST_FIELDS:
            data[name] = row.codes(name)
        elif name in DATE_FIELDS:
            data[name] = row.date(name)
        elif name in DECIMAL_FIELDS:
            data[name] = row.decimal(name)
        elif name in INTEGER_FIELDS:
            data[name] = row.integer(name)
        else:
            data[name] = row.get(name)
    if not data.get("cost"):
        data["cost"] = "amount" if data.get("cost_amount") else "free"
    course: dict[str, Any] | None = None
    if any(row.get(f"course_{name}") for name in COURSE_FIELDS):
        course = {}
        for name in COURSE_FIELDS:
            column = f"course_{name}"
            if name in COURSE_DATE_FIELDS:
                course[name] = row.date(column)
            elif name in COURSE_INTEGERS:
                course[name] = row.integer(column) or 0
            elif name in COURSE_BOOLEANS:
                course[name] = bool(row.boolean(column))
            else:
                course[name] = row.get(column)
    numbers = sorted({int(m.group(1)) for c in headers if (m := _LOCATION.match(c)) and c in known})
    if numbers and numbers[-1] > MAX_LOCATIONS:
        row.error(
            f"location_{numbers[-1]}_street", "too_many_locations", _("At most 20 locations.")
        )
        numbers = [n for n in numbers if n <= MAX_LOCATIONS]
    locations = []
    for n in numbers:
        prefix = f"location_{n}_"
        if not any(row.get(prefix + name) for name in LOCATION_COLUMNS):
            continue
        locations.append(
            LocationRecord(
                id=row.identifier(prefix + "id"),
                name=row.get(prefix + "name"),
                street=row.get(prefix + "street"),
                postcode=row.get(prefix + "postcode"),
                municipality_key=row.get(prefix + "municipality"),
                lat=row.decimal(prefix + "lat"),
                lon=row.decimal(prefix + "lon"),
                step_free=row.boolean(prefix + "step_free"),
                languages=row.codes(prefix + "languages"),
            )
        )
    extra: dict[str, Any] = {}
    if row.get("extra"):
        try:
            extra = json.loads(row.get("extra"))
        except json.JSONDecodeError:
            extra = {}
            row.error("extra", "invalid_json", _("The column “extra” must hold JSON."))
        if not isinstance(extra, dict):
            extra = {}
            row.error("extra", "invalid_json", _("The column “extra” must hold a JSON object."))
    # Columns the guide does not know are kept, never dropped: in `extra` under "csv".
    unknown = {c: row.values[c] for c in headers if c not in known and row.values.get(c)}
    if unknown:
        extra = {**extra, "csv": {**extra.get("csv", {}), **unknown}}
    provider = None
    provider_id, provider_name = row.identifier("provider_id"), row.get("provider_name")
    if provider_id is not None or provider_name:
        provider = ProviderRecord(name=provider_name, id=provider_id)
    return OfferRecord(
        text_languages=frozenset(spoken),
        text_columns=columns,
        id=row.identifier("id"),
        category=row.get("category"),
        source_language=source_language,
        texts=texts,
        provider=provider,
        data=data,
        locations=locations,
        course=course,
        last_reviewed_on=row.date("last_reviewed_on"),
        extra=extra,
    )


def _undefuse(value: str) -> str:
    """A cell the writer quoted against formula injection (`exports.defuse`), as it was."""
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_START) else value


def read(content: bytes) -> list[ParsedRow]:
    """The file's offers, one `ParsedRow` per row (numbered from 1; the header is row 0).
    ValidationError for a file that is no CSV of offers, or beyond the bounds."""
    headers, rows = _rows(content)
    known = _known(headers)
    parsed = []
    for number, (_line, values) in enumerate(rows, start=1):
        row = _Row(number, {h: _undefuse(v) for h, v in zip(headers, values, strict=False)})
        if len(values) > len(headers) and any(v.strip() for v in values[len(headers) :]):
            row.error("", "too_many_cells", _("The row has more cells than the header."))
        record = _record(row, headers, known)
        parsed.append(
            ParsedRow(row=number, record=None if row.errors else record, errors=row.errors)
        )
    return parsed
