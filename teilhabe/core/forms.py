"""Form pieces every app uses: the date widget, the bounded decimal field, and putting a
service's refusal on a form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import money

T = TypeVar("T")


class RemovableRows(forms.BaseFormSet):
    """A formset whose rows can be removed: the box reads "Entfernen" on every form (Django's
    own label is "Löschen"), so the page's instructions and the box use the same word."""

    def add_fields(self, form: forms.BaseForm, index: int | None) -> None:
        super().add_fields(form, index)
        if forms.formsets.DELETION_FIELD_NAME in form.fields:
            form.fields[forms.formsets.DELETION_FIELD_NAME].label = _("Remove")


class DateInput(forms.DateInput):
    """The browser's date picker; the value in ISO form, as the input type requires."""

    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class BoundedDecimalField(forms.DecimalField):
    """A decimal field that reads its input with `money.parse_decimal`: bounded by length and
    exponent before any arithmetic ("0e999999999" and a million digits are refused at once).
    Every form's money and FTE field is one (forms of Decimal model fields via `field_classes`).
    It reads what the pages show, in every language: "22.000.000,00", "1 234,56", "0,75" and
    "0.75"; "1.234.5" is refused as ambiguous."""

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        assert self.max_digits is not None and self.decimal_places is not None
        try:
            return money.parse_decimal(
                value,
                "value",
                max_digits=self.max_digits,
                places=self.decimal_places,
                invalid_message=self.error_messages["invalid"],
                german=True,
            )
        except ValidationError as exc:
            raise ValidationError(exc.error_dict["value"]) from None


def row_count(value: Any, limit: int) -> int:
    """A formset's typed row count (`…-TOTAL_FORMS`) for "add a row", within 0..limit: junk
    ("abc", a million digits) counts as 0 instead of raising."""
    text = str(value or "0").strip()
    if not (text.isascii() and text.isdigit()):
        return 0
    return limit if len(text) > 6 else min(int(text), limit)


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's refusal on the form: at the field it names when the form has that field,
    else above the form. Whatever the user typed stays in the bound form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def run_service(form: forms.BaseForm, write: Callable[[], T]) -> T | None:
    """Run a service; if it refuses, its errors land on the form and None is returned."""
    try:
        return write()
    except ValidationError as e:
        add_service_errors(form, e)
        return None
