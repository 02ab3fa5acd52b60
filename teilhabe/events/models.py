"""Events and trainings of the KIs and the coordination office, and who registered for them.

An event has one or more dates, a capacity and a registration window. A registration holds a
place while it is `confirmed` or `offered`; `rules.py` says who gets a place, `services.py`
takes the decision under the event's row lock, so confirmed + offered never exceeds the
capacity (docs/events.md).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teilhabe.centres.models import Centre

CAPACITY_MAX = 10_000
COST_MAX = 100_000  # euros: a training fee, never a grant


class EventKind(models.TextChoices):
    MEETING = "meeting", _("meeting")
    EXPERT_TALK = "expert_talk", _("expert talk")
    CONFERENCE = "conference", _("conference")
    NETWORK_MEETING = "network_meeting", _("network (Verbund) meeting")
    TRAINING = "training", _("training")


class Audience(models.TextChoices):
    TEACHERS = "teachers", _("teachers")
    EDUCATORS = "educators", _("educators")
    PROFESSIONALS = "professionals", _("other professionals")
    KI_STAFF = "ki_staff", _("KI staff")
    PUBLIC = "public", _("general public")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    CANCELLED = "cancelled", _("cancelled")


class EventQuerySet(models.QuerySet["Event"]):
    def for_listing(self) -> EventQuerySet:
        return self.select_related("centre", "centre__grantee")

    def upcoming(self) -> EventQuerySet:
        """Events whose last date has not ended yet."""
        return self.filter(last_ends_at__gte=timezone.now())


class Event(models.Model):
    """One event or training; `centre` is None for a state-wide one of the coordination office."""

    centre = models.ForeignKey(
        Centre,
        on_delete=models.PROTECT,
        related_name="events",
        null=True,
        blank=True,
        verbose_name=_("organiser"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online meeting address"), max_length=500, blank=True)
    capacity = models.PositiveIntegerField(_("places"))
    registration_opens_at = models.DateTimeField(_("registration opens"))
    registration_closes_at = models.DateTimeField(_("registration closes"))
    cost = models.DecimalField(_("fee (EUR)"), max_digits=8, decimal_places=2, default=0)
    is_public = models.BooleanField(_("public"), default=True)
    # The registration form asks for accessibility needs (step-free access, interpreting …).
    asks_access_needs = models.BooleanField(_("asks for accessibility needs"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    # Denormalised from the dates (set by the services), so lists filter and sort without joins.
    first_starts_at = models.DateTimeField(_("starts"), null=True, editable=False)
    last_ends_at = models.DateTimeField(_("ends"), null=True, editable=False)
    # The last position handed out: the next accepted registration gets the one after it.
    last_position = models.PositiveIntegerField(default=0, editable=False)
    lock_version = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["first_starts_at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1, capacity__lte=CAPACITY_MAX),
                name="event_capacity_bounded",
            ),
            models.CheckConstraint(
                condition=Q(cost__gte=0, cost__lte=COST_MAX), name="event_cost_bounded"
            ),
            models.CheckConstraint(
                condition=Q(registration_closes_at__gt=models.F("registration_opens_at")),
                name="event_window_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(place="", online_url=""), name="event_place_or_online"
            ),
        ]
        indexes = [models.Index(fields=["status", "is_public", "last_ends_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.pk])

    @property
    def organiser_name(self) -> str:
        return self.centre.name if self.centre else str(_("State coordination office"))

    def registration_open(self, now: object = None) -> bool:
        moment = now or timezone.now()
        return (
            self.status == EventStatus.PUBLISHED
            and self.registration_opens_at <= moment < self.registration_closes_at  # type: ignore[operator]
        )


class EventDate(models.Model):
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="dates", verbose_name=_("event")
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("date")
        verbose_name_plural = _("dates")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="event_date_ordered"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.starts_at:%Y-%m-%d %H:%M}"


class RegistrationStatus(models.TextChoices):
    PENDING = "pending_confirmation", _("e-mail address not yet confirmed")
    CONFIRMED = "confirmed", _("confirmed")
    WAITING = "waiting", _("on the waiting list")
    OFFERED = "offered", _("place offered")
    CANCELLED = "cancelled", _("cancelled")
    EXPIRED = "expired", _("offer expired")


class AccessNeed(models.TextChoices):
    """What a public body must ask so that everyone can take part (BGG NRW); pretix has no such
    default. Stored only with the rest of the personal data, anonymised with it."""

    STEP_FREE = "step_free", _("step-free access")
    SIGN_LANGUAGE = "sign_language", _("sign-language interpreting")
    INDUCTION_LOOP = "induction_loop", _("induction loop for hearing aids")


ACCESS_NEEDS_OTHER_MAX = 500
# The form's and the service's refusal of needs named without their own consent.
CONSENT_REQUIRED = _(
    "Please consent to the processing of your support needs, or leave the needs empty."
)

# The statuses that hold a place: never more of them than the event's capacity.
HOLDING = (RegistrationStatus.CONFIRMED, RegistrationStatus.OFFERED)


class Registration(models.Model):
    """One person's registration. `position` is the order in which it was accepted (its e-mail
    address confirmed): 1, 2, 3 … per event without gaps; a pending request has none yet."""

    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("event")
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"), max_length=254)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
    )
    status = models.CharField(_("status"), max_length=20, choices=RegistrationStatus.choices)
    position = models.PositiveIntegerField(_("position"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer open until"), null=True, blank=True)
    # AccessNeed values, in their order; `access_needs_other` in the person's own words.
    access_needs = models.JSONField(_("accessibility needs"), default=list, blank=True)
    access_needs_other = models.CharField(
        _("other needs"), max_length=ACCESS_NEEDS_OTHER_MAX, blank=True
    )
    # When the person consented to the processing of the needs (Art. 9 (2) (a) GDPR: they can
    # reveal health data); empty when no needs are stored or the consent was withdrawn.
    access_needs_consent_at = models.DateTimeField(
        _("consent to the needs' processing given"), null=True, blank=True
    )
    # A random value signed into the participant's link (tokens.py): renewed when the data is
    # anonymised, so an old link then opens nothing.
    token_nonce = models.CharField(max_length=32, editable=False)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The KI the participant belonged to (an organisation, no personal data), written when the
    # personal data is anonymised: the network-meeting pillar (quality.py) still knows the KI was
    # there. `centre_recorded` tells a row anonymised without a KI (nobody of a KI) from one
    # anonymised before this was kept (unknown).
    centre = models.ForeignKey(
        Centre, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    centre_recorded = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    lock_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "position"], name="registration_position_unique"
            ),
            models.CheckConstraint(
                condition=Q(status=RegistrationStatus.PENDING) | Q(position__isnull=False),
                name="registration_accepted_has_position",
            ),
            models.CheckConstraint(
                condition=~Q(status=RegistrationStatus.OFFERED) | Q(offer_expires_at__isnull=False),
                name="registration_offer_has_deadline",
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "position"])]

    def __str__(self) -> str:
        # No name: this label goes into the audit trail, which outlives the retention period.
        return f"{self.event} · #{self.position or '–'}"

    @property
    def holds_place(self) -> bool:
        return self.status in HOLDING

    @property
    def attended(self) -> bool:
        """Present on at least one date: the condition of the certificate (docs/events.md).
        Lists prefetch `attendances`."""
        return bool(self.attendances.all())

    def attended_dates(self) -> list[EventDate]:
        """The dates this person was present on, in their order (prefetch-friendly)."""
        return sorted((a.date for a in self.attendances.all()), key=lambda d: (d.starts_at, d.pk))

    @property
    def has_access_needs(self) -> bool:
        return bool(self.access_needs or self.access_needs_other)

    def access_need_labels(self) -> list[str]:
        """The needs in words, the person's own text last; empty when none were given."""
        labels = [str(AccessNeed(n).label) for n in self.access_needs if n in AccessNeed.values]
        if self.access_needs_other:
            labels.append(self.access_needs_other)
        return labels


class Attendance(models.Model):
    """One participant present on one date of the event: a tick on the door list or a scan of
    the check-in code. A two-day training has up to two per registration."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="attendances"
    )
    # PROTECT: a date somebody attended is not deleted with an edit (services.update_event).
    date = models.ForeignKey(EventDate, on_delete=models.PROTECT, related_name="attendances")
    # Empty only for ticks carried over from before the time was stored.
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)

    class Meta:
        ordering = ["date__starts_at", "pk"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "date"], name="attendance_once_per_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration} · {self.date}"
