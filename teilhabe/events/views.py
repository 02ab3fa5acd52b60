"""The events' pages: the public list and detail with registration, the participant's own page
by their link, and the organiser's form, registrations and door list. Thin: the services decide."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from teilhabe.accounts.auth import AuthenticatedHttpRequest
from teilhabe.centres.models import Centre
from teilhabe.core import exports
from teilhabe.core.client_ip import client_ip
from teilhabe.core.forms import add_service_errors
from teilhabe.territory.models import District

from . import access, calendar, certificates, checkin, services
from .exports import registration_columns
from .forms import (
    AccountRegistrationForm,
    CheckinDateForm,
    EventForm,
    FilterForm,
    PersonDataForm,
    RegistrationForm,
    date_formset,
    dates_of,
)
from .models import HOLDING, Event, Registration, RegistrationStatus

PAGE_SIZE = 20


def with_counts(events: QuerySet[Event]) -> QuerySet[Event]:
    return events.annotate(held=Count("registrations", filter=Q(registrations__status__in=HOLDING)))


def district_filter(key: str) -> Q | None:
    """Events of a district (5 digits, Kreisschlüssel) or one grantee (8 digits: the City of
    Aachen, 05334002); None for a key that is no district."""
    if len(key) == 5 and District.objects.filter(key=key).exists():
        return Q(centre__grantee__district__key=key)
    if len(key) == 8 and Centre.objects.filter(grantee__key=key).exists():
        return Q(centre__grantee__key=key)
    return None


def filtered(user: Any, form: FilterForm) -> QuerySet[Event]:
    events = access.events_visible_to(user)
    data = form.cleaned_data if form.is_valid() else {}
    if data.get("mine") and (own := access.organised_by(user)) is not None:
        events = Event.objects.for_listing().filter(own)
    elif data.get("date_from"):
        events = events.filter(last_ends_at__date__gte=data["date_from"])
    else:
        events = events.upcoming()
    if data.get("district"):
        where = district_filter(data["district"])
        events = events.filter(where) if where is not None else events.none()
    if data.get("kind"):
        events = events.filter(kind=data["kind"])
    if data.get("audience"):
        events = events.filter(audience=data["audience"])
    if data.get("q"):
        q = data["q"]
        events = events.filter(
            Q(title__icontains=q) | Q(description__icontains=q) | Q(place__icontains=q)
        )
    return with_counts(events).order_by("first_starts_at", "pk")


@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET)
    page = Paginator(filtered(request.user, form), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    for event in page.object_list:
        event.free = max(event.capacity - event.held, 0)  # type: ignore[attr-defined]
    return render(
        request,
        "events/list.html",
        {
            "form": form,
            "page": page,
            "districts": District.objects.order_by("name"),
            "may_organise": access.may_organise_any(request.user),
        },
    )


def _rate_limited(request: HttpRequest) -> bool:
    """More anonymous registrations from this address this hour than allowed (cache-based).
    The address is the client's as the trusted proxies saw it (`core.client_ip`)."""
    key = f"events:register:{client_ip(request)}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)
        count = 1
    return count > settings.EVENTS_REGISTRATIONS_PER_HOUR


def _registration_form(request: HttpRequest, event: Event, data: Any = None) -> Any:
    if request.user.is_authenticated:
        return AccountRegistrationForm(data, event=event)
    return RegistrationForm(data, event=event)


