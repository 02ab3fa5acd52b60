"""The overview's filters and the recomputation's year. Thin: the services validate."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teilhabe.territory.models import Regierungsbezirk

from .models import FIRST_YEAR


def last_year() -> int:
    return timezone.localdate().year - 1


def year_choices() -> list[tuple[int, str]]:
    """The programme's years, the newest first."""
    return [(y, str(y)) for y in range(timezone.localdate().year, FIRST_YEAR - 1, -1)]


class OverviewFilter(forms.Form):
    """The overview's year, Regierungsbezirk and "only not fulfilled" (GET; a bad value falls
    back to its default, never an error)."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=year_choices)
    bezirk = forms.ModelChoiceField(
        label=_("Government region (Regierungsbezirk)"),
        queryset=Regierungsbezirk.objects.order_by("key"),
        required=False,
        empty_label=_("all"),
    )
    unfulfilled = forms.BooleanField(label=_("Only KIs with pillars not fulfilled"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Unfiltered, the select shows the year the page shows (not the first choice, this year).
        self.fields["year"].initial = last_year()

    def value(self, name: str) -> Any:
        default = {"year": last_year(), "bezirk": None, "unfulfilled": False}[name]
        if not self.is_bound:
            return default
        self.is_valid()  # each field on its own: a bad year keeps the chosen region
        value = self.cleaned_data.get(name)
        return default if value in (None, "") else value


class RecomputeForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=year_choices)
