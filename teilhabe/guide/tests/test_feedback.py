"""Anonymous feedback on a public offer: no login, CSRF, a honeypot, a rate limit per address
(as the trusted proxies saw it) and per offer, nothing stored about the sender; the KI reads
and closes it, nobody else sees it; done feedback is deleted after 12 months."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from teilhabe.core.models import AuditEvent
from teilhabe.guide import services
from teilhabe.guide.models import Feedback, Offer

from . import factories as f


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    cache.clear()  # the rate-limit counters live in the (per-process) cache
    yield
    cache.clear()


@pytest.fixture
def offer(kai, bielefeld) -> Offer:
    return f.published(bielefeld, kai)


def url(offer: Offer) -> str:
    return reverse("guide:public_feedback", args=[offer.uuid])


def test_the_public_page_has_the_form_without_javascript(offer, client) -> None:
    page = client.get(offer.get_public_url() + "?lang=ar").content.decode()
    assert f'action="{url(offer)}?lang=ar"' in page
    assert 'name="csrfmiddlewaretoken"' in page and 'name="comment"' in page
    assert 'maxlength="1000"' in page


def test_it_reaches_the_ki_with_the_comment_and_nothing_about_the_sender(
    offer, client, kai, verified_client
) -> None:
    response = client.post(
        url(offer) + "?lang=en",
        {"comment": "Die Sprechstunde ist jetzt mittwochs."},
        REMOTE_ADDR="203.0.113.7",
        HTTP_USER_AGENT="Testbrowser/1.0",
    )
    assert response.status_code == 200
    assert "guide/public_feedback_done.html" in [t.name for t in response.templates]
    feedback = Feedback.objects.get()
    assert feedback.comment == "Die Sprechstunde ist jetzt mittwochs." and feedback.language == "en"
    stored = str(list(Feedback.objects.values_list()))
    event = AuditEvent.objects.get(action="feedback.received")
    assert "203.0.113.7" not in stored + str(event.changes) + event.actor_label
    assert "Testbrowser" not in stored
    assert "mittwochs" not in str(event.changes)  # the words go with the feedback, not the audit
    listing = verified_client(kai).get(reverse("guide:feedback", args=[offer.centre_id]))
    assert "Die Sprechstunde ist jetzt mittwochs." in listing.content.decode()
    detail = verified_client(kai).get(offer.get_absolute_url()).content.decode()
    assert f'data-feedback="{feedback.pk}"' in detail


def test_an_empty_comment_is_fine(offer, client) -> None:
    assert client.post(url(offer), {"comment": ""}).status_code == 200
    assert Feedback.objects.get().comment == ""


def test_it_needs_the_csrf_token(offer) -> None:
    response = Client(enforce_csrf_checks=True).post(url(offer), {"comment": "x"})
    assert response.status_code == 403
    assert not Feedback.objects.exists()


def test_a_filled_honeypot_is_thanked_and_stored_nowhere(offer, client) -> None:
    response = client.post(url(offer), {"comment": "Buy now", "website": "http://spam.example"})
    assert response.status_code == 200
    assert "guide/public_feedback_done.html" in [t.name for t in response.templates]
    assert not Feedback.objects.exists()


def test_a_comment_too_long_is_refused_and_kept(offer, client) -> None:
    text = "x" * 1001
    response = client.post(url(offer), {"comment": text})
    assert response.status_code == 422
    assert response.context["feedback_form"].errors["comment"]
    assert text in response.content.decode()
    assert not Feedback.objects.exists()


def test_a_hidden_or_unpublished_offer_takes_no_feedback(kai, bielefeld, client) -> None:
    draft = f.offer(bielefeld, kai)
    assert client.post(url(draft), {"comment": "x"}).status_code == 404
    hidden = f.published(bielefeld, kai)
    Offer.objects.filter(pk=hidden.pk).update(
        last_reviewed_on=timezone.localdate() - timedelta(days=365)
    )
    assert client.post(url(hidden), {"comment": "x"}).status_code == 404
    assert not Feedback.objects.exists()


def test_an_address_is_limited_per_hour_and_its_text_is_kept(offer, client, settings) -> None:
    settings.GUIDE_FEEDBACK_PER_HOUR = 5
    for i in range(5):
        assert (
            client.post(url(offer), {"comment": f"n{i}"}, REMOTE_ADDR="198.51.100.1").status_code
            == 200
        )
    response = client.post(url(offer), {"comment": "noch eine"}, REMOTE_ADDR="198.51.100.1")
    assert response.status_code == 429
    assert "noch eine" in response.content.decode()
    assert response.context["feedback_limited"]
    assert response["Retry-After"] == "3600"
    assert Feedback.objects.count() == 5
    # Another address may still.
    assert client.post(url(offer), {"comment": "x"}, REMOTE_ADDR="198.51.100.2").status_code == 200


def test_an_offer_is_limited_per_day_whatever_the_addresses(offer, client, settings) -> None:
    settings.GUIDE_FEEDBACK_PER_OFFER_DAY = 3
    for i in range(3):
        assert client.post(url(offer), {}, REMOTE_ADDR=f"192.0.2.{i + 1}").status_code == 200
    assert client.post(url(offer), {}, REMOTE_ADDR="192.0.2.99").status_code == 429
    assert Feedback.objects.count() == 3


def test_a_spoofed_forwarded_for_does_not_get_round_the_limit(offer, client, settings) -> None:
    settings.GUIDE_FEEDBACK_PER_HOUR, settings.TRUSTED_PROXY_COUNT = 2, 0
    answers = [
        client.post(
            url(offer), {}, REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR=f"10.0.0.{i}"
        ).status_code
        for i in range(3)
    ]
    assert answers == [200, 200, 429]


def test_behind_a_trusted_proxy_the_forwarded_address_counts(offer, client, settings) -> None:
    settings.GUIDE_FEEDBACK_PER_HOUR, settings.TRUSTED_PROXY_COUNT = 2, 1
    proxy = "10.1.1.1"  # every request comes through the one proxy
    answers = [
        client.post(
            url(offer), {}, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=f"198.51.100.{i}"
        ).status_code
        for i in (1, 1, 1, 2)
    ]
    assert answers == [200, 200, 429, 200]
    # What the client wrote left of the proxy's entry proves nothing.
    spoofed = client.post(
        url(offer), {}, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="7.7.7.7, 198.51.100.1"
    )
    assert spoofed.status_code == 429


def test_the_cache_holds_a_keyed_hash_not_the_address(offer, client) -> None:
    from teilhabe.guide.feedback import address_key

    client.post(url(offer), {}, REMOTE_ADDR="203.0.113.50")
    keys = list(getattr(cache, "_cache", {}).keys())
    assert keys and not any("203.0.113.50" in str(k) for k in keys)
    request = type("R", (), {"META": {"REMOTE_ADDR": "203.0.113.50"}})()
    assert "203.0.113.50" not in address_key(request)  # type: ignore[arg-type]


def test_another_ki_sees_none_of_it(offer, client, carla, paul, anna, verified_client) -> None:
    client.post(url(offer), {"comment": "veraltet"})
    item = Feedback.objects.get()
    centre = offer.centre_id
    done = reverse("guide:feedback_done", args=[centre, item.pk])
    assert verified_client(carla).get(reverse("guide:feedback", args=[centre])).status_code == 404
    assert verified_client(carla).post(done).status_code == 404
    # Carla's own KI in the URL does not reach Bielefeld's feedback either.
    own = reverse("guide:feedback_done", args=[carla.centre_id, item.pk])
    assert verified_client(carla).post(own).status_code == 404
    f.partner_organisation(offer.centre, anna, paul)
    assert verified_client(paul).post(done).status_code == 404
    item.refresh_from_db()
    assert item.done_at is None


def test_the_ki_marks_it_done_audited(offer, client, kai, verified_client) -> None:
    client.post(url(offer), {"comment": "veraltet"})
    item = Feedback.objects.get()
    listing = reverse("guide:feedback", args=[offer.centre_id])
    response = verified_client(kai).post(
        reverse("guide:feedback_done", args=[offer.centre_id, item.pk])
    )
    assert response.status_code == 302 and response["Location"] == listing
    item.refresh_from_db()
    assert item.done_at is not None and item.done_by == kai
    assert AuditEvent.objects.filter(action="feedback.done", actor=kai).count() == 1
    open_page = verified_client(kai).get(listing)
    assert list(open_page.context["page"].object_list) == []
    done_page = verified_client(kai).get(listing, {"state": "done"})
    assert [r.pk for r in done_page.context["page"].object_list] == [item.pk]


def test_the_list_needs_the_same_queries_for_much_feedback(
    offer, kai, bielefeld, verified_client, django_assert_max_num_queries
) -> None:
    listing = reverse("guide:feedback", args=[bielefeld.pk])
    client = verified_client(kai)
    services.give_feedback(offer, comment="eins")
    client.get(listing)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(listing)
    for i in range(8):
        services.give_feedback(f.published(bielefeld, kai), comment=f"Nr. {i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(listing)
    assert len(response.context["page"].object_list) == 9


def test_the_start_page_counts_open_feedback(offer, kai, verified_client) -> None:
    services.give_feedback(offer, comment="a")
    services.give_feedback(offer, comment="b")
    page = verified_client(kai).get(reverse("pages:start")).content.decode()
    assert reverse("guide:feedback", args=[offer.centre_id]) in page


def test_done_feedback_is_deleted_after_twelve_months(offer, kai) -> None:
    old = services.give_feedback(offer, comment="alt")
    recent = services.give_feedback(offer, comment="neu")
    still_open = services.give_feedback(offer, comment="offen")
    long_ago = timezone.now() - timedelta(days=400)
    Feedback.objects.filter(pk__in=[old.pk, still_open.pk]).update(created_at=long_ago)
    Feedback.objects.filter(pk=old.pk).update(done_at=long_ago + timedelta(days=1))
    services.mark_feedback_done(recent, by=kai)
    call_command("flag_guide_reviews", "--dry-run")
    assert Feedback.objects.count() == 3
    call_command("flag_guide_reviews")
    assert set(Feedback.objects.values_list("pk", flat=True)) == {recent.pk, still_open.pk}
    event = AuditEvent.objects.get(action="feedback.pruned")
    assert event.changes["deleted"]["to"] == 1 and event.centre_id == offer.centre_id
