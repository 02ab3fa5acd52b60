"""The geometry of a server-rendered line chart (the time series): the template draws it as SVG
with `role="img"`, a title and a description, and the page shows the same figures as a table
beside it. Pure: values in, coordinates and tick labels out. Two lines at most (the KI and the
state median), told apart by a solid or dashed line and round or square marks, not by colour
alone."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

WIDTH, HEIGHT = 640.0, 280.0
LEFT, RIGHT, TOP, BOTTOM = 56.0, 16.0, 16.0, 48.0


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    label: str  # the period and the value, for the mark's title


@dataclass(frozen=True)
class Line:
    key: str  # "centre" or "median"
    points: str  # "x,y x,y …" of the polyline segments (runs without gaps)
    runs: list[str]
    marks: list[Mark]


@dataclass(frozen=True)
class Tick:
    at: float
    label: str


@dataclass(frozen=True)
class Chart:
    width: float
    height: float
    lines: list[Line]
    y_ticks: list[Tick]
    x_ticks: list[Tick]
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float


def nice_top(high: Decimal) -> Decimal:
    """The axis' top: the next 1, 2, 2.5 or 5 times a power of ten at or above `high` (1 for 0)."""
    if high <= 0:
        return Decimal(1)
    power = Decimal(10) ** math.floor(math.log10(high))
    for step in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10)):
        if high <= step * power:
            return step * power
    return 10 * power  # pragma: no cover - the loop ends at 10


def chart(
    labels: Sequence[str],
    series: Mapping[str, Sequence[Decimal | None]],
    *,
    number: Callable[[Decimal], str],
) -> Chart:
    """Lines over `labels` (the periods, left to right) from 0 to a round top; a missing value
    breaks the line (no line is drawn through a period without a value)."""
    values = [v for line in series.values() for v in line if v is not None]
    top = nice_top(max(values, default=Decimal(0)))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    n = len(labels)

    def x_at(i: int) -> float:
        return round(LEFT + (plot_w * (i + 0.5) / n if n else 0), 1)

    def y_at(v: Decimal) -> float:
        return round(TOP + plot_h - float(v / top) * plot_h, 1)

    lines = []
    for key, line in series.items():
        runs: list[list[str]] = [[]]
        marks = []
        for i, v in enumerate(line):
            if v is None:
                if runs[-1]:
                    runs.append([])
                continue
            x, y = x_at(i), y_at(v)
            runs[-1].append(f"{x:g},{y:g}")
            marks.append(Mark(x, y, f"{labels[i]}: {number(v)}"))
        texts = [" ".join(r) for r in runs if len(r) > 1]
        lines.append(Line(key, " ".join(" ".join(r) for r in runs), texts, marks))
    y_ticks = [Tick(y_at(top * k / 4), number(top * k / 4)) for k in range(5)]
    every = max(1, math.ceil(n / 10))  # at most about ten labels under the axis
    x_ticks = [Tick(x_at(i), labels[i]) for i in range(0, n, every)]
    return Chart(
        WIDTH,
        HEIGHT,
        lines,
        y_ticks,
        x_ticks,
        LEFT,
        WIDTH - RIGHT,
        TOP,
        TOP + plot_h,
    )
