"""What each role does next: the cards of the start page, from live data."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre, StaffMember
from teilhabe.core.access import audit_events_visible_to
from teilhabe.core.roles import CENTRE_ROLES, AnyUser, Role, role_of


@dataclass(frozen=True)
class Step:
    title: str
    text: str
    url: str
    action: str


def _own_centre_steps(user: User) -> list[Step]:
    centre = user.centre
    if centre is None:
        return []
    staff = StaffMember.objects.filter(centre=centre).current().count()
    steps = [
        Step(
            _("Your KI: %(name)s") % {"name": centre.name},
            _("Keep address, contact and organisational attachment up to date.")
            if centre.street
            else _("The address of your KI is missing. Residents and partners find you by it."),
            reverse("centres:edit", args=[centre.pk]),
            _("Edit the KI's data"),
        ),
        Step(
            _("Staff"),
            ngettext(
                "%(n)d person works in your KI today.",
                "%(n)d people work in your KI today.",
                staff,
            )
            % {"n": staff}
            if staff
            else _(
                "No staff recorded yet. Add the head, the specialists and the seconded teachers."
            ),
            reverse("centres:detail", args=[centre.pk]) + "#staff",
            _("Maintain the staff list"),
        ),
    ]
    if role_of(user) == Role.KI_LEAD:
        events = audit_events_visible_to(user).count()
        steps.append(
            Step(
                _("Audit trail of your KI"),
                ngettext("%(n)d recorded change.", "%(n)d recorded changes.", events)
                % {"n": events}
                if events
                else _("No changes recorded yet. Every change to your KI's data will appear here."),
                reverse("core:audit_log"),
                _("Read the audit trail"),
            )
        )
    return steps


def next_steps(user: AnyUser | None) -> list[Step]:
    """The cards for the user's role; anonymous visitors (None) get the public entry points."""
    role = role_of(user) if user is not None else None
    registry = Step(
        _("The 54 integration centres"),
        _("Find a KI by name, place or district key and see whom to contact."),
        reverse("centres:list"),
        _("Open the registry"),
    )
    if role is None:
        return [
            registry,
            Step(
                _("Grant calculator"),
                _(
                    "What a KI would receive under the funding guideline in force, line by line "
                    "with its legal source: for municipalities that plan."
                ),
                reverse("funding:calculator"),
                _("Compute a grant"),
            ),
            Step(
                _("Open data"),
                _("Districts and integration centres as JSON, documented with OpenAPI."),
                "/api/v1/docs",
                _("Open the API documentation"),
            ),
        ]
    steps: list[Step] = []
    assert isinstance(user, User)  # a role implies an authenticated user
    if role in CENTRE_ROLES:
        steps += _own_centre_steps(user)
    else:
        steps.append(registry)
    if role in {Role.GRANT_OFFICER, Role.GRANT_APPROVER, Role.COORDINATION}:
        missing = Centre.objects.filter(street="").count()
        steps.append(
            Step(
                _("Audit trail"),
                _("Every change made in the platform, with who, when and what.")
                + " "
                + (
                    ngettext(
                        "%(n)d KI has not entered its address yet.",
                        "%(n)d KIs have not entered their address yet.",
                        missing,
                    )
                    % {"n": missing}
                    if missing
                    else ""
                ),
                reverse("core:audit_log"),
                _("Read the audit trail"),
            )
        )
    if role == Role.SCHOOL_AUTHORITY and user.district_id:
        centre = (
            Centre.objects.filter(grantee__district_id=user.district_id)
            .order_by("grantee__key")
            .first()
        )
        if centre:
            steps.append(
                Step(
                    _("The KI of your district"),
                    _("Staff and seconded teachers of %(name)s.") % {"name": centre.name},
                    centre.get_absolute_url(),
                    _("Open the KI"),
                )
            )
    from teilhabe.funding.start import funding_steps  # the funding app builds on this module

    steps += funding_steps(user)
    if role == Role.EVALUATOR:
        steps.append(
            Step(
                _("Pseudonymised staff structure"),
                _("You see every KI's positions, categories and FTE, without names."),
                reverse("centres:list"),
                _("Open the registry"),
            )
        )
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        steps.append(
            Step(
                _("Second factor"),
                _("Protect your account with an authenticator app."),
                reverse("accounts:two_factor_setup"),
                _("Set up"),
            )
        )
    steps.append(
        Step(
            _("Your account"),
            _("Password, sessions on other devices, and personal API tokens."),
            reverse("accounts:security"),
            _("Open account security"),
        )
    )
    return steps
