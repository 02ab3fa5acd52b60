"""The form of the offers' import (its own module: the editor's forms are another's)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Category


class OfferImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or HSDS JSON)"),
        help_text=_(
            "The guide's CSV (as its export writes it) or Open Referral HSDS 3.0 JSON (one "
            "service, a list of services or a page of them), at most 5 MB and 5,000 offers. "
            "The format is recognised by the content."
        ),
        widget=forms.FileInput(attrs={"accept": ".csv,.json,text/csv,application/json"}),
    )
    default_category = forms.ModelChoiceField(
        queryset=Category.objects.filter(is_active=True),
        required=False,
        label=_("Default category"),
        help_text=_("For offers whose file names no category of the guide (e.g. from HSDS)."),
    )
    publish = forms.BooleanField(
        required=False,
        label=_("Publish at once"),
        help_text=_(
            "Otherwise new offers land as drafts. A change of a published offer is published "
            "at once either way (the KI publishes its own changes)."
        ),
    )
