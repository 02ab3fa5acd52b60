"""Forms of the KI's side of an application. They only parse input; the services decide."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.forms.formsets import DELETION_FIELD_NAME
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teilhabe.concepts.models import IntegrationConcept
from teilhabe.core.dates import german_date
from teilhabe.core.forms import BoundedDecimalField, DateInput, RemovableRows
from teilhabe.funding import eligibility, windows
from teilhabe.funding.models import Application, ApplicationPosition
from teilhabe.funding.services.applications import DRAFT_FIELDS, FIRST_YEAR, LAST_YEAR


def _money() -> forms.NumberInput:
    return forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"})


class YearsForm(forms.Form):
    first_year = forms.IntegerField(
        label=_("first funding year"), min_value=FIRST_YEAR, max_value=LAST_YEAR
    )
    last_year = forms.IntegerField(
        label=_("last funding year"),
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        help_text=_("The same year for a one-year application."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        open_now = windows.open_windows(today)
        year = open_now[0].year if open_now else today.year + 1
        self.fields["first_year"].initial = year
        self.fields["last_year"].initial = year
        self.fields["last_year"].help_text = _(
            "The same year for a one-year application; at most %(limit)s years in all."
        ) % {"limit": settings.FUNDING_MAX_YEARS}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("first_year"), data.get("last_year")
        if first is not None and last is not None:
            if last < first:
                self.add_error("last_year", _("The last year must not be before the first."))
            elif last - first + 1 > settings.FUNDING_MAX_YEARS:
                self.add_error(
                    "last_year",
                    _("An application covers at most %(limit)s funding years.")
                    % {"limit": settings.FUNDING_MAX_YEARS},
                )
        return data


class ConceptChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _("%(title)s, version %(version)s, adopted on %(date)s") % {
            "title": obj.title,
            "version": obj.version,
            "date": german_date(obj.resolution_date),
        }


class ApplicationForm(forms.ModelForm):
    """The draft's own fields; `lock_version` carries the version the form was built from."""

    needed_later = eligibility.NEEDED_TO_SUBMIT  # labelled "needed to submit", not "optional"

    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    concept = ConceptChoice(
        queryset=IntegrationConcept.objects.none(),
        required=False,
        label=_("integration concept"),
        empty_label=_("– none yet –"),
        help_text=_("The version of the concept adopted by the council that this relies on."),
    )

    class Meta:
        model = Application
        fields = list(DRAFT_FIELDS)
        field_classes = {
            name: BoundedDecimalField
            for name in DRAFT_FIELDS
            if Application._meta.get_field(name).get_internal_type() == "DecimalField"
        }
        widgets = {
            "council_resolution_date": DateInput(),
            "teachers_requested": forms.NumberInput(attrs={"min": "0", "max": "20"}),
            "interpreter_pool_cost": _money(),
            "own_rooms": _money(),
            "own_administration": _money(),
            "own_materials": _money(),
            "own_project_funds": _money(),
            "own_contribution_notes": forms.Textarea(attrs={"rows": 3}),
            "work_plan_education": forms.Textarea(attrs={"rows": 6}),
            "work_plan_cross_cutting": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["concept"]
        ).queryset = IntegrationConcept.objects.filter(centre_id=self.instance.centre_id).order_by(
            "-version"
        )
        if not self.is_bound:
            self.initial["lock_version"] = self.instance.lock_version

    def draft_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in DRAFT_FIELDS}


class PositionForm(forms.ModelForm):
    class Meta:
        model = ApplicationPosition
        fields = ["title", "category", "fte", "start_date", "end_date", "annual_cost"]
        field_classes = {"fte": BoundedDecimalField, "annual_cost": BoundedDecimalField}
        widgets = {
            "fte": forms.NumberInput(attrs={"step": "0.01", "min": "0.01", "max": "1"}),
            "start_date": DateInput(),
            "end_date": DateInput(),
            "annual_cost": _money(),
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

    def _post_clean(self) -> None:
        # The row has no application yet: skip the model's constraint checks here, the service
        # validates the rows again when it saves them.
        pass


class BasePositionFormSet(RemovableRows):
    def positions(self) -> list[dict[str, Any]]:
        """The rows to keep, in the order shown (empty extra rows and removed rows left out)."""
        rows = []
        for index, form in enumerate(self.forms):
            blank_extra = index >= self.initial_form_count() and not form.has_changed()
            if blank_extra or form.cleaned_data.get(DELETION_FIELD_NAME):
                continue
            rows.append({name: form.cleaned_data.get(name) for name in PositionForm.Meta.fields})
        for row in rows:
            row["title"] = row["title"] or ""
        return rows


PositionFormSet = forms.formset_factory(
    PositionForm, formset=BasePositionFormSet, extra=1, can_delete=True, max_num=40
)


def position_initial(application: Application) -> list[dict[str, Any]]:
    return [
        {name: getattr(p, name) for name in PositionForm.Meta.fields}
        for p in application.positions.all()
    ]


class SubmitForm(forms.Form):
    signed = forms.BooleanField(
        label=_("I sign this application as head of the KI"),
        # Required, so the form does not mark it optional; the service checks it as well.
        error_messages={"required": _("Confirm that you sign the application as head of the KI.")},
        help_text=_(
            "By signing you confirm that the information is correct and complete and that the "
            "KI meets the conditions of the guideline."
        ),
    )


class AttachmentForm(forms.Form):
    description = forms.CharField(
        label=_("description"),
        max_length=200,
        help_text=_("For example: council resolution of 27 September 2012."),
    )
    document = forms.FileField(
        label=_("document (PDF)"),
        help_text=_("A PDF document, not password-protected."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("your answer"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "You may also change the application and add documents before the head of the KI "
            "submits it again."
        ),
    )
