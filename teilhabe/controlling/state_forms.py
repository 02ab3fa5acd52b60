"""The choices of the state view, the time series and the map (GET forms). Their choices come
from lists the page has read already (periods, KIs, catalogue), so a form makes no query."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from teilhabe.centres.models import Centre
from teilhabe.territory.models import DistrictKind

from . import rules
from .catalogue import Entry
from .models import PeriodKind, ReportingPeriod


def default_period(periods: Sequence[ReportingPeriod], today: date) -> ReportingPeriod | None:
    """The latest period whose deadline has passed (its reports are in), else the first."""
    due = [p for p in periods if p.deadline < today]
    if due:
        return max(due, key=lambda p: (p.ends_on, p.kind == PeriodKind.HALF_YEAR))
    return periods[0] if periods else None


def _regions(centres: Sequence[Centre]) -> list[tuple[str, Any]]:
    found = {
        c.grantee.district.regierungsbezirk.key: c.grantee.district.regierungsbezirk.name
        for c in centres
    }
    return [("", _("all")), *sorted(found.items())]


class _Choosing(forms.Form):
    def value(self, name: str) -> Any:
        """The chosen value, or the field's initial one where nothing valid was chosen (an
        unknown choice in the address is dropped, not an error: the page shows the default)."""
        if self.is_bound:
            self.is_valid()
            if name in self.cleaned_data:
                return self.cleaned_data[name]
        return self.fields[name].initial


class StateFilter(_Choosing):
    """The period, the Regierungsbezirk and the district kind of the state view (and its map
    and export)."""

    period = forms.TypedChoiceField(label=_("Reporting period"), coerce=int)
    region = forms.ChoiceField(label=_("Government region"), required=False)
    kind = forms.ChoiceField(label=_("District kind"), required=False)

    def __init__(
        self,
        data: Any,
        *,
        periods: Sequence[ReportingPeriod],
        centres: Sequence[Centre],
        today: date,
    ) -> None:
        super().__init__(data)
        self.periods = {p.pk: p for p in periods}
        field = self.fields["period"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(p.pk, str(p)) for p in periods]
        chosen = default_period(periods, today)
        field.initial = chosen.pk if chosen else None
        region = self.fields["region"]
        assert isinstance(region, forms.ChoiceField)
        region.choices = _regions(centres)
        region.initial = ""
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [("", _("all")), *DistrictKind.choices]
        kind.initial = ""

    def period_chosen(self) -> ReportingPeriod | None:
        return self.periods.get(self.value("period"))


class MapFilter(StateFilter):
    """The state view's choices plus the indicator the map colours."""

    indicator = forms.ChoiceField(label=_("Indicator"))

    def __init__(self, data: Any, *, entries: Sequence[Entry], **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        field = self.fields["indicator"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(e.code, str(e.current)) for e in entries]
        field.initial = entries[0].code if entries else None


class SeriesFilter(_Choosing):
    """The indicator, the kind of period and the KI of a time series."""

    indicator = forms.ChoiceField(label=_("Indicator"))
    kind = forms.ChoiceField(label=_("Periods"), choices=PeriodKind.choices)
    centre = forms.TypedChoiceField(label=_("KI"), coerce=int, required=False, empty_value=None)

    def __init__(self, data: Any, *, entries: Sequence[Entry], centres: Sequence[Centre]) -> None:
        super().__init__(data)
        indicator = self.fields["indicator"]
        assert isinstance(indicator, forms.ChoiceField)
        indicator.choices = [(e.code, str(e.current)) for e in entries]
        indicator.initial = entries[0].code if entries else None
        self.fields["kind"].initial = rules.HALF_YEAR
        centre = self.fields["centre"]
        assert isinstance(centre, forms.TypedChoiceField)
        centre.choices = [("", _("none (the state median only)"))] + [
            (c.pk, c.grantee.name) for c in centres
        ]
        centre.initial = None
