"""Funding guidelines (Förderrichtlinien) as data: versions, their amounts and position groups.

A version in force is never edited in place (the grant of every year must stay reproducible);
a change of the rules is a new version. The computation itself lives in `rules.py` and sees only
the plain `GuidelineData` that `Guideline.to_data()` produces.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teilhabe.funding import rules
from teilhabe.territory.models import DistrictKind


class Category(models.TextChoices):
    PEDAGOGICAL = "pedagogical", _("pedagogical specialist")
    ADMINISTRATIVE = "administrative", _("administrative specialist")
    ASSISTANT = "assistant", _("administrative assistant")


def refuse_if_in_force(valid_from: date, *, today: date | None = None) -> None:
    if valid_from <= (today or timezone.localdate()):
        raise ValidationError(
            _("A guideline version in force is never changed; add a new version instead."),
            code="guideline_in_force",
        )


class GuidelineQuerySet(models.QuerySet["Guideline"]):
    def in_force_on(self, day: date) -> GuidelineQuerySet:
        return self.filter(valid_from__lte=day).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day)
        )


class Guideline(models.Model):
    """One version of the funding guideline with its amounts per year."""

    code = models.CharField(_("version"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=200)
    valid_from = models.DateField(_("in force from"), unique=True)
    valid_until = models.DateField(_("in force until"), null=True, blank=True)
    citation = models.TextField(_("citation"))
    specialist_amount = models.DecimalField(
        _("amount per full-time specialist position"), max_digits=12, decimal_places=2
    )
    assistant_amount = models.DecimalField(
        _("amount per full-time assistant position"), max_digits=12, decimal_places=2
    )
    annual_cap_kreis = models.DecimalField(
        _("annual cap for a Kreis"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    annual_cap_kreisfreie_stadt = models.DecimalField(
        _("annual cap for a kreisfreie Stadt"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
    )
    interpreter_pool_cap = models.DecimalField(
        _("annual cap of the interpreter pool"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
    )
    in_kind_teachers = models.PositiveSmallIntegerField(_("teachers seconded (in kind)"))
    in_kind_value = models.DecimalField(
        _("value of the seconded teachers"), max_digits=12, decimal_places=2
    )
    concept_max_age_years = models.PositiveSmallIntegerField(
        _("maximum age of the integration concept in years"),
        null=True,
        blank=True,
        help_text=_("Empty: this version sets no maximum age."),
    )
    assumptions = models.TextField(_("assumptions"), blank=True)

    objects = GuidelineQuerySet.as_manager()

    class Meta:
        ordering = ["valid_from"]
        verbose_name = _("funding guideline version")
        verbose_name_plural = _("funding guideline versions")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="funding_guideline_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A safety net under the services (and the admin): versions in force are immutable.
        # The only change allowed is ending an open validity in the future, which is what
        # adding the next version does.
        stored = Guideline.objects.filter(pk=self.pk).first() if self.pk is not None else None
        if (
            stored is not None
            and stored.valid_from <= timezone.localdate()
            and (
                _changed_fields(stored, self) - {"valid_until"} or not _ends_in_future(stored, self)
            )
        ):
            refuse_if_in_force(stored.valid_from)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        refuse_if_in_force(self.valid_from)
        return super().delete(*args, **kwargs)

    def to_data(self) -> rules.GuidelineData:
        """The plain data the pure calculator works on (uses prefetched position groups)."""
        return rules.GuidelineData(
            code=self.code,
            title=self.title,
            valid_from=self.valid_from,
            valid_until=self.valid_until,
            citation=self.citation,
            specialist_amount=self.specialist_amount,
            assistant_amount=self.assistant_amount,
            annual_cap_kreis=self.annual_cap_kreis,
            annual_cap_kreisfreie_stadt=self.annual_cap_kreisfreie_stadt,
            interpreter_pool_cap=self.interpreter_pool_cap,
            in_kind_teachers=self.in_kind_teachers,
            in_kind_value=self.in_kind_value,
            concept_max_age_years=self.concept_max_age_years,
            groups=tuple(
                rules.PositionGroupData(
                    code=g.code,
                    name=g.name,
                    categories=frozenset(g.categories),
                    max_fte=g.max_fte,
                    district_kind=g.district_kind,
                    citation=g.citation,
                )
                for g in self.position_groups.all()
            ),
        )


def _changed_fields(a: Guideline, b: Guideline) -> set[str]:
    return {
        f.attname
        for f in Guideline._meta.concrete_fields
        if getattr(a, f.attname) != getattr(b, f.attname)
    }


def _ends_in_future(stored: Guideline, new: Guideline) -> bool:
    if stored.valid_until == new.valid_until:
        return True
    return stored.valid_until is None and (
        new.valid_until is not None and new.valid_until >= timezone.localdate()
    )


class PositionGroup(models.Model):
    """Municipal positions funded together up to a maximum of full-time equivalents."""

    guideline = models.ForeignKey(
        Guideline,
        on_delete=models.PROTECT,
        related_name="position_groups",
        verbose_name=_("guideline version"),
    )
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    categories = models.JSONField(
        _("categories"), help_text=_("The position categories counted against this maximum.")
    )
    max_fte = models.DecimalField(
        _("maximum full-time equivalents"), max_digits=5, decimal_places=2
    )
    district_kind = models.CharField(
        _("only for districts of kind"),
        max_length=20,
        choices=DistrictKind.choices,
        blank=True,
        help_text=_("Empty: applies to every kind of district."),
    )
    citation = models.TextField(_("citation"))

    class Meta:
        ordering = ["guideline", "pk"]
        verbose_name = _("position group")
        verbose_name_plural = _("position groups")
        constraints = [
            models.UniqueConstraint(
                fields=["guideline", "code", "district_kind"], name="funding_group_unique_code"
            ),
            models.CheckConstraint(condition=Q(max_fte__gt=Decimal(0)), name="funding_group_max"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            refuse_if_in_force(self.guideline.valid_from)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        refuse_if_in_force(self.guideline.valid_from)
        return super().delete(*args, **kwargs)
