"""What core itself adds to the shared pages: the audit trail (registered in CoreConfig.ready)."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from . import roles
from .access import audit_events_visible_to, may_read_audit
from .registry import Registry, Step, in_app, link
from .roles import AnyUser, Role


def audit_cards(user: AnyUser | None) -> Iterator[Step]:
    if user is None:
        return
    role = roles.role_of(user)
    if role == Role.KI_LEAD:
        events = audit_events_visible_to(user).count()
        yield Step(
            _("Audit trail of your KI"),
            ngettext("%(n)d recorded change.", "%(n)d recorded changes.", events) % {"n": events}
            if events
            else _("No changes recorded yet. Every change to your KI's data will appear here."),
            reverse("core:audit_log"),
            _("Read the audit trail"),
        )
    elif role in roles.AUDIT_ALL_ROLES:
        yield Step(
            _("Audit trail"),
            _("Every change made in the platform, with who, when and what."),
            reverse("core:audit_log"),
            _("Read the audit trail"),
        )


def register(registry: Registry) -> None:
    registry.mount("protokoll/", "teilhabe.core.urls", order=90)
    registry.api_router("/", "teilhabe.core.audit_api:router", order=50)
    registry.nav(
        "audit",
        order=50,
        label=gettext_lazy("Audit trail"),
        url=link("core:audit_log"),
        visible=may_read_audit,
        current=in_app("core"),
    )
    registry.start_cards("audit", 20, audit_cards)
    registry.audit_actions("core", {"list.exported": gettext_lazy("list exported")})
