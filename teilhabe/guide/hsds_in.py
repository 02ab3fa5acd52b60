"""Reading Open Referral HSDS 3.0 JSON: one fully nested service, a list of them, or an API
`Page` (its `contents`), told apart by content. Each service is checked against the HSDS schema
(`../shared/data/hsds/service_with_definitions.json`, references resolved from the files of
that directory, nothing fetched) and mapped to an `OfferRecord` — reading exactly the places the
export (`hsds/mapping.py`, docs/guide.md "HSDS 3.0 mapping") writes, so export → import →
export gives the same services; whatever the guide has no
place for is kept in the record's `extra` ({"service": …, "organization": …, "locations":
{<location id>: …}}), never dropped. Pure: nothing here touches the database.

Bounds before any work on the content: the file's size (`MAX_BYTES`), then after `json.loads`
(5 MB parse quickly) the nesting depth (`MAX_DEPTH`), every string's length (`MAX_STRING`) and
the number of services (`MAX_SERVICES`).
"""

from __future__ import annotations

import copy
import datetime
import json
import logging
import uuid
from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from teilhabe.network.models import LANGUAGES as SPOKEN

from . import sanitise
from .hsds import mapping, taxonomies
from .interchange import LocationRecord, OfferRecord, ParsedRow, ProviderRecord, RowError
from .models import DETAIL_FIELDS, LANGUAGES, TEXT_FIELDS

logger = logging.getLogger(__name__)

MAX_BYTES = 5 * 1024 * 1024
MAX_SERVICES = 5_000
MAX_DEPTH = 20
MAX_STRING = sanitise.MAX_LENGTH + 1_000
SERVICE_SCHEMA = "service_with_definitions.json"
CATEGORY_TAXONOMY = "teilhabe-categories"
COURSE_TERMS = {
    "teilhabe:course_type": "course_type",
    "teilhabe:target_level": "target_level",
    "teilhabe:class_format": "class_format",
    "teilhabe:starts_on": "starts_on",
    "teilhabe:ends_on": "ends_on",
    "teilhabe:places": "places",
    "teilhabe:places_taken": "places_taken",
    "teilhabe:registration_deadline": "registration_deadline",
    "teilhabe:childcare": "childcare",
    "teilhabe:free_with_entitlement": "free_with_entitlement",
}
TRANSLATION_TERM = "teilhabe:translation"
# Keys that only link an item to its parent: an item left with nothing but these is used up.
LINKS = frozenset(
    {
        "id",
        "service_id",
        "location_id",
        "organization_id",
        "service_at_location_id",
        "contact_id",
        "phone_id",
        "link_id",
        "link_type",
        "link_entity",
        "taxonomy_term_id",
    }
)
# Values the guide implies for every offer: not kept as extra.
IMPLIED = {
    "status": {"active"},
    "location_type": {"physical"},
    "address_type": {"physical"},
    "country": {"DE", "de", "Deutschland", "Germany"},
    "state_province": {"NW", "NRW", "Nordrhein-Westfalen", "North Rhine-Westphalia"},
    "currency": {"EUR"},
}
TOO_LONG = "too_long"
STEP_FREE_WORDS = ("step-free", "step free", "stufenlos", "barrierefrei", "wheelchair")
NEGATIONS = frozenset({"kein", "keine", "keinen", "nicht", "no", "not", "without", "ohne"})
STEP_FREE_SENTENCES = frozenset({"stufenloser Zugang", "kein stufenloser Zugang"})
TARGET_GROUP_TAXONOMY = "teilhabe-target-groups"
COURSE_TAXONOMIES = {
    "teilhabe-course-types": "course_type",
    "teilhabe-levels": "target_level",
    "teilhabe-class-formats": "class_format",
}
# The KI's own fields in its organization (the importing KI has its own).
KI_FIELDS = ("id", "name", "description", "email", "website", "phones", "organization_identifiers")


def _int_value(value: str) -> int | None:
    return int(value) if value.isdigit() and len(value) < 9 else None


