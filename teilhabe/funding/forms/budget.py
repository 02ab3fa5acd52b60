"""Forms of the budget, the payments and the guideline versions.

They parse and shape input only; every rule (never below committed, never beyond the grant, no
overlapping validity) is the services' job, whose errors the views put back at the right field.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.forms.formsets import DELETION_FIELD_NAME
from django.utils.translation import gettext_lazy as _

from teilhabe.core.forms import BoundedDecimalField, DateInput, RemovableRows
from teilhabe.funding.models import BudgetPurpose, Category, Guideline
from teilhabe.territory.models import DistrictKind

MONEY_ATTRS = {"inputmode": "decimal", "autocomplete": "off"}


def money_field(label: str | Any, *, required: bool = True, **kwargs: Any) -> forms.DecimalField:
    """Euros with cents; "170000,00" and "170000.00" are both understood."""
    return BoundedDecimalField(
        label=label,
        required=required,
        max_digits=12,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs=MONEY_ATTRS),
        **kwargs,
    )


class BudgetLineForm(forms.Form):
    fiscal_year = forms.IntegerField(
        label=_("fiscal year"),
        min_value=2012,
        max_value=2100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    code = forms.CharField(
        label=_("budget code"),
        max_length=40,
        help_text=_("The title in the state budget, e.g. 07 050 684 10."),
    )
    title = forms.CharField(label=_("title"), max_length=200)
    purpose = forms.ChoiceField(label=_("purpose"), choices=BudgetPurpose.choices)
    planned = money_field(_("planned (EUR)"), min_value=Decimal("0.00"))


class PlannedForm(forms.Form):
    planned = money_field(_("planned (EUR)"), min_value=Decimal("0.00"))


class PlanningForm(forms.Form):
    guideline = forms.ModelChoiceField(
        label=_("guideline version"),
        queryset=Guideline.objects.order_by("-valid_from"),
        empty_label=None,
        to_field_name="code",
    )
    year = forms.IntegerField(label=_("fiscal year"), min_value=2012, max_value=2100)


class PaymentRequestForm(forms.Form):
    year = forms.TypedChoiceField(label=_("funding year"), coerce=int, choices=())
    amount = money_field(_("amount (EUR)"))
    note = forms.CharField(
        label=_("note for the grant authority"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["year"]).choices = [(y, str(y)) for y in years]


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("reason for the refusal"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The KI receives it by e-mail and sees it in its payment ledger."),
    )


class GuidelineForm(forms.Form):
    """Every field of a guideline version; its position groups come in a formset."""

    code = forms.CharField(label=_("version"), max_length=20, help_text=_("E.g. 2027."))
    title = forms.CharField(label=_("title"), max_length=200)
    valid_from = forms.DateField(label=_("in force from"), widget=DateInput())
    valid_until = forms.DateField(
        label=_("in force until"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty: until the next version."),
    )
    citation = forms.CharField(
        label=_("citation"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    specialist_amount = money_field(
        _("amount per full-time specialist position (EUR)"), min_value=Decimal("0.00")
    )
    assistant_amount = money_field(
        _("amount per full-time assistant position (EUR)"), min_value=Decimal("0.00")
    )
    annual_cap_kreis = money_field(
        _("annual cap for a Kreis (EUR)"), required=False, min_value=Decimal("0.00")
    )
    annual_cap_kreisfreie_stadt = money_field(
        _("annual cap for a kreisfreie Stadt (EUR)"), required=False, min_value=Decimal("0.00")
    )
    interpreter_pool_cap = money_field(
        _("annual cap of the interpreter pool (EUR)"),
        required=False,
        min_value=Decimal("0.00"),
        help_text=_("Empty: this version funds no interpreter pool."),
    )
    in_kind_teachers = forms.IntegerField(
        label=_("teachers seconded (in kind)"), min_value=0, max_value=100
    )
    in_kind_value = money_field(
        _("value of the seconded teachers (EUR)"), min_value=Decimal("0.00")
    )
    concept_max_age_years = forms.IntegerField(
        label=_("maximum age of the integration concept in years"),
        required=False,
        min_value=1,
        max_value=50,
        help_text=_("Empty: this version sets no maximum age."),
    )
    assumptions = forms.CharField(
        label=_("assumptions"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("The end date must not be before the start date."))
        return data


class PositionGroupForm(forms.Form):
    code = forms.CharField(label=_("code"), max_length=40, help_text=_("E.g. specialists."))
    name = forms.CharField(label=_("name"), max_length=200)
    categories = forms.MultipleChoiceField(
        label=_("categories counted against the maximum"),
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "kern-form-check__checkbox"}),
    )
    max_fte = BoundedDecimalField(
        label=_("maximum full-time equivalents"),
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("0.01"),
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    district_kind = forms.ChoiceField(
        label=_("only for districts of kind"),
        required=False,
        choices=[("", _("every kind")), *DistrictKind.choices],
    )
    citation = forms.CharField(label=_("citation"), max_length=2000)


class BasePositionGroupFormSet(RemovableRows):
    def kept(self) -> list[dict[str, Any]]:
        """The groups to store: filled in and not marked for deletion."""
        return [
            {k: v for k, v in form.cleaned_data.items() if k != "DELETE"}
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get(DELETION_FIELD_NAME)
        ]

    def clean(self) -> None:
        if any(self.errors):
            return
        seen: set[tuple[str, str]] = set()
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get(DELETION_FIELD_NAME):
                continue
            key = (form.cleaned_data["code"], form.cleaned_data.get("district_kind", ""))
            if key in seen:
                form.add_error("code", _("Each code may be used once per kind of district."))
            seen.add(key)
        if not seen:
            raise forms.ValidationError(
                _("Add at least one position group."), code="no_position_group"
            )


# formset_factory returns a subclass of `formset`; django-stubs types it as BaseFormSet.
PositionGroupFormSet = cast(
    type[BasePositionGroupFormSet],
    forms.formset_factory(
        PositionGroupForm,
        formset=BasePositionGroupFormSet,
        extra=2,
        max_num=20,
        validate_max=True,
        can_delete=True,
    ),
)
