"""The public guide speaks eleven languages: every "wegweiser" string is translated into each,
the catalogues are compiled, the page says which language it is in, and Leichte Sprache falls
back to German (issue 19, "Languages")."""

from __future__ import annotations

import importlib.util
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType

import polib
import pytest
from django.test import override_settings
from django.utils import translation
from django.utils.translation import gettext, npgettext, pgettext

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.guide import i18n, public_labels, services
from teilhabe.guide.models import Offer

from . import factories as f

ROOT = Path(__file__).resolve().parents[3]
LOCALE = ROOT / "teilhabe" / "locale"
CONTEXT = "wegweiser"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{ ?\w+ ?\}\}")


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "public_messages", ROOT / "scripts" / "public_messages.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("public_messages", module)
    spec.loader.exec_module(module)
    return module


public_messages = _script()


def locale_dir(code: str) -> str:
    """The catalogue directory of a public language: de-x-ls → de_LS (Django's de-ls)."""
    return translation.to_locale(i18n.django_code(code))


def _catalogue(code: str) -> polib.POFile:
    path = LOCALE / locale_dir(code) / "LC_MESSAGES" / "django.po"
    assert path.exists(), f"{path} is missing: run `make messages` and translate it"
    return polib.pofile(str(path))


@pytest.fixture(scope="module")
def used() -> list[polib.POEntry]:
    """The "wegweiser" msgids the code and templates use. `make messages-check` keeps the
    German catalogue current with the code, so its entries with the context are the list."""
    entries = public_messages.public_entries(_catalogue("de"))
    assert len(entries) >= 100, "the public labels (public_labels.py) are not in the catalogue"
    return entries


def _placeholders(text: str) -> list[str]:
    return sorted(set(PLACEHOLDER.findall(text)))


def _problems(entry: polib.POEntry | None, source: polib.POEntry, *, english: bool) -> str:
    """What is wrong with the translation `entry` of `source` ("" when nothing is)."""
    if entry is None:
        return "missing"
    if "fuzzy" in entry.flags:
        return "fuzzy"
    if source.msgid_plural:
        forms = [entry.msgstr_plural.get(i, "") for i in range(len(entry.msgstr_plural))]
        wanted = _placeholders(source.msgid_plural)
    else:
        forms, wanted = [entry.msgstr], _placeholders(source.msgid)
    if english:  # the source text is English: an empty msgstr shows the msgid
        forms = [form for form in forms if form]
    elif not forms or not all(form.strip() for form in forms):
        return "untranslated"
    for form in forms:
        if _placeholders(form) != wanted:
            return f"placeholders {_placeholders(form)} instead of {wanted} in {form!r}"
    return ""


@pytest.mark.parametrize("code", list(i18n.PUBLIC_LANGUAGES))
def test_every_public_string_is_translated_into_every_public_language(code, used) -> None:
    catalogue = _catalogue(code)
    entries = {public_messages.key(e): e for e in catalogue if not e.obsolete}
    wrong = {}
    for source in used:
        entry = entries.get(public_messages.key(source))
        if problem := _problems(entry, source, english=code == "en"):
            wrong[source.msgid] = problem
    shown = dict(list(wrong.items())[:10])
    assert not wrong, f"{len(wrong)} of {len(used)} public strings in {code}: {shown}"


@pytest.mark.parametrize("code", [c for c in i18n.PUBLIC_LANGUAGES if c not in ("de", "en")])
def test_a_public_catalogue_holds_only_public_strings_with_its_plural_rule(code, used) -> None:
    catalogue = _catalogue(code)
    locale = locale_dir(code)
    _name, plural_forms = public_messages.PUBLIC_LOCALES[locale]
    assert catalogue.metadata["Plural-Forms"] == plural_forms
    assert catalogue.metadata["Language"] == locale
    live = [e for e in catalogue if not e.obsolete]
    assert {public_messages.key(e) for e in live} == {public_messages.key(e) for e in used}
    forms = public_messages.nplurals(plural_forms)
    assert all(len(e.msgstr_plural) == forms for e in live if e.msgid_plural)