def _str_value(value: str) -> str | None:
    return value or None


# The service's value attributes (`teilhabe-attributes`) with the data field each fills.
VALUE_FIELDS: dict[str, Callable[[str], Any]] = {
    "teilhabe:registration_until": lambda v: _date(v),
    "teilhabe:free_places": _int_value,
    "teilhabe:duration": _str_value,
    "teilhabe:hours_per_week": lambda v: _decimal(v),
}
SERVICE_VALUES = frozenset(
    {
        "teilhabe:source_language",
        "teilhabe:text_language",
        "teilhabe:summary",
        *VALUE_FIELDS,
    }
)


def validator() -> Draft202012Validator:
    """The service schema's validator (`settings.HSDS_SCHEMA_DIR`); a missing schema is the
    error `hsds_schema_missing`, never an import without the check."""
    directory = Path(settings.HSDS_SCHEMA_DIR)
    if not (directory / SERVICE_SCHEMA).is_file():
        logger.error("HSDS schema missing: %s", directory / SERVICE_SCHEMA)
        raise _invalid(
            _("The HSDS schema is not installed; the operators are informed."),
            "hsds_schema_missing",
        )
    return _validator(str(directory))


@cache
def _validator(directory: str) -> Draft202012Validator:
    """Every file of the schema directory is in the registry (by its `$id` where it has one,
    else by its file name), so a reference never goes out."""
    resources = []
    for path in sorted(Path(directory).glob("*.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resource = Resource.from_contents(contents, default_specification=DRAFT202012)
        resources.append((path.name, resource))
        if isinstance(contents, dict) and isinstance(contents.get("$id"), str):
            resources.append((contents["$id"], resource))
    registry: Registry = Registry().with_resources(resources)
    schema = json.loads((Path(directory) / SERVICE_SCHEMA).read_text(encoding="utf-8"))
    return Draft202012Validator(schema, registry=registry, format_checker=FormatChecker())


def _invalid(message: Any, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _check_bounds(value: Any) -> None:
    """Depth and string lengths, without recursion (a hostile file cannot blow the stack)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise _invalid(
                _("The JSON is nested deeper than %(n)d levels.") % {"n": MAX_DEPTH}, "too_deep"
            )
        if isinstance(item, str):
            if len(item) > MAX_STRING:
                raise _invalid(
                    _("The JSON holds a text longer than 21,000 characters."), "too_long"
                )
        elif isinstance(item, dict):
            for key, child in item.items():
                if len(key) > 200:
                    raise _invalid(
                        _("The JSON holds a key longer than 200 characters."), "too_long"
                    )
                stack.append((child, depth + 1))
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)


def services_of(content: bytes) -> list[Any]:
    """The services in the file: a service (an object with `id` and `name`), a list, or a
    `Page` (an object with `contents`). ValidationError if it is none, or beyond the bounds."""
    if len(content) > MAX_BYTES:
        raise _invalid(
            _("The file is larger than 5 MB; split it into several files."), "file_too_large"
        )
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise _invalid(_("The file is no JSON in UTF-8."), "not_json") from None
    except RecursionError:
        raise _invalid(
            _("The JSON is nested deeper than %(n)d levels.") % {"n": MAX_DEPTH}, "too_deep"
        ) from None
    _check_bounds(data)
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        items = data["contents"]
    elif isinstance(data, dict) and "id" in data and "name" in data:
        items = [data]
    elif isinstance(data, list):
        items = data
    else:
        raise _invalid(
            _("The JSON is neither an HSDS service, a list of services nor a page of them."),
            "not_hsds",
        )
    if len(items) > MAX_SERVICES:
        raise _invalid(
            _("The file has more than %(n)s services; split it into several files.")
            % {"n": f"{MAX_SERVICES:,}".replace(",", ".")},
            "too_many_rows",
        )
    return items


def _schema_errors(number: int, service: Any) -> list[RowError]:
    errors = []
    for error in sorted(validator().iter_errors(service), key=lambda e: list(e.path))[:20]:
        errors.append(RowError(number, error.json_path, "schema", error.message[:300]))
    return errors


def _prune(value: Any) -> Any:
    """Without empty values, and without list items left with only their links."""
    if isinstance(value, dict):
        pruned = {k: p for k, v in value.items() if (p := _prune(v)) not in (None, "", [], {})}
        pruned = {k: v for k, v in pruned.items() if v not in IMPLIED.get(k, ())}
        return pruned
    if isinstance(value, list):
        items = [_prune(v) for v in value]
        return [
            v
            for v in items
            if v not in (None, "", [], {}) and not (isinstance(v, dict) and set(v) <= LINKS)
        ]
    return value


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _date(value: Any) -> datetime.date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str) or value == "":
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() and abs(number) < 10**7 else None


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None


def _items(service: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = service.get(key)
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _term_code(attribute: dict[str, Any]) -> tuple[str, str]:
    term = attribute.get("taxonomy_term")
    if not isinstance(term, dict):
        return "", ""
    return _text(term.get("code")), _text(term.get("taxonomy"))


def _course_value(name: str, value: str) -> Any:
    if name in ("places", "places_taken"):
        return int(value) if value.isdigit() and len(value) < 9 else 0
    if name in ("childcare", "free_with_entitlement"):
        return value.lower() == "true"
    if name in ("starts_on", "ends_on", "registration_deadline"):
        return _date(value)
    return value


def _complete_course(course: dict[str, Any]) -> dict[str, Any] | None:
    """The course with a default for every field it lacks; None without any course field."""
    if not course:
        return None
    for name, default in (
        ("course_type", ""),
        ("target_level", ""),
        ("class_format", ""),
        ("starts_on", None),
        ("ends_on", None),
        ("registration_deadline", None),
        ("places", 0),
        ("places_taken", 0),
        ("childcare", False),
        ("free_with_entitlement", False),
    ):
        course.setdefault(name, default)
    return course


def _fees_description(data: dict[str, Any]) -> str:
    amount = data.get("cost_amount")
    if data.get("cost") != "amount" or amount is None:
        return mapping.FREE
    return f"{amount:.2f} Euro".replace(".", ",")


def _is_ki(organization: dict[str, Any]) -> bool:
    """The export's organization of a KI: its id is derived from the district key it names
    as `organization_identifiers` (`district_key`)."""
    for item in _items(organization, "organization_identifiers"):
        key = _text(item.get("identifier"))
        if (
            item.get("identifier_type") == "district_key"
            and key.isdigit()
            and len(key) <= 8
            and str(organization.get("id")) == str(taxonomies.ki_organization_id(key))
        ):
            return True
    return False


def _schedule_kind(schedule: dict[str, Any]) -> str | None:
    """ "dates" or "opening_hours" for a schedule of the export (its attribute taken out)."""
    for attribute in _items(schedule, "attributes"):
        code, _taxonomy = _term_code(attribute)
        value = _text(attribute.get("value"))
        if code == "teilhabe:schedule_kind" and value in ("dates", "opening_hours"):
            attribute.clear()
            return value
    return None


def _step_free(items: list[dict[str, Any]]) -> bool | None:
    """The export's attribute `teilhabe:step_free` on an accessibility; else a description
    that says it (a negation such as "kein stufenloser Zugang" says no)."""
    for item in items:
        for attribute in _items(item, "attributes"):
            code, _taxonomy = _term_code(attribute)
            value = _text(attribute.get("value")).lower()
            if code == "teilhabe:step_free" and value in ("true", "false"):
                attribute.clear()
                if item.get("description") in STEP_FREE_SENTENCES:
                    item.pop("description")
                return value == "true"
    for item in items:
        description = _text(item.get("description")).lower()
        if any(w in description for w in STEP_FREE_WORDS):
            item.pop("description")
            return not any(w in description.split() for w in NEGATIONS)
    return None


class _Mapper:
    """One service to a record; `rest` is the service with what was used taken out."""

    def __init__(self, number: int, service: dict[str, Any]) -> None:
        self.number = number
        self.rest: dict[str, Any] = copy.deepcopy(service)
        self.errors: list[RowError] = []
        self.locations_extra: dict[str, Any] = {}

    def take(self, key: str) -> Any:
        return self.rest.pop(key, None)

    def record(self) -> OfferRecord:
        rest = self.rest
        values = self._values()
        language = self._language(values, "teilhabe:text_language", "de")
        source = self._language(values, "teilhabe:source_language", language)
        texts = {
            language: {
                "title": _text(self.take("name")),
                "summary": values.pop("teilhabe:summary", ""),
                "description": _text(self.take("description")),
            }
        }
        data: dict[str, Any] = {
            "website": _text(self.take("url")),
            "contact_email": _text(self.take("email")),
            "registration_how": _text(self.take("application_process")),
        }
        identifier = _uuid(self.take("id"))
        data["cost"], data["cost_amount"] = "free", None
        for option in _items(rest, "cost_options"):
            amount = _decimal(option.get("amount"))
            if amount is not None and amount > 0 and option.get("currency") in (None, "EUR"):
                data["cost"], data["cost_amount"] = "amount", amount.quantize(Decimal("0.01"))
                for key in ("amount", "currency"):
                    option.pop(key, None)
                if option.get("option") == "fee":
                    option.pop("option")
                break
        last_reviewed = _date(self.take("assured_date"))
        self.take("last_modified")  # the guide's own: set when the KI publishes
        provider = self._provider()
        data["languages"] = self._languages(rest.get("languages"))
        for name, convert in VALUE_FIELDS.items():
            if name in values:
                value = convert(values.pop(name))
                if value is not None:
                    data[name.removeprefix("teilhabe:")] = value
        course = self._course_values(values)
        category, target_groups = self._attributes(texts, course)
        if target_groups:
            data["target_groups"] = target_groups
        self._schedules(data, course)
        self._contact(data)
        if rest.get("fees_description") == _fees_description(data):
            self.take("fees_description")
        # How to register, dates, duration, opening hours are words of the service's language
        # (its translations carry their own in `teilhabe:translation`).
        details = {name: data.pop(name, None) or "" for name in DETAIL_FIELDS}
        owner = language
        if source != language and source in texts and not (set(texts[source]) & set(details)):
            # An export in another language from before these were per language (stop 27):
            # its translations carry none, and its service's were the source language's words.
            owner = source
        texts[owner].update(details)
        for words in texts.values():
            for name in TEXT_FIELDS:
                words.setdefault(name, "")
        if source not in texts:  # a source language without a text: the text is the source
            source = language
        locations = self._locations()
        extra: dict[str, Any] = {}
        service_rest = _prune(rest)
        if service_rest:
            extra["service"] = service_rest
        if self.organization_rest:
            extra["organization"] = self.organization_rest
        if self.locations_extra:
            extra["locations"] = self.locations_extra
        return OfferRecord(
            id=identifier,
            category=category,
            source_language=source,
            texts=texts,
            provider=provider,
            data=data,
            locations=locations,
            course=_complete_course(course),
            last_reviewed_on=last_reviewed,
            extra=extra,
        )

    def _values(self) -> dict[str, str]:
        """The value attributes of the service the export writes (`teilhabe-attributes`:
        source and text language, summary, the data and course fields), taken out."""
        found: dict[str, str] = {}
        for attribute in _items(self.rest, "attributes"):
            code, _taxonomy = _term_code(attribute)
            if (code in SERVICE_VALUES or code in COURSE_TERMS) and code not in found:
                found[code] = _text(attribute.get("value"))
                attribute.clear()
        return found

    def _language(self, values: dict[str, str], code: str, default: str) -> str:
        value = values.pop(code, "")
        if not value:
            return default
        if value not in LANGUAGES:
            self.errors.append(
                RowError(
                    self.number,
                    f"attributes.{code}",
                    "unknown_language",
                    _("“%(code)s” is no language of the guide.") % {"code": value[:20]},
                )
            )
            return default
        return value

    def _course_values(self, values: dict[str, str]) -> dict[str, Any]:
        return {
            COURSE_TERMS[code]: _course_value(COURSE_TERMS[code], value)
            for code, value in values.items()
            if code in COURSE_TERMS
        }

    def _schedules(self, data: dict[str, Any], course: dict[str, Any]) -> None:
        """The export's schedules say their kind (`teilhabe:schedule_kind`): "dates" (next
        start, course start and end, recurrence) and "opening_hours". A foreign file's first
        schedule gives the next start (`valid_from`, else `dtstart`) and the recurrence."""
        schedules = _items(self.rest, "schedules")
        kinds = [(schedule, _schedule_kind(schedule)) for schedule in schedules]
        for schedule, kind in kinds:
            if kind == "dates":
                start = _date(schedule.get("dtstart"))
                if start is not None:
                    data["next_start"] = start
                    schedule.pop("dtstart")
                for key, name in (("valid_from", "starts_on"), ("valid_to", "ends_on")):
                    value = _date(schedule.get(key))
                    if value is not None:
                        course[name] = value
                        schedule.pop(key)
                if _text(schedule.get("description")):
                    data["recurrence"] = _text(schedule.pop("description"))
                if schedule.get("notes") == mapping.dates_notes(data):
                    schedule.pop("notes")
            elif kind == "opening_hours" and _text(schedule.get("description")):
                data["opening_hours"] = _text(schedule.pop("description"))
        if schedules and all(kind is None for _s, kind in kinds):
            first = schedules[0]
            start = _date(first.get("valid_from")) or _date(first.get("dtstart"))
            if start is not None:
                data["next_start"] = start
                first.pop("valid_from" if _date(first.get("valid_from")) else "dtstart", None)
            if _text(first.get("description")):
                data["recurrence"] = _text(first.pop("description"))

    def _contact(self, data: dict[str, Any]) -> None:
        """The first contact (name, e-mail, first phone); the service's own first phone is the
        contact phone too (the export writes it in both places)."""
        contacts = _items(self.rest, "contacts")
        if contacts:
            first = contacts[0]
            data["contact_name"] = _text(first.pop("name", None))
            email = _text(first.get("email"))
            if email and data["contact_email"] in ("", email):
                data["contact_email"] = email
                first.pop("email")
            phones = _items(first, "phones")
            if phones and _text(phones[0].get("number")):
                data["contact_phone"] = _text(phones[0].pop("number"))
        phones = _items(self.rest, "phones")
        if phones and _text(phones[0].get("number")):
            number = _text(phones[0]["number"])
            if data.get("contact_phone") in (None, "", number):
                data["contact_phone"] = number
                phones[0].pop("number")

    def _provider(self) -> ProviderRecord | None:
        organization = self.take("organization")
        organization_id = self.rest.get("organization_id")
        self.organization_rest: dict[str, Any] = {}
        if not isinstance(organization, dict):
            if organization_id:  # only the id: matched by it
                self.take("organization_id")
                return ProviderRecord(name="", id=_uuid(organization_id))
            return None
        if organization_id in (None, organization.get("id")):
            self.take("organization_id")
        if _is_ki(organization):  # a KI providing the offer itself: the importing KI is
            for key in KI_FIELDS:
                organization.pop(key, None)
            self.organization_rest = _prune(organization)
            return None
        name, identifier = _text(organization.pop("name", None)), organization.pop("id", None)
        # id and name stay in extra too: the import keeps them if no provider matches them.
        self.organization_rest = _prune({"id": identifier, "name": name, **organization})
        return ProviderRecord(name=name, id=_uuid(identifier))

    def _languages(self, value: Any) -> list[str]:
        codes = []
        if isinstance(value, list):
            for item in value:
                if isinstance(item, dict) and item.get("code") in SPOKEN:
                    if item["code"] not in codes:
                        codes.append(item["code"])
                    for key in ("code", "name"):
                        item.pop(key, None)
        return codes

    def _attributes(
        self, texts: dict[str, dict[str, str]], course: dict[str, Any]
    ) -> tuple[str, list[str]]:
        """The category, target groups, course classification and translations; the course
        values (`course`) were read with the other value attributes."""
        category = ""
        target_groups: list[str] = []
        for attribute in _items(self.rest, "attributes"):
            code, taxonomy = _term_code(attribute)
            value = _text(attribute.get("value"))
            used = False
            if taxonomy == CATEGORY_TAXONOMY and code and not category:
                category, used = code, True
            elif code.startswith("category:") and not category:
                category, used = code.removeprefix("category:"), True
            elif taxonomy == TARGET_GROUP_TAXONOMY and code:
                if code not in target_groups:
                    target_groups.append(code)
                used = True
            elif taxonomy in COURSE_TAXONOMIES and code:
                course[COURSE_TAXONOMIES[taxonomy]] = code
                used = True
            elif code == TRANSLATION_TERM:
                used = self._translation(value, texts)
            if used:
                attribute.clear()
        return category, target_groups

    def _translation(self, value: str, texts: dict[str, dict[str, str]]) -> bool:
        try:
            parsed = json.loads(value)
        except json.JSONDecodeError:
            parsed = None
        if not isinstance(parsed, dict) or parsed.get("language") not in LANGUAGES:
            self.errors.append(
                RowError(
                    self.number,
                    "attributes.teilhabe:translation",
                    "invalid_translation",
                    _("A translation must be JSON with a known language, title and summary."),
                )
            )
            return False
        # An older export's translation has no detail keys: left out, so `record` sees so.
        texts[parsed["language"]] = {
            name: _text(parsed.get(name)) for name in TEXT_FIELDS if name in parsed
        }
        return True

    def _locations(self) -> list[LocationRecord]:
        records = []
        for link in _items(self.rest, "service_at_locations"):
            location = link.pop("location", None)
            if not isinstance(location, dict):
                continue
            identifier = _uuid(location.get("id"))
            address = _items(location, "addresses")
            first = address[0] if address else {}
            key = ""
            if location.get("external_identifier_type") == "AGS":
                key = _text(location.pop("external_identifier", None))
                location.pop("external_identifier_type")
            step_free = _step_free(_items(location, "accessibility"))
            records.append(
                LocationRecord(
                    id=identifier,
                    name=_text(location.pop("name", None)),
                    street=_text(first.pop("address_1", None)),
                    postcode=_text(first.pop("postal_code", None)),
                    municipality_key=key,
                    lat=_decimal(location.pop("latitude", None)),
                    lon=_decimal(location.pop("longitude", None)),
                    step_free=step_free,
                    languages=self._languages(location.get("languages")),
                )
            )
            first.pop("city", None)  # the municipality (by key or postcode) names the place
            rest = _prune(location)
            if set(rest) - LINKS and location.get("id"):
                self.locations_extra[str(location["id"])] = rest
        return records


def read(content: bytes) -> list[ParsedRow]:
    """The file's services as `ParsedRow`s, numbered from 1 in their order in the file."""
    validator()  # the schema is there, or the file is refused as a whole
    rows = []
    for number, service in enumerate(services_of(content), start=1):
        if not isinstance(service, dict):
            error = RowError(number, "$", "schema", _("A service must be a JSON object."))
            rows.append(ParsedRow(row=number, record=None, errors=[error]))
            continue
        errors = _schema_errors(number, service)
        if errors:
            rows.append(ParsedRow(row=number, record=None, errors=errors))
            continue
        mapper = _Mapper(number, service)
        record = mapper.record()
        rows.append(
            ParsedRow(row=number, record=None if mapper.errors else record, errors=mapper.errors)
        )
    return rows


def leaves(value: Any) -> Iterator[Any]:
    """The plain values in a JSON value (to count the fields kept aside)."""
    if isinstance(value, dict):
        for child in value.values():
            yield from leaves(child)
    elif isinstance(value, list):
        for child in value:
            yield from leaves(child)
    else:
        yield value
