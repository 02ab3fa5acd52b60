"""The forms of the interpreter pool, the counselling log and the figures pages. The rules are the
services' (`services/records.py`); their errors land at the fields. Filters are GET forms whose
bad values are dropped, never an error; the figures' year is refused with a message."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teilhabe.core.forms import BoundedDecimalField, DateInput
from teilhabe.network.models import Organisation, OrganisationType

from .models import (
    ContactForm,
    CounsellingContact,
    CounsellingTopic,
    InterpreterAssignment,
    InterpretingPurpose,
    Measure,
    language_choices,
)
from .services.records import ASSIGNMENT_FIELDS, COUNSELLING_FIELDS

FIRST_YEAR = 2012  # the KIs began in 2012/2013: no figures before


def sorted_languages() -> list[tuple[str, str]]:
    return sorted(language_choices(), key=lambda c: c[1])


def institutions_of(measure: Measure) -> Any:
    return Organisation.objects.filter(
        centre_id=measure.centre_id, is_active=True, merged_into__isnull=True
    ).order_by("name", "pk")


def schools_of(measure: Measure) -> Any:
    return Organisation.objects.filter(
        centre_id=measure.centre_id, type=OrganisationType.SCHOOL, merged_into__isnull=True
    ).order_by("name", "pk")


class AssignmentForm(forms.ModelForm):
    """An assignment; the hours read as the pages write them ("1,5")."""

    class Meta:
        model = InterpreterAssignment
        fields = ASSIGNMENT_FIELDS
        field_classes = {"hours": BoundedDecimalField}
        widgets = {"held_on": DateInput()}
        help_texts = {
            "hours": _("Between 0,25 and 24, e.g. 1,5 for an hour and a half."),
            "interpreter": _("The interpreter's name or pool number, no private data."),
            "institution": _("Where the talk took place, if it was at a partner organisation."),
        }

    def __init__(self, *args: Any, measure: Measure, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = self.fields["language"]
        assert isinstance(language, forms.ChoiceField)
        language.choices = [("", _("Please choose")), *sorted_languages()]
        institution = self.fields["institution"]
        assert isinstance(institution, forms.ModelChoiceField)
        institution.queryset = institutions_of(measure)
        self.fields["held_on"].widget.attrs["max"] = timezone.localdate().isoformat()

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in ASSIGNMENT_FIELDS}

    def changed_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.changed_data}


class CounsellingForm(forms.ModelForm):
    class Meta:
        model = CounsellingContact
        fields = COUNSELLING_FIELDS
        widgets = {
            "held_on": DateInput(),
            "outcome": forms.Textarea(attrs={"rows": 4, "maxlength": 2000}),
        }
        help_texts = {
            "school": _("The schools of the KI's partner network."),
            "outcome": _(
                "What was agreed or advised. No names of pupils or parents, no health data."
            ),
        }

    def __init__(self, *args: Any, measure: Measure, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        school = self.fields["school"]
        assert isinstance(school, forms.ModelChoiceField)
        school.queryset = schools_of(measure)
        self.fields["held_on"].widget.attrs["max"] = timezone.localdate().isoformat()

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in COUNSELLING_FIELDS}

    def changed_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.changed_data}


class _ListFilter(forms.Form):
    """Search, filters and sorting from the query (bad values dropped, the others apply)."""

    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def value(self, name: str) -> Any:
        if not self.is_bound:
            return ""
        self.is_valid()
        return self.cleaned_data.get(name) or ""


ASSIGNMENT_SORTS = {
    "-date": ("-held_on", "-pk"),
    "date": ("held_on", "pk"),
    "language": ("language", "-held_on", "-pk"),
    "-hours": ("-hours", "-held_on", "-pk"),
}


class AssignmentFilter(_ListFilter):
    month = forms.RegexField(
        label=_("Month"),
        regex=r"^\d{4}-(0[1-9]|1[0-2])$",
        required=False,
        help_text=_("As year and month, e.g. 2026-03."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "2026-03"}),
    )
    language = forms.ChoiceField(label=_("Language"), required=False)
    purpose = forms.ChoiceField(
        label=_("Purpose"), choices=[("", _("all")), *InterpretingPurpose.choices], required=False
    )
    institution = forms.ChoiceField(label=_("Institution"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("-date", _("date (newest first)")),
            ("date", _("date (oldest first)")),
            ("language", _("language")),
            ("-hours", _("hours (most first)")),
        ],
    )

    field_order = ["month", "start", "end", "language", "purpose", "institution", "sort"]

    def __init__(self, *args: Any, measure: Measure, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("all")), *sorted_languages()]  # type: ignore[attr-defined]
        self.fields["institution"].choices = [  # type: ignore[attr-defined]
            ("", _("all")),
            *((str(pk), name) for pk, name in institutions_of(measure).values_list("pk", "name")),
        ]


COUNSELLING_SORTS = {
    "-date": ("-held_on", "-pk"),
    "date": ("held_on", "pk"),
    "school": ("school__name", "-held_on", "-pk"),
    "topic": ("topic", "-held_on", "-pk"),
}


class CounsellingFilter(_ListFilter):
    q = forms.CharField(label=_("Search in the outcome"), required=False, max_length=100)
    school = forms.ChoiceField(label=_("School"), required=False)
    topic = forms.ChoiceField(
        label=_("Topic"), choices=[("", _("all")), *CounsellingTopic.choices], required=False
    )
    form = forms.ChoiceField(
        label=_("Form"), choices=[("", _("all")), *ContactForm.choices], required=False
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("-date", _("date (newest first)")),
            ("date", _("date (oldest first)")),
            ("school", _("school")),
            ("topic", _("topic")),
        ],
    )

    field_order = ["q", "start", "end", "school", "topic", "form", "sort"]

    def __init__(self, *args: Any, measure: Measure, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].choices = [  # type: ignore[attr-defined]
            ("", _("all")),
            *((str(pk), name) for pk, name in schools_of(measure).values_list("pk", "name")),
        ]


def year_bounds(today: date | None = None) -> tuple[int, int]:
    """The years the figures pages offer: from the KIs' start to next year (planning)."""
    today = today or timezone.localdate()
    return FIRST_YEAR, today.year + 1


PERIODS = {"h1": _("first half-year"), "h2": _("second half-year"), "year": _("whole year")}


class YearForm(forms.Form):
    """The figures' year (`jahr`) and, on the state view, the period (`zeitraum`)."""

    jahr = forms.IntegerField(label=_("Year"))
    zeitraum = forms.ChoiceField(label=_("Period"), choices=list(PERIODS.items()), required=False)

    def __init__(self, *args: Any, with_period: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        first, last = year_bounds()
        field = self.fields["jahr"]
        field.widget.attrs.update({"min": first, "max": last})
        field.error_messages["invalid"] = _("Enter a year as four digits, e.g. 2026.")
        self.first, self.last = first, last
        if not with_period:
            del self.fields["zeitraum"]

    def clean_jahr(self) -> int:
        year = self.cleaned_data["jahr"]
        if not self.first <= year <= self.last:
            raise forms.ValidationError(
                _("Choose a year from %(first)s to %(last)s.")
                % {"first": self.first, "last": self.last},
                code="out_of_range",
            )
        return int(year)
