"""The measures on the start page: the KI's people see their running measures and add one,
the coordination office keeps the catalogue and reads every KI's measures."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from teilhabe.core import roles
from teilhabe.core.registry import Step
from teilhabe.core.roles import AnyUser

from . import access
from .models import Measure, MeasureStatus


def measure_cards(user: AnyUser | None) -> Iterator[Step]:
    if user is None:
        return
    centre_id = roles.centre_id_of(user)
    if centre_id is not None and access.may_manage_measures(user, centre_id):
        counts = dict(
            Measure.objects.of_centre(centre_id)
            .filter(status__in=[MeasureStatus.PLANNED, MeasureStatus.RUNNING])
            .order_by()
            .values_list("status")
            .annotate(n=Count("pk"))
        )
        running, planned = (
            counts.get(MeasureStatus.RUNNING, 0),
            counts.get(MeasureStatus.PLANNED, 0),
        )
        text = " ".join(
            [
                ngettext("%(n)d measure is running.", "%(n)d measures are running.", running)
                % {"n": running},
                ngettext("%(n)d is planned.", "%(n)d are planned.", planned) % {"n": planned},
                _("Record the next one with its partners and targets."),
            ]
        )
        yield Step(
            _("Measures"),
            text,
            reverse("measures:add", args=[centre_id]),
            _("Add a measure"),
        )
        yield Step(
            _("Your measures"),
            _("Open the list to update a measure's status, targets and documents."),
            reverse("measures:list", args=[centre_id]),
            _("Open the measures"),
        )
    elif access.may_keep_catalogue(user):
        yield Step(
            _("Programme catalogue"),
            _("Keep the programme types the KIs' measures belong to, with their stages."),
            reverse("measures:catalogue"),
            _("Open the catalogue"),
        )
        yield Step(
            _("Measures of all KIs"),
            _("Read every KI's measures, filtered by KI and programme."),
            reverse("measures:all"),
            _("Open the measures of all KIs"),
        )
