"""Reading a file of organisations (CSV or XLSX), guessing its column mapping, and checking each
row as the organisation form would. Pure reads: nothing here writes (the services do).

Bounds before any work: the file's size (`MAX_BYTES`), its rows (`MAX_ROWS`), its columns
(`MAX_COLUMNS`) and every cell's length (`MAX_CELL`).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from teilhabe.centres.models import Centre

from .models import LANGUAGES, MAX_LANGUAGES, Organisation, OrganisationType, Stage, match_key

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 50
MAX_CELL = 1_000
PREVIEW_ROWS = 50
MAX_STORED_ERRORS = 200
XLSX_SIGNATURE = b"PK\x03\x04"

# The fields an import fills, in the order of the export's columns (so an export re-imports).
FIELDS: dict[str, StrOrPromise] = {
    "name": _("Name"),
    "type": _("Type"),
    "street": _("Street and number"),
    "postcode": _("Postcode"),
    "place": _("Place"),
    "municipality": _("Official municipality key"),
    "email": _("E-mail"),
    "phone": _("Telephone"),
    "website": _("Website"),
    "languages": _("Languages"),
    "areas_of_work": _("Areas of work"),
    "stages": _("Stages of the education chain"),
}
REQUIRED = ("name",)
# Header words that name a field (lower case, without punctuation), German and English.
HEADER_WORDS: dict[str, tuple[str, ...]] = {
    "name": ("name", "organisation", "organisationsname", "einrichtung", "bezeichnung"),
    "type": ("art", "typ", "type", "kategorie", "organisationsart"),
    "street": (
        "strasse",
        "straße",
        "street",
        "adresse",
        "anschrift",
        "strasse und hausnummer",
        "straße und hausnummer",
    ),
    "postcode": ("plz", "postleitzahl", "postcode", "zip"),
    "place": ("ort", "stadt", "place", "city", "gemeinde", "municipality"),
    "municipality": (
        "ags",
        "gemeindeschluessel",
        "gemeindeschlüssel",
        "amtlicher gemeindeschluessel",
        "amtlicher gemeindeschlüssel",
        "official municipality key",
    ),
    "email": ("e mail", "email", "mail", "e mail adresse"),
    "phone": ("telefon", "tel", "phone", "telephone", "telefonnummer"),
    "website": ("website", "webseite", "internet", "homepage", "url"),
    "languages": ("sprachen", "sprache", "languages", "language"),
    "areas_of_work": ("arbeitsfelder", "arbeitsbereiche", "areas of work", "taetigkeitsfelder"),
    "stages": (
        "bildungskette",
        "stationen der bildungskette",
        "stufen",
        "stages",
        "stages of the education chain",
    ),
}
_SPLIT = re.compile(r"\s*[,;|]\s*")
_HEADER_NOISE = re.compile(r"[^0-9a-zäöüß]+")


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[str]]  # each row as long as the headers
    file_format: str


def _too_large(size: int) -> ValidationError:
    return ValidationError(
        _("The file is %(size)s; at most %(limit)s are allowed."),
        code="file_too_large",
        params={"size": filesizeformat(size), "limit": filesizeformat(MAX_BYTES)},
    )


def _too_many_rows() -> ValidationError:
    return ValidationError(
        _("The file has more than %(n)s rows; split it into several files."),
        code="too_many_rows",
        params={"n": f"{MAX_ROWS:,}".replace(",", ".")},
    )


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a postcode typed as a number comes back as 33602.0
    return str(value).strip()[:MAX_CELL]


def _rectangular(raw: Iterator[Sequence[Any]], file_format: str) -> Table:
    try:
        headers = [_cell(v) for v in next(raw)]
    except StopIteration:
        raise ValidationError(_("The file is empty."), code="empty_file") from None
    while headers and not headers[-1]:
        headers.pop()
    if not any(headers):
        raise ValidationError(
            _("The first row must name the columns (e.g. Name, Art, PLZ)."), code="no_headers"
        )
    if len(headers) > MAX_COLUMNS:
        raise ValidationError(
            _("The file has more than %(n)d columns."),
            code="too_many_columns",
            params={"n": MAX_COLUMNS},
        )
    width = len(headers)
    rows: list[list[str]] = []
    for values in raw:
        cells = [_cell(v) for v in list(values)[:width]]
        if not any(cells):
            continue  # blank lines between blocks are no rows
        if len(rows) >= MAX_ROWS:
            raise _too_many_rows()
        rows.append(cells + [""] * (width - len(cells)))
    return Table(headers=headers, rows=rows, file_format=file_format)


def _read_csv(content: bytes) -> Table:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            _(
                "The file is neither an Excel file (XLSX) nor a CSV file in UTF-8. In Excel, "
                "save it as “CSV UTF-8 (durch Trennzeichen getrennt)”."
            ),
            code="not_a_table",
        ) from None
    if "\x00" in text:
        raise ValidationError(_("The file is not a text table."), code="not_a_table")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    return _rectangular(iter(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)), "csv")


def _read_xlsx(content: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise ValidationError(
            _("The Excel file cannot be read; save it again as XLSX."), code="xlsx_unreadable"
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        return _rectangular(sheet.iter_rows(values_only=True), "xlsx")
    finally:
        workbook.close()


def read_table(content: bytes) -> Table:
    """The file as headers and rows, by its content (XLSX is a ZIP file; anything else must be
    UTF-8 text with `;` or `,` between the cells); ValidationError if it is none, or too large."""
    if not content:
        raise ValidationError(_("The file is empty."), code="empty_file")
    if len(content) > MAX_BYTES:
        raise _too_large(len(content))
    if content.startswith(XLSX_SIGNATURE):
        return _read_xlsx(content)
    return _read_csv(content)


def check_upload(upload: Any) -> tuple[bytes, Table]:
    """The upload's bytes and table; its size is checked before a byte is read."""
    size = upload.size or 0
    if size > MAX_BYTES:
        raise _too_large(size)
    content = b"".join(upload.chunks())
    return content, read_table(content)


