"""The objects behind the quality URLs for the URL matrix and the accessibility run: KI
Bielefeld, with the statuses of last year computed from the registered pillars."""

from __future__ import annotations

from django.utils import timezone

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.quality import services


def objects(anna: User, bielefeld: Centre) -> dict[str, dict[str, object]]:
    services.compute_statuses(timezone.localdate().year - 1)
    return {
        "quality:centre": {"centre_pk": bielefeld.pk},
        "quality:history": {"centre_pk": bielefeld.pk},
    }
