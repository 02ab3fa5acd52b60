from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from teilhabe.core.forms import BoundedDecimalField, DateInput

from .models import Centre, StaffMember


class CentreForm(forms.ModelForm):
    # A website typed without scheme is taken as https (Django 6's default, chosen now).
    website = forms.URLField(
        label=_("website"), required=False, max_length=200, assume_scheme="https"
    )

    class Meta:
        model = Centre
        fields = [
            "name",
            "status",
            "opened_on",
            "attachment",
            "street",
            "postcode",
            "city",
            "email",
            "phone",
            "website",
        ]
        widgets = {
            "opened_on": DateInput(),
            "postcode": forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "postal-code"}
            ),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel"}),
        }


class StaffMemberForm(forms.ModelForm):
    class Meta:
        model = StaffMember
        fields = [
            "first_name",
            "last_name",
            "email",
            "phone",
            "function",
            "category",
            "fte",
            "start_date",
            "end_date",
        ]
        field_classes = {"fte": BoundedDecimalField}
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "fte": forms.NumberInput(attrs={"step": "0.01", "min": "0.01", "max": "1"}),
        }

    def clean_fte(self) -> Any:
        fte = self.cleaned_data.get("fte")
        if fte is not None and not (0 < fte <= 1):
            raise forms.ValidationError(
                _("Enter a share between 0.01 and 1 (1 = full time)."), code="fte_out_of_range"
            )
        return fte

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date must not be before the start date."))
        return data
