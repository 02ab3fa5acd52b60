"""The list's page links keep the search, the filters and the sorting; a filter starts again
at page 1."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse

from . import factories

pytestmark = pytest.mark.django_db


def _next_link(page: str) -> str:
    links = re.findall(r'href="(\?[^"]*page=\d+[^"]*)"', page)
    assert links, "no page link"
    return unescape(links[-1])


def test_page_links_keep_filters_and_sorting(bielefeld, anna, verified_client) -> None:
    for i in range(120):
        factories.organisation(
            bielefeld,
            anna,
            name=f"Verein {i:03d}",
            postcode=f"336{i % 10:02d}",
            type="school" if i % 2 else "sports_club",
            stages=["school"],
        )
    client = verified_client(anna)
    url = reverse("network:list", args=[bielefeld.pk])
    query = {"type": "school", "stage": "school", "sort": "-name", "q": "Verein"}
    first = client.get(url, query)
    assert first.context["page"].paginator.count == 60
    link = _next_link(first.content.decode())
    assert {k: v[0] for k, v in parse_qs(urlparse(link).query).items()} == {**query, "page": "2"}
    second = client.get(url + link)
    names = [o.name for o in second.context["page"].object_list]
    assert names == [f"Verein {i:03d}" for i in range(19, 0, -2)]  # the last 10, Z–A
    # The htmx fragment's links are the same.
    fragment = client.get(url, query, HTTP_HX_REQUEST="true").content.decode()
    assert _next_link(fragment) == link


def test_my_organisation_names_the_next_step(pauls, paul, anna, verified_client) -> None:
    client = verified_client(paul)
    client.post(reverse("set_language"), {"language": "en"})
    page = client.get(reverse("network:mine")).content.decode()
    add = reverse("network:contact_add", args=[pauls.centre_id, pauls.pk])
    assert "Next step: add a contact person" in page
    assert page.index(add) < page.index(reverse("network:edit", args=[pauls.centre_id, pauls.pk]))
    factories.contact(pauls, anna)
    page = client.get(reverse("network:mine")).content.decode()
    assert "Next step: check that your organisation" in page
    # The KI's own page of the organisation has no such hint.
    ki = verified_client(anna)
    ki.post(reverse("set_language"), {"language": "en"})
    assert "Next step" not in ki.get(pauls.get_absolute_url()).content.decode()
