"""Forms of the grant authority's screens: review checklist, information request, proposal with
conditions, signature or return, amendment, and the KI's report that a condition is fulfilled.

The forms only parse; every rule lives in `services/review.py`, whose errors the views put back
on the form (field errors on their field), so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from teilhabe.core.forms import BoundedDecimalField, DateInput, row_count
from teilhabe.funding.checklist import NOTE_MAX_LENGTH
from teilhabe.funding.models import ProposalKind
from teilhabe.funding.services.review import ChecklistItem, ConditionInput


def amount_field(year: int, initial: Decimal | None) -> forms.DecimalField:
    return BoundedDecimalField(
        label=_("Amount %(year)s (EUR)") % {"year": year},
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.00"),
        initial=initial,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )


class ReviewForm(forms.Form):
    notes = forms.CharField(
        label=_("Notes of the review"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args: Any, items: Iterable[ChecklistItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            help_text = " · ".join(p for p in (item.reason, item.citation) if p)
            self.fields[f"check_{item.code}"] = forms.BooleanField(
                label=item.label, required=False, initial=item.checked, help_text=help_text
            )
            # Labelled with its item, so a screen reader names what the explanation is for.
            self.fields[f"note_{item.code}"] = forms.CharField(
                label=_("If not ticked, why it is open: %(item)s") % {"item": item.label},
                required=False,
                max_length=NOTE_MAX_LENGTH,
                initial=item.note,
            )
        self.order_fields(
            [name for i in self.items for name in (f"check_{i.code}", f"note_{i.code}")] + ["notes"]
        )

    def checklist(self) -> dict[str, bool]:
        return {i.code: bool(self.cleaned_data.get(f"check_{i.code}")) for i in self.items}

    def explanations(self) -> dict[str, str]:
        return {i.code: self.cleaned_data.get(f"note_{i.code}") or "" for i in self.items}


class InformationRequestForm(forms.Form):
    message = forms.CharField(
        label=_("What is needed"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000
    )
    due_date = forms.DateField(label=_("Answer by"), widget=DateInput())


class ConditionForm(forms.Form):
    text = forms.CharField(
        label=_("Condition"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: name the two focus topics."),
    )
    due_date = forms.DateField(label=_("Deadline"), required=False, widget=DateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("text") and not data.get("due_date"):
            self.add_error("due_date", _("A condition needs a deadline."))
        if data.get("due_date") and not data.get("text"):
            self.add_error("text", _("A deadline needs a condition."))
        return data


ConditionFormSet = formset_factory(ConditionForm, extra=1, max_num=30, validate_max=True)


ADD_CONDITION = "add_condition"


def adding_condition_row(data: Any) -> bool:
    """The form was posted by "Add a condition row": show it again, save nothing."""
    return data is not None and ADD_CONDITION in data


def condition_formset(data: Any) -> Any:
    """The condition rows; after "Add a condition row" the typed rows come back, unbound (no
    errors yet), with one empty row more."""
    if not adding_condition_row(data):
        return ConditionFormSet(data, prefix="conditions")
    total = row_count(data.get("conditions-TOTAL_FORMS"), 30)
    rows = [
        {
            "text": data.get(f"conditions-{i}-text", ""),
            "due_date": data.get(f"conditions-{i}-due_date", ""),
        }
        for i in range(min(total, 30))
    ]
    return ConditionFormSet(initial=rows, prefix="conditions")


def conditions_from(formset: Any) -> list[ConditionInput]:
    """The filled rows of a valid condition formset, as (text, deadline)."""
    rows: list[tuple[str, date]] = []
    for form in formset.forms:
        text, due = form.cleaned_data.get("text"), form.cleaned_data.get("due_date")
        if text and due:
            rows.append((text, due))
    return rows


class AmountsForm(forms.Form):
    """Amounts per funding year (prefilled) and reasons; the base of proposal and amendment."""

    reasons = forms.CharField(
        label=_("Reasons"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Required for a partial approval, a rejection and an amendment."),
    )

    def __init__(
        self,
        *args: Any,
        years: Iterable[int],
        initial_amounts: Mapping[int, Decimal],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.years = list(years)
        for year in self.years:
            self.fields[f"amount_{year}"] = amount_field(year, initial_amounts.get(year))
        self.order_fields(["kind", *[f"amount_{y}" for y in self.years], "reasons"])

    def amounts(self) -> dict[int, Decimal]:
        return {
            y: self.cleaned_data[f"amount_{y}"]
            for y in self.years
            if self.cleaned_data.get(f"amount_{y}") is not None
        }


class ProposalForm(AmountsForm):
    kind = forms.ChoiceField(
        label=_("Proposal"),
        choices=[
            (ProposalKind.APPROVE_FULL.value, ProposalKind.APPROVE_FULL.label),
            (ProposalKind.APPROVE_PARTIAL.value, ProposalKind.APPROVE_PARTIAL.label),
            (ProposalKind.REJECT.value, ProposalKind.REJECT.label),
        ],
        help_text=_(
            "Approval in full grants the computed amounts; a partial approval the amounts "
            "below; a rejection none."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Full approval and rejection ignore the amounts: they need not be filled in.
        for year in self.years:
            self.fields[f"amount_{year}"].required = False


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you return the proposal?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Needed only to return it."),
    )


class FulfilForm(forms.Form):
    note = forms.CharField(
        label=_("How was the condition fulfilled?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )


class ConditionFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("open", _("open")), ("overdue", _("overdue")), ("all", _("all"))],
    )
