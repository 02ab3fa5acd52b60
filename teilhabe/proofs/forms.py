"""The interest calculator's form: what a page shows ("12.345,67", German dates), checked like the
API checks it (`api.compute`), whose errors go back onto these fields."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from teilhabe.core import money
from teilhabe.core.forms import DateInput

from . import interest

# What the browser's date field sends, and what people type where it is a plain text field.
DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]


class InterestForm(forms.Form):
    amount = forms.CharField(
        label=_("Amount to repay"),
        help_text=_("In euros, e.g. 12.345,67."),
        max_length=money.MAX_TEXT,  # bounded before any parsing
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    start = forms.DateField(
        label=_("Decision ineffective since"),
        help_text=_("Interest runs from the following day."),
        widget=DateInput(),
        input_formats=DATE_FORMATS,
    )
    until = forms.DateField(
        label=_("Repaid on"),
        help_text=_("This day earns interest too."),
        widget=DateInput(),
        input_formats=DATE_FORMATS,
    )

    # The API's names for the fields ("from" is a keyword in Python).
    API_FIELDS = {"amount": "amount", "from": "start", "until": "until"}

    def clean_amount(self) -> str:
        """The amount in plain form ("12345.67") through the one parser of German numbers; any
        text that is no amount in cents gets the calculator's one message."""
        text = self.cleaned_data["amount"]
        try:
            return money.plain(
                money.parse_decimal(
                    text,
                    "amount",
                    max_digits=money.MONEY_DIGITS,
                    places=money.MONEY_PLACES,
                    german=True,
                )
            )
        except ValidationError:
            raise ValidationError(
                interest.invalid_amount().error_dict["amount"][0].message,
                code="invalid_amount",
            ) from None


class BaseRateForm(forms.Form):
    """The ministry enters the rate the Bundesbank announced for a half-year."""

    valid_from = forms.DateField(
        label=_("Valid from"),
        help_text=_("1 January or 1 July."),
        widget=DateInput(),
        input_formats=DATE_FORMATS,
    )
    rate = forms.CharField(
        label=_("Base rate in %"),
        help_text=_("As announced, e.g. 1,27 or -0,88."),
        max_length=money.MAX_TEXT,  # bounded before any parsing
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    source = forms.CharField(
        label=_("Source"),
        help_text=_("E.g. the Bundesbank's announcement in the Bundesanzeiger with its date."),
        max_length=300,
    )
