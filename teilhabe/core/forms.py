"""Form pieces every app uses: the date widget, and putting a service's refusal on a form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError

T = TypeVar("T")


class DateInput(forms.DateInput):
    """The browser's date picker; the value in ISO form, as the input type requires."""

    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


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
