"""The forms of the catalogue and the periods, and the list's search and filters. Thin: the
services validate and save; the forms only read what was typed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from teilhabe.core.forms import BoundedDecimalField, DateInput
from teilhabe.network.models import Stage

from . import rules
from .catalogue import Entry
from .models import Disaggregation, IndicatorVersion, ReportingPeriod, Source
from .services import MAX_RELATIONS, VERSION_FIELDS, registered_figures

RELATION_ROWS = 3
assert RELATION_ROWS <= MAX_RELATIONS


class IndicatorForm(forms.ModelForm):
    """An indicator's definition. Adding: its code, order and first version; editing: a new
    version from a chosen period on (prefilled from the latest one)."""

    code = forms.SlugField(
        label=_("Code"),
        max_length=60,
        help_text=_(
            "Lower-case letters, digits and hyphens, e.g. newcomers-placed. Fixed once "
            "saved: reports name the indicator by it."
        ),
    )
    order = forms.IntegerField(
        label=_("Order in the catalogue"), min_value=0, max_value=9999, initial=100
    )
    from_period = forms.ModelChoiceField(
        label=_("Valid from the period"), queryset=ReportingPeriod.objects.none()
    )
    stages = forms.MultipleChoiceField(
        label=_("Stages of the education chain"),
        choices=Stage.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    disaggregations = forms.MultipleChoiceField(
        label=_("Values split by"),
        choices=Disaggregation.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    figure = forms.ChoiceField(
        label=_("Figure (computed indicators)"),
        required=False,
        help_text=_("Counted from the platform's records; only for the source “computed”."),
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = IndicatorVersion
        fields = (
            "name",
            "name_en",
            "definition",
            "unit",
            "unit_en",
            "decimal_places",
            "higher_is_better",
            "stages",
            "disaggregations",
            "minimum",
            "maximum",
            "source",
            "figure",
        )
        field_classes = {"minimum": BoundedDecimalField, "maximum": BoundedDecimalField}
        widgets = {"definition": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "higher_is_better": _(
                "Untick where a lower value is the better one (days until placement)."
            ),
        }

    def __init__(
        self, *args: Any, entry: Entry | None = None, others: list[Entry], **kwargs: Any
    ) -> None:
        latest = entry.versions[-1] if entry is not None else None
        kwargs["instance"] = latest
        super().__init__(*args, **kwargs)
        self.order_fields(["code", "order", "from_period", *self.Meta.fields])
        self.entry = entry
        if entry is not None:
            del self.fields["code"], self.fields["order"]
            self.fields["lock_version"].initial = entry.indicator.lock_version
        periods = ReportingPeriod.objects.in_order()
        if latest is not None:
            periods = periods.filter(starts_on__gt=latest.valid_from)
        from_period = self.fields["from_period"]
        assert isinstance(from_period, forms.ModelChoiceField)
        from_period.queryset = periods
        figure = self.fields["figure"]
        assert isinstance(figure, forms.ChoiceField)
        figure.choices = [
            ("", _("none (entered by the KI)")),
            *((f.code, f"{f.label} ({f.code})") for f in registered_figures().values()),
        ]
        own = entry.code if entry is not None else None
        indicator_choices = [("", _("no relation"))] + [
            (e.code, f"{e.current} ({e.code})") for e in others if e.code != own
        ]
        operator_choices = [("", _("no relation"))] + [
            (key, symbol) for key, (symbol, _op) in rules.OPERATORS.items()
        ]
        existing = latest.relation_list if latest is not None else []
        for n in range(1, RELATION_ROWS + 1):
            have = existing[n - 1] if n <= len(existing) else None
            self.fields[f"relation_{n}_operator"] = forms.ChoiceField(
                label=_("Relation %(n)d: comparison") % {"n": n},
                choices=operator_choices,
                required=False,
                initial=have.operator if have else "",
            )
            self.fields[f"relation_{n}_indicator"] = forms.ChoiceField(
                label=_("Relation %(n)d: other indicator") % {"n": n},
                choices=indicator_choices,
                required=False,
                initial=have.indicator if have else "",
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for n in range(1, RELATION_ROWS + 1):
            op, other = (
                cleaned.get(f"relation_{n}_operator"),
                cleaned.get(f"relation_{n}_indicator"),
            )
            if bool(op) != bool(other):
                self.add_error(
                    f"relation_{n}_indicator" if op else f"relation_{n}_operator",
                    _("Choose both the comparison and the indicator, or neither."),
                )
        return cleaned

    def relations(self) -> list[dict[str, str]]:
        rows = []
        for n in range(1, RELATION_ROWS + 1):
            op = self.cleaned_data.get(f"relation_{n}_operator")
            other = self.cleaned_data.get(f"relation_{n}_indicator")
            if op and other:
                rows.append({"operator": op, "indicator": other})
        return rows

    def indicator_data(self) -> dict[str, Any]:
        data = {f: self.cleaned_data.get(f) for f in VERSION_FIELDS if f != "relations"}
        data["figure"] = data.get("figure") or ""
        data["relations"] = self.relations()
        data["from_period"] = self.cleaned_data["from_period"]
        if self.entry is None:
            data["code"] = self.cleaned_data["code"]
            data["order"] = self.cleaned_data["order"]
        return data

    def relation_fields(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [
            (self[f"relation_{n}_operator"], self[f"relation_{n}_indicator"])
            for n in range(1, RELATION_ROWS + 1)
        ]

    def _post_clean(self) -> None:
        """The service validates and saves; the model form only reads the fields."""


class PeriodForm(forms.ModelForm):
    class Meta:
        model = ReportingPeriod
        fields = ("kind", "starts_on", "ends_on", "deadline")
        widgets = {"starts_on": DateInput(), "ends_on": DateInput(), "deadline": DateInput()}
        help_texts = {
            "deadline": _("Left empty: three months after the period's end."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["deadline"].required = False

    def _post_clean(self) -> None:
        """The service validates and saves."""


SORTS = {
    "order": lambda e: (e.indicator.order, e.code),
    "code": lambda e: (e.code,),
    "name": lambda e: (str(e.current).casefold(), e.code),
}


class IndicatorFilter(forms.Form):
    """The list's search, filters and sorting (GET; a bad value is dropped, never an error)."""

    q = forms.CharField(
        label=_("Search in code, name and definition"), required=False, max_length=100
    )
    source = forms.ChoiceField(
        label=_("Data source"), choices=[("", _("all")), *Source.choices], required=False
    )
    stage = forms.ChoiceField(
        label=_("Stage of the education chain"),
        choices=[("", _("all")), *Stage.choices],
        required=False,
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("order", _("order of the catalogue")),
            ("code", _("code (A–Z)")),
            ("name", _("name (A–Z)")),
        ],
    )

    def value(self, name: str) -> Any:
        if not self.is_bound:
            return ""
        self.is_valid()
        return self.cleaned_data.get(name) or ""

    def apply(self, found: list[Entry]) -> list[Entry]:
        if q := self.value("q").strip().casefold():
            found = [
                e
                for e in found
                if any(
                    q in text.casefold()
                    for text in (e.code, e.current.name, e.current.name_en, e.current.definition)
                )
            ]
        if source := self.value("source"):
            found = [e for e in found if e.current.source == source]
        if stage := self.value("stage"):
            found = [e for e in found if stage in e.current.stages]
        return sorted(found, key=SORTS[self.value("sort") or "order"])
