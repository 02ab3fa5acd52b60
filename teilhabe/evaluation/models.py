"""The surveys of the evaluation: questionnaires with their questions, the measurement points
they are sent for, and each KI's answers to one point.

A questionnaire is a draft while the evaluator writes it; sending it for a measurement point
freezes it (its questions never change again, so every answer refers to the question as it was
asked). A changed questionnaire is a new version (`previous`), questions matched by their code.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teilhabe.centres.models import Centre

SCALE = (1, 2, 3, 4, 5)


class Purpose(models.TextChoices):
    STOCK_TAKING = "stock_taking", _("stock-taking")
    PROCESS = "process", _("process evaluation")


class QuestionnaireStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    FROZEN = "frozen", _("sent (frozen)")


class Questionnaire(models.Model):
    """One version of a questionnaire the evaluator writes."""

    title = models.CharField(_("title"), max_length=200)
    purpose = models.CharField(
        _("purpose"), max_length=20, choices=Purpose.choices, default=Purpose.STOCK_TAKING
    )
    description = models.TextField(_("introduction for the KIs"), blank=True, max_length=3000)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_versions",
        verbose_name=_("previous version"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=QuestionnaireStatus.choices,
        default=QuestionnaireStatus.DRAFT,
    )
    frozen_at = models.DateTimeField(_("frozen at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    lock_version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ["title", "-version"]
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        constraints = [
            models.UniqueConstraint(
                fields=["title", "version"],
                name="evaluation_questionnaire_one_per_version",
                violation_error_code="duplicate_version",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    def get_absolute_url(self) -> str:
        return reverse("evaluation:questionnaire", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == QuestionnaireStatus.DRAFT


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("choice (one answer)")
    MULTIPLE = "multiple", _("choice (several answers)")
    NUMBER = "number", _("numeric value")
    TEXT = "text", _("text")
    SCALE = "scale", _("scale 1–5")


CHOICE_KINDS = frozenset({QuestionKind.SINGLE, QuestionKind.MULTIPLE})


class Question(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=10)
    code = models.SlugField(
        _("code"),
        max_length=40,
        help_text=_("Names the question's column in the exports; keep it across versions."),
    )
    text = models.CharField(_("question"), max_length=500)
    hint = models.CharField(_("hint"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    required = models.BooleanField(_("answer needed to submit"), default=True)
    # Choice questions: the options, one label each.
    choices = models.JSONField(_("options"), default=list, blank=True)
    # Number questions: the range an answer must lie in (both ends included).
    minimum = models.DecimalField(
        _("smallest value"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    maximum = models.DecimalField(
        _("largest value"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    # Scale questions: the labels of 1 to 5 (five, some may be empty).
    scale_labels = models.JSONField(_("labels of the scale"), default=list, blank=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "code"],
                name="evaluation_question_code_unique",
                violation_error_code="duplicate_code",
                violation_error_message=_("The questionnaire already has a question with it."),
            ),
            models.CheckConstraint(
                condition=Q(minimum__isnull=True)
                | Q(maximum__isnull=True)
                | Q(maximum__gte=F("minimum")),
                name="evaluation_question_range_ordered",
                violation_error_code="range_reversed",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def options(self) -> list[Any]:
        """The answers one may give to a choice or scale question, in order."""
        if self.kind in CHOICE_KINDS:
            return list(self.choices)
        if self.kind == QuestionKind.SCALE:
            return list(SCALE)
        return []

    def scale_label(self, value: int) -> str:
        labels = list(self.scale_labels) + [""] * 5
        label = labels[value - 1]
        return f"{value} – {label}" if label else str(value)


class MeasurementPointQuerySet(models.QuerySet["MeasurementPoint"]):
    def open_on(self, day: Any) -> MeasurementPointQuerySet:
        return self.filter(opens_on__lte=day, closes_on__gte=day)


class MeasurementPoint(models.Model):
    """A questionnaire sent to every KI, answered between `opens_on` and `closes_on`."""

    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.PROTECT,
        related_name="points",
        verbose_name=_("questionnaire"),
    )
    name = models.CharField(_("name"), max_length=150, unique=True)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = MeasurementPointQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_on", "name"]
        verbose_name = _("measurement point")
        verbose_name_plural = _("measurement points")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")),
                name="evaluation_point_closes_after_opening",
                violation_error_code="closes_before_opens",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("evaluation:point", args=[self.pk])

    def is_open(self, day: Any = None) -> bool:
        day = day or timezone.localdate()
        return self.opens_on <= day <= self.closes_on


class ResponseStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")


class Response(models.Model):
    """One KI's answers to one measurement point: `answers` by question code (a choice as its
    label, several choices as a list, a number as a string with a point, a scale as 1–5)."""

    point = models.ForeignKey(MeasurementPoint, on_delete=models.PROTECT, related_name="responses")
    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=10, choices=ResponseStatus.choices, default=ResponseStatus.DRAFT
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    lock_version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ["point", "centre__name"]
        verbose_name = _("answers of a KI")
        verbose_name_plural = _("answers of the KIs")
        constraints = [
            models.UniqueConstraint(
                fields=["point", "centre"],
                name="evaluation_response_one_per_centre",
                violation_error_code="duplicate_response",
            )
        ]

    def __str__(self) -> str:
        return f"{self.point} – {self.centre}"

    @property
    def is_submitted(self) -> bool:
        return self.status == ResponseStatus.SUBMITTED
