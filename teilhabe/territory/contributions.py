"""The territory's part: the official reference data and its public API."""

from __future__ import annotations

from collections.abc import Iterator

from teilhabe.core.registry import Registry


def _reference() -> Iterator[str]:
    from .services import load_territory

    result = load_territory()
    yield (
        f"Territory: {result.regierungsbezirke} Regierungsbezirke, {result.districts} districts, "
        f"{result.municipalities} municipalities, {result.grantees} grantees "
        f"({result.created} new)."
    )


def register(registry: Registry) -> None:
    registry.api_router("/", "teilhabe.territory.api:router", order=10)
    registry.reference_data("territory", _reference)
