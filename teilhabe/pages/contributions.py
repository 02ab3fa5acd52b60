"""The shell's own entries: the start page and the open-data card for visitors."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teilhabe.core.registry import Registry, Step, link, on_view
from teilhabe.core.roles import AnyUser


def open_data_cards(user: AnyUser | None) -> Iterator[Step]:
    if user is None:
        yield Step(
            _("Open data"),
            _("Districts and integration centres as JSON, documented with OpenAPI."),
            "/api/v1/docs",
            _("Open the API documentation"),
        )


def register(registry: Registry) -> None:
    registry.mount("", "teilhabe.pages.urls", order=0)
    registry.nav(
        "start",
        order=0,
        label=gettext_lazy("Start"),
        url=link("pages:start"),
        current=on_view("pages:start"),
        after_login=False,
    )
    registry.start_cards("open-data", 60, open_data_cards)
    registry.audit_actions(
        "pages",
        {
            "accessibility_feedback.submitted": gettext_lazy("accessibility feedback submitted"),
        },
    )
