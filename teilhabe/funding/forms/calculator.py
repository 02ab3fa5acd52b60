"""The public grant calculator's form: what a municipality plans, checked like the API checks it.

The fields are parsed leniently here (text, German decimal commas accepted); the rules and their
error messages are the API's (`funding.api.compute_for`), mapped back onto these fields.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teilhabe.core.forms import DateInput
from teilhabe.funding.models import Category
from teilhabe.territory.models import Grantee

THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")


def _number(value: str) -> str:
    """'0,75' and '0.75' both mean 0.75; the API judges what is left."""
    text = value.strip().replace(" ", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    return text


def _money(value: str) -> str:
    """As `_number`, and '62.000' (German thousands, no cents) means 62000."""
    text = value.strip().replace(" ", "")
    if THOUSANDS.match(text):
        return text.replace(".", "")
    return _number(text)


class CalculatorForm(forms.Form):
    district = forms.ChoiceField(label=_("District or city"))
    period_start = forms.DateField(label=_("Period from"), widget=DateInput())
    period_end = forms.DateField(label=_("Period until"), widget=DateInput())
    interpreter_pool_cost = forms.CharField(
        label=_("Interpreter pool: planned cost"),
        required=False,
        help_text=_("In euros for the period; empty means none."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
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

    def pool(self) -> str:
        return _money(self.cleaned_data.get("interpreter_pool_cost") or "0")


class PositionRowForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", "---------"), *Category.choices]
    )
    fte = forms.CharField(
        label=_("Full-time equivalent"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    months = forms.CharField(
        label=_("Months filled"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    annual_cost = forms.CharField(
        label=_("Personnel cost per year"),
        required=False,
        help_text=_("The cost of a full year at this full-time equivalent."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )

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
            "fte": _number(self.cleaned_data["fte"]),
            "months": _number(self.cleaned_data["months"]),
            "annual_cost": _money(self.cleaned_data["annual_cost"]),
        }


PositionRowFormSet = forms.formset_factory(PositionRowForm, extra=4, max_num=40, validate_max=True)