def _register(request: HttpRequest, event: Event) -> tuple[Any, int]:
    """Handle the registration form; (form, status) to show it again, or (None, 0) when done."""
    form = _registration_form(request, event, request.POST)
    if not form.is_valid():
        return form, 422
    user = request.user
    if not user.is_authenticated:
        if form.cleaned_data["website"]:  # the honeypot: answered like success, stored nowhere
            messages.success(
                request, _("Please confirm your registration by the link we mailed you.")
            )
            return None, 0
        if _rate_limited(request):
            form.add_error(
                None,
                ValidationError(
                    _("Too many registrations from your connection. Please try again in an hour."),
                    code="rate_limited",
                ),
            )
            return form, 429
        name, email = form.cleaned_data["name"], form.cleaned_data["email"]
    else:
        name = user.get_full_name() or user.get_username()
        email = user.email
    try:
        registration = services.register(
            event,
            by=user,
            name=name,
            email=email,
            organisation=form.cleaned_data["organisation"],
            **form.needs_data(),
        )
    except ValidationError as e:
        add_service_errors(form, e)
        return form, 422
    if registration.status == RegistrationStatus.PENDING:
        messages.success(request, _("Please confirm your registration by the link we mailed you."))
    elif registration.status == RegistrationStatus.CONFIRMED:
        messages.success(request, _("You are registered; your place is confirmed."))
    else:
        messages.success(
            request,
            _("The event is full: you are number %(n)s on the waiting list.")
            % {"n": registration.position},
        )
    return None, 0


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = access.event_for(request.user, pk)
    may_register = event.registration_open() and (
        access.may_register(request.user, event)
        or (not request.user.is_authenticated and access.may_register_publicly(event))
    )
    form, status = None, 200
    if request.method == "POST":
        if not may_register:
            raise Http404
        form, status = _register(request, event)
        if form is None:
            return redirect(event)
    held = event.registrations.filter(status__in=HOLDING).count()
    own = None
    if request.user.is_authenticated:
        own = event.registrations.filter(
            user=request.user, status__in=[*HOLDING, RegistrationStatus.WAITING]
        ).first()
    return render(
        request,
        "events/detail.html",
        {
            "event": event,
            "dates": list(event.dates.all()),
            "free": max(event.capacity - held, 0),
            "may_register": may_register and own is None,
            "own": own,
            "form": form or _registration_form(request, event),
            "may_manage": access.may_manage(request.user, event),
        },
        status=status,
    )


@login_required
def event_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.may_organise_any(request.user):
        raise Http404
    centre_id = access.organiser_centre_id(request.user)
    centre = get_object_or_404(Centre, pk=centre_id) if centre_id is not None else None
    return _event_form(request, None, centre)


@login_required
def event_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = access.event_for_manage(request.user, pk)
    return _event_form(request, event, event.centre)


def _initial(event: Event) -> dict[str, Any]:
    names = [n for n in EventForm.base_fields if n != "lock_version"]
    initial = {n: getattr(event, n) for n in names}
    for n in ("registration_opens_at", "registration_closes_at"):
        initial[n] = timezone.localtime(initial[n])
    return {**initial, "lock_version": event.lock_version}


def _event_form(
    request: AuthenticatedHttpRequest, event: Event | None, centre: Centre | None
) -> HttpResponse:
    if request.method == "POST":
        form = EventForm(request.POST)
        dates = date_formset(request.POST)
        if form.is_valid() and dates.is_valid():
            try:
                if event is None:
                    event = services.create_event(
                        centre, by=request.user, data=form.event_data(), dates=dates_of(dates)
                    )
                else:
                    event = services.update_event(
                        event,
                        by=request.user,
                        data=form.event_data(),
                        dates=dates_of(dates),
                        expected_version=form.cleaned_data["lock_version"],
                    )
            except ValidationError as e:
                add_service_errors(form, e)
            else:
                messages.success(request, _("The event is saved."))
                return redirect("events:manage", event.pk)
        status = 422
    else:
        initial = _initial(event) if event else {"cost": "0,00", "is_public": True}
        form, dates, status = EventForm(initial=initial), date_formset(event=event), 200
    context = {"form": form, "dates": dates, "event": event, "centre": centre}
    return render(request, "events/form.html", context, status=status)


def _manage_post(request: AuthenticatedHttpRequest, event: Event) -> None:
    action = request.POST.get("action")
    if action == "publish":
        services.publish_event(event, by=request.user)
        messages.success(request, _("The event is published."))
    elif action == "cancel_event":
        services.cancel_event(event, by=request.user)
        messages.success(request, _("The event is cancelled; everyone registered is told."))
    elif action == "cancel_registration":
        registration = get_object_or_404(
            event.registrations.select_related("event"), pk=_int(request.POST.get("registration"))
        )
        services.cancel_registration(registration, by=request.user)
        messages.success(request, _("The registration is cancelled."))


