"""The guide's demo: Bielefeld and Dortmund with a language course of every type and other
offers in de/en/ar, an outdated and a machine-made translation, Paul's offer waiting for
review, bulk offers of other KIs; a second run adds nothing."""

from __future__ import annotations

import pytest

from teilhabe.accounts.demo import seed_accounts_demo
from teilhabe.core.models import AuditEvent
from teilhabe.guide.demo import seed_guide_demo
from teilhabe.guide.models import CourseType, LanguageCourse, Offer, OfferText
from teilhabe.network.demo import seed_network_demo

pytestmark = pytest.mark.django_db


def test_the_demo_fills_the_guides_once(territory, client) -> None:
    list(seed_accounts_demo())
    seed_network_demo()
    lines = seed_guide_demo()
    assert len(lines) == 4, lines
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
    counts = (Offer.objects.count(), OfferText.objects.count(), AuditEvent.objects.count())
    assert seed_guide_demo() == []
    assert (Offer.objects.count(), OfferText.objects.count(), AuditEvent.objects.count()) == counts
