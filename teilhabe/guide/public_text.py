"""Words of the public pages for the offer's coded values (until `public_labels` of the
translation work is merged: then these give way to it). Languages are named in their own
language: a reader looks for their own language, not its name in the page's language."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy
from django_stubs_ext import StrOrPromise

TARGET_GROUPS: dict[str, StrOrPromise] = {
    "everyone": pgettext_lazy("wegweiser", "everyone"),
    "newcomers": pgettext_lazy("wegweiser", "newly arrived people"),
    "refugees": pgettext_lazy("wegweiser", "refugees"),
    "women": pgettext_lazy("wegweiser", "women"),
    "parents": pgettext_lazy("wegweiser", "parents and families"),
    "children": pgettext_lazy("wegweiser", "children"),
    "youth": pgettext_lazy("wegweiser", "young people"),
    "older": pgettext_lazy("wegweiser", "older people"),
    "professionals": pgettext_lazy("wegweiser", "professionals and volunteers"),
}
COURSE_TYPES: dict[str, StrOrPromise] = {
    "general": pgettext_lazy("wegweiser", "integration course"),
    "youth": pgettext_lazy("wegweiser", "integration course for young adults"),
    "parents": pgettext_lazy("wegweiser", "integration course for parents"),
    "women": pgettext_lazy("wegweiser", "integration course for women"),
    "literacy": pgettext_lazy("wegweiser", "literacy course"),
    "intensive": pgettext_lazy("wegweiser", "intensive course"),
    "job_related": pgettext_lazy("wegweiser", "job-related language course"),
    "second_chance": pgettext_lazy("wegweiser", "course for learners of a second writing system"),
}
CLASS_FORMATS: dict[str, StrOrPromise] = {
    "full_time": pgettext_lazy("wegweiser", "full-time"),
    "part_time": pgettext_lazy("wegweiser", "part-time"),
    "evening": pgettext_lazy("wegweiser", "evening course"),
    "weekend": pgettext_lazy("wegweiser", "weekend course"),
    "online": pgettext_lazy("wegweiser", "online"),
    "on_request": pgettext_lazy("wegweiser", "on request"),
}
STEP_FREE: dict[bool | None, StrOrPromise] = {
    True: pgettext_lazy("wegweiser", "step-free access"),
    False: pgettext_lazy("wegweiser", "not step-free"),
    None: pgettext_lazy("wegweiser", "step-free access unknown"),
}
# Each language in its own name (the network's language list, which offers and places use).
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
