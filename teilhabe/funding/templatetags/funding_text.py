"""`{{ text|public_citation }}`: a guideline title or citation without our internal assumptions,
glossed in English on an English page (funding/citations.py)."""

from __future__ import annotations

from django import template

from teilhabe.funding import citations

register = template.Library()


@register.filter
def public_citation(value: object) -> str:
    return citations.localized(str(value or ""))
