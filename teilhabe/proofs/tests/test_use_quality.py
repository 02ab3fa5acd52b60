"""`quality.proofs_checked`: per KI with a grant, was the proof of use of the year checked?"""

from __future__ import annotations

from datetime import date

import pytest

from teilhabe.proofs import use_services as services
from teilhabe.proofs.quality import proofs_checked

from . import use_factories as f

pytestmark = pytest.mark.django_db


def test_it_answers_per_funded_ki_checked_pending_or_missed(
    anna, carla, bernd, bielefeld, dortmund, django_assert_max_num_queries
) -> None:
    check = f.in_check(bielefeld, anna, bernd)
    f.granted(dortmund)  # Dortmund never submitted
    before_due = date(2026, 6, 30)
    with django_assert_max_num_queries(2):
        assert proofs_checked(2025, today=before_due) == {bielefeld.pk: None, dortmund.pk: None}
    assert proofs_checked(2025, today=date(2026, 7, 1)) == {
        bielefeld.pk: False,
        dortmund.pk: False,
    }
    services.conclude_check(check, by=bernd, reasons="", expected_version=1)
    assert proofs_checked(2025, today=date(2026, 7, 1)) == {
        bielefeld.pk: True,
        dortmund.pk: False,
    }
    assert proofs_checked(2025, [dortmund.pk], today=before_due) == {dortmund.pk: None}
    assert proofs_checked(2024) == {}
