"""The audit trail's filters: who, what, which object (type and KI), when, and a text search.

The choices come from the events the reader may see (actors, object types, KIs) and from the
action labels; core names no app: the KI and user models are reached through the event's
foreign keys."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .audit_display import object_type_label
from .forms import DateInput
from .models import AuditEvent
from .templatetags.audit import action_choices

SEARCH_MAX = 100
_DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]


def _related(name: str) -> Any:
    return AuditEvent._meta.get_field(name).related_model


class ActorChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        full_name = obj.get_full_name()
        return f"{full_name} ({obj.username})" if full_name else str(obj.username)


class AuditFilterForm(forms.Form):
    actor = ActorChoice(label=_("Who"), queryset=None, required=False, empty_label=_("all"))
    action = forms.ChoiceField(label=_("What"), required=False)
    object_type = forms.TypedChoiceField(
        label=_("Object type"), required=False, coerce=int, empty_value=None
    )
    centre: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("KI"), queryset=None, required=False, empty_label=_("all")
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=DateInput(), input_formats=_DATE_FORMATS
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=DateInput(), input_formats=_DATE_FORMATS
    )
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=SEARCH_MAX,
        help_text=_("Part of the object's name or of the actor's name."),
    )

    def __init__(self, data: Any, *, events: QuerySet[AuditEvent]) -> None:
        super().__init__(data)
        seen = events.order_by()
        user_model = _related("actor")
        actor_field: Any = self.fields["actor"]
        actor_field.queryset = user_model.objects.filter(
            pk__in=seen.filter(actor__isnull=False).values("actor")
        ).order_by("last_name", "first_name", "username")
        centre_field: Any = self.fields["centre"]
        centre_field.queryset = (
            _related("centre")
            .objects.filter(pk__in=seen.filter(centre__isnull=False).values("centre"))
            .order_by("name")
        )
        action_field: Any = self.fields["action"]
        action_field.choices = [("", _("all")), *action_choices()]
        self._events = seen

    def _object_type_choices(self) -> list[tuple[Any, str]]:
        seen = ContentType.objects.filter(pk__in=self._events.values("content_type"))
        types = sorted((object_type_label(ct), ct.pk) for ct in seen)
        return [("", str(_("all"))), *((pk, label) for label, pk in types)]

    def full_clean(self) -> None:
        type_field: Any = self.fields["object_type"]
        type_field.choices = self._object_type_choices()
        super().full_clean()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date lies before the start date."))
        return data

    def filter(self, events: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
        """The events that match every valid filter (an invalid one is shown and ignored)."""
        data = self.cleaned_data if self.is_bound else {}
        if actor := data.get("actor"):
            events = events.filter(actor=actor)
        if action := data.get("action"):
            events = events.filter(action=action)
        if object_type := data.get("object_type"):
            events = events.filter(content_type_id=object_type)
        if centre := data.get("centre"):
            events = events.filter(centre=centre)
        if start := data.get("date_from"):
            events = events.filter(created_at__gte=_midnight(start))
        if end := data.get("date_to"):
            events = events.filter(created_at__lt=_midnight(end + datetime.timedelta(days=1)))
        if text := (data.get("q") or "").strip():
            events = events.filter(Q(object_label__icontains=text) | Q(actor_label__icontains=text))
        return events

    @property
    def active(self) -> bool:
        return self.is_bound and any(self.cleaned_data.get(name) for name in self.fields)


def _midnight(day: datetime.date) -> datetime.datetime:
    """The start of `day` in the local time zone (Europe/Berlin), where the reader's day is."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
