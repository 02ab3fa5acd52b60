"""The application window of a funding year, as the ministry sets it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from teilhabe.core.forms import DateInput


class WindowForm(forms.Form):
    opens_on = forms.DateField(label=_("applications from"), widget=DateInput())
    closes_on = forms.DateField(label=_("applications until"), widget=DateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens_on, closes_on = data.get("opens_on"), data.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", _("The period must not end before it begins."))
        return data
