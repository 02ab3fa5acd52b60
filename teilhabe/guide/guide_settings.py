"""A KI's choices for its public guide: which top-level categories its landing page lists and
a short introduction of its own. One audited write."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.core import audit
from teilhabe.core.actions import require

from . import access
from .models import INTRO_MAX, Category, GuideSettings


def settings_of(centre_id: int) -> GuideSettings | None:
    return (
        GuideSettings.objects.filter(centre_id=centre_id)
        .prefetch_related("shown_categories")
        .first()
    )


def top_categories() -> list[Category]:
    """The categories a KI may choose: the active top level of the tree."""
    return list(Category.objects.filter(parent=None, is_active=True))


@transaction.atomic
def update_guide_settings(
    centre: Centre, *, by: User, categories: Iterable[Category], intro: str
) -> GuideSettings:
    """Set which top-level categories the KI's guide lists (none: all) and its introduction.
    The KI's own people only (`not_permitted`); categories must be active and top-level
    (`not_top_level`), the introduction at most `INTRO_MAX` characters (`too_long`)."""
    require(by, access.may_manage_guide, centre.pk)
    chosen = list(categories)
    allowed = {c.pk for c in top_categories()}
    if any(c.pk not in allowed for c in chosen):
        raise ValidationError(
            {"categories": ValidationError(_("Choose top-level categories."), code="not_top_level")}
        )
    intro = intro.strip()
    if len(intro) > INTRO_MAX:
        raise ValidationError(
            {
                "intro": ValidationError(
                    _("The introduction may have at most %(max)d characters."),
                    code="too_long",
                    params={"max": INTRO_MAX},
                )
            }
        )
    settings, _created = GuideSettings.objects.select_for_update().get_or_create(centre=centre)
    before = {
        "categories": sorted(settings.shown_categories.values_list("code", flat=True)),
        "intro": settings.intro,
    }
    settings.intro = intro
    settings.save(update_fields=["intro", "updated_at"])
    settings.shown_categories.set(chosen)
    after = {"categories": sorted(c.code for c in chosen), "intro": intro}
    audit.record(
        settings,
        "guide.settings_changed",
        actor=by,
        changes=audit.diff(before, after),
        centre_id=centre.pk,
    )
    return settings
