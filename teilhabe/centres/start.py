"""The KI registry's cards on the start page: the own KI, the registry, the district's KI."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from teilhabe.core import roles
from teilhabe.core.registry import Step
from teilhabe.core.roles import AnyUser, Role

from .models import Centre, StaffMember

# Roles reminded of the KIs that have not entered their address yet.
ADDRESS_WATCH_ROLES = frozenset({Role.GRANT_OFFICER, Role.GRANT_APPROVER, Role.COORDINATION})


def _registry() -> Step:
    return Step(
        _("The 54 integration centres"),
        _("Find a KI by name, place or district key and see whom to contact."),
        reverse("centres:list"),
        _("Open the registry"),
    )


def _own_centre(centre: Centre) -> Iterator[Step]:
    staff = StaffMember.objects.filter(centre=centre).current().count()
    yield Step(
        _("Your KI: %(name)s") % {"name": centre.name},
        _("Keep address, contact and organisational attachment up to date.")
        if centre.street
        else _("The address of your KI is missing. Residents and partners find you by it."),
        reverse("centres:edit", args=[centre.pk]),
        _("Edit the KI's data"),
    )
    yield Step(
        _("Staff"),
        ngettext(
            "%(n)d person works in your KI today.",
            "%(n)d people work in your KI today.",
            staff,
        )
        % {"n": staff}
        if staff
        else _("No staff recorded yet. Add the head, the specialists and the seconded teachers."),
        reverse("centres:detail", args=[centre.pk]) + "#staff",
        _("Maintain the staff list"),
    )


def centre_cards(user: AnyUser | None) -> Iterator[Step]:
    """The own KI for KI roles; the registry for everyone else (anonymous visitors too)."""
    if user is None:
        yield _registry()
        return
    centre_id = roles.centre_id_of(user)
    if centre_id is not None:
        yield from _own_centre(Centre.objects.get(pk=centre_id))
        return
    yield _registry()
    district_id = roles.district_id_of(user)
    if district_id is not None:
        centre = (
            Centre.objects.filter(grantee__district_id=district_id).order_by("grantee__key").first()
        )
        if centre:
            yield Step(
                _("The KI of your district"),
                _("Staff and seconded teachers of %(name)s.") % {"name": centre.name},
                centre.get_absolute_url(),
                _("Open the KI"),
            )
    if roles.role_of(user) == Role.EVALUATOR:
        yield Step(
            _("Pseudonymised staff structure"),
            _("You see every KI's positions, categories and FTE, without names."),
            reverse("centres:list"),
            _("Open the registry"),
        )


def address_cards(user: AnyUser | None) -> Iterator[Step]:
    """For the grant authority and the coordination office: KIs whose address is missing."""
    if user is None or roles.role_of(user) not in ADDRESS_WATCH_ROLES:
        return
    missing = Centre.objects.filter(street="").count()
    if missing:
        yield Step(
            _("Addresses missing"),
            ngettext(
                "%(n)d KI has not entered its address yet.",
                "%(n)d KIs have not entered their address yet.",
                missing,
            )
            % {"n": missing},
            reverse("centres:list"),
            _("Open the registry"),
        )