def _header_key(header: str) -> str:
    return " ".join(_HEADER_NOISE.sub(" ", header.lower()).split())


def guess_mapping(headers: Sequence[str]) -> dict[str, int]:
    """Which column (index) fills which field, from the headers' words; each column once, the
    first column that names a field wins."""
    mapping: dict[str, int] = {}
    with translation.override("de"):
        german = {name: _header_key(str(label)) for name, label in FIELDS.items()}
    with translation.override("en"):
        english = {name: _header_key(str(label)) for name, label in FIELDS.items()}
    for index, header in enumerate(headers):
        key = _header_key(header)
        for name, words in HEADER_WORDS.items():
            if name in mapping:
                continue
            if key in words or key == german[name] or key == english[name]:
                mapping[name] = index
                break
    return mapping


def clean_mapping(mapping: Mapping[str, Any], width: int) -> dict[str, int]:
    """A mapping from the form, checked: known fields, columns in the file, each column once,
    the name mapped."""
    clean: dict[str, int] = {}
    for name in FIELDS:
        value = mapping.get(name)
        if value in (None, ""):
            continue
        try:
            index = int(value)
        except (TypeError, ValueError):
            index = -1
        if not 0 <= index < width:
            raise ValidationError(
                _("Choose a column of the file for “%(field)s”."),
                code="unknown_column",
                params={"field": FIELDS[name]},
            )
        clean[name] = index
    for name in REQUIRED:
        if name not in clean:
            raise ValidationError(
                _("Choose the column that holds the “%(field)s”."),
                code="name_unmapped",
                params={"field": FIELDS[name]},
            )
    used = [i for i in clean.values()]
    if len(used) != len(set(used)):
        raise ValidationError(_("Choose each column for one field only."), code="column_twice")
    return clean


@dataclass
class RowError:
    row: int  # the row's number in the file (the header is row 1)
    column: str  # the file's header
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class CheckedRow:
    number: int
    values: dict[str, str]
    data: dict[str, Any] = field(default_factory=dict)  # model values of the cells given
    key: str = ""
    errors: list[RowError] = field(default_factory=list)


class Vocabulary:
    """What a cell may say for a type, a language, a stage or a municipality: the code, or the
    label in German or English (any case); municipalities of the KI's own area
    (`Grantee.municipalities`) by official key or name. Built once per file: no query per row."""

    def __init__(self, centre: Centre) -> None:
        self.types = self._words(OrganisationType.choices)
        self.stages = self._words(Stage.choices)
        self.languages = self._words(list(LANGUAGES.items()))
        municipalities = list(
            centre.grantee.municipalities().only("pk", "ags", "name", "short_name")
        )
        self.by_key = {m.ags: m.pk for m in municipalities}
        self.by_name: dict[str, int] = {}
        for m in municipalities:
            for name in (m.short_name, m.name):
                self.by_name.setdefault(name.casefold(), m.pk)
        self.key_of = {m.pk: m.ags for m in municipalities}

    @staticmethod
    def _words(choices: Sequence[tuple[str, Any]]) -> dict[str, str]:
        words: dict[str, str] = {}
        for language in ("en", "de"):
            with translation.override(language):
                for code, label in choices:
                    words[str(label).casefold()] = code
        for code, _label in choices:
            words[code.casefold()] = code
        return words


