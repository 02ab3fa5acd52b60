"""The public grant calculator's form: what a municipality plans, checked like the API checks it.

The number fields take what the page shows ("62.000", "0,75") through the one parser of German
numbers (`core.money.german_to_plain`: "12,345,6" is refused as ambiguous, not guessed); the rules
and their error messages are the API's (`funding.api.compute_for`), mapped back onto these
fields.
"""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teilhabe.core import money
from teilhabe.core.forms import DateInput
from teilhabe.funding.models import Category
from teilhabe.territory.models import Grantee


def _plain(value: str, field: str) -> str:
    """What the page shows ("62.000", "0,75", "22.000.000,00") in plain form for the API, through
    the one parser of German numbers; "" stays "" (the row's own check says what is missing)."""
    text = (value or "").strip()
    try:
        return money.german_to_plain(text, field) if text else ""
    except ValidationError as e:  # {field: [error]}: the form puts it at its own field
        raise ValidationError(e.error_dict[field]) from None


def _number_input(label: Any, *, inputmode: str = "decimal", **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=money.MAX_TEXT,  # bounded before any parsing
        widget=forms.TextInput(attrs={"inputmode": inputmode, "autocomplete": "off"}),
        **kwargs,
    )


class CalculatorForm(forms.Form):
    district = forms.ChoiceField(label=_("District or city"))
    period_start = forms.DateField(label=_("Period from"), widget=DateInput())
    period_end = forms.DateField(label=_("Period until"), widget=DateInput())
    interpreter_pool_cost = _number_input(
        _("Interpreter pool: planned cost"),
        help_text=_("In euros for the period; empty means none."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        grantees = Grantee.objects.order_by("name").only("key", "name")
        cast(forms.ChoiceField, self.fields["district"]).choices = [("", "---------")] + [
            (g.key, f"{g.name} ({g.key})") for g in grantees
        ]
        year = timezone.localdate().year + 1
        self.fields["period_start"].initial = date(year, 1, 1)
        self.fields["period_end"].initial = date(year, 12, 31)

    def clean_interpreter_pool_cost(self) -> str:
        return _plain(self.cleaned_data.get("interpreter_pool_cost", ""), "interpreter_pool_cost")

    def pool(self) -> str:
        return self.cleaned_data.get("interpreter_pool_cost") or "0"


class PositionRowForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", "---------"), *Category.choices]
    )
    fte = _number_input(_("Full-time equivalent"))
    months = _number_input(_("Months filled"), inputmode="numeric")
    annual_cost = _number_input(
        _("Personnel cost per year"),
        help_text=_("The cost of a full year at this full-time equivalent."),
    )

    def clean_fte(self) -> str:
        return _plain(self.cleaned_data.get("fte", ""), "fte")

    def clean_months(self) -> str:
        return _plain(self.cleaned_data.get("months", ""), "months")

    def clean_annual_cost(self) -> str:
        return _plain(self.cleaned_data.get("annual_cost", ""), "annual_cost")

    def is_empty(self) -> bool:
        return not any((self.cleaned_data.get(name) or "").strip() for name in self.fields)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if any((data.get(name) or "").strip() for name in self.fields):
            for name in self.fields:
                if not (data.get(name) or "").strip():
                    self.add_error(name, _("Fill in every field of the row, or none."))
        return data

    def values(self) -> dict[str, str]:
        return {
            "category": self.cleaned_data["category"],
            "fte": self.cleaned_data["fte"],
            "months": self.cleaned_data["months"],
            "annual_cost": self.cleaned_data["annual_cost"],
        }


PositionRowFormSet = forms.formset_factory(PositionRowForm, extra=4, max_num=40, validate_max=True)
