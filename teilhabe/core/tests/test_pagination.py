"""Page links keep the list's filters and search: only the page number changes."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory


def test_page_links_keep_the_filters():
    request = RequestFactory().get("/foerderung/antraege/", {"status": "submitted", "year": "2027"})
    request.user = AnonymousUser()
    page = Paginator(range(120), 50).get_page(2)
    html = render_to_string("includes/pagination.html", {"page": page}, request=request)
    assert "?status=submitted&amp;year=2027&amp;page=1" in html
    assert "?status=submitted&amp;year=2027&amp;page=3" in html


def test_one_page_needs_no_links():
    request = RequestFactory().get("/zentren/")
    request.user = AnonymousUser()
    page = Paginator(range(10), 50).get_page(1)
    assert (
        render_to_string("includes/pagination.html", {"page": page}, request=request).strip() == ""
    )
