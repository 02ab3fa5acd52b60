"""The integration guide's content: a category tree, offers of a KI (with an optional provider
from the partner network), their texts per language, locations and, for language courses, the
course details the federal course search shows.

Stable UUIDs per offer and location (the provider's is the organisation's, later) let the open
data map to Open Referral HSDS 3.0 (`service.id`, `location.id`) without changing ids.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from teilhabe.centres.models import Centre, postcode_validator
from teilhabe.core.import_jobs import ImportJobBase, stored_file_path
from teilhabe.network.models import Organisation
from teilhabe.territory.models import Municipality

from . import public_labels, rules, sanitise

# The content languages of the guide (issue 19, "Languages"): BCP 47 tags; Leichte Sprache is
# its own variant of German (a private-use subtag, so `lang` stays valid HTML).
LANGUAGES: dict[str, StrOrPromise] = {
    "de": _("German"),
    "de-x-ls": _("German (easy language)"),
    "en": _("English"),
    "ar": _("Arabic"),
    "tr": _("Turkish"),
    "uk": _("Ukrainian"),
    "ru": _("Russian"),
    "fa": _("Persian"),
    "pl": _("Polish"),
    "ro": _("Romanian"),
    "bg": _("Bulgarian"),
}
LANGUAGE_CHOICES = list(LANGUAGES.items())
RTL_LANGUAGES = frozenset({"ar", "fa"})

# NRW's bounding box with a margin (the state lies within 50.32–52.53 N, 5.86–9.46 E).
LAT_MIN, LAT_MAX = Decimal("50.3"), Decimal("52.6")
LON_MIN, LON_MAX = Decimal("5.8"), Decimal("9.5")


class OfferStatus(models.TextChoices):
    DRAFT = rules.DRAFT, _("draft")
    IN_REVIEW = rules.IN_REVIEW, _("in review")
    PUBLISHED = rules.PUBLISHED, _("published")
    ARCHIVED = rules.ARCHIVED, _("archived")


class TargetGroup(models.TextChoices):
    EVERYONE = "everyone", _("everyone")
    NEWCOMERS = "newcomers", _("newly arrived people")
    REFUGEES = "refugees", _("refugees")
    WOMEN = "women", _("women")
    PARENTS = "parents", _("parents and families")
    CHILDREN = "children", _("children")
    YOUTH = "youth", _("young people")
    OLDER = "older", _("older people")
    PROFESSIONALS = "professionals", _("professionals and volunteers")


class CostKind(models.TextChoices):
    FREE = "free", _("free of charge")
    AMOUNT = "amount", _("with a fee")


class CourseType(models.TextChoices):
    """The federal integration-course types (§ 13 IntV) and the job-related language course
    (§ 45a AufenthG, DeuFöV); the category tree has one child per type."""

    GENERAL = "general", _("general integration course")
    YOUTH = "youth", _("integration course for young adults")
    PARENTS = "parents", _("integration course for parents")
    WOMEN = "women", _("integration course for women")
    LITERACY = "literacy", _("literacy course")
    INTENSIVE = "intensive", _("intensive course")
    JOB_RELATED = "job_related", _("job-related language course")
    SECOND_CHANCE = "second_chance", _("second-writing-system course")


class Level(models.TextChoices):
    A1, A2, B1, B2, C1, C2 = "A1", "A2", "B1", "B2", "C1", "C2"


class ClassFormat(models.TextChoices):
    FULL_TIME = "full_time", _("full-time")
    PART_TIME = "part_time", _("part-time")
    EVENING = "evening", _("evening")
    WEEKEND = "weekend", _("weekend")
    ONLINE = "online", _("online")
    ON_REQUEST = "on_request", _("on request")


LANGUAGE_COURSES = "language_courses"
FEEDBACK_MAX_LENGTH = 1000
FEEDBACK_RETENTION_DAYS = 365  # done feedback is deleted 12 months after it was marked done


def course_category_code(course_type: str) -> str:
    return f"course_{course_type}"


class Category(models.Model):
    """A node of the maintained category tree (adjacency list: a tree this small needs no
    nested sets, and moving a node is one update)."""

    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent category"),
    )
    code = models.SlugField(_("code"), max_length=50, unique=True)
    name_de = models.CharField(_("German name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)  # the API's Last-Modified

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "de").startswith("en") else self.name_de

    @property
    def public_name(self) -> str:
        """The name in the public guide's active language (all eleven, `public_labels`); a
        category not yet translated there keeps its German/English name."""
        return public_labels.category_name(self.code, default=self.name)

    @property
    def is_language_course(self) -> bool:
        return self.code == LANGUAGE_COURSES or self.code.startswith("course_")


class OfferQuerySet(models.QuerySet["Offer"]):
    def for_listing(self) -> OfferQuerySet:
        return self.select_related("category", "provider", "centre").prefetch_related("texts")

    def of_centre(self, centre_id: int) -> OfferQuerySet:
        return self.filter(centre_id=centre_id)

    def published(self) -> OfferQuerySet:
        """Offers with a published version that are not archived, however old their review:
        the KI keeps these up to date (a hidden one reappears once confirmed as current)."""
        return self.exclude(status=OfferStatus.ARCHIVED).exclude(published_at=None)

    def for_public_display(self, today: date | None = None) -> OfferQuerySet:
        """What the public sees: published offers whose review is not too old to show
        (`rules.review_state` "hidden" from GUIDE_REVIEW_HIDE_DAYS on). The public sees the
        version the KI published (its snapshot), also while a change waits for review."""
        return self.published().exclude(last_reviewed_on__lte=hide_cutoff(today))

    def review_due(self, today: date | None = None) -> OfferQuerySet:
        """Published offers due for review or already hidden (GUIDE_REVIEW_FLAG_DAYS on)."""
        return self.published().filter(
            Q(last_reviewed_on__lte=flag_cutoff(today)) | Q(last_reviewed_on=None)
        )

    def in_review_state(self, state: str, today: date | None = None) -> OfferQuerySet:
        """Published offers in one `rules.review_state` (the KI's list filter)."""
        published = self.published()
        never = Q(last_reviewed_on=None)
        if state == rules.HIDDEN:
            return published.filter(last_reviewed_on__lte=hide_cutoff(today))
        if state == rules.DUE:
            return published.filter(
                Q(last_reviewed_on__lte=flag_cutoff(today), last_reviewed_on__gt=hide_cutoff(today))
                | never
            )
        return published.filter(last_reviewed_on__gt=flag_cutoff(today))


def flag_cutoff(today: date | None = None) -> date:
    return rules.review_cutoff(today or timezone.localdate(), settings.GUIDE_REVIEW_FLAG_DAYS)


def hide_cutoff(today: date | None = None) -> date:
    return rules.review_cutoff(today or timezone.localdate(), settings.GUIDE_REVIEW_HIDE_DAYS)


def review_state_of(offer: Offer, today: date | None = None) -> rules.ReviewState:
    return rules.review_state(
        offer.last_reviewed_on,
        today or timezone.localdate(),
        settings.GUIDE_REVIEW_FLAG_DAYS,
        settings.GUIDE_REVIEW_HIDE_DAYS,
    )


class Offer(models.Model):
    """One offer of a KI's guide."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    centre = models.ForeignKey(
        Centre, on_delete=models.PROTECT, related_name="guide_offers", verbose_name=_("KI")
    )
    provider = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="guide_offers",
        verbose_name=_("provider"),
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="offers", verbose_name=_("category")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=OfferStatus.choices, default=OfferStatus.DRAFT
    )
    source_language = models.CharField(
        _("source language"), max_length=10, choices=LANGUAGE_CHOICES, default="de"
    )
    target_groups = models.JSONField(_("target groups"), default=list, blank=True)
    languages = models.JSONField(_("languages the offer is held in"), default=list, blank=True)
    cost = models.CharField(
        _("cost"), max_length=10, choices=CostKind.choices, default=CostKind.FREE
    )
    cost_amount = models.DecimalField(
        _("fee in euros"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    registration_until = models.DateField(_("register until"), null=True, blank=True)
    free_places = models.PositiveIntegerField(_("free places"), null=True, blank=True)
    contact_name = models.CharField(_("contact"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), max_length=200, blank=True)
    contact_phone = models.CharField(_("contact telephone"), max_length=30, blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)
    next_start = models.DateField(_("next start"), null=True, blank=True)
    hours_per_week = models.DecimalField(
        _("hours per week"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    last_reviewed_on = models.DateField(_("last reviewed on"), null=True, blank=True)
    # The review state (rules.review_state) the KI was last told of by `flag_guide_reviews`,
    # "" once reviewed again: each state change is notified once.
    review_notified = models.CharField(max_length=10, blank=True, default="", editable=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_snapshot = models.JSONField(default=dict, blank=True, editable=False)
    # What an imported record had that the guide has no field for (HSDS fields, unknown CSV
    # columns): kept, shown to the KI and written back out by the exports (issue 19).
    hsds_extra = models.JSONField(default=dict, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    lock_version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "pk"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        constraints = [
            models.CheckConstraint(
                condition=Q(cost="free", cost_amount__isnull=True)
                | Q(cost="amount", cost_amount__gt=0),
                name="guide_offer_cost_amount",
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__isnull=True)
                | Q(hours_per_week__gt=0, hours_per_week__lte=168),
                name="guide_offer_hours_per_week",
            ),
        ]
        indexes = [
            models.Index(fields=["centre", "status"]),
            # The public lists exclude offers reviewed on or before the hide cutoff.
            models.Index(fields=["last_reviewed_on"], name="guide_offer_reviewed_idx"),
        ]

    def __str__(self) -> str:
        return self.title or str(self.uuid)

    def get_absolute_url(self) -> str:
        return reverse("guide:offer", args=[self.centre_id, self.pk])

    def get_public_url(self) -> str:
        return reverse("guide:public_offer", args=[self.uuid])

    def text_in(self, language: str) -> OfferText | None:
        for text in self.texts.all():  # prefetched on lists
            if text.language == language:
                return text
        return None

    @property
    def title(self) -> str:
        text = self.text_in(self.source_language)
        return text.title if text is not None else ""


class Feedback(models.Model):
    """Anonymous feedback on a public offer ("information outdated", with an optional
    comment) for its KI. Nothing about the sender is stored: no address, no account, no
    browser; the rate limit keeps only a keyed hash of the address in the cache for an hour.
    The KI marks it done; done feedback is deleted after `FEEDBACK_RETENTION_DAYS`."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="feedback")
    comment = models.TextField(_("comment"), max_length=FEEDBACK_MAX_LENGTH, blank=True)
    # The language the visitor read the page in (which translation the remark may be about).
    language = models.CharField(_("page language"), max_length=10, blank=True)
    created_at = models.DateTimeField(_("received"), default=timezone.now)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("done by"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("feedback on an offer")
        verbose_name_plural = _("feedback on offers")
        indexes = [
            models.Index(fields=["offer", "done_at"], name="guide_feedback_open_idx"),
            models.Index(fields=["done_at"], name="guide_feedback_done_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(done_at__isnull=True) | Q(done_at__gte=models.F("created_at")),
                name="guide_feedback_done_after_received",
            )
        ]

    def __str__(self) -> str:
        return f"feedback {self.pk} on offer {self.offer_id}"

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class OfferText(models.Model):
    """The offer's text in one language. The source language's text has a `version` that
    goes up whenever its words change; a translation remembers the version it was made from
    (`source_version`), so it is outdated once the source moved on
    (`rules.translation_outdated`)."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=10, choices=LANGUAGE_CHOICES)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    # The free texts beside the description, translated with it (issue 19: a newcomer reads
    # how to register and when the offer takes place in their language too).
    registration_how = models.CharField(_("how to register"), max_length=300, blank=True)
    recurrence = models.CharField(_("dates or recurrence"), max_length=200, blank=True)
    duration = models.CharField(_("duration"), max_length=100, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1)
    source_version = models.PositiveIntegerField(default=1)
    machine_made = models.BooleanField(_("machine translation"), default=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ["offer", "language"]
        verbose_name = _("offer text")
        verbose_name_plural = _("offer texts")
        constraints = [
            models.UniqueConstraint(fields=["offer", "language"], name="guide_text_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"

    @property
    def is_rtl(self) -> bool:
        return self.language in RTL_LANGUAGES

    def is_current_human(self, source: OfferText) -> bool:
        """A person wrote or reviewed this translation and its source has not moved on: a
        machine translation replaces it only when asked to."""
        return not self.machine_made and not self.outdated_against(source)

    def outdated_against(self, source: OfferText | None) -> bool:
        if source is None:
            return False
        return rules.translation_outdated(
            is_source=source.pk == self.pk,
            source_version=source.version,
            based_on=self.source_version,
        )


# The words of an offer in one language (`OfferText`'s fields): written per language, outdated
# together when the source's words change, translated by machine and in XLIFF, exported per
# language. The description is sanitised HTML, the others plain text.
TEXT_FIELDS = (
    "title",
    "summary",
    "description",
    "registration_how",
    "recurrence",
    "duration",
    "opening_hours",
)
# The plain texts shown beside the description ("When", "Registration and contact"): where a
# translation leaves one empty, the public sees the source language's (`public.details`).
DETAIL_FIELDS = ("registration_how", "recurrence", "duration", "opening_hours")


def text_field(name: str) -> models.Field[Any, Any]:
    """The `OfferText` field of one of `TEXT_FIELDS` (its label and length)."""
    field = OfferText._meta.get_field(name)
    assert isinstance(field, models.Field)
    return field


# The most characters of each (the description's before cleaning).
TEXT_LIMITS: dict[str, int] = {
    name: text_field(name).max_length or sanitise.MAX_LENGTH for name in TEXT_FIELDS
}


MAX_LOCATIONS = 20  # per offer: the form, the imports and the search bound it


class Location(models.Model):
    """Where an offer takes place: in a municipality of its KI's area."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="locations")
    name = models.CharField(_("name of the place"), max_length=200, blank=True)
    street = models.CharField(_("street and number"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=5, validators=[postcode_validator])
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    lat = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    lon = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    step_free = models.BooleanField(_("step-free access"), null=True, blank=True)
    languages = models.JSONField(_("languages spoken there"), default=list, blank=True)

    class Meta:
        ordering = ["offer", "pk"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        constraints = [
            models.CheckConstraint(
                condition=Q(lat__isnull=True, lon__isnull=True)
                | Q(lat__gte=LAT_MIN, lat__lte=LAT_MAX, lon__gte=LON_MIN, lon__lte=LON_MAX),
                name="guide_location_in_nrw",
            )
        ]

    def __str__(self) -> str:
        return f"{self.street}, {self.postcode} {self.municipality_id}"


class LanguageCourse(models.Model):
    """What the federal course search shows of a language course, for offers in the
    language-course branch."""

    offer = models.OneToOneField(Offer, on_delete=models.CASCADE, related_name="course")
    course_type = models.CharField(_("course type"), max_length=20, choices=CourseType.choices)
    target_level = models.CharField(_("target level"), max_length=2, choices=Level.choices)
    class_format = models.CharField(_("class format"), max_length=12, choices=ClassFormat.choices)
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    registration_deadline = models.DateField(_("registration deadline"), null=True, blank=True)
    places = models.PositiveIntegerField(_("places"), default=0)
    places_taken = models.PositiveIntegerField(_("places taken"), default=0)
    childcare = models.BooleanField(_("childcare during the course"), default=False)
    free_with_entitlement = models.BooleanField(
        _("free with an entitlement"),
        default=False,
        help_text=_("E.g. with an obligation or entitlement to attend (§ 44, § 44a AufenthG)."),
    )

    class Meta:
        verbose_name = _("language course")
        verbose_name_plural = _("language courses")
        constraints = [
            models.CheckConstraint(
                condition=Q(places_taken__lte=models.F("places")),
                name="guide_course_taken_within_places",
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="guide_course_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_course_type_display()} {self.target_level}"

    @property
    def free_places(self) -> int:
        return rules.free_places(self.places, self.places_taken)

    def as_dict(self) -> dict[str, Any]:
        return {
            name: (str(v) if (v := getattr(self, name)) is not None else None)
            if name in ("starts_on", "ends_on", "registration_deadline")
            else getattr(self, name)
            for name in COURSE_FIELDS
        }


COURSE_FIELDS = (
    "course_type",
    "target_level",
    "class_format",
    "starts_on",
    "ends_on",
    "registration_deadline",
    "places",
    "places_taken",
    "childcare",
    "free_with_entitlement",
)


INTRO_MAX = 600


class GuideSettings(models.Model):
    """What a KI's public guide shows: the top-level categories it lists on its landing page
    (none chosen: all of them) and a short introduction of its own (in German; without one the
    page says in the visitor's language what the guide is)."""

    centre = models.OneToOneField(
        Centre, on_delete=models.CASCADE, related_name="guide_settings", verbose_name=_("KI")
    )
    shown_categories = models.ManyToManyField(
        Category,
        blank=True,
        related_name="+",
        verbose_name=_("categories shown"),
        help_text=_("None chosen: the guide shows every category that has offers."),
    )
    intro = models.TextField(_("introduction"), max_length=INTRO_MAX, blank=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("guide settings")
        verbose_name_plural = _("guide settings")

    def __str__(self) -> str:
        return str(self.centre_id)


class JobState(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class TranslationJob(models.Model):
    """One request to translate an offer into several languages by machine, run by the
    background worker (`tasks.run_translation_job`); `done` and `failed` show its progress."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="translation_jobs")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    languages = models.JSONField(_("languages"), default=list)
    done = models.JSONField(_("languages done"), default=list, blank=True)
    failed = models.JSONField(_("languages failed"), default=dict, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=JobState.choices, default=JobState.QUEUED
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("machine translation")
        verbose_name_plural = _("machine translations")

    def __str__(self) -> str:
        return f"{self.offer_id}: {', '.join(self.languages)}"

    @property
    def finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED)


class XliffImport(models.Model):
    """An uploaded XLIFF file from a translation agency, parsed and waiting for its uploader
    to confirm the preview (`services.confirm_xliff_import`). `rows` holds what the file
    brings per offer, `errors` the units that could not be used."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    file_name = models.CharField(_("file name"), max_length=255)
    language = models.CharField(_("language"), max_length=10, choices=LANGUAGE_CHOICES)
    rows = models.JSONField(default=list)
    errors = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("XLIFF import")
        verbose_name_plural = _("XLIFF imports")

    def __str__(self) -> str:
        return self.file_name


def offer_import_upload_to(instance: OfferImport, filename: str) -> str:
    # The shared path (`core.import_jobs.stored_file_path`), under the name migration 0007 gives.
    return stored_file_path(instance, filename)


class OfferImport(ImportJobBase):
    """One upload of offers (the guide's CSV or HSDS 3.0 JSON; the shared job,
    `core.import_jobs`): kept as uploaded until its user has seen the preview and confirmed,
    then run by the background worker (`tasks.run_offer_import_task`, `importing.run_import`)."""

    url_namespace = "guide"

    # None: the operators' `import_offers` command (the system).
    created_by = models.ForeignKey(  # type: ignore[assignment]
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    file = models.FileField(_("file"), upload_to=offer_import_upload_to, max_length=300, blank=True)
    default_category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("default category"),
    )
    publish = models.BooleanField(_("publish at once"), default=False)
    created = models.PositiveIntegerField(_("offers added"), default=0)
    updated = models.PositiveIntegerField(_("offers changed"), default=0)
    unchanged = models.PositiveIntegerField(_("offers unchanged"), default=0)

    class Meta(ImportJobBase.Meta):
        verbose_name = _("offer import")
        verbose_name_plural = _("offer imports")


class SearchEntry(models.Model):
    """What the public search reads (`guide/search/`): one row per published offer and
    language of its published texts, denormalised from the published snapshot (never the
    working copy), with the filter fields and the first location's coordinates (shown with a
    hit; the offer's every location is a `SearchPlace`). Rebuilt by
    `search.index.reindex_offer` whenever the snapshot or the offer's visibility changes,
    and by `manage.py rebuild_guide_search`.

    Multi-valued filters are stored as delimited text (",de,ar,"), so one `contains` filters
    and one aggregate counts every value on both databases. Full text: on PostgreSQL the
    `vector` column (a GIN index, created in migration 0004 on PostgreSQL only), on SQLite
    the FTS5 table `guide_search_fts` (rowid = this row's id, stemmed in Python)."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="search_entries")
    offer_uuid = models.UUIDField()
    language = models.CharField(max_length=10)
    is_source = models.BooleanField(default=False)
    text_languages = models.CharField(max_length=200)  # ",de,en,ar,": languages with a text
    config = models.CharField(max_length=20)  # the text search configuration of `language`
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=500, blank=True)
    body = models.TextField(blank=True)  # the description's text, without markup
    category_code = models.CharField(max_length=50)
    category_name_de = models.CharField(max_length=100)
    category_name_en = models.CharField(max_length=100)
    branch_code = models.CharField(max_length=50)  # the top-level category
    branch_name_de = models.CharField(max_length=100)
    branch_name_en = models.CharField(max_length=100)
    # The first location's, shown with a hit; what is filtered on is every location's
    # (`SearchPlace`), and the district facet counts `district_keys`, every location's.
    district_key = models.CharField(max_length=5, blank=True)
    district_name = models.CharField(max_length=100, blank=True)
    municipality_key = models.CharField(max_length=8, blank=True)
    district_keys = models.CharField(max_length=400, blank=True)  # ",05334,05358,"
    place_count = models.PositiveSmallIntegerField(default=0)
    languages = models.CharField(max_length=400, blank=True)  # held in, ",de,ar,"
    target_groups = models.CharField(max_length=400, blank=True)  # ",women,parents,"
    free_of_charge = models.BooleanField()
    step_free = models.BooleanField(null=True)
    next_start = models.DateField(null=True)
    free_places = models.PositiveIntegerField(null=True)
    level = models.CharField(max_length=2, blank=True)
    class_format = models.CharField(max_length=12, blank=True)
    lat = models.FloatField(null=True)
    lon = models.FloatField(null=True)
    address = models.CharField(max_length=450, blank=True)
    vector = SearchVectorField(null=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "language"], name="guide_search_per_language")
        ]
        # No index on language: it matches a third of the table, and PostgreSQL OR-ed bitmaps
        # of it into every search (bench/RESULTS.md); the full-text and place conditions
        # narrow far more. The place conditions are `SearchPlace`'s, indexed there.
        indexes = [
            models.Index(fields=["category_code"]),
            models.Index(fields=["next_start"]),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"


class SearchPlace(models.Model):
    """One location of a searched offer (`guide/search/`): where the place filters (district,
    municipality, step-free access, distance from a point) look, so an offer held in Aachen
    and in Düren is found near either, at the distance of its nearer place. Written with the
    offer's `SearchEntry` rows from the same published snapshot, at most
    `MAX_LOCATIONS` per offer; a location without a municipality or coordinates
    matches no filter that needs them."""

    offer = models.ForeignKey(
        Offer, on_delete=models.CASCADE, related_name="search_places", db_index=False
    )
    position = models.PositiveSmallIntegerField()  # the location's order in the snapshot
    district_key = models.CharField(max_length=5, blank=True)
    district_name = models.CharField(max_length=100, blank=True)
    municipality_key = models.CharField(max_length=8, blank=True)
    step_free = models.BooleanField(null=True)
    lat = models.FloatField(null=True)
    lon = models.FloatField(null=True)
    address = models.CharField(max_length=450, blank=True)

    class Meta:
        ordering = ["offer", "position"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "position"], name="guide_search_place_order")
        ]
        indexes = [
            models.Index(fields=["district_key"]),
            models.Index(fields=["municipality_key"]),
            models.Index(fields=["lat", "lon"]),
        ]

    def __str__(self) -> str:
        return self.address or f"{self.offer_id}/{self.position}"


class SearchRevision(models.Model):
    """One row: when the search table last changed (an offer published, republished,
    archived, reopened, or the table rebuilt) — the `Last-Modified` of the search API, which
    must move also when an offer leaves the results."""

    changed_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.changed_at.isoformat()
