"""Guideline data for the calculator tests: straight from the data migration."""

from __future__ import annotations

import importlib
from decimal import Decimal

import pytest

from teilhabe.funding import rules
from teilhabe.funding.models import Guideline

_migration = importlib.import_module("teilhabe.funding.migrations.0002_guideline_versions")
_max_age = importlib.import_module("teilhabe.funding.migrations.0004_concept_max_age")


def _pure(version: dict) -> rules.GuidelineData:
    """The migration's rows as plain data (no database: for the property tests)."""
    return rules.GuidelineData(
        code=version["code"],
        title=version["title"],
        valid_from=version["valid_from"],
        valid_until=version["valid_until"],
        citation=version["citation"],
        specialist_amount=version["specialist_amount"],
        assistant_amount=version["assistant_amount"],
        annual_cap_kreis=version["annual_cap_kreis"],
        annual_cap_kreisfreie_stadt=version["annual_cap_kreisfreie_stadt"],
        interpreter_pool_cap=version["interpreter_pool_cap"],
        in_kind_teachers=2,
        in_kind_value=Decimal("100000"),
        concept_max_age_years=3 if version["code"] in _max_age.VERSIONS_WITH_MAX_AGE else None,
        groups=tuple(
            rules.PositionGroupData(code, name, frozenset(cats), max_fte, kind, version["citation"])
            for code, name, cats, max_fte, kind in version["groups"]
        ),
    )


PURE_GUIDELINES = tuple(_pure(v) for v in _migration.VERSIONS)


@pytest.fixture
def guideline(db: None):  # type: ignore[no-untyped-def]
    """The stored version with this code, as the calculator sees it."""

    def get(code: str) -> rules.GuidelineData:
        return Guideline.objects.prefetch_related("position_groups").get(code=code).to_data()

    return get
