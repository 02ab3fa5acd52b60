"""The words of an offer's topic, searched with its text: a resident types "Deutschkurs" or
"Kita", but a provider names the course "Integrationskurs mit Kinderbetreuung" and the day care
"Familienzentrum Sonnenschein". Without this, "Deutschkurs" near Dortmund found none of the
language courses there (bench/guide_http.py's first search, `--explain`).

Each search row's body gets, beside the description:
- the names of its category and of the category's top level in the row's own language (the
  public guide's names, `public_labels.CATEGORIES`, translated into all eleven languages), so
  an Arabic visitor who types the Arabic word for "language courses" finds them;
- for the German rows (German and Leichte Sprache), `SEARCH_WORDS`: the words people use for
  the topic that its name does not contain. A small curated list (not a thesaurus of German),
  lower case; they are stemmed and decompounded like every other word of the body.

The body is searched, never shown, and weighs least in the ranking (weight C), so a title that
says "Deutschkurs" still ranks above a course that only belongs to the topic. A change of these
words takes a `manage.py rebuild_guide_search` (docs/guide.md, "Search")."""

from __future__ import annotations

from functools import lru_cache

from django.utils import translation

from .. import i18n, public_labels

SEARCH_WORDS: dict[str, tuple[str, ...]] = {
    "language_courses": ("deutschkurs", "sprachkurs", "deutsch lernen", "sprache"),
    "course_general": ("integrationskurs", "orientierungskurs"),
    "course_youth": ("jugendintegrationskurs", "jugendliche", "junge erwachsene"),
    "course_parents": ("elternintegrationskurs", "eltern", "elternkurs"),
    "course_women": ("frauenintegrationskurs", "frauenkurs", "frauen"),
    "course_literacy": ("alphabetisierungskurs", "alphakurs", "lesen", "schreiben"),
    "course_intensive": ("intensivkurs", "schnell lernen"),
    "course_job_related": ("berufssprachkurs", "berufsdeutsch", "deufoev", "job"),
    "course_second_chance": ("zweitschriftlernerkurs", "lateinische schrift"),
    "counselling": ("beratung", "hilfe", "sprechstunde"),
    "counselling_migration": ("migrationsberatung", "mbe", "jugendmigrationsdienst", "jmd"),
    "counselling_asylum": ("asylberatung", "flüchtlingsberatung", "asyl", "aufenthalt"),
    "counselling_recognition": ("anerkennungsberatung", "anerkennung", "abschluss", "zeugnis"),
    "education": ("schule", "bildung", "nachhilfe", "hausaufgabenhilfe"),
    "childcare": ("kita", "kindergarten", "kinderbetreuung", "tagesmutter", "kindertagespflege"),
    "work": ("arbeit", "job", "ausbildung", "bewerbung", "praktikum", "arbeitssuche"),
    "health": ("gesundheit", "arzt", "ärztin", "krankenversicherung", "krankenhaus"),
    "housing": ("wohnung", "wohnungssuche", "wohnen", "miete"),
    "sport": ("sport", "freizeit", "verein", "schwimmen"),
    "culture": ("kultur", "begegnung", "treffpunkt", "café", "nachbarschaft"),
    "volunteering": ("ehrenamt", "freiwillige", "engagement", "patenschaft"),
    "older_people": ("senioren", "seniorinnen", "alter", "pflege"),
    "everyday_life": ("behörden", "alltag", "amt", "formulare", "ämter"),
}
GERMAN_CONFIG = "german"


@lru_cache(maxsize=1024)
def words(category: str, branch: str, language: str, config: str, default: str = "") -> str:
    """The topic words of a row of `category` (under the top level `branch`) in `language`:
    the two names in that language, and for German rows the curated words of both. `default`
    is the category's own German name, for a category the public labels do not know yet."""
    with translation.override(i18n.django_code(language)):
        names = [public_labels.category_name(category, default=default)]
        if branch != category:
            names.append(public_labels.category_name(branch, default=""))
    found = [n for n in names if n]
    if config == GERMAN_CONFIG:
        for code in dict.fromkeys((category, branch)):
            found.extend(SEARCH_WORDS.get(code, ()))
    return " ".join(found)
