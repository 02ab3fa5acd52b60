"""Template helpers that render Django form fields with KERN UX markup."""

from __future__ import annotations

from django import forms, template
from django.http import HttpRequest
from django.utils.safestring import SafeString

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
def kern_widget(field: forms.BoundField) -> SafeString:
    """The widget with KERN's classes and the ARIA links to its hint and error."""
    kind = _kind(field)
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
