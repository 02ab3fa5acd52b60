"""The public guide's CSS uses logical properties only, so `dir="rtl"` (Arabic, Persian) mirrors
the layout without a second style sheet (docs/guide.md, "Right to left")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CSS = Path(__file__).resolve().parents[2] / "static" / "teilhabe" / "guide.css"

# A property with a physical side, and what to write instead.
PHYSICAL = [
    (re.compile(r"^(margin|padding)-(left|right)$"), "margin-inline-start/-end"),
    (re.compile(r"^border-(left|right)(-\w+)?$"), "border-inline-start/-end"),
    (re.compile(r"^border-(top|bottom)-(left|right)-radius$"), "border-start-start-radius etc."),
    (re.compile(r"^(left|right)$"), "inset-inline-start/-end"),
    (re.compile(r"^scroll-(margin|padding)-(left|right)$"), "scroll-margin-inline-start/-end"),
]
# A value with a physical side.
PHYSICAL_VALUES = {
    "text-align": ({"left", "right"}, "text-align: start/end"),
    "float": ({"left", "right"}, "float: inline-start/inline-end"),
    "clear": ({"left", "right"}, "clear: inline-start/inline-end"),
}
# margin/padding/inset/border-width with four values: left and right may differ.
FOUR_SIDES = {"margin", "padding", "inset", "border-width", "border-style", "border-color"}

_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_DECLARATION = re.compile(r"([-\w]+)\s*:\s*([^;{}]+)")


def physical_properties(css: str) -> list[str]:
    """Each declaration of `css` that names a physical left or right side, with the logical
    property to use instead."""
    found = []
    for block in re.findall(r"\{([^{}]*)\}", _COMMENT.sub("", css)):
        for prop, value in _DECLARATION.findall(block):
            prop, value = prop.strip().lower(), value.strip().lower()
            where = f"{prop}: {value}"
            for pattern, instead in PHYSICAL:
                if pattern.match(prop):
                    found.append(f"{where} (use {instead})")
            if prop in PHYSICAL_VALUES:
                values, instead = PHYSICAL_VALUES[prop]
                if value.split("!")[0].strip() in values:
                    found.append(f"{where} (use {instead})")
            if prop in FOUR_SIDES:
                sides = value.split("!")[0].split()
                if len(sides) == 4 and sides[1] != sides[3]:
                    found.append(f"{where} (left and right differ: use the -inline properties)")
    return found


def test_the_lint_finds_physical_sides_and_lets_logical_ones_pass() -> None:
    css = """
    /* margin-left: 1rem in a comment is fine */
    .a { margin-left: 1rem; padding-inline-start: 2rem; text-align: left; }
    .b { inset-inline-end: 0; right: 0; float: inline-start; border-right: 1px solid; }
    .c { margin: 0 1rem 0 2rem; padding: 1rem 2rem; text-align: start !important; }
    @media (min-width: 40em) { .d { border-top-left-radius: 4px; left: auto; } }
    """
    found = physical_properties(css)
    assert [item.split(" (")[0] for item in found] == [
        "margin-left: 1rem",
        "text-align: left",
        "right: 0",
        "border-right: 1px solid",
        "margin: 0 1rem 0 2rem",
        "border-top-left-radius: 4px",
        "left: auto",
    ]
    assert physical_properties(".e { margin-inline: 1rem; inset-inline-start: 0; }") == []


def test_the_public_css_mirrors_for_right_to_left() -> None:
    if not CSS.exists():
        pytest.skip(f"{CSS.name} does not exist yet (the public layout adds it)")
    found = physical_properties(CSS.read_text(encoding="utf-8"))
    assert not found, f"physical left/right in {CSS.name}: {found}"
