"""The public guide's labels, in the visitor's language (issue 19, "Languages").

Every string of the public guide carries the message context "wegweiser" (`pgettext_lazy`), so
it is translated into all eleven public languages (`i18n.PUBLIC_LANGUAGES`), while the staff
pages stay German and English. The labels here are what the public pages share: the category
tree, the values of an offer's fields and the common words of the search and offer pages.
Each is lazy: it is translated when shown, in the language `i18n.public_view` activated.

The codes are those of the models (`TargetGroup`, `CourseType`, `Level`, `ClassFormat`,
`CostKind`, `LANGUAGES`) and of the category tree (migration `guide/0002_category_tree`).
"""

from __future__ import annotations

from django.utils.translation import npgettext, pgettext, pgettext_lazy
from django_stubs_ext import StrOrPromise

CONTEXT = "wegweiser"

# The category tree (migration 0002): parents first, then their children.
CATEGORIES: dict[str, StrOrPromise] = {
    "language_courses": pgettext_lazy("wegweiser", "Language courses"),
    "course_general": pgettext_lazy("wegweiser", "General integration course"),
    "course_youth": pgettext_lazy("wegweiser", "Integration course for young adults"),
    "course_parents": pgettext_lazy("wegweiser", "Integration course for parents"),
    "course_women": pgettext_lazy("wegweiser", "Integration course for women"),
    "course_literacy": pgettext_lazy("wegweiser", "Literacy course"),
    "course_intensive": pgettext_lazy("wegweiser", "Intensive course"),
    "course_job_related": pgettext_lazy("wegweiser", "Job-related language course"),
    # Translators: the federal "Zweitschriftlernerkurs", for people who already read and
    # write another script (for example Arabic or Cyrillic) and now learn the Latin one.
    "course_second_chance": pgettext_lazy("wegweiser", "Course for learners of the Latin script"),
    "counselling": pgettext_lazy("wegweiser", "Counselling"),
    "counselling_migration": pgettext_lazy("wegweiser", "Migration counselling"),
    "counselling_asylum": pgettext_lazy("wegweiser", "Asylum and refugee counselling"),
    "counselling_recognition": pgettext_lazy("wegweiser", "Recognition of qualifications"),
    "education": pgettext_lazy("wegweiser", "Education and school"),
    "childcare": pgettext_lazy("wegweiser", "Childcare"),
    "work": pgettext_lazy("wegweiser", "Work and training"),
    "health": pgettext_lazy("wegweiser", "Health"),
    "housing": pgettext_lazy("wegweiser", "Housing"),
    "sport": pgettext_lazy("wegweiser", "Sport and leisure"),
    "culture": pgettext_lazy("wegweiser", "Culture and meeting people"),
    "volunteering": pgettext_lazy("wegweiser", "Volunteering"),
    "older_people": pgettext_lazy("wegweiser", "Older people"),
    "everyday_life": pgettext_lazy("wegweiser", "Everyday life and authorities"),
}


def category_name(code: str, default: str | None = None) -> str:
    """The category's name in the active language. A code outside the tree (a category added
    later, not yet translated) gives `default` (say, its German name), or raises LookupError
    when no default is given."""
    label = CATEGORIES.get(code)
    if label is not None:
        return str(label)
    if default is not None:
        return default
    raise LookupError(f"no public label for the category {code!r}")


TARGET_GROUPS: dict[str, StrOrPromise] = {
    "everyone": pgettext_lazy("wegweiser", "Everyone"),
    "newcomers": pgettext_lazy("wegweiser", "Newly arrived people"),
    "refugees": pgettext_lazy("wegweiser", "Refugees"),
    "women": pgettext_lazy("wegweiser", "Women"),
    "parents": pgettext_lazy("wegweiser", "Parents and families"),
    "children": pgettext_lazy("wegweiser", "Children"),
    "youth": pgettext_lazy("wegweiser", "Young people"),
    "older": pgettext_lazy("wegweiser", "Older people"),
    "professionals": pgettext_lazy("wegweiser", "Professionals and volunteers"),
}

# The federal course types: the same words as their categories.
COURSE_TYPES: dict[str, StrOrPromise] = {
    "general": CATEGORIES["course_general"],
    "youth": CATEGORIES["course_youth"],
    "parents": CATEGORIES["course_parents"],
    "women": CATEGORIES["course_women"],
    "literacy": CATEGORIES["course_literacy"],
    "intensive": CATEGORIES["course_intensive"],
    "job_related": CATEGORIES["course_job_related"],
    "second_chance": CATEGORIES["course_second_chance"],
}

