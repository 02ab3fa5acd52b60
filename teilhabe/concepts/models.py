"""A KI's integration concept, adopted by its council: the precondition for funding.

Each upload is a new version; older versions are kept. The current version (the highest number)
is what a new application refers to; an application keeps the version it was submitted with.
Facts: `../shared/domain.md` "Who is funded", seed "Voraussetzung".
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from teilhabe.centres.models import Centre


class AdoptingBody(models.TextChoices):
    RAT = "rat", _("council (Rat)")
    KREISTAG = "kreistag", _("district council (Kreistag)")


class FocusArea(models.TextChoices):
    EDUCATION = "education", _("integration through education along the education chain")
    CROSS_CUTTING = "cross_cutting", _("integration as a cross-cutting municipal task")
    VOLUNTEERING = "volunteering", _("coordinating volunteer work")


# § 7 (2012) / § 8 (2021) Teilhabe- und Integrationsgesetz NRW: both are mandatory.
MANDATORY_FOCUS_AREAS = frozenset({FocusArea.EDUCATION, FocusArea.CROSS_CUTTING})


class Actor(models.TextChoices):
    """The bodies the seed says an applicant involves from the start."""

    SCHOOL_SUPERVISION = "school_supervision", _("lower school supervision")
    SCHOOL_OFFICE = "school_office", _("municipal school office")
    YOUTH_WELFARE = "youth_welfare", _("youth welfare office")
    WELFARE_ASSOCIATIONS = "welfare_associations", _("welfare associations")
    INTEGRATION_COUNCIL = "integration_council", _("integration council (§ 27 GO NRW)")
    OTHER_PARTNERS = "other_partners", _("further local partners")


# Named by the seed as bodies to involve; "further local partners" are welcome, not required.
REQUIRED_ACTORS = frozenset(set(Actor) - {Actor.OTHER_PARTNERS})


def concept_upload_to(instance: IntegrationConcept, filename: str) -> str:
    # Never the user's file name on disk: the centre and version, plus the checksum.
    return f"concepts/{instance.centre_id}/v{instance.version}-{instance.document_sha256[:16]}.pdf"


class IntegrationConceptQuerySet(models.QuerySet["IntegrationConcept"]):
    def current_for(self, centre: Centre) -> IntegrationConcept | None:
        return self.filter(centre=centre).order_by("-version").first()


class IntegrationConcept(models.Model):
    """One version of a KI's integration concept as adopted by the council."""

    centre = models.ForeignKey(
        Centre, on_delete=models.PROTECT, related_name="concepts", verbose_name=_("KI")
    )
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    adopting_body = models.CharField(_("adopted by"), max_length=10, choices=AdoptingBody.choices)
    resolution_date = models.DateField(_("date of the council resolution"))
    focus_areas = models.JSONField(
        _("focus areas"), default=list, help_text=_("Codes of FocusArea the concept covers.")
    )
    actors = models.JSONField(
        _("actors involved"),
        default=list,
        help_text=_("Codes of Actor who took part in drawing up the concept."),
    )
    other_actors = models.TextField(_("further actors involved"), blank=True)
    attachment = models.CharField(
        _("organisational attachment"),
        max_length=300,
        help_text=_("Where the KI is attached in the administration."),
    )
    organisation = models.TextField(
        _("organisation of the centre"),
        help_text=_("How the KI is organised: an independent unit, its staff, its lead."),
    )
    document = models.FileField(_("document (PDF)"), upload_to=concept_upload_to, max_length=300)
    document_name = models.CharField(_("file name"), max_length=255)
    document_size = models.PositiveIntegerField(_("file size in bytes"))
    document_sha256 = models.CharField(_("SHA-256 checksum"), max_length=64)
    document_pages = models.PositiveIntegerField(_("pages"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = IntegrationConceptQuerySet.as_manager()

    class Meta:
        ordering = ["centre", "-version"]
        verbose_name = _("integration concept")
        verbose_name_plural = _("integration concepts")
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "version"], name="concepts_version_unique_per_centre"
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="concepts_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    def get_absolute_url(self) -> str:
        return reverse("concepts:detail", args=[self.centre_id, self.version])

    @property
    def missing_focus_areas(self) -> list[FocusArea]:
        return [area for area in FocusArea if area in MANDATORY_FOCUS_AREAS - set(self.focus_areas)]

    @property
    def missing_actors(self) -> list[Actor]:
        return [actor for actor in Actor if actor in REQUIRED_ACTORS - set(self.actors)]
