"""Forms of the repayment decisions: German amounts and dates, every error at its field."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from teilhabe.core import money
from teilhabe.core.forms import DateInput

from .forms import DATE_FORMATS
from .repayment_services import MAX_DUE_DAYS, MIN_DUE_DAYS


class MoneyField(forms.CharField):
    """An amount as a German page writes it ("12.345,67"), parsed by the one number parser."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", money.MAX_TEXT)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
        )
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Decimal | None:
        text = super().clean(value)
        if text in (None, ""):
            return None
        try:
            return money.parse_decimal(
                text,
                "amount",
                max_digits=money.MONEY_DIGITS,
                places=money.MONEY_PLACES,
                german=True,
            )
        except ValidationError as e:
            raise ValidationError(
                [m for errors in e.error_dict.values() for m in errors]
                if hasattr(e, "error_dict")
                else e
            ) from None


class RepaymentForm(forms.Form):
    fiscal_year = forms.TypedChoiceField(label=_("Funding year"), coerce=int)
    eligible = MoneyField(
        label=_("Eligible amount"),
        help_text=_("As the check of the proof of use found it, in euros, e.g. 157.500,00."),
    )
    ineffective_on = forms.DateField(
        label=_("Decision ineffective since"),
        help_text=_(
            "Interest runs from the following day. Proposed: the day of the year's last payment."
        ),
        widget=DateInput(),
        input_formats=DATE_FORMATS,
    )
    due_days = forms.IntegerField(
        label=_("Days to pay after signing"),
        min_value=MIN_DUE_DAYS,
        max_value=MAX_DUE_DAYS,
        initial=30,
    )
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 5}))
    include_late = forms.BooleanField(
        label=_("Also charge interest for funds used late (§ 49a (4) VwVfG NRW)"), required=False
    )
    late_amount = MoneyField(label=_("Amount used late"), required=False)
    late_paid_on = forms.DateField(
        label=_("Paid on"), required=False, widget=DateInput(), input_formats=DATE_FORMATS
    )
    late_used_on = forms.DateField(
        label=_("Used for its purpose on"),
        required=False,
        widget=DateInput(),
        input_formats=DATE_FORMATS,
    )
    late_permitted_days = forms.IntegerField(
        label=_("Permitted days after payment"),
        help_text=_("Empty: two months after the payment (Nr. 1.4 ANBest-G)."),
        required=False,
        min_value=0,
        max_value=366,
    )

    def __init__(
        self, *args: Any, years: list[int], from_check: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = [(y, str(y)) for y in years]  # type: ignore[attr-defined]
        if from_check:
            # The check of the proof of use decided the year and the eligible amount: shown,
            # not typed again (a disabled field keeps its initial value whatever is posted).
            for name in ("fiscal_year", "eligible"):
                self.fields[name].disabled = True
            self.fields["eligible"].help_text = _(
                "As the check of the proof of use found it; it cannot be changed here."
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("include_late"):
            for name in ("late_amount", "late_paid_on", "late_used_on"):
                if data.get(name) in (None, "") and name not in self.errors:
                    self.add_error(name, ValidationError(_("Needed for § 49a (4)."), "required"))
        return data


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is returned"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ReceiptForm(forms.Form):
    received_on = forms.DateField(
        label=_("Received on"), widget=DateInput(), input_formats=DATE_FORMATS
    )
    amount = MoneyField(label=_("Amount received"), help_text=_("In euros, e.g. 12.500,00."))
    note = forms.CharField(label=_("Note"), required=False, max_length=500)
