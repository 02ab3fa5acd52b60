"""Write the public guide's catalogues: its strings in the languages beyond German and English.

Every string of the public guide carries the message context "wegweiser" (docs/guide.md,
"Languages"). `make messages` extracts all strings into the German and English catalogues, then
runs this script, which copies the "wegweiser" entries of the German catalogue into one small
catalogue per further public language, `teilhabe/locale/<locale>/LC_MESSAGES/<domain>.po`:

- an entry whose msgid is unchanged keeps its translation (and its fuzzy flag, if any);
- a new msgid that resembles a removed one (a changed wording) gets the old translation,
  marked fuzzy with the previous msgid, for the translator to check;
- a msgid no longer used is dropped (these catalogues hold exactly the public strings);
- the header carries the language's plural rule (gettext's conventions, from CLDR).

Then `compilemessages` compiles them. Run from anywhere:

    python scripts/public_messages.py
"""

from __future__ import annotations

import difflib
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "teilhabe" / "locale"
CONTEXT = "wegweiser"
SOURCE_LOCALE = "de"
DOMAINS = ("django", "djangojs")

# Locale directory → (language name, Plural-Forms). de_LS is Leichte Sprache (public code
# de-x-ls, Django language de-ls); it falls back to German for a string it lacks.
PUBLIC_LOCALES: dict[str, tuple[str, str]] = {
    "ar": (
        "Arabic",
        "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 "
        ": n%100>=11 ? 4 : 5);",
    ),
    "tr": ("Turkish", "nplurals=2; plural=(n != 1);"),
    "uk": (
        "Ukrainian",
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
        "(n%100<10 || n%100>=20) ? 1 : 2);",
    ),
    "ru": (
        "Russian",
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
        "(n%100<10 || n%100>=20) ? 1 : 2);",
    ),
    "fa": ("Persian", "nplurals=2; plural=(n > 1);"),
    "pl": (
        "Polish",
        "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    ),
    "ro": (
        "Romanian",
        "nplurals=3; plural=(n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2);",
    ),
    "bg": ("Bulgarian", "nplurals=2; plural=(n != 1);"),
    "de_LS": ("German (Leichte Sprache)", "nplurals=2; plural=(n != 1);"),
}
# How alike a new msgid must be to a removed one to count as its changed wording.
FUZZY_CUTOFF = 0.6

Key = tuple[str, str, str]  # (msgctxt, msgid, msgid_plural)


def key(entry: polib.POEntry) -> Key:
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def nplurals(plural_forms: str) -> int:
    return int(plural_forms.split("nplurals=", 1)[1].split(";", 1)[0])


def public_entries(catalogue: polib.POFile) -> list[polib.POEntry]:
    """The catalogue's current "wegweiser" entries."""
    return [e for e in catalogue if not e.obsolete and e.msgctxt == CONTEXT and e.msgid]


def source_keys(domain: str = "django", locale: Path = LOCALE) -> set[Key]:
    path = locale / SOURCE_LOCALE / "LC_MESSAGES" / f"{domain}.po"
    if not path.exists():
        return set()
    return {key(e) for e in public_entries(polib.pofile(str(path)))}


def _metadata(language: str, plural_forms: str, previous: dict[str, str]) -> dict[str, str]:
    name, _rule = PUBLIC_LOCALES[language]
    return {
        "Project-Id-Version": "Teilhabe",
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": previous.get("POT-Creation-Date", ""),
        "PO-Revision-Date": previous.get("PO-Revision-Date", ""),
        "Last-Translator": previous.get("Last-Translator", ""),
        "Language-Team": f"{name} (public guide)",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural_forms,
    }


def _translation_of(entry: polib.POEntry, forms: int) -> tuple[str, dict[int, str]]:
    if not entry.msgid_plural:
        return entry.msgstr, {}
    values = [entry.msgstr_plural.get(i, "") for i in range(forms)]
    return "", dict(enumerate(values))


def _closest(entry: polib.POEntry, candidates: Iterable[polib.POEntry]) -> polib.POEntry | None:
    """The removed entry whose msgid is most like `entry`'s (same singular/plural kind)."""
    pool = {
        c.msgid: c
        for c in candidates
        if bool(c.msgid_plural) == bool(entry.msgid_plural) and (c.msgstr or c.msgstr_plural)
    }
    match = difflib.get_close_matches(entry.msgid, list(pool), n=1, cutoff=FUZZY_CUTOFF)
    return pool[match[0]] if match else None


def update(
    source: list[polib.POEntry], path: Path, language: str, *, now: datetime | None = None
) -> polib.POFile:
    """`path`'s catalogue with exactly the `source` entries, keeping what was translated."""
    name, plural_forms = PUBLIC_LOCALES[language]
    forms = nplurals(plural_forms)
    old = polib.pofile(str(path)) if path.exists() else polib.POFile()
    existing = {key(e): e for e in old if not e.obsolete and e.msgid}
    wanted = {key(e) for e in source}
    removed = [e for k, e in existing.items() if k not in wanted]
    stamp = (now or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M%z")
    catalogue = polib.POFile(wrapwidth=78)
    catalogue.header = (
        f"The public guide's strings (context {CONTEXT!r}) in {name}.\n"
        "Written by scripts/public_messages.py from the German catalogue; translate the\n"
        'msgstr lines only (docs/guide.md, "Languages").'
    )
    catalogue.metadata = _metadata(language, plural_forms, old.metadata)
    catalogue.metadata["POT-Creation-Date"] = stamp
    for entry in source:
        new = polib.POEntry(
            msgctxt=entry.msgctxt,
            msgid=entry.msgid,
            msgid_plural=entry.msgid_plural,
            comment=entry.comment,
            flags=[f for f in entry.flags if f != "fuzzy"],
        )
        kept = existing.get(key(entry))
        if kept is not None:
            new.msgstr, new.msgstr_plural = _translation_of(kept, forms)
            if "fuzzy" in kept.flags:
                new.flags.append("fuzzy")
                new.previous_msgid = kept.previous_msgid
                new.previous_msgid_plural = kept.previous_msgid_plural
        else:
            similar = _closest(entry, removed)
            if similar is not None:
                new.msgstr, new.msgstr_plural = _translation_of(similar, forms)
                new.flags.append("fuzzy")
                new.previous_msgid = similar.msgid
                new.previous_msgid_plural = similar.msgid_plural or None
            elif entry.msgid_plural:
                new.msgstr_plural = dict.fromkeys(range(forms), "")
        catalogue.append(new)
    if _content(catalogue) == _content(old) and old.metadata.get("POT-Creation-Date"):
        catalogue.metadata["POT-Creation-Date"] = old.metadata["POT-Creation-Date"]
    return catalogue


def _content(catalogue: polib.POFile) -> list[tuple[Key, str, list[str], list[str]]]:
    """What a run may change: unchanged, the file keeps its date (no churn in the diff)."""
    return [
        (key(e), e.msgstr, [e.msgstr_plural[i] for i in sorted(e.msgstr_plural)], sorted(e.flags))
        for e in catalogue
        if not e.obsolete and e.msgid
    ]


def main(argv: list[str]) -> int:
    if argv:
        print(__doc__, file=sys.stderr)
        return 2
    for domain in DOMAINS:
        german = LOCALE / SOURCE_LOCALE / "LC_MESSAGES" / f"{domain}.po"
        source = public_entries(polib.pofile(str(german))) if german.exists() else []
        for language in PUBLIC_LOCALES:
            path = LOCALE / language / "LC_MESSAGES" / f"{domain}.po"
            if not source and not path.exists():
                continue
            catalogue = update(source, path, language)
            path.parent.mkdir(parents=True, exist_ok=True)
            catalogue.save(str(path))
            open_ = [e for e in catalogue if not e.translated()]
            print(f"teilhabe/locale/{language}/LC_MESSAGES/{domain}.po: {len(catalogue)} public "
                  f"msgids, {len(open_)} untranslated or fuzzy")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
