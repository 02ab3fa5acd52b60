"""The KIs' measures along the education chain: the programme catalogue the coordination office
keeps, each KI's measures, and the records a measure's kind keeps — parent groups (Griffbereit,
Rucksack), the member schools of "Schule ohne Rassismus – Schule mit Courage", interpreter-pool
assignments and the school-counselling log.

Facts: `../shared/domain.md` "The KIs' work" and the seed's "Aufgaben" and "Beispielhafte
Ansätze". The figures controlling will read (groups, families, sessions, assignments by
language, schools, counselling contacts) are counted from these records by `figures.py`; no
figure is stored twice. Records hold no personal data of families or pupils: families and
participants are counts; the only people named are the parent companions, a school's patron
(a public figure) and business contacts.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from teilhabe.centres.models import Centre
from teilhabe.concepts.models import FocusArea
from teilhabe.network.models import LANGUAGES, Organisation, Stage
from teilhabe.territory.models import Municipality

BUDGET_MAX = Decimal("10000000.00")  # euros per measure: a KI's whole grant is far less
COUNT_MAX = 100_000  # families, people, target values: bounded before any sum
HOURS_MAX = Decimal("24.00")  # one assignment on one day


def language_choices() -> list[tuple[str, str]]:
    return [(code, str(label)) for code, label in LANGUAGES.items()]


class RecordKind(models.TextChoices):
    """What a programme's measures keep beside their own data (the records `figures.py`
    counts). Fixed in code: a new kind needs its own model and pages."""

    GENERAL = "general", _("measure data only")
    PARENT_GROUPS = "parent_groups", _("parent groups with companions and sessions")
    SCHOOL_NETWORK = "school_network", _("member schools with their yearly projects")
    INTERPRETING = "interpreting", _("interpreter-pool assignments")
    COUNSELLING = "counselling", _("school counselling log")


class ProgrammeType(models.Model):
    """A programme type of the catalogue the coordination office keeps (Griffbereit, Rucksack,
    Schule ohne Rassismus …). Never deleted once used; `is_active` hides it from new measures."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name (German)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    record_kind = models.CharField(
        _("records kept"), max_length=20, choices=RecordKind.choices, default=RecordKind.GENERAL
    )
    field_of_action = models.CharField(
        _("field of action"), max_length=20, choices=FocusArea.choices
    )
    # Codes of network.models.Stage, in the chain's order (validated by the service).
    stages = models.JSONField(_("stages of the education chain"), default=list, blank=True)
    is_active = models.BooleanField(_("offered for new measures"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    lock_version = models.PositiveIntegerField(default=0)

    # The history shows codes and linked rows in words (`core.audit_display`).
    value_labels: ClassVar[dict[str, Mapping[str, Any]]] = {"stages": dict(Stage.choices)}

    class Meta:
        ordering = ["order", "name", "pk"]
        verbose_name = _("programme type")
        verbose_name_plural = _("programme types")

    def __str__(self) -> str:
        from django.utils.translation import get_language

        return self.name_en if (get_language() or "de").startswith("en") else self.name

    @property
    def stage_labels(self) -> list[str]:
        labels = dict(Stage.choices)
        return [str(labels[s]) for s in self.stages if s in labels]


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    RUNNING = "running", _("running")
    COMPLETED = "completed", _("completed")
    CANCELLED = "cancelled", _("cancelled")


class FundingSource(models.TextChoices):
    KI_GRANT = "ki_grant", _("the KI's state grant")
    MUNICIPAL = "municipal", _("municipal budget")
    STATE_PROGRAMME = "state_programme", _("another state programme")
    FEDERAL = "federal", _("federal programme")
    EU = "eu", _("EU funds (e.g. ESF Plus, AMIF)")
    FOUNDATION = "foundation", _("foundation")
    MIXED = "mixed", _("several sources")
    NONE = "none", _("no own budget")


class MeasureQuerySet(models.QuerySet["Measure"]):
    def for_listing(self) -> MeasureQuerySet:
        return self.select_related("centre", "programme_type")

    def of_centre(self, centre_id: int) -> MeasureQuerySet:
        return self.filter(centre_id=centre_id)

    def in_period(self, start: object, end: object) -> MeasureQuerySet:
        """Measures that ran on at least one day of [start, end] (cancelled ones excluded)."""
        return self.exclude(status=MeasureStatus.CANCELLED).filter(
            Q(starts_on__lte=end) & (Q(ends_on__isnull=True) | Q(ends_on__gte=start))
        )

    def search(self, q: str) -> MeasureQuerySet:
        q = q.strip()
        if not q:
            return self
        return self.filter(
            Q(title__icontains=q) | Q(goals__icontains=q) | Q(location_notes__icontains=q)
        )


class Measure(models.Model):
    """One measure of a KI: a programme type carried out in a period, with partners."""

    centre = models.ForeignKey(
        Centre, on_delete=models.PROTECT, related_name="measures", verbose_name=_("KI")
    )
    programme_type = models.ForeignKey(
        ProgrammeType,
        on_delete=models.PROTECT,
        related_name="measures",
        verbose_name=_("programme type"),
    )
    title = models.CharField(_("title"), max_length=200)
    goals = models.TextField(_("goals"), blank=True)
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"), null=True, blank=True)
    municipalities = models.ManyToManyField(
        Municipality, blank=True, related_name="+", verbose_name=_("municipalities")
    )
    location_notes = models.CharField(_("locations"), max_length=500, blank=True)
    partners = models.ManyToManyField(
        Organisation, blank=True, related_name="measures", verbose_name=_("partners")
    )
    budget = models.DecimalField(
        _("own budget (euros)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0.00")), MaxValueValidator(BUDGET_MAX)],
    )
    funding_source = models.CharField(
        _("funding source"),
        max_length=20,
        choices=FundingSource.choices,
        default=FundingSource.KI_GRANT,
    )
    funding_notes = models.CharField(_("notes on the funding"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED
    )
    lock_version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = MeasureQuerySet.as_manager()

    named_relations: ClassVar[tuple[str, ...]] = ("programme_type", "partners", "municipalities")

    class Meta:
        ordering = ["-starts_on", "title", "pk"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="measures_measure_ends_after_start",
                violation_error_code="period_reversed",
                violation_error_message=_("The end date must not be before the start date."),
            )
        ]
        indexes = [models.Index(fields=["centre", "starts_on"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("measures:detail", args=[self.centre_id, self.pk])

    @property
    def takes_records(self) -> bool:
        """Whether its records may still be added and changed (not once it is cancelled; the
        services check it again under the row lock: `validation.refuse_if_cancelled`)."""
        return self.status != MeasureStatus.CANCELLED


class MeasureTarget(models.Model):
    """A target of a measure. Where a figure of `figures.py` counts it (`figure`), the actual
    value is read from the records, never typed; otherwise the KI enters `actual`."""

    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="targets", verbose_name=_("measure")
    )
    label = models.CharField(_("target"), max_length=200)
    figure = models.CharField(_("counted from the records as"), max_length=60, blank=True)
    target = models.PositiveIntegerField(
        _("target value"), validators=[MaxValueValidator(COUNT_MAX)]
    )
    actual = models.PositiveIntegerField(
        _("actual value"), null=True, blank=True, validators=[MaxValueValidator(COUNT_MAX)]
    )
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")

    def __str__(self) -> str:
        return self.label


def document_upload_to(instance: MeasureDocument, filename: str) -> str:
    # Never the user's file name on disk.
    return f"measures/{instance.measure_id}/{instance.document_sha256[:16]}.pdf"


class MeasureDocument(models.Model):
    """A document of a measure (concept, flyer, report), a PDF checked by content."""

    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, related_name="documents", verbose_name=_("measure")
    )
    title = models.CharField(_("title"), max_length=200)
    document = models.FileField(
        _("document (PDF)"), upload_to=document_upload_to, max_length=300, blank=True
    )
    document_name = models.CharField(_("file name"), max_length=255, blank=True)
    document_size = models.PositiveIntegerField(_("file size in bytes"), default=0)
    document_sha256 = models.CharField(_("SHA-256 checksum"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title


# --- Parent groups (Griffbereit, griffbereitMINI, Rucksack KiTa, Rucksack Schule) ------------


class ParentCompanion(models.Model):
    """A trained parent companion (Elternbegleiterin) of a KI, who leads parent groups."""

    centre = models.ForeignKey(
        Centre, on_delete=models.PROTECT, related_name="+", verbose_name=_("KI")
    )
    name = models.CharField(_("name"), max_length=150)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    qualified_on = models.DateField(_("qualified on"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    value_labels: ClassVar[dict[str, Mapping[str, Any]]] = {"languages": LANGUAGES}

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("parent companion")
        verbose_name_plural = _("parent companions")

    def __str__(self) -> str:
        return self.name

    @property
    def language_labels(self) -> list[str]:
        return [str(LANGUAGES[c]) for c in self.languages if c in LANGUAGES]


class ParentGroup(models.Model):
    """One parent group of a Griffbereit or Rucksack measure at a site."""

    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, related_name="groups", verbose_name=_("measure")
    )
    site = models.CharField(_("site"), max_length=200)
    institution = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("institution"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    companions = models.ManyToManyField(
        ParentCompanion, blank=True, related_name="groups", verbose_name=_("parent companions")
    )
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"), null=True, blank=True)
    families = models.PositiveIntegerField(
        _("families taking part"), default=0, validators=[MaxValueValidator(COUNT_MAX)]
    )
    lock_version = models.PositiveIntegerField(default=0)

    value_labels: ClassVar[dict[str, Mapping[str, Any]]] = {"languages": LANGUAGES}
    named_relations: ClassVar[tuple[str, ...]] = ("institution", "municipality", "companions")

    class Meta:
        ordering = ["-starts_on", "site", "pk"]
        verbose_name = _("parent group")
        verbose_name_plural = _("parent groups")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="measures_group_ends_after_start",
                violation_error_code="period_reversed",
                violation_error_message=_("The end date must not be before the start date."),
            )
        ]

    def __str__(self) -> str:
        return self.site

    @property
    def language_labels(self) -> list[str]:
        return [str(LANGUAGES[c]) for c in self.languages if c in LANGUAGES]


class GroupSession(models.Model):
    """A session a parent group held (one per day)."""

    group = models.ForeignKey(
        ParentGroup, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("group")
    )
    held_on = models.DateField(_("held on"))
    families_present = models.PositiveIntegerField(
        _("families present"), default=0, validators=[MaxValueValidator(COUNT_MAX)]
    )
    topic = models.CharField(_("topic"), max_length=200, blank=True)

    class Meta:
        ordering = ["-held_on", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "held_on"],
                name="measures_one_session_per_group_and_day",
                violation_error_code="duplicate_session",
                violation_error_message=_("This group already has a session on this day."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.group} {self.held_on}"


# --- Schule ohne Rassismus – Schule mit Courage ----------------------------------------------


class SchoolMembership(models.Model):
    """A member school of the network the KI coordinates regionally. A school joins when at
    least 70 % of its pupils and staff have signed (`rules.signature_share_sufficient`), then
    runs a project every year and has a patron."""

    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, related_name="schools", verbose_name=_("measure")
    )
    school = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("school")
    )
    title_awarded_on = models.DateField(_("title awarded on"))
    signatures = models.PositiveIntegerField(
        _("signatures"), validators=[MaxValueValidator(COUNT_MAX)]
    )
    school_members = models.PositiveIntegerField(
        _("pupils and staff"), validators=[MinValueValidator(1), MaxValueValidator(COUNT_MAX)]
    )
    patron = models.CharField(_("patron"), max_length=200)
    left_on = models.DateField(_("left the network on"), null=True, blank=True)
    lock_version = models.PositiveIntegerField(default=0)

    named_relations: ClassVar[tuple[str, ...]] = ("school",)

    class Meta:
        ordering = ["school__name", "pk"]
        verbose_name = _("member school")
        verbose_name_plural = _("member schools")
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "school"],
                name="measures_school_once_per_measure",
                violation_error_code="duplicate_school",
                violation_error_message=_("This school is already a member."),
            ),
            models.CheckConstraint(
                condition=Q(signatures__lte=F("school_members")),
                name="measures_signatures_within_members",
                violation_error_code="signatures_exceed_members",
                violation_error_message=_("There cannot be more signatures than pupils and staff."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.school)


class SchoolProject(models.Model):
    """A school's yearly project, the evidence that keeps its title."""

    membership = models.ForeignKey(
        SchoolMembership,
        on_delete=models.CASCADE,
        related_name="projects",
        verbose_name=_("member school"),
    )
    held_on = models.DateField(_("held on"))
    title = models.CharField(_("project"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["-held_on", "pk"]
        verbose_name = _("school project")
        verbose_name_plural = _("school projects")

    def __str__(self) -> str:
        return self.title


# --- Interpreter pool and school counselling ------------------------------------------------


class InterpretingPurpose(models.TextChoices):
    SCHOOL = "school", _("talk at a school")
    KITA = "kita", _("talk at a Kita")
    COUNSELLING = "counselling", _("counselling at the KI")
    PARENTS_EVENING = "parents_evening", _("parents' evening")
    AUTHORITY = "authority", _("appointment at an authority")
    HEALTH = "health", _("health appointment")
    OTHER = "other", _("other")


class InterpreterAssignment(models.Model):
    """One assignment of the interpreter pool: when, which language, what for, how long."""

    measure = models.ForeignKey(
        Measure,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("measure"),
    )
    held_on = models.DateField(_("date"))
    language = models.CharField(_("language"), max_length=5, choices=language_choices)
    purpose = models.CharField(_("purpose"), max_length=20, choices=InterpretingPurpose.choices)
    institution = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("institution"),
    )
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(HOURS_MAX)],
    )
    interpreter = models.CharField(_("interpreter"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    named_relations: ClassVar[tuple[str, ...]] = ("institution",)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("interpreter assignment")
        verbose_name_plural = _("interpreter assignments")
        indexes = [models.Index(fields=["measure", "held_on"])]

    def __str__(self) -> str:
        return f"{self.held_on} {self.language}"


class CounsellingTopic(models.TextChoices):
    ALL_DAY = "all_day", _("all-day schooling")
    HERITAGE_LANGUAGE = "heritage_language", _("heritage-language teaching")
    INTEGRATION_POSTS = "integration_posts", _("use of the integration posts")
    NEWLY_ARRIVED = "newly_arrived", _("newly arrived pupils")
    OTHER = "other", _("other")


class ContactForm(models.TextChoices):
    ON_SITE = "on_site", _("on site")
    PHONE = "phone", _("by telephone")
    ONLINE = "online", _("online")


class CounsellingContact(models.Model):
    """One counselling contact with a school (seed: advising schools on all-day schooling,
    heritage-language teaching and the integration posts)."""

    measure = models.ForeignKey(
        Measure,
        on_delete=models.PROTECT,
        related_name="counselling",
        verbose_name=_("measure"),
    )
    held_on = models.DateField(_("date"))
    school = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("school")
    )
    topic = models.CharField(_("topic"), max_length=20, choices=CounsellingTopic.choices)
    form = models.CharField(
        _("form"), max_length=10, choices=ContactForm.choices, default=ContactForm.ON_SITE
    )
    outcome = models.TextField(_("outcome"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    named_relations: ClassVar[tuple[str, ...]] = ("school",)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("counselling contact")
        verbose_name_plural = _("counselling contacts")
        indexes = [models.Index(fields=["measure", "held_on"])]

    def __str__(self) -> str:
        return f"{self.held_on} {self.school}"


class SchoolReminder(models.Model):
    """A reminder sent because a member school went a year without a project: one per school
    and due date, so `remind_school_projects` never sends the same reminder twice (a project
    moves the due date on, and a later lapse is reminded again)."""

    membership = models.ForeignKey(
        SchoolMembership,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("member school"),
    )
    due_on = models.DateField(_("project due on"))
    sent_at = models.DateTimeField(_("sent"))
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("school project reminder")
        verbose_name_plural = _("school project reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "due_on"],
                name="measures_one_reminder_per_school_and_due_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.membership} {self.due_on}"
