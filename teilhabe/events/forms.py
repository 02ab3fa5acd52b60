"""The organiser's event form with its dates, the registration form, the filters."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from teilhabe.core.forms import BoundedDecimalField, DateInput

from .models import (
    ACCESS_NEEDS_OTHER_MAX,
    CAPACITY_MAX,
    CONSENT_REQUIRED,
    AccessNeed,
    Audience,
    Event,
    EventDate,
    EventKind,
)

DATE_ROWS = 5  # rows of dates on the form; more dates are rare (MAX_DATES in services)
SEARCH_MAX = 100


def _model_field(name: str, **kwargs: Any) -> forms.Field:
    model_field = Event._meta.get_field(name)
    assert isinstance(model_field, models.Field)
    field = model_field.formfield(**kwargs)
    assert field is not None
    return field


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


class EventForm(forms.Form):
    title = _model_field("title")
    kind = _model_field("kind")
    audience = _model_field("audience")
    description = _model_field(
        "description", widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    place = _model_field(
        "place", required=False, help_text=_("Address of the venue; leave empty for online only.")
    )
    online_url = _model_field("online_url", required=False, assume_scheme="https")
    capacity = forms.IntegerField(
        label=_("places"), min_value=1, max_value=CAPACITY_MAX, widget=forms.NumberInput()
    )
    registration_opens_at = forms.DateTimeField(
        label=_("registration opens"), widget=DateTimeLocalInput()
    )
    registration_closes_at = forms.DateTimeField(
        label=_("registration closes"), widget=DateTimeLocalInput()
    )
    cost = BoundedDecimalField(
        label=_("fee (EUR)"), max_digits=8, decimal_places=2, min_value=0, max_value=100_000
    )
    is_public = forms.BooleanField(
        label=_("public: anyone may register without an account"), required=False
    )
    asks_access_needs = forms.BooleanField(
        label=_("ask participants about accessibility needs"),
        help_text=_(
            "The registration form then offers step-free access, sign-language interpreting, "
            "an induction loop and a field for other needs; the door list and the export show "
            "the answers."
        ),
        required=False,
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None
        if not data.get("place") and not data.get("online_url"):
            raise ValidationError(
                _("Give a place or an online meeting address."), code="place_or_online"
            )
        return data

    def event_data(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "lock_version"}


class DateForm(forms.Form):
    day = forms.DateField(label=_("day"), widget=DateInput(), required=False)
    starts = forms.TimeField(label=_("from"), widget=TimeInput(), required=False)
    ends = forms.TimeField(label=_("until"), widget=TimeInput(), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None
        given = [data.get(k) for k in ("day", "starts", "ends")]
        if any(v is not None for v in given) and not all(v is not None for v in given):
            raise ValidationError(_("Give day, start and end time."), code="date_incomplete")
        if all(v is not None for v in given) and data["ends"] <= data["starts"]:
            raise ValidationError(_("A date must end after it starts."), code="date_order")
        return data

    def interval(self) -> tuple[datetime, datetime] | None:
        data = getattr(self, "cleaned_data", {})
        if data.get("day") is None:
            return None
        day: date = data["day"]
        start: time = data["starts"]
        end: time = data["ends"]
        tz = timezone.get_current_timezone()
        return (
            timezone.make_aware(datetime.combine(day, start), tz),
            timezone.make_aware(datetime.combine(day, end), tz),
        )


DateFormSet = forms.formset_factory(DateForm, extra=0, max_num=DATE_ROWS, absolute_max=DATE_ROWS)


def date_formset(data: Any = None, event: Event | None = None) -> forms.BaseFormSet:
    initial = []
    if event is not None:
        for d in event.dates.all():
            starts, ends = timezone.localtime(d.starts_at), timezone.localtime(d.ends_at)
            initial.append({"day": starts.date(), "starts": starts.time(), "ends": ends.time()})
    initial += [{}] * (DATE_ROWS - len(initial))
    return DateFormSet(data, initial=initial[:DATE_ROWS], prefix="dates")


def dates_of(formset: forms.BaseFormSet) -> list[tuple[datetime, datetime]]:
    return [i for f in formset.forms if (i := f.interval()) is not None]


class AccessNeedsFields(forms.Form):
    """The optional questions about accessibility needs; dropped where the event does not ask."""

    access_needs = forms.MultipleChoiceField(
        label=_("accessibility needs"),
        choices=AccessNeed.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Only the organiser sees this; it is deleted with your other data."),
    )
    access_needs_other = forms.CharField(
        label=_("other needs"),
        max_length=ACCESS_NEEDS_OTHER_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    # Its own consent, apart from the registration's (Art. 9 (2) (a) GDPR): the needs can
    # reveal health data. Needed only when a need is named.
    access_needs_consent = forms.BooleanField(
        label=_(
            "I consent to the organiser processing my information on support needs until it "
            "is deleted after the event, in order to take it into account. I can withdraw my "
            "consent at any time."
        ),
        help_text=_("Needed only if you name a need above."),
        required=False,
    )

    def __init__(self, *args: Any, event: Event | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if event is None or not event.asks_access_needs:
            del self.fields["access_needs"]
            del self.fields["access_needs_other"]
            del self.fields["access_needs_consent"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None
        named = data.get("access_needs") or (data.get("access_needs_other") or "").strip()
        if "access_needs_consent" in self.fields and named and not data["access_needs_consent"]:
            self.add_error(
                "access_needs_consent",
                ValidationError(CONSENT_REQUIRED, code="access_needs_consent_required"),
            )
        return data

    def needs_data(self) -> dict[str, Any]:
        """The answers as the service takes them (nothing where not asked)."""
        return {
            "access_needs": self.cleaned_data.get("access_needs") or [],
            "access_needs_other": self.cleaned_data.get("access_needs_other") or "",
            "access_needs_consent": bool(self.cleaned_data.get("access_needs_consent")),
        }


class RegistrationForm(AccessNeedsFields):
    field_order = [
        "name",
        "email",
        "organisation",
        "access_needs",
        "access_needs_other",
        "access_needs_consent",
        "website",
        "consent",
    ]
    name = forms.CharField(label=_("name"), max_length=200)
    email = forms.EmailField(label=_("e-mail address"), max_length=254)
    organisation = forms.CharField(
        label=_("organisation or school"), max_length=200, required=False
    )
    # The honeypot: hidden from people (and screen readers), filled in by bots.
    website = forms.CharField(required=False, max_length=200, label=_("website"))
    consent = forms.BooleanField(
        label=_(
            "I agree that my name, address and organisation are stored for this event and "
            "deleted after the retention period (see the privacy notice)."
        ),
        error_messages={"required": _("Please agree so we can store your registration.")},
    )


class AccountRegistrationForm(AccessNeedsFields):
    """A logged-in person registers with the name and address of the account."""

    field_order = ["organisation", "access_needs", "access_needs_other", "access_needs_consent"]

    organisation = forms.CharField(
        label=_("organisation or school"), max_length=200, required=False
    )


def date_label(day: EventDate) -> str:
    """A date of an event in words of the current language: "12.03.2026, 09:00–15:00"."""
    starts, ends = timezone.localtime(day.starts_at), timezone.localtime(day.ends_at)
    return f"{date_format(starts.date(), 'SHORT_DATE_FORMAT')}, {starts:%H:%M}–{ends:%H:%M}"


class CheckinDateForm(forms.Form):
    """Which date a scan is for, where none or several of the event's dates are today."""

    date = forms.TypedChoiceField(
        label=_("Which date is the participant present on?"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the date the participant is present on.")},
    )

    def __init__(self, *args: Any, dates: Sequence[EventDate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["date"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(d.pk, date_label(d)) for d in dates]


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=SEARCH_MAX, required=False)
    district = forms.CharField(label=_("District"), max_length=8, required=False)
    date_from = forms.DateField(label=_("From"), widget=DateInput(), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("all")), *EventKind.choices], required=False
    )
    audience = forms.ChoiceField(
        label=_("Audience"), choices=[("", _("all")), *Audience.choices], required=False
    )
    mine = forms.BooleanField(label=_("only my events, also drafts"), required=False)


class PersonDataForm(forms.Form):
    email = forms.EmailField(label=_("e-mail address of the person"), max_length=254)
