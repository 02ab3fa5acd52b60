"""The proof of use's forms: the statement (a row per position), the report, the signature, and
the grant officer's receipt, finding, conclusion and second signature. Numbers are bounded as
the services bound them (`use_models`); every form keeps what was typed on an error."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from teilhabe.core.forms import BoundedDecimalField, DateInput

from .use_models import (
    MAX_FTE,
    MAX_MONTHS,
    MAX_POOL_COST,
    MAX_POSITION_COST,
    MAX_RECEIPT,
    MAX_TEACHERS,
    TEXT_LIMIT,
    Verdict,
)

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
_DECIMAL = {"inputmode": "decimal", "autocomplete": "off"}


class VersionForm(forms.Form):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31)


class PositionForm(forms.Form):
    actual_fte = BoundedDecimalField(
        label=_("Actual FTE"),
        max_digits=4,
        decimal_places=2,
        min_value=0,
        max_value=MAX_FTE,
        widget=forms.TextInput(attrs=_DECIMAL),
    )
    months_filled = forms.IntegerField(label=_("Months filled"), min_value=0, max_value=MAX_MONTHS)
    actual_cost = BoundedDecimalField(
        label=_("Actual personnel cost of the year (EUR)"),
        max_digits=12,
        decimal_places=2,
        min_value=0,
        max_value=MAX_POSITION_COST,
        widget=forms.TextInput(attrs=_DECIMAL),
    )


PositionFormSet = forms.formset_factory(PositionForm, extra=0, max_num=30, validate_max=True)


class StatementForm(VersionForm):
    interpreter_pool_actual = BoundedDecimalField(
        label=_("Interpreter pool: actual cost (EUR)"),
        max_digits=12,
        decimal_places=2,
        min_value=0,
        max_value=MAX_POOL_COST,
        widget=forms.TextInput(attrs=_DECIMAL),
    )
    teachers_actual = forms.IntegerField(
        label=_("Seconded teachers who worked at the KI"), min_value=0, max_value=MAX_TEACHERS
    )


class ReportForm(VersionForm):
    report_education = forms.CharField(
        label=_("Integration through education along the education chain"),
        max_length=TEXT_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    report_cross_cutting = forms.CharField(
        label=_("Integration as a cross-cutting task of the municipal administration"),
        max_length=TEXT_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def __init__(self, *args: Any, conditions: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for condition in conditions:
            self.fields[f"condition_{condition.pk}"] = forms.CharField(
                label=_("Condition: %(text)s") % {"text": condition.text},
                max_length=TEXT_LIMIT,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def answers(self) -> dict[int, str]:
        return {
            int(name.removeprefix("condition_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("condition_")
        }


class SubmitForm(forms.Form):
    signed = forms.BooleanField(
        label=_("I sign this proof of use as head of the KI."), required=False
    )


class ReceiptForm(forms.Form):
    day = forms.DateField(label=_("Date"), widget=DateInput(), input_formats=DATE_FORMATS)
    payee = forms.CharField(label=_("Payee and purpose"), max_length=300)
    amount = BoundedDecimalField(
        label=_("Amount (EUR)"),
        max_digits=12,
        decimal_places=2,
        min_value=0,
        max_value=MAX_RECEIPT,
        widget=forms.TextInput(attrs=_DECIMAL),
    )
    category = forms.CharField(label=_("Position or category"), max_length=200)


class FindingForm(forms.Form):
    receipt = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**62)
    verdict = forms.ChoiceField(label=_("Finding"), choices=Verdict.choices)
    ineligible_amount = BoundedDecimalField(
        label=_("Ineligible amount (EUR)"),
        max_digits=12,
        decimal_places=2,
        min_value=0,
        max_value=MAX_RECEIPT,
        required=False,
        help_text=_("Only for a partly eligible receipt."),
        widget=forms.TextInput(attrs=_DECIMAL),
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=TEXT_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ConcludeForm(VersionForm):
    reasons = forms.CharField(
        label=_("Reasons"),
        max_length=TEXT_LIMIT,
        required=False,
        help_text=_("Needed for a partial revocation."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class SignForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is returned"),
        max_length=TEXT_LIMIT,
        required=False,
        help_text=_("Only when you return the revocation to the grant officer."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
