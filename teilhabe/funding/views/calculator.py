"""The public grant calculator: the page for municipalities that plan (no login), beside
`POST /api/v1/funding/calculate`. Both answer from `funding.api.compute_for`."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from teilhabe.core.forms import row_count
from teilhabe.funding.api import CalculateIn, PositionIn, compute_for
from teilhabe.funding.forms.calculator import CalculatorForm, PositionRowFormSet

MAX_ROWS = 40


def calculator(request: HttpRequest) -> HttpResponse:
    data = request.POST.copy() if request.method == "POST" else None
    if data is not None and "add_row" in data:
        total = row_count(data.get("positions-TOTAL_FORMS"), MAX_ROWS)
        data["positions-TOTAL_FORMS"] = str(min(total + 1, MAX_ROWS))
    form = CalculatorForm(data)
    formset = PositionRowFormSet(data, prefix="positions")
    result = None
    status = 200
    if data is not None and "add_row" not in data:
        if form.is_valid() and formset.is_valid():
            rows = [(i, f) for i, f in enumerate(formset.forms) if not f.is_empty()]
            payload = CalculateIn(
                district=form.cleaned_data["district"],
                period_start=form.cleaned_data["period_start"],
                period_end=form.cleaned_data["period_end"],
                positions=[PositionIn(**f.values()) for _i, f in rows],
                interpreter_pool_cost=form.pool(),
            )
            result, errors = compute_for(payload)
            _show(errors, form, [f for _i, f in rows])
        if form.errors or formset.total_error_count():
            status = 422
    return render(
        request,
        "funding/calculator.html",
        {"form": form, "formset": formset, "result": result},
        status=status,
    )


def _show(errors: list[dict[str, Any]], form: CalculatorForm, rows: list[Any]) -> None:
    """Put the API's errors ("positions.1.fte") on the fields they are about."""
    for e in errors:
        field = e["field"] or None
        if field and field.startswith("positions."):
            _prefix, index, name = field.split(".", 2)
            rows[int(index)].add_error(name, e["message"])
        else:
            form.add_error(field if field in form.fields else None, e["message"])
