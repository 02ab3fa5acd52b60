"""Property: whatever text arrives, what is stored carries no bidirectional override or isolate
(U+202A to U+202E, U+2066 to U+2069) and everything else unchanged — through every write path of the
ORM. The expected value is computed by code point ranges, not with `core.bidi`."""

from __future__ import annotations

from datetime import date

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.db import models
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.core import audit, bidi
from teilhabe.core.models import AuditEvent
from teilhabe.funding.models import InformationRequest
from teilhabe.funding.tests import factories

pytestmark = pytest.mark.django_db

CONTROLS = [chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]]
# Pieces of any text, letters of both directions, the harmless marks LRM/RLM and the controls.
texts = st.lists(
    st.one_of(
        st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=8),
        st.sampled_from(["a", "ä", "\u05d0", "\u0627", "\u200e", "\u200f", " "]),
        st.sampled_from(CONTROLS),
    ),
    max_size=12,
).map("".join)
examples = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def expected(text: str) -> str:
    return "".join(
        c for c in text if not (0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069)
    )


@pytest.fixture
def request_row(bielefeld: Centre, anna: User) -> InformationRequest:
    application = factories.application(bielefeld, year=2026)
    return InformationRequest.objects.create(
        application=application, message="-", due_date=date(2026, 3, 1), requested_by=anna
    )


@examples
@given(text=texts)
def test_save_and_create_store_and_hold_the_text_without_controls(
    text: str, bielefeld: Centre, request_row: InformationRequest
) -> None:
    bielefeld.street = text
    bielefeld.save()
    assert bielefeld.street == expected(text)  # the instance holds what the database holds
    assert Centre.objects.get(pk=bielefeld.pk).street == expected(text)
    created = InformationRequest.objects.create(
        application=request_row.application,
        message=text,
        due_date=date(2026, 3, 1),
        requested_by=request_row.requested_by,
    )
    assert created.message == expected(text)
    assert InformationRequest.objects.get(pk=created.pk).message == expected(text)


@examples
@given(text=texts, other=texts)
def test_update_bulk_update_and_bulk_create_store_the_text_without_controls(
    text: str, other: str, bielefeld: Centre, request_row: InformationRequest
) -> None:
    Centre.objects.filter(pk=bielefeld.pk).update(city=text)
    assert Centre.objects.get(pk=bielefeld.pk).city == expected(text)
    request_row.message = other
    InformationRequest.objects.bulk_update([request_row], ["message"])
    assert InformationRequest.objects.get(pk=request_row.pk).message == expected(other)
    (made,) = InformationRequest.objects.bulk_create(
        [
            InformationRequest(
                application=request_row.application,
                message=text,
                answer=other,
                due_date=date(2026, 3, 1),
                requested_by=request_row.requested_by,
            )
        ]
    )
    stored = InformationRequest.objects.get(pk=made.pk)
    assert (stored.message, stored.answer) == (expected(text), expected(other))


@examples
@given(text=texts)
def test_the_audit_trail_stores_labels_and_changes_without_controls(
    text: str, bielefeld: Centre, anna: User
) -> None:
    event = audit.record(
        bielefeld, "centre.updated", actor=anna, changes={"street": {"from": text, "to": [text]}}
    )
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.changes == {"street": {"from": expected(text), "to": [expected(text)]}}


def test_a_lookup_finds_the_stored_text(bielefeld: Centre) -> None:
    bielefeld.street = "Nieder\u202ewall 23"
    bielefeld.save()
    assert Centre.objects.filter(street="Nieder\u202ewall 23").get() == bielefeld


def test_every_text_field_of_our_apps_is_guarded_and_no_other() -> None:
    fields = [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField | models.JSONField)
    ]
    ours = [(m, f) for m, f in fields if m.__module__.startswith("teilhabe.")]
    assert len(ours) > 50
    assert [f"{m.__name__}.{f.name}" for m, f in ours if not bidi.is_guarded(f)] == []
    assert not bidi.is_guarded(Group._meta.get_field("name"))
