"""A published offer as a fully nested Open Referral HSDS 3.0 service.

Built on the exchange record (`interchange.record_from_offer`: the offer's published
snapshot), so what HSDS serves is what the public page shows. `Batch` loads what a page of
offers refers to (categories, municipalities, providers) in a fixed number of queries; the
mapping itself never queries. The field-by-field table is docs/guide.md, "HSDS 3.0 mapping";
the import reads the same fields back.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import translation

from teilhabe.centres.models import Centre
from teilhabe.network.models import LANGUAGES as SPOKEN
from teilhabe.network.models import Organisation
from teilhabe.territory.models import Municipality

from ..interchange import OfferRecord, record_from_offer
from ..models import TEXT_FIELDS, Category, Offer
from . import taxonomies as tx
from .taxonomies import child_id

HSDS_VERSION = "3.0"
STATE = "Nordrhein-Westfalen"
COUNTRY = "DE"
FREE = "kostenlos"

# The one-to-one fields of a service and an organization (the items of the API's lists).
SERVICE_FIELDS = (
    "id",
    "organization_id",
    "program_id",
    "name",
    "alternate_name",
    "description",
    "url",
    "email",
    "status",
    "interpretation_services",
    "application_process",
    "fees_description",
    "wait_time",
    "fees",
    "accreditations",
    "eligibility_description",
    "minimum_age",
    "maximum_age",
    "assured_date",
    "assurer_email",
    "licenses",
    "alert",
    "last_modified",
)
ORGANIZATION_FIELDS = (
    "id",
    "name",
    "alternate_name",
    "description",
    "email",
    "website",
    "tax_status",
    "tax_id",
    "year_incorporated",
    "legal_status",
    "logo",
    "uri",
    "parent_organization_id",
)
LOCATION_FIELDS = (
    "id",
    "location_type",
    "url",
    "organization_id",
    "name",
    "alternate_name",
    "description",
    "transportation",
    "latitude",
    "longitude",
    "external_identifier",
    "external_identifier_type",
)

# What `Offer.hsds_extra` may add (fields the guide does not map), with the JSON type HSDS
# wants: str, number, array (of objects with an id) or object.
_STR, _NUM, _ARR, _OBJ = "string", "number", "array", "object"
SERVICE_EXTRA: dict[str, str] = {
    "program_id": _STR,
    "alternate_name": _STR,
    "interpretation_services": _STR,
    "wait_time": _STR,
    "fees": _STR,
    "accreditations": _STR,
    "eligibility_description": _STR,
    "minimum_age": _NUM,
    "maximum_age": _NUM,
    "assurer_email": _STR,
    "licenses": _STR,
    "alert": _STR,
    "service_areas": _ARR,
    "funding": _ARR,
    "program": _OBJ,
    "required_documents": _ARR,
    "metadata": _ARR,
}
ORGANIZATION_EXTRA: dict[str, str] = {
    "alternate_name": _STR,
    "tax_status": _STR,
    "tax_id": _STR,
    "year_incorporated": _NUM,
    "legal_status": _STR,
    "logo": _STR,
    "uri": _STR,
    "parent_organization_id": _STR,
    "funding": _ARR,
    "contacts": _ARR,
    "locations": _ARR,
    "programs": _ARR,
    "attributes": _ARR,
    "metadata": _ARR,
}

LOCATION_EXTRA: dict[str, str] = {
    "alternate_name": _STR,
    "description": _STR,
    "transportation": _STR,
    "url": _STR,
}


@dataclass
class Batch:
    """The rows a set of offers' snapshots refer to, loaded once for all of them."""

    categories: dict[int, Category]
    municipalities: dict[int, Municipality]
    providers: dict[int, Organisation]

    @classmethod
    def load(
        cls, offers: Sequence[Offer], *, categories: dict[int, Category] | None = None
    ) -> Batch:
        """Three queries at most (two with `categories` given), however many offers."""
        places: set[int] = set()
        providers: set[int] = set()
        for offer in offers:
            snapshot = offer.published_snapshot
            if snapshot["offer"].get("provider") is not None:
                providers.add(snapshot["offer"]["provider"])
            places |= {p["municipality"] for p in snapshot.get("locations") or []}
        if categories is None:
            categories = all_categories()
        return cls(
            categories=categories,
            municipalities=Municipality.objects.in_bulk(places) if places else {},
            providers=Organisation.objects.in_bulk(providers) if providers else {},
        )

    def record(self, offer: Offer) -> OfferRecord:
        return record_from_offer(
            offer,
            category_codes={pk: c.code for pk, c in self.categories.items()},
            municipality_keys={pk: m.ags for pk, m in self.municipalities.items()},
            providers={pk: (o.uuid, o.name) for pk, o in self.providers.items()},
        )

    def category(self, code: str) -> Category:
        return next(c for c in self.categories.values() if c.code == code)

    def parent_code(self, category: Category) -> str | None:
        parent = self.categories.get(category.parent_id) if category.parent_id else None
        return parent.code if parent is not None else None

    def municipality_name(self, ags: str) -> str:
        return next((m.short_name for m in self.municipalities.values() if m.ags == ags), ags)


