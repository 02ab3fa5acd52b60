"""The 54 Kommunale Integrationszentren, their attachment, contacts and staff."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from teilhabe.territory.models import Grantee

postcode_validator = RegexValidator(
    r"^\d{5}$", _("Enter a German postcode of five digits."), code="invalid_postcode"
)
phone_validator = RegexValidator(
    r"^\+?[0-9 ()/-]{6,30}$",
    _("Enter a telephone number of digits, spaces and + ( ) / -."),
    code="invalid_phone",
)


class CentreStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    ACTIVE = "active", _("active")
    CLOSED = "closed", _("closed")


class CentreQuerySet(models.QuerySet["Centre"]):
    def for_listing(self) -> CentreQuerySet:
        return self.select_related(
            "grantee", "grantee__district", "grantee__district__regierungsbezirk"
        )

    def search(self, q: str) -> CentreQuerySet:
        q = q.strip()
        if not q:
            return self
        return self.filter(
            Q(name__icontains=q)
            | Q(grantee__name__icontains=q)
            | Q(grantee__key__startswith=q)
            | Q(city__icontains=q)
            | Q(grantee__district__name__icontains=q)
        )


class Centre(models.Model):
    """A KI: run by one grantee (a district or the City of Aachen)."""

    grantee = models.OneToOneField(
        Grantee, on_delete=models.PROTECT, related_name="centre", verbose_name=_("grantee")
    )
    name = models.CharField(_("name"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=CentreStatus.choices, default=CentreStatus.ACTIVE
    )
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    attachment = models.CharField(
        _("organisational attachment"),
        max_length=300,
        blank=True,
        help_text=_("The office or department of the administration the KI belongs to."),
    )
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(
        _("postcode"), max_length=5, blank=True, validators=[postcode_validator]
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(
        _("telephone"), max_length=30, blank=True, validators=[phone_validator]
    )
    website = models.URLField(_("website"), blank=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = CentreQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("integration centre")
        verbose_name_plural = _("integration centres")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("centres:detail", args=[self.pk])

    @property
    def district_key(self) -> str:
        """The grantee's key: 5 digits for a district, 05334002 for the City of Aachen."""
        return self.grantee.key


class StaffFunction(models.TextChoices):
    HEAD = "head", _("head")
    DEPUTY_HEAD = "deputy_head", _("deputy head")
    MEMBER = "member", _("team member")


class GeneralisedFunction(models.TextChoices):
    """A staff function as the evaluator sees it: the head and the deputy are one group, so the
    one person who heads a KI is not singled out."""

    MANAGEMENT = "management", _("management")
    MEMBER = "member", _("team member")


class PositionCategory(models.TextChoices):
    PEDAGOGICAL = "pedagogical", _("pedagogical specialist")
    ADMINISTRATIVE = "administrative", _("administrative specialist")
    ASSISTANT = "assistant", _("assistant")
    TEACHER = "teacher", _("seconded teacher")


class StaffMemberQuerySet(models.QuerySet["StaffMember"]):
    def current(self, on: date | None = None) -> StaffMemberQuerySet:
        on = on or date.today()
        return self.filter(Q(start_date__lte=on), Q(end_date__isnull=True) | Q(end_date__gte=on))


class StaffMember(models.Model):
    """A person working in a KI for a period, with function, position category and FTE."""

    centre = models.ForeignKey(
        Centre, on_delete=models.PROTECT, related_name="staff", verbose_name=_("KI")
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(
        _("telephone"), max_length=30, blank=True, validators=[phone_validator]
    )
    function = models.CharField(
        _("function in the KI"),
        max_length=20,
        choices=StaffFunction.choices,
        default=StaffFunction.MEMBER,
    )
    category = models.CharField(
        _("position category"), max_length=20, choices=PositionCategory.choices
    )
    fte = models.DecimalField(
        _("full-time equivalent"),
        max_digits=3,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("Share of a full-time position, e.g. 0.5 for half time."),
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff_positions",
        verbose_name=_("user account"),
    )

    objects = StaffMemberQuerySet.as_manager()

    class Meta:
        ordering = ["centre", "function", "last_name", "first_name"]
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")
        constraints = [
            models.CheckConstraint(
                condition=Q(fte__gt=0) & Q(fte__lte=1),
                name="staff_fte_between_0_and_1",
                violation_error_code="fte_out_of_range",
                violation_error_message=_("Enter a share between 0.01 and 1 (1 = full time)."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="staff_period_ends_after_start",
                violation_error_code="period_reversed",
                violation_error_message=_("The end date must not be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def is_current(self) -> bool:
        today = date.today()
        return self.start_date <= today and (self.end_date is None or self.end_date >= today)
