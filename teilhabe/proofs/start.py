"""The ministry's task on the start page: enter the base rate of a half-year that has begun.

The table covers each day up to the end of the half-year of its latest rate; once the next
half-year has begun, interest on its days cannot be computed until the rate the Bundesbank
announced is entered (it announces it on the first working day of the half-year)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.core.registry import Todo
from teilhabe.core.roles import AnyUser

from . import access, interest
from .models import BaseRate


def missing_rate_todos(user: AnyUser, *, today: date | None = None) -> list[Todo]:
    if not access.may_keep_base_rates(user):
        return []
    today = today or timezone.localdate()
    latest = BaseRate.objects.aggregate(latest=Max("valid_from"))["latest"]
    if latest is None:
        return []
    next_start = interest.half_year_end(latest) + timedelta(days=1)
    if today < next_start:
        return []
    return [
        Todo(
            _("Enter the base rate valid from %(day)s") % {"day": next_start.strftime("%d.%m.%Y")},
            reverse("proofs:base_rate_add"),
            due=next_start,
            overdue=True,
        )
    ]