def all_categories() -> dict[int, Category]:
    return {c.pk: c for c in Category.objects.order_by("order", "code")}


def english_name(labels: Mapping[str, Any], code: str) -> str:
    with translation.override("en"):
        return str(labels[code]) if code in labels else code


def _number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _text_value(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def compact(value: Any) -> Any:
    """Without the keys whose value is None (HSDS types are strict: a missing field, never
    null)."""
    if isinstance(value, dict):
        return {k: compact(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [compact(v) for v in value]
    return value


def fees_description(record: OfferRecord) -> str:
    amount = record.data.get("cost_amount")
    if record.data.get("cost") != "amount" or amount is None:
        return FREE
    return f"{amount:.2f} Euro".replace(".", ",")


def _attribute(
    link_id: str,
    entity: str,
    term: dict[str, Any],
    *,
    link_type: str,
    value: str | None = None,
    suffix: str = "",
) -> dict[str, Any]:
    return {
        "id": str(child_id(link_id, f"attribute:{term['taxonomy']}:{term['code']}{suffix}")),
        "link_id": link_id,
        "link_type": link_type,
        "link_entity": entity,
        "taxonomy_term_id": term["id"],
        "taxonomy_term": term,
        "value": value,
    }


def _value(
    link_id: str, code: str, value: Any, lang: str, *, entity: str = "service"
) -> list[dict[str, Any]]:
    text = _text_value(value)
    if text is None:
        return []
    kind = "text" if code in ("teilhabe:summary", "teilhabe:translation") else "value"
    return [_attribute(link_id, entity, tx.value_term(code, lang), link_type=kind, value=text)]


def _attributes(
    record: OfferRecord, batch: Batch, sid: str, language: str, lang: str
) -> list[dict[str, Any]]:
    category = batch.category(record.category)
    attrs = [
        _attribute(
            sid,
            "service",
            tx.category_term(category, batch.parent_code(category), lang),
            link_type=tx.CATEGORY,
        )
    ]
    attrs += [
        _attribute(
            sid, "service", tx.choice_term(tx.TARGET_GROUP, code, lang), link_type=tx.TARGET_GROUP
        )
        for code in record.data.get("target_groups") or []
    ]
    course = record.course or {}
    if record.course is not None:
        for kind, name in (
            (tx.COURSE_TYPE, "course_type"),
            (tx.LEVEL, "target_level"),
            (tx.CLASS_FORMAT, "class_format"),
        ):
            if course.get(name):
                attrs.append(
                    _attribute(
                        sid, "service", tx.choice_term(kind, course[name], lang), link_type=kind
                    )
                )
    text = record.texts.get(language) or {}
    attrs += _value(sid, "teilhabe:source_language", record.source_language, lang)
    attrs += _value(sid, "teilhabe:text_language", language, lang)
    attrs += _value(sid, "teilhabe:summary", text.get("summary"), lang)
    for other in sorted(record.texts):
        if other == language:
            continue
        words = record.texts[other]
        value = json.dumps(
            {"language": other, **{name: words.get(name) or "" for name in TEXT_FIELDS}},
            ensure_ascii=False,
        )
        term = tx.value_term("teilhabe:translation", lang)
        attrs.append(
            _attribute(sid, "service", term, link_type="text", value=value, suffix=f":{other}")
        )
    data = {**record.data, "duration": text.get("duration")}
    for name in ("registration_until", "free_places", "duration", "hours_per_week"):
        attrs += _value(sid, f"teilhabe:{name}", data.get(name), lang)
    if record.course is not None:
        for name in (
            "places",
            "places_taken",
            "registration_deadline",
            "childcare",
            "free_with_entitlement",
        ):
            attrs += _value(sid, f"teilhabe:{name}", course.get(name), lang)
    return attrs


def provider_organization(provider: Organisation) -> dict[str, Any]:
    """A partner organisation as an HSDS organization (its stable `uuid` is the id)."""
    oid = str(provider.uuid)
    return {
        "id": oid,
        "name": provider.name,
        "description": provider.areas_of_work or "",
        "email": provider.email or None,
        "website": provider.website or None,
        "phones": _org_phones(oid, provider.phone),
    }


def ki_organization(centre: Centre) -> dict[str, Any]:
    """A KI as the HSDS organization of the offers it provides itself; its district key is
    also an organization_identifier (`district_key`)."""
    key = centre.district_key
    oid = str(tx.ki_organization_id(key))
    return {
        "id": oid,
        "name": centre.name,
        "description": centre.attachment or "",
        "email": centre.email or None,
        "website": centre.website or None,
        "phones": _org_phones(oid, centre.phone),
        "organization_identifiers": [
            {
                "id": str(child_id(oid, "identifier:district_key")),
                "organization_id": oid,
                "identifier_scheme": "DE-AGS",
                "identifier_type": "district_key",
                "identifier": key,
            }
        ],
    }


def _org_phones(oid: str, number: str) -> list[dict[str, Any]]:
    if not number:
        return []
    return [{"id": str(child_id(oid, "phone")), "organization_id": oid, "number": number}]


def organization(offer: Offer, record: OfferRecord, batch: Batch) -> dict[str, Any]:
    """The provider (a partner organisation) or, without one, the KI itself, with what an
    import kept of the source's organization."""
    provider = None
    if record.provider is not None and record.provider.id is not None:
        provider = next((o for o in batch.providers.values() if o.uuid == record.provider.id), None)
    org = provider_organization(provider) if provider is not None else ki_organization(offer.centre)
    _merge(org, (record.extra or {}).get("organization"), ORGANIZATION_EXTRA)
    return org


def _merge(target: dict[str, Any], extra: Any, allowed: Mapping[str, str]) -> None:
    """Adds what an import kept (`Offer.hsds_extra`) for fields the guide does not map; a
    value of the wrong JSON type is left out, so the service stays valid HSDS."""
    if not isinstance(extra, dict):
        return
    for name, value in extra.items():
        kind = allowed.get(name)
        if kind is None or (name in target and target[name] not in (None, [], "")):
            continue
        if (
            (kind == _STR and isinstance(value, str))
            or (kind == _NUM and isinstance(value, int | float) and not isinstance(value, bool))
            or (kind == _OBJ and isinstance(value, dict) and isinstance(value.get("id"), str))
            or (
                kind == _ARR
                and isinstance(value, list)
                and all(isinstance(v, dict) and isinstance(v.get("id"), str) for v in value)
            )
        ):
            target[name] = value


def _location(place: Any, batch: Batch, lang: str, extra: Any = None) -> dict[str, Any]:
    lid = str(place.id)
    location: dict[str, Any] = {
        "id": lid,
        "location_type": "physical",
        "name": place.name or None,
        "latitude": _number(place.lat),
        "longitude": _number(place.lon),
        "external_identifier": place.municipality_key,
        "external_identifier_type": "AGS",
        "languages": [
            {
                "id": str(child_id(lid, f"language:{code}")),
                "location_id": lid,
                "name": english_name(SPOKEN, code),
                "code": code,
            }
            for code in place.languages
        ],
        "addresses": [
            {
                "id": str(child_id(lid, "address")),
                "location_id": lid,
                "address_1": place.street,
                "city": batch.municipality_name(place.municipality_key),
                "state_province": STATE,
                "postal_code": place.postcode,
                "country": COUNTRY,
                "address_type": "physical",
            }
        ],
    }
    if place.step_free is not None:
        aid = str(child_id(lid, "accessibility"))
        location["accessibility"] = [
            {
                "id": aid,
                "location_id": lid,
                "description": "stufenloser Zugang"
                if place.step_free
                else "kein stufenloser Zugang",
                "attributes": _value(
                    aid, "teilhabe:step_free", place.step_free, lang, entity="accessibility"
                ),
            }
        ]
    _merge(location, extra, LOCATION_EXTRA)
    return location


def dates_notes(data: Mapping[str, Any]) -> str:
    """The "dates" schedule's `notes` for people (the values travel in attributes)."""
    return "; ".join(
        f"{label}: {value}"
        for label, value in (
            ("duration", data.get("duration")),
            ("hours per week", data.get("hours_per_week")),
        )
        if value not in (None, "")
    )


def _schedules(
    record: OfferRecord, text: Mapping[str, str], sid: str, lang: str
) -> list[dict[str, Any]]:
    """The offer's dates and its opening hours, their words from `text` (the service's
    language)."""
    data, course = record.data, record.course or {}
    notes = dates_notes({**data, "duration": text.get("duration")})
    schedules = []
    dates = {
        "dtstart": _iso(data.get("next_start")),
        "valid_from": _iso(course.get("starts_on")),
        "valid_to": _iso(course.get("ends_on")),
        "description": text.get("recurrence") or None,
        "notes": notes or None,
    }
    if any(v is not None for v in dates.values()):
        did = str(child_id(sid, "schedule:dates"))
        schedules.append(
            {
                "id": did,
                "service_id": sid,
                **dates,
                "attributes": _value(
                    did, "teilhabe:schedule_kind", "dates", lang, entity="schedule"
                ),
            }
        )
    if text.get("opening_hours"):
        hid = str(child_id(sid, "schedule:opening_hours"))
        schedules.append(
            {
                "id": hid,
                "service_id": sid,
                "description": text["opening_hours"],
                "attributes": _value(
                    hid, "teilhabe:schedule_kind", "opening_hours", lang, entity="schedule"
                ),
            }
        )
    return schedules


def _contacts(record: OfferRecord, sid: str) -> list[dict[str, Any]]:
    data = record.data
    if not (data.get("contact_name") or data.get("contact_email") or data.get("contact_phone")):
        return []
    cid = str(child_id(sid, "contact"))
    phones = (
        [{"id": str(child_id(cid, "phone")), "contact_id": cid, "number": data["contact_phone"]}]
        if data.get("contact_phone")
        else []
    )
    return [
        {
            "id": cid,
            "service_id": sid,
            "name": data.get("contact_name") or None,
            "email": data.get("contact_email") or None,
            "phones": phones,
        }
    ]


def content_language(record: OfferRecord, lang: str | None) -> str:
    """The language of name and description: the one asked for when the offer has a text in
    it, else its source language."""
    return lang if lang is not None and lang in record.texts else record.source_language


def service(offer: Offer, batch: Batch, *, lang: str | None = None) -> dict[str, Any]:
    """The offer's published version as a fully nested HSDS service (valid against
    `service_with_definitions.json`)."""
    record = batch.record(offer)
    sid = str(record.id)
    language = content_language(record, lang)
    terms_lang = lang or language
    text = record.texts.get(language) or {}
    data = record.data
    org = organization(offer, record, batch)
    amount = data.get("cost_amount") if data.get("cost") == "amount" else None
    location_extras = (record.extra or {}).get("locations")
    if not isinstance(location_extras, dict):
        location_extras = {}
    result: dict[str, Any] = {
        "id": sid,
        "organization_id": org["id"],
        "name": text.get("title") or "",
        "description": text.get("description") or None,
        "url": data.get("website") or None,
        "email": data.get("contact_email") or None,
        "status": "active",
        "application_process": text.get("registration_how") or None,
        "fees_description": fees_description(record),
        "assured_date": _iso(record.last_reviewed_on),
        "last_modified": _iso(offer.published_at),
        "organization": org,
        "phones": [
            {"id": str(child_id(sid, "phone")), "service_id": sid, "number": data["contact_phone"]}
        ]
        if data.get("contact_phone")
        else [],
        "schedules": _schedules(record, text, sid, terms_lang),
        "service_at_locations": [
            {
                "id": str(child_id(str(place.id), "service_at_location")),
                "service_id": sid,
                "location_id": str(place.id),
                "location": _location(place, batch, terms_lang, location_extras.get(str(place.id))),
            }
            for place in record.locations
        ],
        "languages": [
            {
                "id": str(child_id(sid, f"language:{code}")),
                "service_id": sid,
                "name": english_name(SPOKEN, code),
                "code": code,
            }
            for code in data.get("languages") or []
        ],
        "cost_options": [
            {
                "id": str(child_id(sid, "cost_option")),
                "service_id": sid,
                "option": "fee",
                "currency": "EUR",
                "amount": _number(amount),
            }
        ]
        if amount is not None
        else [],
        "contacts": _contacts(record, sid),
        "attributes": _attributes(record, batch, sid, language, terms_lang),
    }
    _merge(result, (record.extra or {}).get("service"), SERVICE_EXTRA)
    return compact(result)


def list_item(full: dict[str, Any]) -> dict[str, Any]:
    """A service of the API's list: its one-to-one fields and its organization's."""
    item = {name: full[name] for name in SERVICE_FIELDS if name in full}
    if "organization" in full:
        item["organization"] = organization_item(full["organization"])
    return item


def organization_item(org: dict[str, Any]) -> dict[str, Any]:
    return {name: org[name] for name in ORGANIZATION_FIELDS if name in org}


def service_at_location_items(full: dict[str, Any]) -> list[dict[str, Any]]:
    """The service's service_at_locations as list items (one-to-one fields, the location's
    and the service's)."""
    brief = {name: full[name] for name in SERVICE_FIELDS if name in full}
    return [
        {
            "id": sal["id"],
            "service_id": sal["service_id"],
            "location_id": sal["location_id"],
            "location": {k: sal["location"][k] for k in LOCATION_FIELDS if k in sal["location"]},
            "service": brief,
        }
        for sal in full.get("service_at_locations", [])
    ]


def services_of(offers: Iterable[Offer], batch: Batch, *, lang: str | None) -> list[dict[str, Any]]:
    return [service(offer, batch, lang=lang) for offer in offers]
