"""Open data of programme controlling, public (no login): the accepted figures of a period the
coordination office has released, per district, and the indicator catalogue with its versions.

`GET /api/v1/controlling/figures?period=<id>` answers only for a released period: an unknown
period and one not released answer alike, 404 `not_found` on the field `period` — the guard is
`_released`, and a test fails without it. The figures are each KI's latest accepted revision
(`state.accepted_values`), totals only: the splits (`ReportValue.parts`, by sex, age group,
language …) are left out, since small cells of a district could point to persons, and so are
comments, names and everything else of the report. `format=csv` gives the same rows as CSV
(RFC 4180: comma, decimal point, UTF-8, a header line). Both carry a strong ETag.

The district key is the grantee's (`territory.Grantee.key`): the five digits of the district,
and for the City of Aachen, which runs its own KI inside the Städteregion Aachen (05334), its
municipality key 05334002, as in `/api/v1/centres`.
"""

# No `from __future__ import annotations`: ninja reads the parameter types at runtime.

import csv
import hashlib
import io
from datetime import date, datetime, timedelta
from typing import Any, Literal

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified, JsonResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from teilhabe.core.api_errors import ErrorsOut, error
from teilhabe.core.api_params import Id
from teilhabe.core.http import etagged_json

from . import catalogue
from .models import ReportingPeriod, ReportValue
from .state import accepted_values

router = Router(tags=["controlling"])
CSV_COLUMNS = ("district_key", "district_name", "indicator", "value")


class FiguresQuery(Schema):
    period: Id = Field(description="The id of a released reporting period")
    format: Literal["json", "csv"] = Field("json", description="json (default) or csv")


class PeriodOut(Schema):
    id: int
    kind: str
    starts_on: date
    ends_on: date
    released_at: datetime


class FigureOut(Schema):
    district_key: str = Field(description="5 digits; the City of Aachen: 05334002")
    district_name: str
    indicator: str = Field(description="The indicator's code (GET /controlling/indicators)")
    value: str = Field(description="The figure as text, with the indicator's decimal places")


class FiguresOut(Schema):
    period: PeriodOut
    figures: list[FigureOut]


class VersionOut(Schema):
    valid_from_period: int
    valid_from: date
    valid_until: date | None = Field(description="The day before the next version; null: open")
    name: str
    name_en: str
    unit: str
    unit_en: str
    definition: str
    decimal_places: int
    higher_is_better: bool
    source: str = Field(description="manual (entered by the KI) or computed (from records)")


class IndicatorOut(Schema):
    code: str
    versions: list[VersionOut]


def _released(period_id: int) -> ReportingPeriod:
    """The period if it is released; an unknown or unreleased one is the same 404."""
    period = ReportingPeriod.objects.filter(pk=period_id, released=True).first()
    if period is None:
        raise Http404
    return period


def _text(value: Any, places: int) -> str:
    return f"{value:.{places}f}"


def figures_of(period: ReportingPeriod) -> list[dict[str, str]]:
    """The released period's accepted totals per district and indicator, in key and catalogue
    order (one query)."""
    rows = (
        accepted_values()
        .filter(report__period=period, value__isnull=False)
        .select_related("report__centre__grantee", "indicator", "version")
        .order_by("report__centre__grantee__key", "indicator__order", "indicator__code")
    )
    return [_figure(v) for v in rows]


def _figure(v: ReportValue) -> dict[str, str]:
    grantee = v.report.centre.grantee
    return {
        "district_key": grantee.key,
        "district_name": grantee.name,
        "indicator": v.indicator.code,
        "value": _text(v.value, v.version.decimal_places),
    }


def _csv(request: HttpRequest, figures: list[dict[str, str]]) -> HttpResponse:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(figures)
    body = out.getvalue().encode("utf-8")
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    if etag in [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]:
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=300"
    return response


@router.get(
    "/figures",
    response={200: FiguresOut, 404: ErrorsOut},
    auth=None,
    summary="The accepted figures of a released reporting period, per district",
    openapi_extra={
        "responses": {
            "200": {
                "description": "JSON; with format=csv the same rows as CSV",
                "content": {"text/csv": {"schema": {"type": "string"}}},
            }
        }
    },
)
def list_figures(request: HttpRequest, query: Query[FiguresQuery]) -> HttpResponse:
    """Each KI's accepted figures of the period (its latest accepted revision), totals only,
    per district key and indicator code. Only periods the coordination office has released:
    any other answers 404 `not_found` (field `period`)."""
    try:
        period = _released(query.period)
    except Http404:
        message = _("No released reporting period has this id.")
        return JsonResponse({"errors": [error("period", "not_found", message)]}, status=404)
    figures = figures_of(period)
    if query.format == "csv":
        return _csv(request, figures)
    assert period.released_at is not None
    return etagged_json(
        request,
        {
            "period": {
                "id": period.pk,
                "kind": period.kind,
                "starts_on": period.starts_on,
                "ends_on": period.ends_on,
                "released_at": period.released_at,
            },
            "figures": figures,
        },
    )


@router.get(
    "/indicators",
    response=list[IndicatorOut],
    auth=None,
    summary="The indicator catalogue with the versions of each definition",
)
def list_indicators(request: HttpRequest) -> HttpResponse:
    """Every indicator with its versions, oldest first: each is valid from the first day of
    `valid_from_period` until the day before the next version (`valid_until`). A period reads
    the version valid on its first day."""
    entries = catalogue.entries(date.today())
    return etagged_json(request, [_indicator(e) for e in entries])


def _indicator(entry: catalogue.Entry) -> dict[str, Any]:
    versions = entry.versions
    return {
        "code": entry.code,
        "versions": [
            {
                "valid_from_period": v.from_period_id,
                "valid_from": v.valid_from,
                "valid_until": (
                    versions[i + 1].valid_from - timedelta(days=1)
                    if i + 1 < len(versions)
                    else None
                ),
                "name": v.name,
                "name_en": v.name_en,
                "unit": v.unit,
                "unit_en": v.unit_en,
                "definition": v.definition,
                "decimal_places": v.decimal_places,
                "higher_is_better": v.higher_is_better,
                "source": v.source,
            }
            for i, v in enumerate(versions)
        ],
    }
