"""The state's territory: Regierungsbezirke, districts, municipalities, and the 54 grantees."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DistrictKind(models.TextChoices):
    KREIS = "kreis", _("District (Kreis)")
    KREISFREIE_STADT = "kreisfreie_stadt", _("District-free city (kreisfreie Stadt)")


class Regierungsbezirk(models.Model):
    """One of the five government regions; its key is the first three digits of its districts'."""

    key = models.CharField(_("key"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("government region (Regierungsbezirk)")
        verbose_name_plural = _("government regions (Regierungsbezirke)")

    def __str__(self) -> str:
        return self.name


class District(models.Model):
    """A Kreis or kreisfreie Stadt with its official 5-digit key (Kreisschlüssel)."""

    key = models.CharField(_("district key"), max_length=5, unique=True)
    ars = models.CharField(_("Regionalschlüssel"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=DistrictKind.choices)
    regierungsbezirk = models.ForeignKey(
        Regierungsbezirk,
        on_delete=models.PROTECT,
        related_name="districts",
        verbose_name=_("government region"),
    )
    population = models.PositiveIntegerField(_("population"))
    population_date = models.DateField(_("population on"))

    class Meta:
        ordering = ["key"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    """A Gemeinde with its 8-digit Amtlicher Gemeindeschlüssel (AGS)."""

    ags = models.CharField(_("municipality key"), max_length=8, unique=True)
    ars = models.CharField(_("Regionalschlüssel"), max_length=12, unique=True)
    name = models.CharField(_("official name"), max_length=150)
    short_name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20)
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        related_name="municipalities",
        verbose_name=_("district"),
    )
    population = models.PositiveIntegerField(_("population"))
    population_date = models.DateField(_("population on"))
    postcode = models.CharField(_("postcode of the administration"), max_length=5)
    lat = models.DecimalField(max_digits=9, decimal_places=6)
    lon = models.DecimalField(max_digits=9, decimal_places=6)

    class Meta:
        ordering = ["ags"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.short_name


class Grantee(models.Model):
    """A body that may run a KI and receive its grant: the 53 districts and the City of Aachen.

    `kind` is the legal status that the funding guideline looks at: the City of Aachen counts as a
    kreisfreie Stadt although it lies inside the Städteregion Aachen.
    """

    key = models.CharField(_("key"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=DistrictKind.choices)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="grantees", verbose_name=_("district")
    )
    population = models.PositiveIntegerField(_("population"))
    population_date = models.DateField(_("population on"))

    class Meta:
        ordering = ["key"]
        verbose_name = _("grantee")
        verbose_name_plural = _("grantees")

    def __str__(self) -> str:
        return self.name

    def municipalities(self) -> models.QuerySet[Municipality]:
        """The municipalities of the grantee's area: for a grantee that is one municipality
        (the City of Aachen) that one; for a district, its municipalities except those that are
        grantees of their own (the Städteregion Aachen without the City of Aachen)."""
        if len(self.key) == 8:
            return Municipality.objects.filter(ags=self.key)
        own = Grantee.objects.filter(district_id=self.district_id).exclude(pk=self.pk)
        return Municipality.objects.filter(district_id=self.district_id).exclude(
            ags__in=own.values("key")
        )
