"""Whether a KI took part in the evaluation, for the quality status (domain.md, "Quality
assurance": taking part in the evaluation is one of its four pillars)."""

from __future__ import annotations

from collections.abc import Collection

from django.utils.translation import gettext_lazy as _

from teilhabe.centres.models import Centre
from teilhabe.core.registry import QualityPillar

from .models import MeasurementPoint, Response, ResponseStatus


def took_part(year: int, centre_ids: Collection[int] | None = None) -> dict[int, bool | None]:
    """Per KI (all KIs, or those of `centre_ids`): True when it submitted its answers for
    every measurement point that closed in `year`, False when it missed one, None when no
    point closed that year (nothing to take part in). Three queries, whatever the number of KIs.

    A point counts in the year it closes: a survey open from December to January belongs to
    the year of its last day, when taking part was decided."""
    centres = Centre.objects.order_by("pk")
    if centre_ids is not None:
        centres = centres.filter(pk__in=list(centre_ids))
    ids = list(centres.values_list("pk", flat=True))
    points = set(MeasurementPoint.objects.filter(closes_on__year=year).values_list("pk", flat=True))
    if not points:
        return dict.fromkeys(ids)
    done: dict[int, set[int]] = {}
    for centre_id, point_id in Response.objects.filter(
        point_id__in=points, status=ResponseStatus.SUBMITTED, centre_id__in=ids
    ).values_list("centre_id", "point_id"):
        done.setdefault(centre_id, set()).add(point_id)
    return {pk: done.get(pk, set()) >= points for pk in ids}


PILLAR = QualityPillar(
    code="evaluation.took_part",
    order=30,
    label=_("Took part in the evaluation"),
    description=_(
        "The KI submitted its answers for every survey measurement point of the evaluation that "
        "closed in the year. Source: the evaluation's surveys in this platform."
    ),
    read=took_part,
)
