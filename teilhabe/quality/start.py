"""The coordination office's start card (the KIs whose status of last year has a pillar not
fulfilled) and the panel on a KI's page (its latest status). One query each."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from teilhabe.core.registry import Step
from teilhabe.core.roles import AnyUser

from . import access, display
from .models import Overall, QualityStatus


def unfulfilled_steps(user: AnyUser | None) -> list[Step]:
    if user is None or not access.may_recompute(user):
        return []
    year = timezone.localdate().year - 1
    n = QualityStatus.objects.computed().filter(year=year, overall=Overall.UNFULFILLED).count()
    if not n:
        return []
    return [
        Step(
            _("Quality status %(year)s") % {"year": year},
            ngettext(
                "%(n)d KI has pillars of its quality status %(year)s not fulfilled.",
                "%(n)d KIs have pillars of their quality status %(year)s not fulfilled.",
                n,
            )
            % {"n": n, "year": year},
            reverse("quality:overview") + f"?year={year}&unfulfilled=on",
            _("Show these KIs"),
        )
    ]


def centre_panel(user: AnyUser, centre: Any) -> Mapping[str, Any] | None:
    if not access.may_see_centre(user, centre.pk):
        return None
    latest = QualityStatus.objects.computed().filter(centre=centre).order_by("-year").first()
    return {
        "centre": centre,
        "status": latest,
        "rows": display.rows_of(latest.values) if latest else [],
        "icon": display.overall_icon(latest.overall) if latest else "info",
    }