@pytest.mark.parametrize("code", [c for c in i18n.PUBLIC_LANGUAGES if c != "en"])
def test_the_compiled_catalogue_is_in_step_with_the_source(code) -> None:
    po = LOCALE / locale_dir(code) / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo} is missing: run `make messages`"
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in polib.mofile(str(mo))}
    stale = [
        e.msgid
        for e in public_messages.public_entries(polib.pofile(str(po)))
        if compiled.get((e.msgctxt, e.msgid)) != (e.msgstr, e.msgstr_plural)
    ]
    assert not stale, f"{len(stale)} not compiled in {mo} (run `make messages`): {stale[:10]}"


# "English" in each public language: an Arabic page names English in Arabic.
ENGLISH = {
    "de": "Englisch",
    "de-x-ls": "Englisch",
    "en": "English",
    "ar": "الإنجليزية",
    "tr": "İngilizce",
    "uk": "Англійська",
    "ru": "Английский",
    "fa": "انگلیسی",
    "pl": "Angielski",
    "ro": "Engleză",
    "bg": "Английски",
}
# "3 offers found": the plural rule of each language picks the right form.
THREE_OFFERS = {
    "de": "3 Angebote gefunden",
    "de-x-ls": "Wir haben 3 Angebote gefunden.",
    "en": "3 offers found",
    "ar": "تم العثور على 3 عروض",
    "tr": "3 hizmet bulundu",
    "uk": "Знайдено 3 пропозиції",
    "ru": "Найдено 3 предложения",
    "fa": "3 مورد یافت شد",
    "pl": "Znaleziono 3 oferty",
    "ro": "3 oferte găsite",
    "bg": "Намерени са 3 предложения",
}


def test_the_examples_cover_every_public_language() -> None:
    assert set(ENGLISH) == set(THREE_OFFERS) == set(i18n.PUBLIC_LANGUAGES)


@pytest.mark.parametrize("code", list(i18n.PUBLIC_LANGUAGES))
def test_a_label_is_shown_in_the_active_public_language(code) -> None:
    with translation.override(i18n.django_code(code)):
        assert pgettext(CONTEXT, "English") == ENGLISH[code]
        assert str(public_labels.CONTENT_LANGUAGES["en"]) == ENGLISH[code]
        assert public_labels.offers_found(3) == THREE_OFFERS[code]
        assert public_labels.page_of(2, 5).count("2") == 1 and "5" in public_labels.page_of(2, 5)


def test_the_plural_rules_choose_the_grammatical_form() -> None:
    with translation.override("ru"):
        assert [public_labels.offers_found(n) for n in (1, 3, 5, 21)] == [
            "Найдено 1 предложение",
            "Найдено 3 предложения",
            "Найдено 5 предложений",
            "Найдено 21 предложение",
        ]
    with translation.override("ar"):
        assert public_labels.starts_within(2) == "يبدأ خلال 2 أسبوع"
        assert public_labels.starts_within(4) == "يبدأ خلال 4 أسابيع"
        assert public_labels.starts_within(12) == "يبدأ خلال 12 أسبوعًا"
    with translation.override("pl"):
        assert (
            npgettext(CONTEXT, "%(count)s offer found", "%(count)s offers found", 22)
            % {"count": 22}
            == "Znaleziono 22 oferty"
        )


def test_every_category_of_the_tree_has_a_public_name() -> None:
    assert _tree_codes() == set(public_labels.CATEGORIES)
    with translation.override("uk"):
        assert public_labels.category_name("housing") == "Житло"
        assert public_labels.category_name("made_up", default="Eigenes") == "Eigenes"
        with pytest.raises(LookupError, match="made_up"):
            public_labels.category_name("made_up")


