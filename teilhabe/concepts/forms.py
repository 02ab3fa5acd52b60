from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from teilhabe.centres.models import Centre
from teilhabe.core.forms import DateInput

from . import services
from .models import Actor, FocusArea, IntegrationConcept


def _model_field(name: str, **kwargs: Any) -> forms.Field:
    """The model field's form field: one label and help text for form, page and API."""
    model_field = IntegrationConcept._meta.get_field(name)
    assert isinstance(model_field, models.Field)
    field = model_field.formfield(**kwargs)
    assert field is not None
    return field


class ConceptForm(forms.Form):
    """A new version of the concept. The rules (council, focus areas, dates) are the service's."""

    title = _model_field("title")
    adopting_body = _model_field("adopting_body")
    resolution_date = _model_field("resolution_date", widget=DateInput())
    focus_areas = forms.MultipleChoiceField(
        label=_("Focus areas the concept covers"),
        choices=FocusArea.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Both education and the cross-cutting municipal task are mandatory."),
        error_messages={
            "required": _("Choose the focus areas the concept covers; two are mandatory.")
        },
    )
    actors = forms.MultipleChoiceField(
        label=_("Actors who took part in drawing up the concept"),
        choices=Actor.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    other_actors = _model_field(
        "other_actors", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    attachment = _model_field("attachment")
    organisation = _model_field("organisation", widget=forms.Textarea(attrs={"rows": 4}))
    document = forms.FileField(
        label=_("Document (PDF)"),
        help_text=_("The concept as adopted, as a PDF without password protection."),
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
        error_messages={"required": _("Choose the concept's PDF document.")},
    )

    def __init__(self, *args: Any, centre: Centre, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.centre = centre

    def clean(self) -> dict[str, Any]:
        # The service's own rules, here too, so that one submission shows every problem.
        data = super().clean() or {}
        rule_input = {k: v for k, v in data.items() if k != "document"}
        for field, errors in services.concept_rule_errors(self.centre, rule_input).items():
            if field not in self.errors:
                for error in errors:
                    self.add_error(field, error)
        return data

    def concept_data(self) -> dict[str, Any]:
        """The cleaned input for the service (the document goes separately)."""
        return {k: v for k, v in self.cleaned_data.items() if k != "document"}
