"""Template helpers that render Django form fields with KERN UX markup."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.http import HttpRequest
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

DASHES = "---------"  # Django's label of the empty choice

register = template.Library()


def _kind(field: forms.BoundField) -> str:
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return "choices"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    return "input"


@register.filter
def field_kind(field: forms.BoundField) -> str:
    return _kind(field)


@register.filter
def needed_later(field: forms.BoundField) -> bool:
    """A field a draft may leave empty but a later step needs: the form names them in
    `needed_later` (a set of field names), and the label says "needed to submit" instead of
    "optional"."""
    return field.name in getattr(field.form, "needed_later", ())


def _please_choose(field: forms.Field) -> None:
    """The empty choice of a select reads "Bitte wählen", not Django's dashes."""
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label == DASHES:
            field.empty_label = _("Please choose")
    elif isinstance(field, forms.ChoiceField):
        choices: list[tuple[Any, Any]] = list(field.widget.choices)
        field.choices = [
            (value, _("Please choose") if value == "" and label == DASHES else label)
            for value, label in choices
        ]


@register.filter
def kern_widget(field: forms.BoundField) -> SafeString:
    """The widget with KERN's classes and the ARIA links to its hint and error."""
    kind = _kind(field)
    if kind == "select":
        _please_choose(field.field)
    css = {
        "checkbox": "kern-form-check__checkbox",
        "select": "kern-form-input__select",
        "textarea": "kern-form-input__input",
        "input": "kern-form-input__input",
        "choices": "",
    }[kind]
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-hint")
    attrs: dict[str, str | bool] = {}
    if field.errors:
        described.append(f"{field.auto_id}-error")
        attrs["aria-invalid"] = "true"
        css += f" {css}--error" if css else ""
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if css:
        attrs["class"] = css
    return field.as_widget(attrs=attrs)


@register.simple_tag(takes_context=True)
def page_url(context: template.Context, number: int) -> str:
    """The current page's query string with another page number: filters and search are kept."""
    request: HttpRequest = context["request"]
    query = request.GET.copy()
    query["page"] = str(number)
    return "?" + query.urlencode()
