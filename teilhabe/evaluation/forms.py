"""The evaluation's forms. Thin: they read what was typed; the services check and save. A form
sent back with errors keeps every value typed."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from teilhabe.core.forms import BoundedDecimalField, DateInput

from .models import MeasurementPoint, Question, QuestionKind, Questionnaire

PREFIX = "q_"


class QuestionnaireForm(forms.ModelForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Questionnaire
        fields = ("title", "purpose", "description")
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["lock_version"].initial = self.instance.lock_version

    def data_for_service(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def _post_clean(self) -> None:
        """The service validates and saves."""


class QuestionForm(forms.ModelForm):
    choices_text = forms.CharField(
        label=_("Options (choice questions)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One option a line, at least two."),
        max_length=4000,
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Question
        fields = ("order", "code", "text", "hint", "kind", "required", "minimum", "maximum")
        field_classes = {"minimum": BoundedDecimalField, "maximum": BoundedDecimalField}
        help_texts = {
            "minimum": _("Number questions: the smallest answer allowed (empty: no limit)."),
            "maximum": _("Number questions: the largest answer allowed (empty: no limit)."),
        }

    def __init__(self, *args: Any, questionnaire: Questionnaire, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lock_version"].initial = questionnaire.lock_version
        for n in range(1, 6):
            self.fields[f"scale_{n}"] = forms.CharField(
                label=_("Scale questions: label of %(n)d") % {"n": n},
                required=False,
                max_length=60,
            )
        self.order_fields(
            [
                "order",
                "code",
                "text",
                "hint",
                "kind",
                "required",
                "choices_text",
                "minimum",
                "maximum",
                *(f"scale_{n}" for n in range(1, 6)),
            ]
        )

    def data_for_service(self) -> dict[str, Any]:
        data: dict[str, Any] = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        data["hint"] = data["hint"] or ""
        data["required"] = bool(data["required"])
        data["choices"] = [
            line.strip() for line in (self.cleaned_data.get("choices_text") or "").splitlines()
        ]
        data["choices"] = [c for c in data["choices"] if c]
        data["scale_labels"] = [self.cleaned_data.get(f"scale_{n}") or "" for n in range(1, 6)]
        return data

    def add_service_error(self, error: ValidationError) -> None:
        """The service names `choices` and `scale_labels`: the form's fields for them."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        names = {"choices": "choices_text", "scale_labels": "scale_1"}
        for name, errors in error.error_dict.items():
            field = names.get(name, name)
            self.add_error(field if field in self.fields else None, errors)

    def _post_clean(self) -> None:
        """The service validates and saves."""


class PointForm(forms.ModelForm):
    class Meta:
        model = MeasurementPoint
        fields = ("name", "opens_on", "closes_on")
        widgets = {"opens_on": DateInput(), "closes_on": DateInput()}
        help_texts = {"name": _("For example “Bestandsaufnahme 2026”.")}

    def _post_clean(self) -> None:
        """The service validates and saves."""


def _field(question: Question, *, disabled: bool) -> forms.Field:
    common: dict[str, Any] = {
        "label": question.text,
        "required": False,
        "help_text": question.hint,
        "disabled": disabled,
    }
    kind = question.kind
    if kind == QuestionKind.SINGLE:
        return forms.ChoiceField(
            choices=[(c, c) for c in question.choices], widget=forms.RadioSelect, **common
        )
    if kind == QuestionKind.MULTIPLE:
        return forms.MultipleChoiceField(
            choices=[(c, c) for c in question.choices],
            widget=forms.CheckboxSelectMultiple,
            **common,
        )
    if kind == QuestionKind.SCALE:
        return forms.ChoiceField(
            choices=[(str(n), question.scale_label(n)) for n in range(1, 6)],
            widget=forms.RadioSelect,
            **common,
        )
    if kind == QuestionKind.NUMBER:
        return forms.CharField(
            max_length=64, widget=forms.TextInput(attrs={"inputmode": "decimal"}), **common
        )
    return forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), **common)


class AnswerForm(forms.Form):
    """One field per question (`q_<code>`); every field may be empty in a draft, the service
    says what a submission needs (`needed_later`)."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        questions: list[Question],
        answers: dict[str, Any],
        lock_version: int,
        disabled: bool = False,
        **kwargs: Any,
    ) -> None:
        kinds = {q.code: q.kind for q in questions}
        initial = {
            f"{PREFIX}{code}": _initial(value, kinds.get(code)) for code, value in answers.items()
        }
        initial["lock_version"] = lock_version
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.needed_later = {f"{PREFIX}{q.code}" for q in questions if q.required}
        for question in questions:
            self.fields[f"{PREFIX}{question.code}"] = _field(question, disabled=disabled)

    def raw_answers(self) -> dict[str, Any]:
        """What was typed, by question code (unchecked: the service checks each answer)."""
        raw: dict[str, Any] = {}
        for question in self.questions:
            name = f"{PREFIX}{question.code}"
            if question.kind == QuestionKind.MULTIPLE:
                raw[question.code] = self.data.getlist(name)  # type: ignore[attr-defined]
            else:
                raw[question.code] = self.data.get(name, "")
        return raw

    def expected_version(self) -> int | None:
        value = str(self.data.get("lock_version", "")).strip()
        return int(value) if value.isdigit() and len(value) < 10 else None

    def add_service_error(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for code, errors in error.error_dict.items():
            name = f"{PREFIX}{code}"
            self.add_error(name if name in self.fields else None, errors)

    def fields_by_question(self) -> list[tuple[Question, forms.BoundField]]:
        return [(q, self[f"{PREFIX}{q.code}"]) for q in self.questions]


def _initial(value: Any, kind: str | None) -> Any:
    """A stored answer as its field shows it; a number as the page writes numbers ("7.5" is
    stored, "7,5" shown in German: what the hint asks for, and read back the same)."""
    if isinstance(value, list):
        return value
    if kind == QuestionKind.NUMBER and value not in (None, ""):
        return formats.number_format(Decimal(str(value)), use_l10n=True)
    return str(value)
