"""Marking a machine-made or outdated translation reviewed, and what the audit keeps of a
publication (the snapshot's checksum, never the snapshot)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from teilhabe.core.models import AuditEvent
from teilhabe.guide import services
from teilhabe.guide.models import OfferText

from . import factories as f


def test_it_marks_an_outdated_translation_reviewed_through_the_page(
    kai, bielefeld, verified_client
) -> None:
    offer = f.with_outdated_translation(bielefeld, kai)
    english = offer.texts.get(language="en")
    assert english.outdated_against(offer.texts.get(language="de"))
    client = verified_client(kai)
    page = client.get(offer.get_absolute_url()).content.decode()
    url = reverse("guide:text_reviewed", args=[bielefeld.pk, offer.pk, "en"])
    assert f'action="{url}"' in page
    assert reverse("guide:text_reviewed", args=[bielefeld.pk, offer.pk, "de"]) not in page
    assert client.post(url).status_code == 302
    english.refresh_from_db()
    assert not english.outdated_against(offer.texts.get(language="de"))
    assert english.reviewed_by == kai
    event = AuditEvent.objects.get(action="offer.translation_reviewed")
    assert event.actor == kai and "en.source_version" in event.changes


def test_it_clears_the_machine_made_flag(kai, bielefeld) -> None:
    offer = f.offer(bielefeld, kai)
    OfferText.objects.filter(offer=offer, language="en").update(machine_made=True)
    text = services.review_translation(offer.texts.get(language="en"), by=kai)
    assert text.machine_made is False
    with pytest.raises(ValidationError) as e:  # once is enough
        services.review_translation(text, by=kai)
    assert e.value.code == "already_reviewed"


def test_the_source_text_is_no_translation(kai, bielefeld) -> None:
    offer = f.offer(bielefeld, kai)
    with pytest.raises(ValidationError) as e:
        services.review_translation(offer.texts.get(language="de"), by=kai)
    assert e.value.code == "not_a_translation"


def test_publishing_keeps_the_snapshot_out_of_the_audit(kai, bielefeld) -> None:
    offer = f.published(bielefeld, kai)
    event = AuditEvent.objects.get(action="offer.published")
    assert "published_snapshot" not in event.changes
    offer.refresh_from_db()
    checksum = event.changes["published_snapshot_sha256"]
    assert checksum == {"from": None, "to": services.checksum(offer.published_snapshot)}
    assert event.changes["status"] == {"from": "draft", "to": "published"}
    assert "de.title" in event.changes  # what the publication changed, field by field
