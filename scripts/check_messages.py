"""Fail when a string of the code or the templates is not in the committed translation files.

`make messages-check` runs this with the options of `make messages`. It runs makemessages (the
django and the djangojs domain) on a temporary copy of teilhabe/, so the working tree is never
written, and compares the extracted msgids with the committed .po files, per language. A msgid
that was extracted but is not committed fails the check; a committed one that is no longer in
the code is only reported (`make messages` marks it obsolete).

The public guide's catalogues (`scripts/public_messages.py`: ar, tr, uk, ru, fa, pl, ro, bg,
de_LS) hold exactly the extracted strings of the message context "wegweiser"; one that lacks
such a msgid fails the check too, and one that holds a msgid no longer used is reported.

    python scripts/check_messages.py -l de -l en --no-location --ignore 'static/vendor/*'
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import public_messages  # noqa: E402  (its sibling: the public languages and their context)

SOURCE = ROOT / "teilhabe"
DOMAINS = ("django", "djangojs")
# Not scanned by `make messages` either (--ignore 'static/vendor/*'), and large: not copied.
NOT_COPIED = {SOURCE / "static" / "vendor"}

Key = tuple[str, str, str]  # (msgctxt, msgid, msgid_plural)


def _ignore(directory: str, names: list[str]) -> set[str]:
    here = Path(directory)
    return {n for n in names if n == "__pycache__" or n.endswith(".mo") or here / n in NOT_COPIED}


def _keys(path: Path) -> set[Key]:
    import polib

    if not path.exists():
        return set()
    return {
        (e.msgctxt or "", e.msgid, e.msgid_plural or "")
        for e in polib.pofile(str(path))
        if not e.obsolete and e.msgid  # the header has an empty msgid
    }


def _label(key: Key) -> str:
    context, msgid, plural = key
    text = repr(msgid) + (f" (plural {plural!r})" if plural else "")
    return f"[{context}] {text}" if context else text


def _public_names(copy: Path) -> list[Path]:
    """The public catalogues there must be: one per public language for each domain whose
    extracted strings include the public context."""
    return [
        Path("locale") / language / "LC_MESSAGES" / f"{domain}.po"
        for domain in DOMAINS
        if public_messages.source_keys(domain, copy / "locale")
        for language in public_messages.PUBLIC_LOCALES
    ]


def _expected(copy: Path, name: Path) -> set[Key]:
    """The msgids `name` must hold: what makemessages extracted for it, and for a public
    catalogue the public context's entries of the extracted German catalogue."""
    language, domain = name.parts[1], name.stem
    if language in public_messages.PUBLIC_LOCALES:
        return public_messages.source_keys(domain, copy / "locale")
    return _keys(copy / name)


def extract(makemessages_args: list[str], copy: Path) -> None:
    """makemessages in `copy` (a copy of teilhabe/), writing only to the copy's locale/."""
    import django
    from django.core.management import call_command
    from django.test.utils import override_settings

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teilhabe.settings")
    django.setup()
    shutil.copytree(SOURCE, copy, ignore=_ignore)
    previous = Path.cwd()
    os.chdir(copy)  # `make messages` runs in teilhabe/; the copy's locale/ is its only target
    try:
        with override_settings(LOCALE_PATHS=[str(copy / "locale")]):
            for domain in DOMAINS:
                call_command("makemessages", *makemessages_args, "--domain", domain, verbosity=0)
    finally:
        os.chdir(previous)


def main(makemessages_args: list[str]) -> int:
    with tempfile.TemporaryDirectory(prefix="teilhabe-messages-") as tmp:
        copy = Path(tmp) / "teilhabe"
        extract(makemessages_args, copy)
        extracted_files = sorted(copy.glob("locale/*/LC_MESSAGES/*.po"))
        committed_files = sorted(SOURCE.glob("locale/*/LC_MESSAGES/*.po"))
        names = sorted(
            {p.relative_to(copy) for p in extracted_files}
            | {p.relative_to(SOURCE) for p in committed_files}
            | set(_public_names(copy))
        )
        failed = False
        for name in names:
            extracted, committed = _expected(copy, name), _keys(SOURCE / name)
            missing, unused = sorted(extracted - committed), sorted(committed - extracted)
            print(f"teilhabe/{name}: {len(extracted)} msgids in the code, {len(missing)} missing")
            if missing:
                failed = True
                print(f"  not in teilhabe/{name} (run `make messages` and translate them):")
                print("".join(f"    {_label(k)}\n" for k in missing), end="")
            if unused:
                print(f"  {len(unused)} no longer used (`make messages` marks them obsolete):")
                print("".join(f"    {_label(k)}\n" for k in unused), end="")
        if not names:
            print("no translation files found", file=sys.stderr)
            return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
