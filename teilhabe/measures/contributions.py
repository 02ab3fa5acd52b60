"""What the measures add: their pages, the navigation entry, and the figures controlling reads
(`figures.py`)."""

from __future__ import annotations

from teilhabe.core.registry import Registry


def register(registry: Registry) -> None:
    from .figures import FIGURES

    registry.mount("", "teilhabe.measures.urls", order=27)
    for figure in FIGURES:
        registry.figure(figure)