# The levels of the Common European Framework of Reference (CEFR).
LEVELS: dict[str, StrOrPromise] = {
    "A1": pgettext_lazy("wegweiser", "A1 (beginner)"),
    "A2": pgettext_lazy("wegweiser", "A2 (elementary)"),
    "B1": pgettext_lazy("wegweiser", "B1 (intermediate)"),
    "B2": pgettext_lazy("wegweiser", "B2 (upper intermediate)"),
    "C1": pgettext_lazy("wegweiser", "C1 (advanced)"),
    "C2": pgettext_lazy("wegweiser", "C2 (proficient)"),
}

CLASS_FORMATS: dict[str, StrOrPromise] = {
    "full_time": pgettext_lazy("wegweiser", "Full-time"),
    "part_time": pgettext_lazy("wegweiser", "Part-time"),
    "evening": pgettext_lazy("wegweiser", "Evening classes"),
    "weekend": pgettext_lazy("wegweiser", "Weekend classes"),
    "online": pgettext_lazy("wegweiser", "Online"),
    "on_request": pgettext_lazy("wegweiser", "Dates on request"),
}

COST_KINDS: dict[str, StrOrPromise] = {
    "free": pgettext_lazy("wegweiser", "Free of charge"),
    "amount": pgettext_lazy("wegweiser", "With a fee"),
}

# The content languages, each named in the visitor's language (an Arabic page says "English"
# in Arabic); the language menu names each language in itself (`i18n.PUBLIC_LANGUAGES`).
CONTENT_LANGUAGES: dict[str, StrOrPromise] = {
    "de": pgettext_lazy("wegweiser", "German"),
    "de-x-ls": pgettext_lazy("wegweiser", "Easy-to-read German"),
    "en": pgettext_lazy("wegweiser", "English"),
    "ar": pgettext_lazy("wegweiser", "Arabic"),
    "tr": pgettext_lazy("wegweiser", "Turkish"),
    "uk": pgettext_lazy("wegweiser", "Ukrainian"),
    "ru": pgettext_lazy("wegweiser", "Russian"),
    "fa": pgettext_lazy("wegweiser", "Persian"),
    "pl": pgettext_lazy("wegweiser", "Polish"),
    "ro": pgettext_lazy("wegweiser", "Romanian"),
    "bg": pgettext_lazy("wegweiser", "Bulgarian"),
}

YES = pgettext_lazy("wegweiser", "Yes")
NO = pgettext_lazy("wegweiser", "No")
STEP_FREE = pgettext_lazy("wegweiser", "Step-free")
# A place's access: yes, no, or nobody said (None).
STEP_FREE_ACCESS: dict[bool | None, StrOrPromise] = {
    True: pgettext_lazy("wegweiser", "step-free access"),
    False: pgettext_lazy("wegweiser", "not step-free"),
    None: pgettext_lazy("wegweiser", "step-free access unknown"),
}

# The languages an offer is held in and a place speaks (the network's list, wider than the
# content languages), each in its own name: a reader looks for their own language, not its name
# in the page's language.
ENDONYMS: dict[str, str] = {
    "de": "Deutsch",
    "ar": "العربية",
    "bg": "Български",
    "bs": "Bosanski",
    "el": "Ελληνικά",
    "en": "English",
    "es": "Español",
    "fa": "فارسی",
    "fr": "Français",
    "hr": "Hrvatski",
    "it": "Italiano",
    "ku": "Kurdî",
    "pl": "Polski",
    "ps": "پښتو",
    "pt": "Português",
    "ro": "Română",
    "ru": "Русский",
    "sq": "Shqip",
    "so": "Soomaali",
    "sr": "Српски",
    "ti": "ትግርኛ",
    "tr": "Türkçe",
    "uk": "Українська",
    "ur": "اردو",
    "vi": "Tiếng Việt",
    "zh": "中文",
}
RTL_SCRIPTS = frozenset({"ar", "fa", "ps", "ur"})


def languages(codes: list[str]) -> list[tuple[str, str, str]]:
    """(code, own name, direction) of each known code, in the given order."""
    return [
        (code, ENDONYMS[code], "rtl" if code in RTL_SCRIPTS else "ltr")
        for code in codes
        if code in ENDONYMS
    ]


