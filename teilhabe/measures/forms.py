"""The forms of the catalogue, the measures, their targets and documents; the rules are the
services' (their errors land at the fields)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teilhabe.centres.models import Centre
from teilhabe.core.forms import BoundedDecimalField, DateInput
from teilhabe.network.models import Organisation, Stage

from . import figures
from .models import Measure, MeasureStatus, MeasureTarget, ProgrammeType
from .services import measures as services


class ProgrammeTypeForm(forms.ModelForm):
    """A catalogue entry; its code only when it is added (it is fixed afterwards)."""

    stages = forms.MultipleChoiceField(
        label=_("Stages of the education chain"),
        choices=Stage.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ProgrammeType
        fields = services.PROGRAMME_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "code": _(
                "Lower-case letters, digits and hyphens, e.g. rucksack-kita. Fixed once saved."
            ),
            "is_active": _("Untick to offer the programme no longer for new measures."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            del self.fields["code"]
            self.fields["lock_version"].initial = self.instance.lock_version

    def programme_data(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "lock_version"}

    def _post_clean(self) -> None:
        """The service validates and saves; the model form only reads the fields."""


class MeasureForm(forms.ModelForm):
    """A measure's data. Programmes: the active ones (and the measure's own); partners: the
    KI's active organisations; municipalities: the KI's area."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Measure
        fields = (*services.MEASURE_FIELDS, *services.LINK_FIELDS)
        field_classes = {"budget": BoundedDecimalField}
        widgets = {
            "goals": forms.Textarea(attrs={"rows": 4}),
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "partners": forms.CheckboxSelectMultiple,
            "municipalities": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "ends_on": _("Leave empty for a measure without a fixed end."),
            "location_notes": _("Sites or districts, e.g. Kita Sonnenblume, Sieker."),
            "budget": _("Euros the KI spends on the measure itself, e.g. 4.800,00."),
        }

    def __init__(self, *args: Any, centre: Centre, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        programmes = ProgrammeType.objects.filter(is_active=True)
        if self.instance.pk is not None:
            programmes = ProgrammeType.objects.filter(
                pk__in=[*programmes.values_list("pk", flat=True), self.instance.programme_type_id]
            )
            self.fields["lock_version"].initial = self.instance.lock_version
        self._field("programme_type").queryset = programmes
        self._field("partners").queryset = Organisation.objects.filter(
            centre=centre, is_active=True, merged_into__isnull=True
        ).order_by("name")
        self._field("municipalities").queryset = centre.grantee.municipalities().order_by(
            "short_name"
        )

    def _field(self, name: str) -> Any:
        return self.fields[name]

    def measure_data(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "lock_version"}

    def _post_clean(self) -> None:
        """The service validates and saves; the model form only reads the fields."""


class TargetForm(forms.ModelForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = MeasureTarget
        fields = services.TARGET_FIELDS
        help_texts = {
            "figure": _(
                "Where the records count it, the actual value is read from them and not typed."
            ),
            "actual": _("Only for a target the records do not count."),
        }

    def __init__(self, *args: Any, measure: Measure, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(figures.target_figure_choices())
        codes = services.figures_for(measure)
        field = self.fields["figure"]
        if codes:
            field.widget = forms.Select(
                choices=[("", _("not counted: typed by hand")), *((c, labels[c]) for c in codes)]
            )
        else:
            del self.fields["figure"]
        if self.instance.pk is not None:
            self.fields["lock_version"].initial = self.instance.lock_version

    def target_data(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "lock_version"}

    def _post_clean(self) -> None:
        """The service validates and saves; the model form only reads the fields."""


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    document = forms.FileField(
        label=_("Document (PDF)"),
        help_text=_("A PDF without password protection, e.g. the concept, a flyer or a report."),
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
    )


SORTS = {
    "-starts_on": ("-starts_on", "title", "pk"),
    "starts_on": ("starts_on", "title", "pk"),
    "title": ("title", "pk"),
    "programme": ("programme_type__order", "title", "pk"),
    "status": ("status", "-starts_on", "pk"),
}


def _years() -> list[tuple[str, str]]:
    this = timezone.localdate().year
    return [(str(y), str(y)) for y in range(this + 2, this - 8, -1)]


class MeasureFilter(forms.Form):
    """The list's search, filters and sorting (GET; a bad value is dropped, never an error)."""

    q = forms.CharField(
        label=_("Search in title, goals and places"), required=False, max_length=100
    )
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=ProgrammeType.objects.all(), required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("all")), *MeasureStatus.choices], required=False
    )
    stage = forms.ChoiceField(
        label=_("Stage of the education chain"),
        choices=[("", _("all")), *Stage.choices],
        required=False,
    )
    year = forms.ChoiceField(label=_("Running in"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("-starts_on", _("start (newest first)")),
            ("starts_on", _("start (oldest first)")),
            ("title", _("title (A–Z)")),
            ("programme", _("programme")),
            ("status", _("status")),
        ],
    )

    centre = forms.ModelChoiceField(
        label=_("KI"), queryset=Centre.objects.order_by("name"), required=False
    )

    def __init__(self, *args: Any, statewide: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not statewide:
            del self.fields["centre"]
        else:
            self.order_fields(["q", "centre"])
            self._all(self.fields["centre"])
        self.fields["year"].choices = [("", _("all")), *_years()]  # type: ignore[attr-defined]
        self._all(self.fields["programme"])

    @staticmethod
    def _all(field: forms.Field) -> None:
        assert isinstance(field, forms.ModelChoiceField)
        field.empty_label = _("all")

    def value(self, name: str) -> Any:
        if not self.is_bound:
            return ""
        self.is_valid()
        return self.cleaned_data.get(name) or ""

    def apply(self, measures: Any) -> Any:
        measures = measures.search(self.value("q"))
        if "centre" in self.fields and (centre := self.value("centre")):
            measures = measures.filter(centre=centre)
        if programme := self.value("programme"):
            measures = measures.filter(programme_type=programme)
        if status := self.value("status"):
            measures = measures.filter(status=status)
        if stage := self.value("stage"):
            ids = [p.pk for p in ProgrammeType.objects.only("pk", "stages") if stage in p.stages]
            measures = measures.filter(programme_type_id__in=ids)
        if year := self.value("year"):
            y = int(year)
            measures = measures.in_period(date(y, 1, 1), date(y, 12, 31))
        return measures.order_by(*SORTS[self.value("sort") or "-starts_on"])
