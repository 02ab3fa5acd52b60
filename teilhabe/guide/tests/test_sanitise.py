"""The offer's rich text keeps the few allowed tags and nothing hostile (nh3)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from teilhabe.guide.sanitise import clean

HOSTILE = [
    "<script>alert(1)</script><p>Kurs</p>",
    '<p onclick="alert(1)">Kurs</p>',
    "<style>body{display:none}</style><p>Kurs</p>",
    '<a href="javascript:alert(1)">Kurs</a>',
    "<img src=x onerror=alert(1)>Kurs",
    '<iframe src="https://evil.example"></iframe>Kurs',
    "<svg><script>alert(1)</script></svg>Kurs",
    '<p style="position:fixed">Kurs</p>',
    '<a href="data:text/html;base64,PHNjcmlwdD4=">Kurs</a>',
    "<scr<script>ipt>alert(1)</script>Kurs",
    "<!-- <script>alert(1)</script> -->Kurs",
    '<form action="https://evil.example"><input name=a></form>Kurs',
]


@pytest.mark.parametrize("html", HOSTILE)
def test_it_removes_script_style_handlers_and_dangerous_links(html: str) -> None:
    out = clean(html).lower()
    for bad in (
        "<script",
        "<style",
        "onclick",
        "onerror",
        "javascript:",
        "data:",
        "<iframe",
        "<img",
        "<svg",
        "style=",
        "<form",
        "<input",
        "alert(1)</",
    ):
        assert bad not in out
    assert "kurs" in out


def test_it_keeps_the_allowed_tags_and_adds_a_safe_rel() -> None:
    html = "<p><strong>Neu:</strong> <em>jetzt</em></p><ul><li>A</li></ul><ol><li>B</li></ol>"
    assert clean(html) == html
    link = clean('<a href="https://vhs.example/kurs" target="_blank">VHS</a>')
    assert link == '<a href="https://vhs.example/kurs" rel="noopener noreferrer nofollow">VHS</a>'


@given(st.text(max_size=300))
def test_no_script_tag_survives_any_input(text: str) -> None:
    out = clean(f"<script>{text}</script>{text}").lower()
    assert "<script" not in out and "<style" not in out
