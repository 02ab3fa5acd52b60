"""The state view of programme controlling: every KI by every indicator of a period, the time
series of an indicator, the districts' map, the table's export, and the release of a period as
open data. For the state-wide roles only (`access.may_see_state`; everyone else 404); reads are
`state`'s, the release is `services.release_period`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from teilhabe.accounts.auth import AuthenticatedHttpRequest
from teilhabe.core import exports
from teilhabe.territory.models import Municipality

from . import access, catalogue, charts, maps, services, state, stats
from .models import Report, ReportingPeriod
from .state_exports import places_for, state_columns, state_rows
from .state_forms import MapFilter, SeriesFilter, StateFilter

# Sequential blues (ColorBrewer "Blues", 5 classes), light to dark: lighter is lower. The
# classes are also named in the legend and each district's title, and listed in the table.
PALETTE = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")
NO_VALUE = "#d9d9d9"

POSITION_WORDS = {
    (stats.Position.ABOVE, True): gettext_lazy("above, better"),
    (stats.Position.ABOVE, False): gettext_lazy("above, worse"),
    (stats.Position.BELOW, True): gettext_lazy("below, better"),
    (stats.Position.BELOW, False): gettext_lazy("below, worse"),
    (stats.Position.AT, None): gettext_lazy("at the median"),
}
ARROWS = {stats.Position.ABOVE: "▲", stats.Position.BELOW: "▼", stats.Position.AT: "="}


def number(value: Decimal | None, places: int) -> str:
    """A value in the page's language (German: 1.234,5), or "" for none."""
    if value is None:
        return ""
    return formats.number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


def short_number(value: Decimal, places: int) -> str:
    """A chart's number: one place more than the indicator's, without trailing zeros, and
    without a decimal mark left alone at the end (German: "200", "2,5", "1.000")."""
    text = number(value, places + 1)
    mark = formats.get_format("DECIMAL_SEPARATOR", use_l10n=True)
    return text.rstrip("0").removesuffix(mark) if mark in text else text


def percent(value: Decimal | None) -> str:
    if value is None:
        return "–"
    return number(value * 100, 0) + " %"


def comparison_words(comparison: stats.Comparison | None) -> str:
    if comparison is None:
        return ""
    return str(POSITION_WORDS[(comparison.position, comparison.better)])


def _check(request: HttpRequest) -> None:
    if not access.may_see_state(request.user):
        raise Http404


def _filter(
    request: HttpRequest, form_class: type[StateFilter] = StateFilter, **extra: Any
) -> tuple[StateFilter, list[Any]]:
    periods = list(ReportingPeriod.objects.in_order())
    every = state.centres()
    form = form_class(
        request.GET or None, periods=periods, centres=every, today=timezone.localdate(), **extra
    )
    return form, every


def _table(
    form: StateFilter, every: list[Any], entries: list[catalogue.Entry] | None = None
) -> state.Table | None:
    period = form.period_chosen()
    if period is None:
        return None
    return state.table(
        period,
        today=timezone.localdate(),
        region=form.value("region"),
        kind=form.value("kind"),
        every=every,
        entries=entries,
    )


def _table_context(table: state.Table) -> dict[str, Any]:
    """The table as the template shows it: every number written out, every comparison in words."""
    columns = table.columns
    medians = [
        (number(m, places_for(c.places, m)), n)
        for c, m, n in zip(columns, table.medians, table.median_counts, strict=True)
    ]
    rows = []
    for row in table.rows:
        cells = []
        for column, cell in zip(columns, row.cells, strict=True):
            cells.append(
                {
                    "text": number(cell.value, column.places),
                    "arrow": ARROWS[cell.comparison.position] if cell.comparison else "",
                    "words": comparison_words(cell.comparison),
                    "worse": bool(cell.comparison and cell.comparison.better is False),
                }
            )
        rows.append({"row": row, "cells": cells})
    return {
        "table": table,
        "columns": columns,
        "medians": medians,
        "rows": rows,
        "timeliness": percent(table.timeliness),
        "completeness": percent(table.completeness),
    }


@login_required
@require_GET
def state_view(request: HttpRequest) -> HttpResponse:
    _check(request)
    form, every = _filter(request)
    table = _table(form, every)
    context: dict[str, Any] = {"form": form, "period": form.period_chosen()}
    if table is not None:
        period = table.period
        context.update(_table_context(table))
        context["export_links"] = exports.export_links(request, "controlling:state_export")
        context["may_release"] = (
            access.may_release(request.user)
            and not period.released
            and period.deadline < timezone.localdate()
        )
        context["deadline_passed"] = period.deadline < timezone.localdate()
    return render(request, "controlling/state.html", context)


@login_required
@require_GET
def state_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """The table as the page shows it (period, Regierungsbezirk, district kind)."""
    _check(request)
    form, every = _filter(request)
    table = _table(form, every)
    back = reverse("controlling:state")
    if table is None:
        messages.error(request, _("There is no reporting period yet."))
        return redirect(back)
    key = f"{table.period.starts_on:%Y-%m}-{table.period.kind}".replace("_", "-")
    return exports.export(
        request,
        state_rows(table),
        state_columns(table),
        fmt=fmt,
        filename=f"controlling-nrw-{key}",
        title=_("Controlling of every KI"),
        subject=Report,
        back=back,
    )


# --- the time series ---------------------------------------------------------------------------


