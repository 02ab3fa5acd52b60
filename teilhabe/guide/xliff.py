"""XLIFF 1.2 for translation agencies, written and read with translate-toolkit.

Export: one `<file original="offer-UUID">` per offer, its `source-language` the offer's source
language and `target-language` the language asked for; one trans-unit per text field with a
value, id `UUID/field` (`models.TEXT_FIELDS`: title, summary, description, how to register,
dates, duration, opening hours), source the source text, target the existing translation if
any, and a note `source-version: N` (the source's version it was exported from), so that a
translation of an older source comes back in as outdated.

Import: the file is checked by content before anything is read from it: at most 5 MB, no
DOCTYPE (so no entity can be declared: no "billion laughs", no external entity), well-formed
XML with the XLIFF 1.2 namespace on the root, at most 20,000 units. translate-toolkit parses
with lxml's safe parser (`resolve_entities=False, no_network=True`).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise
from lxml import etree
from translate.misc.xml_helpers import get_safe_xml_parser
from translate.storage import xliff

from . import sanitise
from .models import LANGUAGES, TEXT_FIELDS, TEXT_LIMITS, Offer, XliffImport, text_field

NAMESPACE = "urn:oasis:names:tc:xliff:document:1.2"
MAX_BYTES = 5 * 1024 * 1024
MAX_UNITS = 20_000
FIELDS = TEXT_FIELDS
FIELD_LABELS = {name: text_field(name).verbose_name for name in FIELDS}
LIMITS = TEXT_LIMITS
NOTE_ORIGIN = "teilhabe"
_VERSION_NOTE = re.compile(r"source-version:\s*(\d{1,9})")
_SKELETON = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    f'<xliff version="1.2" xmlns="{NAMESPACE}">'
    '<file original="NoName" source-language="de" datatype="html"><body/></file></xliff>'
)


class XliffError(Exception):
    """The file as a whole is refused: `code` is stable, `message` for the page."""

    def __init__(self, code: str, message: StrOrPromise) -> None:
        super().__init__(code)
        self.code = code
        self.message = message


@dataclass
class Unit:
    offer_uuid: str
    field: str
    target: str
    source_version: int | None


@dataclass
class Parsed:
    language: str
    units: list[Unit] = field(default_factory=list)
    errors: list[dict[str, str]] = field(default_factory=list)  # {"unit", "code", "message"}


def export(offers: Iterable[Offer], target: str) -> bytes:
    """The offers' texts (prefetched `texts`) for translation into `target`. Offers whose
    source language is `target`, or that have no source text, are left out."""
    store = xliff.xlifffile.parsestring(_SKELETON.encode())
    for offer in offers:
        texts = {text.language: text for text in offer.texts.all()}
        source = texts.get(offer.source_language)
        if source is None or offer.source_language == target:
            continue
        translation = texts.get(target)
        name = f"offer-{offer.uuid}"
        store.switchfile(name, createifmissing=True)
        node = store.getfilenode(name)
        node.set("source-language", offer.source_language)
        node.set("target-language", target)
        node.set("datatype", "html")
        for name_ in FIELDS:
            value = getattr(source, name_)
            if not value:
                continue
            unit = store.addsourceunit(value, filename=name)
            unit.setid(f"{offer.uuid}/{name_}")
            if translation is not None and getattr(translation, name_):
                unit.settarget(getattr(translation, name_), lang=target)
            unit.addnote(f"source-version: {source.version}", origin=NOTE_ORIGIN)
            unit.addnote(f"{offer.title} ({name_})", origin="context")
    etree.cleanup_namespaces(store.document)
    return bytes(store)


def _refuse(code: str, message: StrOrPromise) -> XliffError:
    return XliffError(code, message)


def parse(data: bytes) -> Parsed:
    """What an agency's XLIFF file brings, unit by unit; a unit that cannot be used is a row
    error, a file that is not a safe XLIFF 1.2 document is refused whole (`XliffError`)."""
    if len(data) > MAX_BYTES:
        raise _refuse("too_big", _("The file is larger than 5 MB."))
    head = data[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in data.lower():
        raise _refuse(
            "doctype", _("The file declares a DOCTYPE or entities; XLIFF files need neither.")
        )
    try:
        root = etree.fromstring(data, parser=get_safe_xml_parser())
    except etree.XMLSyntaxError:
        raise _refuse("not_xml", _("The file is not well-formed XML.")) from None
    if root.tag != f"{{{NAMESPACE}}}xliff":
        raise _refuse("not_xliff", _("The file is not an XLIFF 1.2 document."))
    count = sum(1 for _unit in root.iter(f"{{{NAMESPACE}}}trans-unit"))
    if count > MAX_UNITS:
        raise _refuse("too_many_units", _("The file has more than 20,000 units."))
    targets = {node.get("target-language", "") for node in root.iter(f"{{{NAMESPACE}}}file")} - {""}
    if len(targets) != 1 or next(iter(targets)) not in LANGUAGES:
        raise _refuse(
            "target_language",
            _("The file must name one target language of the guide (target-language)."),
        )
    parsed = Parsed(language=next(iter(targets)))
    store = xliff.xlifffile.parsestring(data)
    seen: set[tuple[str, str]] = set()
    for unit in store.units:
        unit_id = unit.getid().split("\x04")[-1]
        offer_uuid, _sep, name = unit_id.partition("/")
        try:
            offer_uuid = str(uuid.UUID(offer_uuid))
        except ValueError:
            parsed.errors.append(_row(unit_id, "unknown_unit", _("The unit names no offer.")))
            continue
        if name not in FIELDS:
            parsed.errors.append(_row(unit_id, "unknown_field", _("The unit names no text field.")))
            continue
        if (offer_uuid, name) in seen:
            parsed.errors.append(_row(unit_id, "duplicate", _("The unit appears twice.")))
            continue
        seen.add((offer_uuid, name))
        target = str(unit.target or "").strip()
        if not target:
            continue  # not translated: nothing to take
        if len(target) > LIMITS[name]:
            parsed.errors.append(_row(unit_id, "too_long", _("The translation is too long.")))
            continue
        match = _VERSION_NOTE.search(unit.getnotes(NOTE_ORIGIN) or "")
        parsed.units.append(Unit(offer_uuid, name, target, int(match.group(1)) if match else None))
    return parsed


def _row(unit: str, code: str, message: StrOrPromise) -> dict[str, str]:
    return {"unit": unit[:120], "code": code, "message": str(message)}


def preview(job: XliffImport) -> list[dict[str, Any]]:
    """The preview of an upload: per offer of its KI, which fields the import changes (before
    and after), whether the result would be outdated, and a problem that stops the offer."""
    offers = {
        o.pk: o
        for o in Offer.objects.filter(
            centre_id=job.centre_id, pk__in=[row["offer"] for row in job.rows]
        ).prefetch_related("texts")
    }
    preview = []
    for row in job.rows:
        offer = offers.get(row["offer"])
        if offer is None:
            continue
        source = offer.text_in(offer.source_language)
        text = offer.text_in(job.language)
        values = {n: getattr(text, n) if text is not None else "" for n in TEXT_FIELDS}
        after = {**values, **row["fields"]}
        if "description" in row["fields"]:
            after["description"] = sanitise.clean(after["description"])
        changed = [
            {
                "field": n,
                "label": FIELD_LABELS[n],
                "before": values[n],
                "after": after[n],
            }
            for n in TEXT_FIELDS
            if values[n] != after[n]
        ]
        problem = "" if after["title"] else str(_("The translation has no title."))
        preview.append(
            {
                "offer": offer,
                "changes": changed,
                "after": after,
                "outdated": source is not None and row["source_version"] < source.version,
                "source_version": row["source_version"],
                "problem": problem,
            }
        )
    return preview