# The common words of the search page and the offer page.
SEARCH = pgettext_lazy("wegweiser", "Search")
# Translators: the label of the search field ("Search for: [German course]").
SEARCH_FOR = pgettext_lazy("wegweiser", "Search for")
PLACE_OR_POSTCODE = pgettext_lazy("wegweiser", "Place or postcode")
RADIUS = pgettext_lazy("wegweiser", "Radius")
CATEGORY = pgettext_lazy("wegweiser", "Category")
LANGUAGE = pgettext_lazy("wegweiser", "Language")
FREE_OF_CHARGE = COST_KINDS["free"]
FREE_PLACES = pgettext_lazy("wegweiser", "Free places")
LEVEL = pgettext_lazy("wegweiser", "Level")
CLASS_FORMAT = pgettext_lazy("wegweiser", "Class format")
SORT_BY = pgettext_lazy("wegweiser", "Sort by")
SORT_BY_RELEVANCE = pgettext_lazy("wegweiser", "Sort by relevance")
SORT_BY_DISTANCE = pgettext_lazy("wegweiser", "Sort by distance")
SORT_BY_NEXT_START = pgettext_lazy("wegweiser", "Sort by next start")
# Translators: pagination, the link to the next page of results.
NEXT = pgettext_lazy("wegweiser", "Next")
# Translators: pagination, the link to the previous page of results.
PREVIOUS = pgettext_lazy("wegweiser", "Previous")
NO_OFFERS_FOUND = pgettext_lazy("wegweiser", "No offers found")
MAP = pgettext_lazy("wegweiser", "Map")
LIST = pgettext_lazy("wegweiser", "List")
PRINT = pgettext_lazy("wegweiser", "Print")
SHARE = pgettext_lazy("wegweiser", "Share")
FILTERS = pgettext_lazy("wegweiser", "Filters")
RESET_FILTERS = pgettext_lazy("wegweiser", "Reset filters")
SHOW_RESULTS = pgettext_lazy("wegweiser", "Show results")
# Translators: the unit of a distance, after a number ("5 km").
KM = pgettext_lazy("wegweiser", "km")
CONTACT = pgettext_lazy("wegweiser", "Contact")
OPENING_HOURS = pgettext_lazy("wegweiser", "Opening hours")
HOW_TO_REGISTER = pgettext_lazy("wegweiser", "How to register")
# Translators: followed by a date, the last day to register.
REGISTER_UNTIL = pgettext_lazy("wegweiser", "Register until")
COST = pgettext_lazy("wegweiser", "Cost")
NEXT_START = pgettext_lazy("wegweiser", "Next start")
LOCATIONS = pgettext_lazy("wegweiser", "Locations")
LANGUAGES_SPOKEN_THERE = pgettext_lazy("wegweiser", "Languages spoken there")
# Translators: followed by the languages the offer is held in ("Held in: German, Arabic").
HELD_IN = pgettext_lazy("wegweiser", "Held in")
TARGET_GROUPS_LABEL = pgettext_lazy("wegweiser", "Target groups")
OTHER_LANGUAGES = pgettext_lazy("wegweiser", "Other languages")
REPORT_OUTDATED = pgettext_lazy("wegweiser", "Report outdated information")
THANK_YOU = pgettext_lazy("wegweiser", "Thank you")
SKIP_TO_CONTENT = pgettext_lazy("wegweiser", "Skip to content")
INTEGRATION_GUIDE = pgettext_lazy("wegweiser", "Integration guide")
ALL_OF_NRW = pgettext_lazy("wegweiser", "All of North Rhine-Westphalia")
OPEN_DATA = pgettext_lazy("wegweiser", "Open data")
IMPRINT = pgettext_lazy("wegweiser", "Imprint")
PRIVACY = pgettext_lazy("wegweiser", "Privacy")
ACCESSIBILITY = pgettext_lazy("wegweiser", "Accessibility")
MACHINE_TRANSLATION = pgettext_lazy("wegweiser", "Machine translation")
# Translators: the marker next to an offer's title when its text is a machine translation
# nobody has checked yet.
MACHINE_TRANSLATED = pgettext_lazy("wegweiser", "Machine-translated")


def starts_within(weeks: int) -> str:
    """ "Starts within 4 weeks" (the filter of courses starting soon)."""
    return npgettext(
        "wegweiser", "Starts within %(weeks)s week", "Starts within %(weeks)s weeks", weeks
    ) % {"weeks": weeks}


def offers_found(count: int) -> str:
    """ "12 offers found" (the search's result count)."""
    return npgettext("wegweiser", "%(count)s offer found", "%(count)s offers found", count) % {
        "count": count
    }


def page_of(page: int, pages: int) -> str:
    """ "Page 2 of 5"."""
    return pgettext("wegweiser", "Page %(page)s of %(pages)s") % {
        "page": page,
        "pages": pages,
    }


def offers_of(district: str) -> str:
    """ "Offers of Bielefeld" (a district's or city's guide)."""
    return pgettext("wegweiser", "Offers of %(district)s") % {"district": district}
