"""`{{ user_id|pseudonym:"user" }}`: the evaluator's pseudonym of a row (`core.pseudonyms`)."""

from __future__ import annotations

from django import template

from teilhabe.core.pseudonyms import pseudonym as make

register = template.Library()


@register.filter
def pseudonym(pk: int | str, kind: str) -> str:
    return make(kind, pk)
