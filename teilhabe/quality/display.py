"""The statuses as the pages show them: each pillar with its label, its source in words, its
state (in words and with an icon, never colour alone) and what is missing. Reads the pillars'
labels from the registry; a pillar no longer registered is shown by its code."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from teilhabe.core.registry import QualityPillar, registry

from .models import Overall, QualityChange, QualityStatus

STATE_WORDS = {
    True: _("fulfilled"),
    False: _("not fulfilled"),
    None: _("open (not due yet or not applicable)"),
}
# The KERN icon beside the words: a tick, a cross, an "i".
STATE_ICONS = {True: "success", False: "danger", None: "info"}
OVERALL_ICONS = {
    Overall.FULFILLED: "success",
    Overall.UNFULFILLED: "danger",
    Overall.PENDING: "info",
}


@dataclass(frozen=True)
class PillarRow:
    code: str
    label: Any
    description: Any
    value: bool | None

    @property
    def words(self) -> Any:
        return STATE_WORDS[self.value]

    @property
    def icon(self) -> str:
        return STATE_ICONS[self.value]

    @property
    def missing(self) -> Any:
        """What the KI still needs, where the pillar is not fulfilled: what fulfils it."""
        return self.description if self.value is False else ""


def pillars_by_code() -> dict[str, QualityPillar]:
    return {p.code: p for p in registry.quality_pillars()}


def _row(code: str, value: Any, known: Mapping[str, QualityPillar]) -> PillarRow:
    pillar = known.get(code)
    if pillar is None:
        return PillarRow(code, code, _("This pillar is no longer registered."), value)
    return PillarRow(code, pillar.label, pillar.description, value)


def rows_of(values: Mapping[str, Any]) -> list[PillarRow]:
    """The registered pillars in their order, then any other code the status holds."""
    known = pillars_by_code()
    codes = [*known, *sorted(set(values) - set(known))]
    return [_row(code, values.get(code), known) for code in codes]


def columns() -> list[QualityPillar]:
    return registry.quality_pillars()


def cells(status: QualityStatus | None, pillars: Iterable[QualityPillar]) -> list[PillarRow]:
    """One row per pillar of the overview's columns (None: not computed)."""
    values = status.values if status is not None else {}
    return [PillarRow(p.code, p.label, p.description, values.get(p.code)) for p in pillars]


def overall_icon(overall: str) -> str:
    return OVERALL_ICONS.get(Overall(overall), "info") if overall else "info"


@dataclass(frozen=True)
class ChangeRow:
    change: QualityChange
    pillars: list[dict[str, Any]]  # label, from (words), to (words)


def history_rows(changes: Iterable[QualityChange]) -> list[ChangeRow]:
    known = pillars_by_code()
    out = []
    for change in changes:
        pillars = []
        for code, step in change.changes.items():
            row = _row(code, step.get("to"), known)
            pillars.append(
                {
                    "label": row.label,
                    "from": STATE_WORDS[step.get("from")],
                    "to": STATE_WORDS[step.get("to")],
                    "icon": STATE_ICONS[step.get("to")],
                }
            )
        out.append(ChangeRow(change, pillars))
    return out
