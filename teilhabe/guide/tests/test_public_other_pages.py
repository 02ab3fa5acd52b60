"""The public guide's other pages as one piece with the offer and landing pages (issue 19): the
feedback pages and the open data page on the public layout (no staff layout, no KERN), the
feedback form labelled and its errors linked, every open-data download listed, the
"machine-translated" marker, and labels in the visitor's language (`public_labels`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import escape

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from teilhabe.guide import public_labels, services
from teilhabe.guide.models import Category, Offer, OfferText

from . import factories as f

pytestmark = pytest.mark.django_db

ARABIC = {"title": "استشارات الهجرة للبالغين", "summary": "نصائح.", "description": ""}


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    cache.clear()  # the feedback rate limit counts in the cache
    yield
    cache.clear()


@pytest.fixture
def offer(kai, bielefeld) -> Offer:
    offer = services.add_offer(
        bielefeld,
        by=kai,
        data=f.offer_data(category=Category.objects.get(code="housing")),
        texts=f.texts(ar=ARABIC),
        locations=[f.location(bielefeld)],
    )
    return services.change_status(offer, by=kai, to="published")


def _feedback_url(offer: Offer, lang: str = "de") -> str:
    return reverse("guide:public_feedback", args=[offer.uuid]) + f"?lang={lang}"


def _on_the_public_layout(html: str, lang: str) -> None:
    assert '<body class="g-body">' in html
    assert "kern-" not in html, "a KERN class on a public page"
    assert f'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}">' in html
    assert 'id="main"' in html and 'class="g-skip"' in html


def _describedby(html: str) -> list[str]:
    match = re.search(r'<textarea[^>]*aria-describedby="([^"]+)"', html)
    assert match is not None
    ids = match.group(1).split()
    for element_id in ids:
        assert f'id="{element_id}"' in html, f"aria-describedby names a missing #{element_id}"
    return ids


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_the_feedback_page_is_on_the_public_layout_with_breadcrumbs(offer, client, lang) -> None:
    response = client.get(_feedback_url(offer, lang))
    html = response.content.decode()
    assert response.status_code == 200
    _on_the_public_layout(html, lang)
    key = offer.centre.grantee.key
    start = html.index('class="g-wrap g-crumbs"')
    crumbs = html[start : html.index("</nav>", start)]
    assert reverse("guide:public_start") in crumbs
    assert reverse("guide:public_centre", args=[key]) in crumbs
    assert "category=housing" in crumbs
    assert offer.get_public_url() in crumbs and 'aria-current="page"' in crumbs
    assert '<label class="g-label" for="feedback-comment">' in html
    assert _describedby(html) == ["feedback-comment-hint"]
    assert 'name="csrfmiddlewaretoken"' in html
    assert html.count("<h1") == 1


def test_a_comment_too_long_is_linked_to_its_error(offer, client) -> None:
    response = client.post(_feedback_url(offer, "ar"), {"comment": "x" * 1001})
    html = response.content.decode()
    assert response.status_code == 422
    _on_the_public_layout(html, "ar")
    assert _describedby(html) == ["feedback-comment-hint", "feedback-comment-error"]
    assert 'aria-invalid="true"' in html and "x" * 1001 in html


def test_over_the_rate_limit_the_page_says_so_and_keeps_the_text(offer, client, settings) -> None:
    settings.GUIDE_FEEDBACK_PER_HOUR = 1
    assert client.post(_feedback_url(offer), {"comment": "eins"}).status_code == 200
    response = client.post(_feedback_url(offer), {"comment": "zwei"})
    html = response.content.decode()
    assert response.status_code == 429
    _on_the_public_layout(html, "de")
    assert 'data-problem="rate_limited"' in html and 'role="alert"' in html
    assert "feedback-problem" in _describedby(html)
    assert ">zwei</textarea>" in html


def test_the_thank_you_page_is_on_the_public_layout(offer, client) -> None:
    response = client.post(_feedback_url(offer, "ar"), {"comment": "رقم الهاتف قديم"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "guide/public_feedback_done.html" in [t.name for t in response.templates]
    _on_the_public_layout(html, "ar")
    assert 'role="status"' in html and "data-feedback-received" in html
    assert f'href="{offer.get_public_url()}?lang=ar"' in html


def test_the_offer_page_has_the_public_feedback_form(offer, client) -> None:
    html = client.get(offer.get_public_url() + "?lang=ar").content.decode()
    _on_the_public_layout(html, "ar")
    form = html[html.index("data-feedback-form") :]
    assert f'action="{_feedback_url(offer, "ar")}"' in form
    assert 'class="g-subtitle" id="feedback-heading"' in form
    assert _describedby(html) == ["feedback-comment-hint"]


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_the_open_data_page_lists_every_download_on_the_public_layout(
    offer, bielefeld, client, lang
) -> None:
    response = client.get(reverse("guide:open_data") + f"?lang={lang}")
    html = response.content.decode()
    assert response.status_code == 200
    _on_the_public_layout(html, lang)
    assert 'data-offer-count="1"' in html and 'data-licence="dl-de/by-2-0"' in html
    for name in ("guide:open_data_offers", "guide:open_data_csv", "hsds:dataset"):
        assert f'href="{reverse(name)}"' in html, name
    calendar = reverse("guide:calendar")
    assert f'href="{calendar}' in html and f'action="{calendar}"' in html
    assert f'<option value="{bielefeld.grantee.key}">' in html
    assert 'href="/api/v1/guide/offers"' in html and 'href="/api/v1/docs"' in html
    assert f'href="{reverse("hsds:services")}"' in html
    # the calendar form's choice gives a district's feed
    feed = client.get(calendar, {"district": bielefeld.grantee.key})
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")


def test_the_open_data_page_speaks_the_visitors_language(offer, client) -> None:
    html = client.get(reverse("guide:open_data") + "?lang=ar").content.decode()
    with translation.override("ar"):
        heading = str(public_labels.OPEN_DATA)
    assert heading != "Open data"
    assert f"<title>{heading} –" in html


def test_the_footer_links_the_open_data_and_the_calendar(offer, client) -> None:
    for url in (reverse("guide:public_start"), offer.get_public_url()):
        html = client.get(url + "?lang=tr").content.decode()
        assert f'href="{reverse("guide:open_data")}?lang=tr" data-footer="open-data"' in html
        assert f'href="{reverse("guide:calendar")}?lang=tr"' in html


def test_a_machine_made_translation_is_marked_with_a_link_to_the_original(offer, client) -> None:
    assert (
        "data-machine-made" not in client.get(offer.get_public_url() + "?lang=ar").content.decode()
    )
    OfferText.objects.filter(offer=offer, language="ar").update(machine_made=True)
    html = client.get(offer.get_public_url() + "?lang=ar").content.decode()
    assert "data-machine-made" in html
    marker = html[html.index("data-machine-made") :]
    assert 'href="?lang=de" hreflang="de"' in marker[:1500]
    with translation.override("ar"):
        assert str(public_labels.MACHINE_TRANSLATED) in html
    # the German original and the human English translation carry no marker
    for lang in ("de", "en"):
        assert (
            "data-machine-made"
            not in client.get(offer.get_public_url() + f"?lang={lang}").content.decode()
        )


def test_the_arabic_pages_show_the_arabic_category_name(offer, bielefeld, client) -> None:
    with translation.override("ar"):
        arabic = public_labels.category_name("housing")
    assert arabic != Category.objects.get(code="housing").name_de
    pages = [
        offer.get_public_url(),
        reverse("guide:public_centre", args=[bielefeld.grantee.key]),
        reverse("guide:public_start"),
    ]
    for url in pages:
        html = client.get(url + "?lang=ar").content.decode()
        assert arabic in html, url
        assert Category.objects.get(code="housing").name_de not in html, url


def test_the_offer_page_names_course_levels_and_places_in_the_visitors_language(
    kai, bielefeld, client
) -> None:
    offer = services.add_offer(
        bielefeld,
        by=kai,
        data=f.offer_data(category=Category.objects.get(code="course_general")),
        texts=f.texts(),
        locations=[f.location(bielefeld, step_free=None)],
        course=f.course(target_level="B1", class_format="evening"),
    )
    services.change_status(offer, by=kai, to="published")
    html = client.get(offer.get_public_url() + "?lang=uk").content.decode()
    with translation.override("uk"):
        words = [
            str(public_labels.LEVELS["B1"]),
            str(public_labels.CLASS_FORMATS["evening"]),
            str(public_labels.COURSE_TYPES["general"]),
            str(public_labels.TARGET_GROUPS["newcomers"]),
            str(public_labels.STEP_FREE_ACCESS[None]),
        ]
    for word in words:
        assert escape(word) in html, word
    assert 'data-level="B1"' in html
    assert "A1 (beginner)" not in html and "B1 (intermediate)" not in html
