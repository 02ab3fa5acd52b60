"""German is the default language: every string of the interface has a German translation."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[1] / "locale"
GERMAN_PO = LOCALE / "de" / "LC_MESSAGES" / "django.po"
GERMAN_MO = GERMAN_PO.with_suffix(".mo")


@pytest.fixture(scope="module")
def german() -> polib.POFile:
    assert GERMAN_PO.exists(), f"{GERMAN_PO} is missing: run `make messages` and translate it"
    return polib.pofile(str(GERMAN_PO))


def _translated(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr.strip())


def test_it_translates_every_message_into_german(german: polib.POFile) -> None:
    entries = [e for e in german if not e.obsolete]
    assert entries, "the German catalogue is empty"
    untranslated = [e.msgid for e in entries if not _translated(e)]
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    assert not untranslated, f"{len(untranslated)} without German: {untranslated[:10]}"
    assert not fuzzy, f"{len(fuzzy)} marked fuzzy: {fuzzy[:10]}"


def test_it_keeps_the_placeholders_in_the_german_text(german: polib.POFile) -> None:
    placeholder = re.compile(r"%\(\w+\)[sd]|\{\{ ?\w+ ?\}\}|%[sd]")
    wrong = []
    for entry in german:
        if entry.obsolete or not _translated(entry):
            continue
        texts = [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())
        expected = sorted(set(placeholder.findall(entry.msgid_plural or entry.msgid)))
        for text in texts:
            if sorted(set(placeholder.findall(text))) != expected:
                wrong.append(entry.msgid)
    assert not wrong, f"placeholders differ: {wrong[:10]}"


def test_it_ships_the_compiled_catalogue_in_step_with_the_source(german: polib.POFile) -> None:
    assert GERMAN_MO.exists(), f"{GERMAN_MO} is missing: run `make messages`"
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(GERMAN_MO))}
    stale = [
        e.msgid
        for e in german
        if not e.obsolete and not e.msgid_plural and _translated(e) and "fuzzy" not in e.flags
        and compiled.get((e.msgctxt, e.msgid)) != e.msgstr
    ]  # fmt: skip
    assert not stale, f"{len(stale)} translations not compiled (run `make messages`): {stale[:10]}"