def _tree_codes() -> set[str]:
    spec = importlib.util.spec_from_file_location(
        "category_tree", ROOT / "teilhabe" / "guide" / "migrations" / "0002_category_tree.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    codes = set()
    for code, _de, _en, children in module.TREE:
        codes.add(code)
        codes.update(child for child, _cde, _cen in children)
    return codes


def test_the_field_values_have_public_labels_for_every_choice() -> None:
    from teilhabe.guide import models

    assert set(public_labels.TARGET_GROUPS) == set(models.TargetGroup.values)
    assert set(public_labels.COURSE_TYPES) == set(models.CourseType.values)
    assert set(public_labels.LEVELS) == set(models.Level.values)
    assert set(public_labels.CLASS_FORMATS) == set(models.ClassFormat.values)
    assert set(public_labels.COST_KINDS) == set(models.CostKind.values)
    assert set(public_labels.CONTENT_LANGUAGES) == set(models.LANGUAGES)


def _write_catalogue(directory: Path, locale: str, entries: dict[str, str]) -> None:
    catalogue = polib.POFile()
    catalogue.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    for msgid, msgstr in entries.items():
        catalogue.append(polib.POEntry(msgctxt=CONTEXT, msgid=msgid, msgstr=msgstr))
    path = directory / locale / "LC_MESSAGES"
    path.mkdir(parents=True)
    catalogue.save_as_mofile(str(path / "django.mo"))


def test_a_string_missing_in_leichte_sprache_is_shown_in_german_not_english(tmp_path) -> None:
    _write_catalogue(
        tmp_path,
        "de",
        {"Test: both (x7)": "Test: beide (x7)", "Test: German only (x7)": "Test: nur Deutsch"},
    )
    _write_catalogue(tmp_path, "de_LS", {"Test: both (x7)": "Test: in Leichter Sprache"})
    with override_settings(LOCALE_PATHS=[str(tmp_path)]), translation.override("de-ls"):
        assert pgettext(CONTEXT, "Test: both (x7)") == "Test: in Leichter Sprache"
        assert pgettext(CONTEXT, "Test: German only (x7)") == "Test: nur Deutsch"
    # With the real catalogues: a staff string (no Leichte Sprache entry) is German too.
    with translation.override("de-ls"):
        assert gettext("Accounts") == "Benutzerkonten"


def test_a_public_string_missing_in_another_language_is_not_left_blank(tmp_path) -> None:
    """Django falls back to the default language (German) for Arabic too: a new string that
    is not yet translated shows German, never an empty label."""
    _write_catalogue(tmp_path, "de", {"Test: German only (x8)": "Test: nur Deutsch"})
    _write_catalogue(tmp_path, "ar", {})
    with override_settings(LOCALE_PATHS=[str(tmp_path)]), translation.override("ar"):
        assert pgettext(CONTEXT, "Test: German only (x8)") == "Test: nur Deutsch"


class _Languages(HTMLParser):
    """Each element's (tag, lang, dir), in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.marked: list[tuple[str, str | None, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if "lang" in found:
            self.marked.append((tag, found["lang"], found.get("dir")))


def _marked(html: str) -> list[tuple[str, str | None, str | None]]:
    parser = _Languages()
    parser.feed(html)
    return parser.marked


@pytest.fixture
def offer_in_every_language(kai: User, bielefeld: Centre) -> Offer:
    texts = f.texts(
        **{
            code: {"title": f"Titel {code}", "summary": "", "description": ""}
            for code in i18n.PUBLIC_LANGUAGES
            if code not in ("de", "en")
        }
    )
    offer = services.add_offer(bielefeld, by=kai, data=f.offer_data(), texts=texts)
    return services.change_status(offer, by=kai, to="published")


@pytest.mark.parametrize("code", list(i18n.PUBLIC_LANGUAGES))
def test_the_public_page_says_its_language_and_direction(
    code, offer_in_every_language, client
) -> None:
    response = client.get(offer_in_every_language.get_public_url(), {"lang": code})
    assert response.status_code == 200
    assert response["Content-Language"] == code
    html = response.content.decode()
    expected_direction = "rtl" if code in ("ar", "fa") else "ltr"
    assert i18n.direction(code) == expected_direction
    content = [(tag, d) for tag, lang, d in _marked(html) if lang == code]
    assert content, f"no element with lang={code!r}"
    assert any(d == expected_direction for _tag, d in content), content


def test_an_offer_without_the_visitors_language_shows_its_source_left_to_right(
    kai, bielefeld, client
) -> None:
    offer = services.change_status(f.offer(bielefeld, kai), by=kai, to="published")
    response = client.get(offer.get_public_url(), {"lang": "fa"})
    assert response["Content-Language"] == "fa"
    # The offer's own text (the article), not the language menu, which names every language.
    content = [(lang, d) for tag, lang, d in _marked(response.content.decode()) if tag == "article"]
    assert content == [("de", "ltr")]


def test_without_lang_the_browser_language_is_chosen_and_varies(
    offer_in_every_language, client
) -> None:
    response = client.get(offer_in_every_language.get_public_url(), HTTP_ACCEPT_LANGUAGE="uk")
    assert response["Content-Language"] == "uk"
    assert "Accept-Language" in response["Vary"]


def _source(*entries: tuple[str, str]) -> list[polib.POEntry]:
    return [polib.POEntry(msgctxt=CONTEXT, msgid=i, msgid_plural=p) for i, p in entries]


def test_the_catalogue_script_keeps_translations_marks_changes_fuzzy_and_drops_the_rest(
    tmp_path,
) -> None:
    path = tmp_path / "django.po"
    old = polib.POFile()
    for msgid, msgstr in [
        ("Opening hours", "Godziny otwarcia"),
        ("Report outdated data", "Zgłoś nieaktualne dane"),
        ("Fax", "Faks"),
    ]:
        old.append(polib.POEntry(msgctxt=CONTEXT, msgid=msgid, msgstr=msgstr))
    old.append(
        polib.POEntry(
            msgctxt=CONTEXT,
            msgid="%(count)s offer",
            msgid_plural="%(count)s offers",
            msgstr_plural={0: "%(count)s oferta", 1: "%(count)s oferty"},
        )
    )
    old.save(str(path))
    source = _source(
        ("Opening hours", ""),
        ("Report outdated information", ""),
        ("Map", ""),
        ("%(count)s offer", "%(count)s offers"),
    )
    new = public_messages.update(source, path, "pl")
    entries = {e.msgid: e for e in new}
    assert list(entries) == [e.msgid for e in source]  # "Fax" is dropped
    assert entries["Opening hours"].msgstr == "Godziny otwarcia"
    assert "fuzzy" not in entries["Opening hours"].flags
    changed = entries["Report outdated information"]
    assert changed.msgstr == "Zgłoś nieaktualne dane" and "fuzzy" in changed.flags
    assert changed.previous_msgid == "Report outdated data"
    assert entries["Map"].msgstr == "" and "fuzzy" not in entries["Map"].flags
    # Polish has three plural forms: the third is added, empty, for the translator.
    assert entries["%(count)s offer"].msgstr_plural == {
        0: "%(count)s oferta",
        1: "%(count)s oferty",
        2: "",
    }
    assert new.metadata["Plural-Forms"].startswith("nplurals=3;")
    assert new.metadata["Language"] == "pl"


def test_the_catalogue_script_keeps_a_fuzzy_mark_until_a_translator_clears_it(tmp_path) -> None:
    path = tmp_path / "django.po"
    old = polib.POFile()
    old.append(
        polib.POEntry(
            msgctxt=CONTEXT,
            msgid="Show results",
            msgstr="Ergebnisse",
            flags=["fuzzy"],
            previous_msgid="Show the results",
        )
    )
    old.save(str(path))
    (entry,) = public_messages.update(_source(("Show results", "")), path, "de_LS")
    assert "fuzzy" in entry.flags and entry.previous_msgid == "Show the results"
    assert entry.msgstr == "Ergebnisse"


@pytest.mark.parametrize(
    ("locale", "forms"),
    [("ar", 6), ("ru", 3), ("uk", 3), ("pl", 3), ("ro", 3), ("bg", 2), ("tr", 2), ("fa", 2)],
)
def test_each_public_language_has_its_number_of_plural_forms(locale, forms) -> None:
    _name, rule = public_messages.PUBLIC_LOCALES[locale]
    assert public_messages.nplurals(rule) == forms
    assert set(public_messages.PUBLIC_LOCALES) == {
        locale_dir(c) for c in i18n.PUBLIC_LANGUAGES if c not in ("de", "en")
    }


def test_the_catalogue_script_changes_nothing_when_nothing_changed(tmp_path) -> None:
    path = tmp_path / "django.po"
    source = _source(("Map", ""))
    first = public_messages.update(source, path, "tr")
    first[0].msgstr = "Harita"
    first.metadata["POT-Creation-Date"] = "2026-01-01 00:00+0000"
    first.save(str(path))
    again = public_messages.update(source, path, "tr")
    assert again.metadata["POT-Creation-Date"] == "2026-01-01 00:00+0000"
    assert again[0].msgstr == "Harita"
    changed = public_messages.update(_source(("Map", ""), ("List", "")), path, "tr")
    assert changed.metadata["POT-Creation-Date"] != "2026-01-01 00:00+0000"