@login_required
@require_GET
def state_series(request: HttpRequest) -> HttpResponse:
    _check(request)
    today = timezone.localdate()
    entries = catalogue.entries(today)
    every = state.centres()
    form = SeriesFilter(request.GET or None, entries=entries, centres=every)
    context: dict[str, Any] = {"form": form}
    entry = next((e for e in entries if e.code == form.value("indicator")), None)
    if entry is not None:
        kind = form.value("kind")
        centre = next((c for c in every if c.pk == form.value("centre")), None)
        found = state.series(entry, kind=kind, centre=centre, periods=state.periods_of(kind))
        places = entry.current.decimal_places
        labels = [str(p.period) for p in found.points]
        lines: dict[str, list[Decimal | None]] = {"median": [p.median for p in found.points]}
        if centre is not None:
            lines = {"centre": [p.value for p in found.points], **lines}
        chart = charts.chart(labels, lines, number=lambda v: short_number(v, places))
        points = []
        for p in found.points:
            version = p.version or entry.current
            comparison = stats.compare(p.value, p.median, higher_is_better=version.higher_is_better)
            points.append(
                {
                    "point": p,
                    "value": number(p.value, places),
                    "median": number(p.median, places_for(places, p.median)),
                    "words": comparison_words(comparison),
                    "changed": p in found.definition_changes,
                }
            )
        context.update(
            {
                "entry": entry,
                "centre": centre,
                "chart": chart,
                "points": points,
                "kind_label": dict(form.fields["kind"].choices).get(kind, kind),  # type: ignore[attr-defined]
            }
        )
    return render(request, "controlling/state_series.html", context)


# --- the map -----------------------------------------------------------------------------------


def _aachen_points(every: list[Any]) -> dict[str, tuple[float, float]]:
    """Map points of the KIs that are no district of their own (the City of Aachen): the
    centre of their municipality (one query)."""
    keys = [c.grantee.key for c in every if len(c.grantee.key) == 8]
    geometry = maps.districts()
    return {
        m.ags: geometry.point(float(m.lon), float(m.lat))
        for m in Municipality.objects.filter(ags__in=keys)
    }


def _map_context(table: state.Table, code: str, every: list[Any]) -> dict[str, Any] | None:
    index = next((i for i, c in enumerate(table.columns) if c.code == code), None)
    if index is None:
        return None
    column = table.columns[index]
    places = column.places
    values = [v for r in table.rows if (v := r.cells[index].value) is not None]
    bands = stats.quantile_bands(values)
    palette = PALETTE[len(PALETTE) - len(bands) :] if len(bands) < len(PALETTE) else PALETTE
    shown = {r.centre.pk: r for r in table.rows}
    points = _aachen_points(every)
    by_district: dict[str, dict[str, Any]] = {}
    marks = []
    listed = []
    for centre in every:
        row = shown.get(centre.pk)
        value = row.cells[index].value if row is not None else None
        band = stats.band_of(value, bands)
        entry = {
            "centre": centre,
            "value": number(value, places),
            "chosen": row is not None,
            "band": band + 1 if band is not None else None,
            "fill": palette[band] if band is not None else NO_VALUE,
        }
        key = centre.grantee.key
        if len(key) == 8:
            if key in points:
                entry["x"], entry["y"] = points[key]
                marks.append(entry)
        else:
            by_district[key] = entry
        listed.append(entry)
    shapes = []
    for shape in maps.districts().shapes:
        found = by_district.get(shape.key)
        shapes.append({"shape": shape, **(found or {"fill": NO_VALUE, "value": "", "band": None})})
    legend = [
        {
            "fill": palette[i],
            "low": number(b.low, places),
            "high": number(b.high, places),
            "number": i + 1,
        }
        for i, b in enumerate(bands)
    ]
    return {
        "column": column,
        "shapes": shapes,
        "marks": marks,
        "listed": listed,
        "legend": legend,
        "no_value": NO_VALUE,
        "geometry": maps.districts(),
        "attribution": maps.ATTRIBUTION,
        "classes": len(bands),
    }


@login_required
@require_GET
def state_map(request: HttpRequest) -> HttpResponse:
    _check(request)
    entries = catalogue.entries(timezone.localdate())
    form, every = _filter(request, MapFilter, entries=entries)
    context: dict[str, Any] = {"form": form, "period": form.period_chosen()}
    table = _table(form, every, entries)
    if table is not None:
        found = _map_context(table, form.value("indicator"), every)
        if found is not None:
            context.update(found)
    return render(request, "controlling/state_map.html", context)


# --- release as open data ------------------------------------------------------------------------


@login_required
def state_release(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """GET: what the release makes public, and the button; POST: release (the office only)."""
    if not access.may_release(request.user):
        raise Http404
    period = get_object_or_404(ReportingPeriod, pk=pk)
    status = 200
    if request.method == "POST":
        try:
            services.release_period(period, by=request.user)
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
            status = 422
        else:
            messages.success(
                request, _("%(period)s is released as open data.") % {"period": period}
            )
            return redirect(reverse("controlling:state") + f"?period={period.pk}")
        period.refresh_from_db()
    accepted = state.latest_accepted().filter(period=period).count()
    return render(
        request,
        "controlling/state_release.html",
        {
            "period": period,
            "accepted": accepted,
            "deadline_passed": period.deadline < timezone.localdate(),
            "api_url": reverse("api:list_figures") + f"?period={period.pk}",
        },
        status=status,
    )
