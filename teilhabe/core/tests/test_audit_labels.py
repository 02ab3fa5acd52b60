"""Audit events read as words: the action's label and the labels of the changed fields."""

from __future__ import annotations

import pytest
from django.utils import translation

from teilhabe.core.audit import record
from teilhabe.core.templatetags.audit import action_label, changed_fields
from teilhabe.funding.tests import factories

pytestmark = pytest.mark.django_db


def test_it_names_fields_and_reverse_relations_by_their_labels(bielefeld, anna):
    application = factories.application(bielefeld)
    event = record(
        application,
        "application.draft_saved",
        actor=anna,
        changes={
            "work_plan_education": {"from": "", "to": "x"},
            "positions": {"from": [], "to": [1]},
            "no_such_field": {"from": 1, "to": 2},
        },
        centre_id=bielefeld.pk,
    )
    with translation.override("en"):
        assert action_label(event.action) == "draft saved"
        assert changed_fields(event) == (
            "work plan: integration through education, positions, no_such_field"
        )


def test_an_unknown_action_reads_as_words_not_as_its_code():
    assert action_label("guide.offer_published") == "guide: offer published"
