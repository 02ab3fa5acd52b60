"""The official HSDS 3.0 schemas (a copy in `hsds_schema/`, see its README) as validators:
their references (`https://raw.githubusercontent.com/openreferral/...`) resolve to the local
files through a `referencing.Registry`, so nothing is fetched. Formats are checked too (uuid,
email, and uri and date-time, which jsonschema checks only with extra packages)."""

from __future__ import annotations

import datetime
import json
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

HERE = Path(__file__).parent / "hsds_schema"
BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
SERVICE = BASE + "compiled/service.json"
FILES = {
    SERVICE: "service_with_definitions.json",
    BASE + "compiled/service_list.json": "service_list.json",
    BASE + "compiled/organization_list.json": "organization_list.json",
    BASE + "compiled/service_at_location_list.json": "service_at_location_list.json",
}
# Schemas the API description names but the copy has only as definitions of the service's.
DEFINED = {
    BASE + "taxonomy.json": "taxonomy",
    BASE + "taxonomy_term.json": "taxonomy_term",
    BASE + "compiled/organization.json": "organization",
}

formats = FormatChecker()
for name, check in Draft202012Validator.FORMAT_CHECKER.checkers.items():
    formats.checkers[name] = check


@formats.checks("uri", raises=ValueError)
def _uri(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlparse(value)
    return bool(parts.scheme and (parts.netloc or parts.scheme in ("mailto", "tel", "urn")))


@formats.checks("date-time", raises=ValueError)
def _date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    return datetime.datetime.fromisoformat(value).tzinfo is not None


@cache
def registry() -> Registry[Any]:
    resources = [
        (url, Resource.from_contents(json.loads((HERE / name).read_text()), DRAFT202012))
        for url, name in FILES.items()
    ]
    resources += [
        (url, Resource.from_contents({"$ref": f"{SERVICE}#/definitions/{name}"}, DRAFT202012))
        for url, name in DEFINED.items()
    ]
    return Registry().with_resources(resources)


def validator(url: str) -> Draft202012Validator:
    return Draft202012Validator({"$ref": url}, registry=registry(), format_checker=formats)


def page_validator(item_url: str) -> Draft202012Validator:
    """The API's `Page` envelope with `contents` of `item_url`, as openapi.json has it."""
    openapi = json.loads((HERE / "openapi.json").read_text())
    page = openapi["components"]["schemas"]["Page"]
    schema = {
        "allOf": [page],
        "required": [*page["properties"], "contents"],
        "properties": {"contents": {"type": "array", "items": {"$ref": item_url}}},
    }
    return Draft202012Validator(schema, registry=registry(), format_checker=formats)


def errors(url: str, instance: Any) -> list[str]:
    """Every schema violation of `instance`, as path: message (empty when valid)."""
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator(url).iter_errors(instance)
    ]


def page_errors(item_url: str, instance: Any) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in page_validator(item_url).iter_errors(instance)
    ]


SERVICE_LIST = BASE + "compiled/service_list.json"
ORGANIZATION_LIST = BASE + "compiled/organization_list.json"
SERVICE_AT_LOCATION_LIST = BASE + "compiled/service_at_location_list.json"
TAXONOMY = BASE + "taxonomy.json"
TAXONOMY_TERM = BASE + "taxonomy_term.json"
ORGANIZATION = BASE + "compiled/organization.json"
