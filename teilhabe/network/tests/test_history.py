"""An organisation's history and the audit trail name codes in words: the languages, the stages
of the education chain, the type and the municipality, in German and in English."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from teilhabe.core.audit_display import change_lines, related_names
from teilhabe.core.models import AuditEvent
from teilhabe.network import services
from teilhabe.territory.models import Municipality

pytestmark = pytest.mark.django_db


def _partner_changes(org, paul):  # type: ignore[no-untyped-def]
    services.update_organisation(
        org,
        by=paul,
        data={"languages": ["tr", "ar", "uk"], "stages": ["kita"], "municipality": None},
    )
    bielefeld = Municipality.objects.get(ags="05711000")
    services.update_organisation(org, by=paul, data={"municipality": bielefeld})


def _lines(event: AuditEvent) -> dict[str, tuple[str, str]]:
    return {line.label: (line.before, line.after) for line in change_lines(event)}


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "de",
            [
                "Sprachen: Arabisch, Türkisch → Arabisch, Türkisch, Ukrainisch",
                "Stationen der Bildungskette: Kita, Schule → Kita",
                "Gemeinde: Bielefeld → –",
                "Gemeinde: – → Bielefeld",
            ],
        ),
        (
            "en",
            [
                "languages: Arabic, Turkish → Arabic, Turkish, Ukrainian",
                "stages of the education chain: Kita, school → Kita",
                "municipality: Bielefeld → –",
                "municipality: – → Bielefeld",
            ],
        ),
    ],
)
def test_the_partner_changes_on_the_page_read_in_words(
    language, expected, pauls, paul, anna, verified_client
) -> None:
    _partner_changes(pauls, paul)
    client = verified_client(anna)
    client.post(reverse("set_language"), {"language": language})
    page = client.get(pauls.get_absolute_url()).content.decode()
    for line in expected:
        assert f"<li>{line}</li>" in page
    assert "No. " not in page and "Nr. " not in page


def test_the_trail_names_the_type_the_stages_and_the_languages(org, anna) -> None:
    services.update_organisation(
        org, by=anna, data={"type": "kita", "stages": ["early_years", "kita"]}
    )
    events = AuditEvent.objects.filter(object_id=str(org.pk), action__startswith="organisation.")
    with translation.override("de"):
        changed = _lines(events.get(action="organisation.updated"))
        assert changed["Art"] == ("Migrantenselbstorganisation", "Kita (Kindertageseinrichtung)")
        assert changed["Stationen der Bildungskette"] == ("Kita, Schule", "frühe Kindheit, Kita")
    with translation.override("en"):
        added = _lines(events.get(action="organisation.added"))
        assert added["languages"] == ("–", "Arabic, Turkish")
        assert added["stages of the education chain"] == ("–", "Kita, school")
        assert added["municipality"] == ("–", "Bielefeld")


def test_a_code_nobody_declared_stays_as_it_was_recorded(org, anna) -> None:
    event = AuditEvent.objects.get(object_id=str(org.pk), action="organisation.added")
    event.changes = {"languages": {"from": None, "to": ["tr", "xx"]}, "municipality": {"to": 0}}
    with translation.override("en"):
        lines = _lines(event)
    assert lines["languages"] == ("–", "Turkish, xx")
    assert lines["municipality"] == ("–", "No. 0")  # a row that does not exist, by its number


def test_a_page_of_events_names_its_municipalities_in_one_query(
    org, anna, django_assert_num_queries
) -> None:
    bielefeld = Municipality.objects.get(ags="05711000")
    for _i in range(3):
        services.update_organisation(org, by=anna, data={"municipality": None})
        services.update_organisation(org, by=anna, data={"municipality": bielefeld})
    events = list(
        AuditEvent.objects.filter(object_id=str(org.pk), action="organisation.updated")
        .select_related("content_type")
        .order_by("pk")
    )
    with django_assert_num_queries(1):
        named = related_names(events)
        lines = [change_lines(e, named) for e in events]
    assert [line.after for event in lines for line in event] == ["–", "Bielefeld"] * 3


def test_the_audit_trail_page_shows_the_words(org, anna, verified_client) -> None:
    client = verified_client(anna)
    client.post(reverse("set_language"), {"language": "en"})
    page = client.get(reverse("core:audit_log")).content.decode()
    assert "<li>Languages: – → Arabic, Turkish</li>" in page
    assert "<li>Stages of the education chain: – → Kita, school</li>" in page
    assert "<li>Municipality: – → Bielefeld</li>" in page