def _codes(text: str, words: Mapping[str, str]) -> tuple[list[str], list[str]]:
    """The codes a cell names, separated by `,`, `;` or `|`; a label with a comma in it
    ("transition to training, study and work") is matched whole, the longest first."""
    parts = [p for p in _SPLIT.split(text) if p]
    known: list[str] = []
    unknown: list[str] = []
    i = 0
    while i < len(parts):
        for j in range(min(len(parts), i + 4), i, -1):  # a label holds 3 commas at most
            code = words.get(", ".join(parts[i:j]).casefold())
            if code is not None:
                known.append(code)
                i = j
                break
        else:
            unknown.append(parts[i])
            i += 1
    return known, unknown


def check_row(
    number: int,
    cells: Sequence[str],
    mapping: Mapping[str, int],
    headers: Sequence[str],
    words: Vocabulary,
    centre: Centre,
) -> CheckedRow:
    """One row as the data to write, with an error per bad cell naming its column. A blank cell
    means "not given": a new organisation leaves the field empty (the type "other"), an
    existing one keeps its value."""
    values = {name: cells[index] for name, index in mapping.items()}
    row = CheckedRow(number=number, values=values)

    def error(name: str, message: Any) -> None:
        column = headers[mapping[name]] if name in mapping else str(FIELDS[name])
        row.errors.append(RowError(number, column, str(message)))

    data: dict[str, Any] = {}
    for name in ("name", "street", "postcode", "email", "phone", "website", "areas_of_work"):
        if values.get(name):
            data[name] = values[name]
    if not values.get("name"):
        error("name", _("The name is missing."))
    if text := values.get("type"):
        code = words.types.get(text.casefold())
        if code is None:
            error("type", _("Unknown type “%(value)s”.") % {"value": text[:60]})
        else:
            data["type"] = code
    for name, vocabulary, limit in (
        ("languages", words.languages, MAX_LANGUAGES),
        ("stages", words.stages, len(Stage)),
    ):
        if text := values.get(name):
            known, unknown = _codes(text, vocabulary)
            if unknown:
                error(name, _("Unknown: %(values)s") % {"values": ", ".join(unknown[:5])[:120]})
            elif len(set(known)) > limit:
                error(name, _("Too many entries."))
            else:
                data[name] = known
    key_text, place = values.get("municipality", ""), values.get("place", "")
    if key_text:
        municipality = words.by_key.get(key_text.zfill(8))
        if municipality is None:
            error(
                "municipality",
                _("“%(value)s” is no official key of a municipality in the KI's area.")
                % {"value": key_text[:20]},
            )
        else:
            data["municipality_id"] = municipality
    elif place:
        municipality = words.by_name.get(place.casefold())
        if municipality is None:
            error(
                "place",
                _("“%(value)s” is no municipality in the KI's area.") % {"value": place[:60]},
            )
        else:
            data["municipality_id"] = municipality
    # The model's own field checks (lengths, postcode, e-mail, telephone, website, codes).
    probe = Organisation(
        centre=centre,
        type=data.get("type", OrganisationType.OTHER),
        **{k: v for k, v in data.items() if k != "type"},
    )
    try:
        probe.clean_fields(exclude=["centre", "municipality", "merged_into", "match_key"])
        probe.clean()
    except ValidationError as e:
        for name, messages in e.message_dict.items():
            if name in mapping or name in FIELDS:
                for message in messages:
                    error(name, message)
    row.data = data
    row.key = match_key(values.get("name", ""), values.get("postcode", ""))
    return row


@dataclass
class Checked:
    rows: list[CheckedRow]
    valid: int
    invalid: int
    errors: list[RowError]


def check_table(table: Table, mapping: Mapping[str, int], centre: Centre) -> Checked:
    """Every row checked; a row whose name and postcode repeat an earlier row's is an error
    (the import would write the same organisation twice)."""
    words = Vocabulary(centre)
    rows: list[CheckedRow] = []
    seen: dict[str, int] = {}
    errors: list[RowError] = []
    invalid = 0
    for offset, cells in enumerate(table.rows):
        row = check_row(offset + 2, cells, mapping, table.headers, words, centre)
        if not row.errors and row.key in seen:
            row.errors.append(
                RowError(
                    row.number,
                    table.headers[mapping["name"]],
                    str(_("Same name and postcode as row %(row)d.") % {"row": seen[row.key]}),
                )
            )
        seen.setdefault(row.key, row.number)
        if row.errors:
            invalid += 1
            errors.extend(row.errors)
        rows.append(row)
    return Checked(rows=rows, valid=len(rows) - invalid, invalid=invalid, errors=errors)