def _int(value: Any) -> int:
    text = str(value or "")
    if not (text.isascii() and text.isdigit() and len(text) < 19):
        raise Http404
    return int(text)


@login_required
def event_manage(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = access.event_for_manage(request.user, pk)
    if request.method == "POST":
        try:
            _manage_post(request, event)
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        return redirect("events:manage", event.pk)
    rows = list(access.registrations_of(request.user, event) or [])
    groups = {
        status: [r for r in rows if r.status == status]
        for status in (
            RegistrationStatus.CONFIRMED,
            RegistrationStatus.OFFERED,
            RegistrationStatus.WAITING,
            RegistrationStatus.PENDING,
            RegistrationStatus.CANCELLED,
            RegistrationStatus.EXPIRED,
        )
    }
    return render(
        request,
        "events/manage.html",
        {
            "event": event,
            "groups": [(RegistrationStatus(s).label, s, g) for s, g in groups.items()],
            "held": sum(1 for r in rows if r.status in HOLDING),
            "total": len(rows),
            "dates": list(event.dates.all()),
            "export_links": exports.export_links(request, "events:registrations_export", pk=pk),
        },
    )


@login_required
@require_GET
def registrations_export(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> HttpResponseBase:
    """The event's registrations as the registrations page lists them, as CSV or XLSX."""
    event = access.event_for_manage(request.user, pk)
    return exports.export(
        request,
        event.registrations.prefetch_related("attendances__date").order_by("position", "pk"),
        registration_columns(),
        fmt=fmt,
        filename=f"anmeldungen-veranstaltung-{event.pk}",
        title=gettext_lazy("Registrations"),
        subject=Registration,
        back=reverse("events:manage", args=[event.pk]),
    )


def _wanted_date(value: Any) -> int | None:
    return _int(value) if value not in (None, "") else None


def _date_query(dates: list[Any], day: Any) -> str:
    return f"?date={day.pk}" if len(dates) > 1 else ""


@login_required
def attendance(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The door list of one date of the event (today's by default; a link per date above):
    one big button per confirmed participant; each tick is its own POST."""
    event = access.event_for_manage(request.user, pk)
    dates = list(event.dates.all())
    if request.method == "POST":
        registration = get_object_or_404(
            event.registrations.select_related("event"), pk=_int(request.POST.get("registration"))
        )
        wanted = _wanted_date(request.POST.get("date"))
        if wanted is not None and wanted not in {d.pk for d in dates}:
            raise Http404  # never tick another date than the one posted
        day = checkin.door_date(dates, wanted)
        try:
            services.set_attendance(
                registration,
                by=request.user,
                attended=request.POST.get("attended") == "1",
                date=day,
            )
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        return redirect(f"{request.path}{_date_query(dates, day)}#r{registration.pk}")
    day = checkin.door_date(dates, _wanted_date(request.GET.get("date")))
    rows = list(
        event.registrations.filter(status=RegistrationStatus.CONFIRMED).order_by("name", "pk")
    )
    ticks = {a.registration_id: a for a in day.attendances.all()}
    for r in rows:
        r.tick = ticks.get(r.pk)  # type: ignore[attr-defined]
    return render(
        request,
        "events/attendance.html",
        {
            "event": event,
            "dates": dates,
            "day": day,
            "rows": rows,
            "present": sum(1 for r in rows if r.pk in ticks),
        },
    )


@login_required
def check_in(request: AuthenticatedHttpRequest, pk: int, token: str) -> HttpResponse:
    """The page a participant's QR code opens at the door: name and event, one big button
    "present" for today's date of the event (a POST through the attendance service), or when
    ticked already, since when; a choice of the date when none or several are today.
    Only for who keeps the event's attendance list; 404 for everyone else and another event."""
    registration = access.registration_for_checkin(request.user, pk, token)
    dates = list(registration.event.dates.all())
    wanted = _wanted_date(request.POST.get("date") or request.GET.get("date"))
    day = checkin.checkin_date(dates, wanted)
    if wanted is not None and day is None:
        raise Http404
    form = CheckinDateForm(request.POST if request.method == "POST" else None, dates=dates)
    status = 200
    if request.method == "POST" and day is None:
        form.is_valid()  # nothing chosen: the choice again, with its error
        status = 422
    elif request.method == "POST":
        assert day is not None
        moment = timezone.now()
        try:
            services.set_attendance(
                registration, by=request.user, attended=True, date=day, now=moment
            )
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
            return redirect(request.path)
        tick = services.attendance_on(registration, day)
        # Ticked by this POST, or by someone before (a second scan): then it says since when.
        params = {"date": day.pk} if len(dates) > 1 else {}
        if tick is not None and tick.checked_in_at == moment:
            params["ok"] = 1
        return redirect(request.path + (f"?{urlencode(params)}" if params else ""))
    tick = services.attendance_on(registration, day) if day is not None else None
    return render(
        request,
        "events/checkin.html",
        {
            "event": registration.event,
            "r": registration,
            "day": day,
            "dates": dates,
            "attended": {a.date_id: a for a in registration.attendances.all()},
            "form": form,
            "tick": tick,
            "just_now": request.GET.get("ok") == "1",
            "today": tick is not None
            and tick.checked_in_at is not None
            and timezone.localdate(tick.checked_in_at) == timezone.localdate(),
        },
        status=status,
    )


@login_required
@require_GET
def certificate(request: AuthenticatedHttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    registration = access.registration_for_manage(request.user, pk, registration_pk)
    return certificates.response(registration)


def _by_token(token: str) -> Registration:
    registration = services.registration_by_token(token)
    if registration is None:
        raise Http404
    return registration


def registration(request: HttpRequest, token: str) -> HttpResponse:
    """The participant's own page by their link: confirm (also an offered place), cancel.
    Both are buttons (POST), so a mail scanner opening the link changes nothing."""
    found = _by_token(token)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "confirm":
                found = services.confirm_registration(found)
                if found.status == RegistrationStatus.EXPIRED:
                    messages.error(request, _("Sorry, the time to confirm this place has passed."))
                else:
                    messages.success(request, _("Thank you, your registration is confirmed."))
            elif action == "cancel":
                services.cancel_own_registration(found)
                messages.success(request, _("Your registration is cancelled."))
            elif action == "withdraw_consent":
                services.withdraw_access_needs_consent(found)
                messages.success(
                    request,
                    _("Your consent is withdrawn; your information on support needs is deleted."),
                )
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        return redirect("events:registration", token)
    confirmed = found.status == RegistrationStatus.CONFIRMED
    return render(
        request,
        "events/registration.html",
        {
            "r": found,
            "event": found.event,
            "token": token,
            "dates": list(found.event.dates.all()),
            "qr_svg": checkin.qr_svg(found) if confirmed else None,
        },
    )


@require_GET
def registration_certificate(request: HttpRequest, token: str) -> HttpResponse:
    return certificates.response(_by_token(token))


@require_GET
def event_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    event = access.event_for(request.user, pk)
    return calendar.response([event], name=f"veranstaltung-{event.pk}")


@require_GET
def centre_calendar(request: HttpRequest, centre_pk: int) -> HttpResponse:
    centre = get_object_or_404(Centre, pk=centre_pk)
    events = access.events_visible_to(request.user).filter(centre=centre).upcoming()
    return calendar.response(list(events), name=f"veranstaltungen-{centre.grantee.key}")


@login_required
def person_data(request: AuthenticatedHttpRequest) -> HttpResponse:
    """An audited export of one person's data (Art. 15 GDPR), by e-mail address, as JSON."""
    if not access.may_export_person_data(request.user):
        raise Http404
    form = PersonDataForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = services.export_person_data(form.cleaned_data["email"], by=request.user)
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
        )
        response["Content-Disposition"] = 'attachment; filename="auskunft-veranstaltungen.json"'
        return response
    status = 422 if request.method == "POST" else 200
    return render(request, "events/person_data.html", {"form": form}, status=status)
