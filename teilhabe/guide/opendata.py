"""The guide's whole-dataset downloads: every publicly displayed offer (its published
version), as exchange records (`/wegweiser/offene-daten/angebote.json`) and as fully nested
HSDS 3.0 services (`/api/hsds/dataset.json`).

Both are streamed in batches of `BATCH` offers (keyset pages by primary key), each batch read
in the same few queries (`hsds.mapping.Batch`), so memory and the number of queries per offer
stay flat however large the guide grows. A stream cannot hash its body before sending it, so
its ETag is weak and derived from what the body is made of (`fingerprint`): the number of
public offers and the latest change of offers, providers, KIs and categories.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
from collections.abc import Callable, Iterator
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Max
from django.http import (
    HttpRequest,
    HttpResponseBase,
    HttpResponseNotModified,
    StreamingHttpResponse,
)
from django.utils.http import http_date

from teilhabe.centres.models import Centre
from teilhabe.core.http import allow_cors, if_none_match
from teilhabe.network.models import Organisation

from .hsds.mapping import Batch, all_categories
from .interchange import OfferRecord
from .models import Category, Offer, OfferQuerySet

BATCH = 200
LICENCE = {
    "name": "Datenlizenz Deutschland – Namensnennung – 2.0",
    "id": "dl-de/by-2-0",
    "url": "https://www.govdata.de/dl-de/by-2-0",
}
PUBLISHER = "Kommunale Integrationszentren NRW (Teilhabe)"


def public_offers() -> OfferQuerySet:
    """What open data serves: offers with a published version, not archived, oldest first."""
    return Offer.objects.for_public_display().select_related("centre__grantee").order_by("pk")


def in_batches(
    offers: OfferQuerySet, *, size: int | None = None
) -> Iterator[tuple[list[Offer], Batch]]:
    """The offers `size` (default `BATCH`) at a time with what they refer to; the category
    tree is read once."""
    size = size or BATCH
    categories = all_categories()
    last = 0
    while True:
        rows = list(offers.filter(pk__gt=last)[:size])
        if not rows:
            return
        yield rows, Batch.load(rows, categories=categories)
        last = rows[-1].pk


def fingerprint(offers: OfferQuerySet, *variant: str) -> tuple[str, datetime.datetime | None]:
    """A weak ETag of a download of `offers` and its Last-Modified (the latest publication),
    in four queries."""
    state = offers.aggregate(
        n=Count("pk"), published=Max("published_at"), changed=Max("updated_at")
    )
    parts = [
        *variant,
        str(state["n"]),
        str(state["published"]),
        str(state["changed"]),
        str(Organisation.objects.aggregate(m=Max("updated_at"))["m"]),
        str(Centre.objects.aggregate(m=Max("updated_at"))["m"]),
        json.dumps(
            list(
                Category.objects.order_by("pk").values_list(
                    "pk", "parent_id", "code", "name_de", "name_en"
                )
            )
        ),
    ]
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]
    return f'W/"{digest}"', state["published"]


def record_json(record: OfferRecord) -> dict[str, Any]:
    """A record as plain JSON: dates as ISO text, amounts as decimal text, ids as text."""
    encoded = json.dumps(dataclasses.asdict(record), cls=DjangoJSONEncoder, ensure_ascii=False)
    result: dict[str, Any] = json.loads(encoded)
    return result


def _dumps(value: Any) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))


def stream(head: str, items: Iterator[dict[str, Any]], tail: str) -> Iterator[bytes]:
    """`head`, the items as a JSON array's elements, `tail`: one chunk per item."""
    yield head.encode()
    for n, item in enumerate(items):
        yield ((", " if n else "") + _dumps(item)).encode()
    yield tail.encode()


def streamed_json(
    request: HttpRequest,
    offers: OfferQuerySet,
    body: Callable[[], Iterator[bytes]],
    *,
    variant: str,
    filename: str,
) -> HttpResponseBase:
    """A streamed JSON download with a weak ETag (304 on a match), Last-Modified and CORS."""
    etag, last_modified = fingerprint(offers, variant)
    response: HttpResponseBase
    if if_none_match(request, etag):
        response = HttpResponseNotModified()
    else:
        response = StreamingHttpResponse(body(), content_type="application/json")
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    response["Cache-Control"] = "public, max-age=300"
    return allow_cors(response)


def records(offers: OfferQuerySet) -> Iterator[dict[str, Any]]:
    for rows, batch in in_batches(offers):
        for offer in rows:
            item = record_json(batch.record(offer))
            item["published_at"] = offer.published_at.isoformat() if offer.published_at else None
            item["centre"] = offer.centre.district_key
            yield item


def offers_download(request: HttpRequest) -> HttpResponseBase:
    """Every public offer as an exchange record, with the licence."""
    offers = public_offers()
    head = '{"licence":' + _dumps(LICENCE) + ',"publisher":' + _dumps(PUBLISHER) + ',"offers":['
    return streamed_json(
        request,
        offers,
        lambda: stream(head, records(offers), "]}"),
        variant="records",
        filename="angebote.json",
    )
