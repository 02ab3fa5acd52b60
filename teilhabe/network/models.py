"""The KIs' partner network: organisations, their business contacts, cooperation agreements,
and the partner accounts that keep an organisation's own data.

Facts: `../shared/domain.md` "The KIs' work" (the partners the programme names, the stages of
the education chain). Only business data: an organisation's office address and contacts by
their function, never private addresses or telephone numbers.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
import uuid
from collections.abc import Mapping
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from teilhabe.centres.models import Centre, phone_validator, postcode_validator
from teilhabe.core.import_jobs import ImportJobBase, stored_file_path
from teilhabe.core.import_jobs import ImportState as ImportState  # the network's code names it here
from teilhabe.territory.models import Municipality


class OrganisationType(models.TextChoices):
    """The partners the programme names (seed "Mit wem arbeiten …"), then the bodies the
    integration concept involves, then the rest."""

    INTEGRATION_AGENCY = "integration_agency", _("integration agency")
    SCHOOL = "school", _("school")
    KITA = "kita", _("Kita (day-care centre for children)")
    YOUTH_WELFARE = "youth_welfare", _("youth welfare")
    REFUGEE_WORK = "refugee_work", _("multiplier of refugee work")
    SPORTS_CLUB = "sports_club", _("sports club")
    MIGRANT_ORGANISATION = "migrant_organisation", _("migrant organisation")
    INTEGRATION_COUNCIL = "integration_council", _("integration council or committee")
    INTEGRATION_OFFICER = "integration_officer", _("municipal integration officer")
    CHURCH = "church", _("church or religious community")
    SCHOOL_SUPERVISION = "school_supervision", _("school supervision")
    SCHOOL_OFFICE = "school_office", _("school office")
    WELFARE_ASSOCIATION = "welfare_association", _("welfare association")
    FOUNDATION = "foundation", _("foundation")
    OTHER = "other", _("other")


class Stage(models.TextChoices):
    """The stages of the education chain (domain.md, "The KIs' work")."""

    EARLY_YEARS = "early_years", _("early years")
    KITA = "kita", _("Kita")
    SCHOOL = "school", _("school")
    YOUTH_WORK = "youth_work", _("out-of-school youth work")
    TRANSITION = "transition", _("transition to training, study and work")


# ISO 639-1 codes of the languages partners work in most (the languages of the parent-group
# materials and of the largest immigrant groups in NRW); a bounded list, so a filter can offer it.
LANGUAGES: dict[str, StrOrPromise] = {
    "de": _("German"),
    "ar": _("Arabic"),
    "bg": _("Bulgarian"),
    "bs": _("Bosnian"),
    "el": _("Greek"),
    "en": _("English"),
    "es": _("Spanish"),
    "fa": _("Persian"),
    "fr": _("French"),
    "hr": _("Croatian"),
    "it": _("Italian"),
    "ku": _("Kurdish"),
    "pl": _("Polish"),
    "ps": _("Pashto"),
    "pt": _("Portuguese"),
    "ro": _("Romanian"),
    "ru": _("Russian"),
    "sq": _("Albanian"),
    "so": _("Somali"),
    "sr": _("Serbian"),
    "ti": _("Tigrinya"),
    "tr": _("Turkish"),
    "uk": _("Ukrainian"),
    "ur": _("Urdu"),
    "vi": _("Vietnamese"),
    "zh": _("Chinese"),
}
MAX_LANGUAGES = len(LANGUAGES)

_NOT_WORD = re.compile(r"[^0-9a-z]+")
_LEGAL_FORMS = re.compile(r"\b(e ?v|ggmbh|gmbh|ggmbh|gug|ug|ag|eg|kdör|kdoer)\b")


def normalised_name(name: str) -> str:
    """The name as matching sees it: lower case, umlauts spelt out, legal forms and punctuation
    dropped ("Caritasverband Bielefeld e. V." and "caritasverband bielefeld ev" are one)."""
    text = name.lower().replace("ß", "ss")
    text = text.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = _NOT_WORD.sub(" ", text.replace(".", ""))
    text = _LEGAL_FORMS.sub(" ", text)
    return " ".join(text.split())


def match_key(name: str, postcode: str) -> str:
    """The stable key an import matches rows by: the normalised name and the postcode."""
    return f"{normalised_name(name)}|{postcode.strip()}"[:300]


def validate_codes(values: object, allowed: object, *, limit: int, code: str) -> list[str]:
    """A list of known codes (in the enumeration's order, without repeats), or ValidationError."""
    if not isinstance(values, list | tuple) or not all(isinstance(v, str) for v in values):
        raise ValidationError(_("Choose from the list."), code=code)
    known = list(allowed)  # type: ignore[call-overload]
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise ValidationError(
            _("Unknown choice: %(codes)s") % {"codes": ", ".join(unknown[:5])}, code=code
        )
    if len(set(values)) > limit:
        raise ValidationError(_("Choose at most %(n)d.") % {"n": limit}, code=code)
    return [c for c in known if c in set(values)]


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def for_listing(self) -> OrganisationQuerySet:
        return self.select_related("municipality", "centre")

    def of_centre(self, centre_id: int) -> OrganisationQuerySet:
        return self.filter(centre_id=centre_id)

    def with_stage(self, stage: str) -> OrganisationQuerySet:
        # JSON lists as text: portable (SQLite has no JSON containment); codes are quoted, and
        # no code is another's quoted substring.
        return self.filter(stages__icontains=f'"{stage}"')

    def with_language(self, language: str) -> OrganisationQuerySet:
        return self.filter(languages__icontains=f'"{language}"')

    def search(self, q: str) -> OrganisationQuerySet:
        q = q.strip()
        if not q:
            return self
        return self.filter(
            Q(name__icontains=q)
            | Q(street__icontains=q)
            | Q(postcode__startswith=q)
            | Q(areas_of_work__icontains=q)
            | Q(contacts__name__icontains=q)
        ).distinct()


class Organisation(models.Model):
    """A partner organisation of one KI. Its `uuid` is its stable id in open data (the HSDS
    `organization.id` of the offers it provides)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    centre = models.ForeignKey(
        Centre, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("KI")
    )
    type = models.CharField(_("type"), max_length=30, choices=OrganisationType.choices)
    name = models.CharField(_("name"), max_length=200)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(
        _("postcode"), max_length=5, blank=True, validators=[postcode_validator]
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    email = models.EmailField(_("business e-mail"), max_length=200, blank=True)
    phone = models.CharField(
        _("business telephone"), max_length=30, blank=True, validators=[phone_validator]
    )
    website = models.URLField(_("website"), max_length=200, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    areas_of_work = models.CharField(_("areas of work"), max_length=500, blank=True)
    stages = models.JSONField(_("stages of the education chain"), default=list, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("merged into"),
    )
    match_key = models.CharField(max_length=300, editable=False, db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = OrganisationQuerySet.as_manager()
    # The words for the codes of the JSON lists, which carry no choices: the history and the
    # audit trail show "Türkisch, Arabisch", not ["tr", "ar"] (`core.audit_display`).
    value_labels: ClassVar[dict[str, Mapping[str, StrOrPromise]]] = {
        "languages": LANGUAGES,
        "stages": dict(Stage.choices),
    }
    # Foreign keys the history names by the row's text: "Bielefeld", not "No. 12".
    named_relations: ClassVar[tuple[str, ...]] = ("municipality",)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        indexes = [models.Index(fields=["centre", "match_key"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        # The key is derived, never typed: kept with every save of name or postcode.
        self.match_key = match_key(self.name, self.postcode)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "match_key"}  # type: ignore[misc]
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_absolute_url(self) -> str:
        return reverse("network:detail", args=[self.centre_id, self.pk])

    def clean(self) -> None:
        errors = {}
        for name, allowed, limit in (
            ("languages", LANGUAGES, MAX_LANGUAGES),
            ("stages", Stage.values, len(Stage)),
        ):
            try:
                setattr(
                    self,
                    name,
                    validate_codes(
                        getattr(self, name), allowed, limit=limit, code="invalid_choice"
                    ),
                )
            except ValidationError as e:
                errors[name] = e
        if errors:
            raise ValidationError(errors)

    @property
    def stage_labels(self) -> list[str]:
        labels = dict(Stage.choices)
        return [str(labels[s]) for s in self.stages if s in labels]

    @property
    def language_labels(self) -> list[str]:
        return [str(LANGUAGES[c]) for c in self.languages if c in LANGUAGES]


class ContactPerson(models.Model):
    """Someone to contact at an organisation, by business contact data only."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=150)
    function = models.CharField(_("function"), max_length=150, blank=True)
    email = models.EmailField(_("business e-mail"), max_length=200, blank=True)
    phone = models.CharField(
        _("business telephone"), max_length=30, blank=True, validators=[phone_validator]
    )

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")

    def __str__(self) -> str:
        return self.name


class AgreementKind(models.TextChoices):
    COOPERATION = "cooperation", _("cooperation agreement")
    FRAMEWORK = "framework", _("framework agreement")
    LETTER_OF_INTENT = "letter_of_intent", _("letter of intent")
    SERVICE = "service", _("service agreement")
    OTHER = "other", _("other agreement")


def agreement_upload_to(instance: CooperationAgreement, filename: str) -> str:
    # Never the user's file name on disk.
    return f"network/{instance.organisation_id}/agreement-{instance.document_sha256[:16]}.pdf"


class CooperationAgreement(models.Model):
    """A written agreement between the KI and an organisation, with its signed PDF."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AgreementKind.choices)
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)
    document = models.FileField(
        _("document (PDF)"), upload_to=agreement_upload_to, max_length=300, blank=True
    )
    document_name = models.CharField(_("file name"), max_length=255, blank=True)
    document_size = models.PositiveIntegerField(_("file size in bytes"), default=0)
    document_sha256 = models.CharField(_("SHA-256 checksum"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-since", "pk"]
        verbose_name = _("cooperation agreement")
        verbose_name_plural = _("cooperation agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=models.F("since")),
                name="network_agreement_ends_after_start",
                violation_error_code="period_reversed",
                violation_error_message=_("The end date must not be before the start date."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.organisation})"


class PartnerMembership(models.Model):
    """The organisation a partner account (role `partner`) belongs to: one at most."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="partner_membership",
        verbose_name=_("user account"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("partner account")
        verbose_name_plural = _("partner accounts")

    def __str__(self) -> str:
        return f"{self.user} → {self.organisation}"


class UndoneChange(models.Model):
    """A partner's change the KI undid: each change once, and the undo's own event."""

    event = models.OneToOneField(
        "core.AuditEvent", on_delete=models.PROTECT, related_name="+", verbose_name=_("change")
    )
    undo_event = models.OneToOneField(
        "core.AuditEvent", on_delete=models.PROTECT, related_name="+", verbose_name=_("undo")
    )

    class Meta:
        verbose_name = _("undone partner change")
        verbose_name_plural = _("undone partner changes")

    def __str__(self) -> str:
        return f"{self.event_id} → {self.undo_event_id}"


def stall_after() -> datetime.timedelta:
    """How long a queued or running import may go without progress before it counts as
    stalled (`NETWORK_IMPORT_STALL_MINUTES`, default 10): a batch of 500 rows takes seconds."""
    return datetime.timedelta(minutes=settings.NETWORK_IMPORT_STALL_MINUTES)


def import_upload_to(instance: ImportJob, filename: str) -> str:
    # The shared path (`core.import_jobs.stored_file_path`), under the name migration 0002 gives.
    return stored_file_path(instance, filename)


class ImportJob(ImportJobBase):
    """One upload of organisations from a CSV or XLSX file (the shared job,
    `core.import_jobs`): kept as uploaded until its user confirms the column mapping, then run by
    the background worker (`tasks.run_import_task`). A stalled job may be started again."""

    url_namespace = "network"

    file = models.FileField(_("file"), upload_to=import_upload_to, max_length=300, blank=True)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    created = models.PositiveIntegerField(_("organisations added"), default=0)
    updated = models.PositiveIntegerField(_("organisations changed"), default=0)
    unchanged = models.PositiveIntegerField(_("organisations unchanged"), default=0)

    class Meta(ImportJobBase.Meta):
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    @classmethod
    def stall_after(cls) -> datetime.timedelta:
        return stall_after()
