"""The breadcrumb trail: Start first, then the parents a template names, each a link."""

from __future__ import annotations

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.urls import reverse
from django.utils import translation


def render(source: str, **context: object) -> str:
    with translation.override("en"):
        return Template("{% load breadcrumbs %}" + source).render(Context(context))


def test_the_bare_trail_leads_to_the_start_page() -> None:
    html = render("{% breadcrumbs %}")
    assert f'href="{reverse("pages:start")}"' in html
    assert 'aria-label="You are here"' in html and html.count("<li") == 1


def test_parents_are_url_names_or_paths_with_their_labels() -> None:
    html = render('{% breadcrumbs "centres:list" "KIs" path label %}', path="/x/1/", label="Bonn")
    assert html.count("<li") == 3
    assert f'href="{reverse("centres:list")}">KIs</a>' in html
    assert 'href="/x/1/">Bonn</a>' in html


def test_labels_are_escaped() -> None:
    assert "&lt;b&gt;" in render('{% breadcrumbs "/x/" label %}', label="<b>")


def test_an_unpaired_argument_is_a_template_error() -> None:
    with pytest.raises(TemplateSyntaxError):
        render('{% breadcrumbs "centres:list" %}')
