"""The guide's demo: Bielefeld and Dortmund with a language course of every type and other
offers in de/en/ar, an outdated and a machine-made translation, Paul's offer waiting for
review, Bielefeld's review flags, public feedback and Arabic machine translation (marked on the
public page), bulk offers of other KIs; a second run adds nothing."""

from __future__ import annotations

import pytest

from teilhabe.accounts.demo import seed_accounts_demo
from teilhabe.core.models import AuditEvent
from teilhabe.guide.demo import seed_guide_demo
from teilhabe.guide.models import (
    CourseType,
    Feedback,
    LanguageCourse,
    Offer,
    OfferText,
    review_state_of,
)
from teilhabe.network.demo import seed_network_demo

pytestmark = pytest.mark.django_db


def test_the_demo_fills_the_guides_once(territory, client) -> None:
    list(seed_accounts_demo())
    seed_network_demo()
    lines = seed_guide_demo()
    assert len(lines) == 5, lines
    for key in ("05711", "05913"):
        offers = Offer.objects.filter(centre__grantee__key=key)
        types = LanguageCourse.objects.filter(offer__in=offers).values_list(
            "course_type", flat=True
        )
        assert sorted(types) == sorted(CourseType.values)
        assert set(offers.values_list("status", flat=True)) >= {"published"}
        texts = OfferText.objects.filter(offer__in=offers)
        assert set(texts.values_list("language", flat=True)) == {"de", "en", "ar"}
        assert texts.filter(machine_made=True).exists()
        outdated = [
            t for t in texts.select_related("offer") if t.outdated_against(t.offer.text_in("de"))
        ]
        assert {t.language for t in outdated} == {"en", "ar"}
        for location in Offer.objects.filter(centre__grantee__key=key).first().locations.all():
            assert location.municipality.ags.startswith(key) and location.lat is not None
    waiting = Offer.objects.get(provider__memberships__user__username="paul")
    assert waiting.status == "in_review"
    assert AuditEvent.objects.filter(action="offer.submitted", actor__username="paul").exists()
    bielefeld = Offer.objects.filter(centre__grantee__key="05711", status="published")
    states = {o.category.code: review_state_of(o) for o in bielefeld.select_related("category")}
    assert states["sport"] == "due" and states["housing"] == "hidden"
    assert list(states.values()).count("current") == len(states) - 2
    housing = bielefeld.get(category__code="housing")
    assert client.get(housing.get_public_url()).status_code == 404
    feedback = Feedback.objects.filter(offer__centre__grantee__key="05711")
    assert feedback.count() == 2 and feedback.filter(done_at__isnull=True).count() == 1
    assert AuditEvent.objects.filter(action="feedback.done", actor__username="kai").count() == 1
    work = bielefeld.get(category__code="work")
    assert work.texts.get(language="ar").machine_made
    page = client.get(work.get_public_url() + "?lang=ar").content.decode()
    assert "data-machine-made" in page
    assert (
        "data-machine-made" not in client.get(work.get_public_url() + "?lang=de").content.decode()
    )
    others = Offer.objects.exclude(centre__grantee__key__in=("05711", "05913"))
    assert others.count() == 52 * 5 and not others.filter(published_snapshot={}).exists()
    assert others.values("centre").distinct().count() == 52
    other_courses = LanguageCourse.objects.filter(offer__in=others)
    assert set(other_courses.values_list("course_type", flat=True)) == set(CourseType.values)
    course = other_courses.select_related("offer").first()
    assert course.offer.published_snapshot["course"]["course_type"] == course.course_type
    snapshot = others.order_by("pk").first().published_snapshot
    assert snapshot["locations"][0]["uuid"] == str(
        others.order_by("pk").first().locations.get().uuid
    )
    assert client.get(others.first().get_public_url()).status_code == 200
    # Each Kreis holds one offer in two of its towns, found by the second town's key.
    dueren = others.filter(centre__grantee__key="05358")
    (two,) = [o for o in dueren if len(o.published_snapshot["locations"]) == 2]
    second = two.locations.order_by("pk")[1].municipality.ags
    found = client.get("/api/v1/guide/offers", {"municipality": second}).json()["results"]
    assert str(two.uuid) in {r["id"] for r in found}

    def counts() -> tuple[int, ...]:
        return (
            Offer.objects.count(),
            OfferText.objects.count(),
            AuditEvent.objects.count(),
            Feedback.objects.count(),
            OfferText.objects.filter(machine_made=True).count(),
        )

    before = counts()
    assert seed_guide_demo() == []
    assert counts() == before
