"""The guide in the demo.

- KI Bielefeld and KI Dortmund: a language course of every federal type (levels, class formats,
  places, dates) and offers of counselling, childcare, health, work, housing, sport, culture and
  everyday life, in German, English and Arabic, at real postcodes of the city with their
  coordinates (`../shared/data/nrw-postcodes.csv`, else the municipality's centroid). Written
  through the services by Kai (Bielefeld) or the KI's lead, and published, so the audit trail is
  real. One offer's German text is changed after publication, so its English and Arabic
  translations are outdated; one English text is marked machine-made (until someone reviews it).
- Paul's organisation hands in a parents' café, which waits in Bielefeld's review queue.
- Bielefeld shows the review age and the public's feedback: its sport offer was last reviewed
  long ago and is due for review, its housing offer so long ago that it is hidden from the
  public; two pieces of public feedback (one open, one done by Kai); the Arabic text of its work
  offer is a machine translation nobody checked (the public page marks it).
- Five published offers of every other KI (a language course, the types in turn, and four
  others), written in bulk (`guide.bulk`): the state-wide guide has a few hundred offers.

Idempotent: a KI that has offers is left alone; Paul's offer is handed in once; Bielefeld's
review ages, feedback and machine translation are set once (while it has no feedback).
"""

from __future__ import annotations

import csv
import datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from teilhabe.accounts.models import User
from teilhabe.centres.demo import lead_of
from teilhabe.centres.models import Centre
from teilhabe.network.models import PartnerMembership
from teilhabe.territory.models import Municipality

from . import services
from .bulk import BulkOffer, publish_in_bulk
from .models import (
    Category,
    ClassFormat,
    CourseType,
    Feedback,
    Level,
    Offer,
    OfferStatus,
    OfferText,
)
from .search import index as search_index

CITIES = ("05711", "05913")  # Bielefeld, Dortmund: the personas' KIs
OFFERS_PER_OTHER_KI = 5
POSTCODES = Path(settings.BASE_DIR).parent / "shared" / "data" / "nrw-postcodes.csv"

# (course type, German, English, Arabic title); level, format, places and dates vary per index.
COURSES: list[tuple[str, str, str, str]] = [
    (CourseType.GENERAL, "Integrationskurs", "Integration course", "دورة الاندماج"),
    (
        CourseType.YOUTH,
        "Jugendintegrationskurs",
        "Integration course for young adults",
        "دورة الاندماج للشباب",
    ),
    (
        CourseType.PARENTS,
        "Elternintegrationskurs",
        "Integration course for parents",
        "دورة الاندماج للآباء والأمهات",
    ),
    (
        CourseType.WOMEN,
        "Frauenintegrationskurs",
        "Integration course for women",
        "دورة الاندماج للنساء",
    ),
    (CourseType.LITERACY, "Alphabetisierungskurs", "Literacy course", "دورة محو الأمية"),
    (CourseType.INTENSIVE, "Intensivkurs Deutsch", "Intensive German course", "دورة ألمانية مكثفة"),
    (
        CourseType.JOB_RELATED,
        "Berufssprachkurs Pflege",
        "Job-related German for care work",
        "اللغة الألمانية المهنية للرعاية",
    ),
    (
        CourseType.SECOND_CHANCE,
        "Zweitschriftlernerkurs",
        "Course for learners of a second script",
        "دورة لمتعلمي الكتابة الثانية",
    ),
]
LEVELS = [Level.B1, Level.B1, Level.A2, Level.B1, Level.A2, Level.B1, Level.B2, Level.B1]
FORMATS = [
    ClassFormat.FULL_TIME,
    ClassFormat.PART_TIME,
    ClassFormat.PART_TIME,
    ClassFormat.EVENING,
    ClassFormat.FULL_TIME,
    ClassFormat.WEEKEND,
    ClassFormat.ONLINE,
    ClassFormat.ON_REQUEST,
]
# (category, German title, summary; English; Arabic), the KI's other offers.
OFFERS: list[tuple[str, tuple[str, str], tuple[str, str], tuple[str, str]]] = [
    (
        "counselling_migration",
        ("Migrationsberatung für Erwachsene", "Beratung zu Aufenthalt, Arbeit, Wohnen."),
        ("Migration counselling for adults", "Advice on residence, work and housing."),
        ("استشارة الهجرة للبالغين", "استشارات حول الإقامة والعمل والسكن."),
    ),
    (
        "counselling_recognition",
        ("Anerkennung ausländischer Abschlüsse", "Wir prüfen mit Ihnen Ihre Zeugnisse."),
        ("Recognition of foreign qualifications", "We check your certificates with you."),
        ("الاعتراف بالشهادات الأجنبية", "نراجع معك شهاداتك."),
    ),
    (
        "childcare",
        ("Spielgruppe Griffbereit", "Eltern und Kleinkinder spielen und sprechen zusammen."),
        ("Griffbereit play group", "Parents and toddlers play and talk together."),
        ("مجموعة اللعب غريفبرايت", "الآباء والأطفال الصغار يلعبون ويتحدثون معاً."),
    ),
    (
        "health",
        ("Gesundheitslotsen", "Begleitung zu Ärztinnen und Ärzten in Ihrer Sprache."),
        ("Health guides", "Company to doctors' appointments in your language."),
        ("مرشدو الصحة", "مرافقة إلى مواعيد الأطباء بلغتك."),
    ),
    (
        "work",
        ("Bewerbungswerkstatt", "Lebenslauf und Bewerbung gemeinsam schreiben."),
        ("Job application workshop", "Write your CV and application together."),
        ("ورشة طلبات العمل", "نكتب معاً السيرة الذاتية وطلب العمل."),
    ),
    (
        "housing",
        ("Wohnungssuche: Sprechstunde", "Tipps zu Mietvertrag, Kaution und Wohnberechtigung."),
        ("Finding a flat: office hours", "Tips on tenancy, deposit and housing permits."),
        ("البحث عن سكن: ساعات الاستشارة", "نصائح حول عقد الإيجار والتأمين."),
    ),
    (
        "sport",
        ("Schwimmkurs für Frauen", "Schwimmen lernen in geschützter Runde."),
        ("Swimming course for women", "Learn to swim in a women-only group."),
        ("دورة سباحة للنساء", "تعلّمي السباحة في مجموعة نسائية."),
    ),
    (
        "culture",
        ("Sprachcafé", "Deutsch sprechen bei Kaffee und Tee, ohne Anmeldung."),
        ("Language café", "Speak German over coffee and tea, no registration."),
        ("مقهى اللغة", "تحدث الألمانية مع القهوة والشاي، دون تسجيل."),
    ),
    (
        "everyday_life",
        ("Hilfe bei Behördenpost", "Wir lesen und erklären Briefe von Ämtern."),
        ("Help with letters from authorities", "We read and explain official letters."),
        ("المساعدة في رسائل الدوائر الرسمية", "نقرأ ونشرح رسائل الدوائر الرسمية."),
    ),
]
PAUL_OFFER = (
    "Elterncafé im Familienzentrum",
    "Austausch für Eltern rund um Kita und Schule, mit Kinderbetreuung.",
)


@cache
def _postcodes() -> dict[str, list[tuple[str, Decimal, Decimal]]]:
    """Real postcodes per municipality key with their coordinates (the shared data set)."""
    found: dict[str, list[tuple[str, Decimal, Decimal]]] = {}
    if not POSTCODES.exists():
        return found
    with POSTCODES.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            found.setdefault(row["ags"], []).append(
                (row["postcode"], Decimal(row["lat"]), Decimal(row["lon"]))
            )
    return found


def _place(municipality: Municipality, index: int) -> tuple[str, Decimal, Decimal]:
    places = _postcodes().get(municipality.ags) or [
        (municipality.postcode, municipality.lat, municipality.lon)
    ]
    return places[index % len(places)]


def _location(municipality: Municipality, index: int, street: str) -> dict[str, Any]:
    postcode, lat, lon = _place(municipality, index)
    return {
        "name": "",
        "street": street,
        "postcode": postcode,
        "municipality": municipality,
        "lat": lat,
        "lon": lon,
        "step_free": index % 3 != 2,
        "languages": ["de", "ar"] if index % 2 else ["de", "tr", "uk"],
    }


# The free texts beside the description, German → (English, Arabic).
PHRASES: dict[str, tuple[str, str]] = {
    "Telefonisch oder per E-Mail": ("By phone or e-mail", "بالهاتف أو بالبريد الإلكتروني"),
    "Mo–Do 9–12 Uhr, Di 14–17 Uhr": (
        "Mon–Thu 9 am–12 noon, Tue 2–5 pm",
        "من الاثنين إلى الخميس 9–12، الثلاثاء 14–17",
    ),
    "7 Monate": ("7 months", "7 أشهر"),
    "Mo–Fr 8:30–12:45 Uhr": ("Mon–Fri 8:30 am–12:45 pm", "من الاثنين إلى الجمعة 8:30–12:45"),
    "Di und Do 18–21 Uhr": ("Tue and Thu 6–9 pm", "الثلاثاء والخميس 18–21"),
    "jeden Dienstag": ("every Tuesday", "كل يوم ثلاثاء"),
    "nach Vereinbarung": ("by appointment", "حسب الموعد"),
}
DETAILS = {
    "registration_how": "Telefonisch oder per E-Mail",
    "opening_hours": "Mo–Do 9–12 Uhr, Di 14–17 Uhr",
}


def _texts(
    de: tuple[str, str], en: tuple[str, str], ar: tuple[str, str], **details: str
) -> dict[str, dict[str, str]]:
    """The offer's words in German, English and Arabic; `details` (German, from `PHRASES`)
    add to or replace how to register and the opening hours."""
    german = {**DETAILS, **details}
    return {
        code: {
            "title": title,
            "summary": summary,
            "description": f"<p>{summary}</p>",
            **{
                name: value if code == "de" else PHRASES[value][code == "ar"]
                for name, value in german.items()
            },
        }
        for code, (title, summary) in (("de", de), ("en", en), ("ar", ar))
    }


def _data(category: str, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "category": Category.objects.get(code=category),
        "provider": None,
        "source_language": "de",
        "target_groups": ["newcomers"],
        "languages": ["de", "ar"],
        "cost": "free",
        "cost_amount": None,
        "contact_name": "Kommunales Integrationszentrum",
        "contact_email": "integration@ki.example",
    }
    return {**data, **changes}


def _seed_centre(centre: Centre, author: User, publisher: User) -> int:
    city = centre.grantee.municipalities().order_by("-population").first()
    assert city is not None
    today = timezone.localdate()
    count = 0
    for i, (course_type, de, en, ar) in enumerate(COURSES):
        starts = today + datetime.timedelta(weeks=2 + 3 * i)
        places, taken = 16 + i % 3 * 2, (5 + 3 * i) % 17
        offer = services.add_offer(
            centre,
            by=author,
            data=_data(
                f"course_{course_type}",
                target_groups=["newcomers", "women"] if course_type == "women" else ["newcomers"],
                next_start=starts,
                hours_per_week=Decimal(25 if FORMATS[i] == ClassFormat.FULL_TIME else 12),
            ),
            texts=_texts(
                (f"{de} {LEVELS[i]}", f"{de} bis {LEVELS[i]} mit Orientierungskurs."),
                (f"{en} {LEVELS[i]}", f"{en} up to {LEVELS[i]} with orientation course."),
                (f"{ar} {LEVELS[i]}", f"{ar} حتى المستوى {LEVELS[i]}."),
                duration="7 Monate",
                recurrence="Mo–Fr 8:30–12:45 Uhr" if i % 2 == 0 else "Di und Do 18–21 Uhr",
            ),
            locations=[_location(city, i, f"Volkshochschule, Raum {101 + i}")],
            course={
                "course_type": course_type,
                "target_level": LEVELS[i],
                "class_format": FORMATS[i],
                "starts_on": starts,
                "ends_on": starts + datetime.timedelta(weeks=30),
                "registration_deadline": starts - datetime.timedelta(days=7),
                "places": places,
                "places_taken": min(taken, places),
                "childcare": course_type in ("parents", "women"),
                "free_with_entitlement": True,
            },
        )
        services.change_status(offer, by=publisher, to=OfferStatus.PUBLISHED)
        count += 1
    for i, (category, *words) in enumerate(OFFERS):
        offer = services.add_offer(
            centre,
            by=author,
            data=_data(category),
            texts=_texts(*words, recurrence="jeden Dienstag" if i % 2 else "nach Vereinbarung"),
            locations=[_location(city, i + 3, f"Bürgerzentrum, Hauptstraße {10 + i}")],
        )
        services.change_status(offer, by=publisher, to=OfferStatus.PUBLISHED)
        count += 1
    # The KI changes the counselling offer's German words after publication: the English and
    # Arabic translations were made from the old words and show as outdated.
    first = Offer.objects.filter(centre=centre, category__code="counselling_migration").first()
    assert first is not None
    texts = {
        t.language: {n: getattr(t, n) for n in services.TEXT_FIELDS} for t in first.texts.all()
    }
    texts["de"]["summary"] += " Auch online per Video."
    services.update_offer(
        first,
        by=author,
        data={name: getattr(first, name) for name in services.OFFER_FIELDS},
        texts=texts,
        locations=[
            {"uuid": str(loc.uuid), **{n: getattr(loc, n) for n in services.LOCATION_FIELDS}}
            for loc in first.locations.all()
        ],
    )
    # A machine translation nobody has reviewed yet (as the translation provider leaves it).
    OfferText.objects.filter(
        offer__centre=centre, offer__category__code="health", language="en"
    ).update(machine_made=True, reviewed_by=None, reviewed_at=None)
    return count


def _paul_submission() -> str | None:
    membership = (
        PartnerMembership.objects.select_related("organisation__centre", "user")
        .filter(user__username="paul")
        .first()
    )
    if membership is None:
        return None
    organisation, paul = membership.organisation, membership.user
    if Offer.objects.filter(provider=organisation).exists():
        return None
    city = organisation.municipality
    offer = services.add_offer(
        organisation.centre,
        by=paul,
        data=_data(
            "childcare",
            provider=organisation,
            contact_name=organisation.name,
            languages=["de", "tr", "ar"],
        ),
        texts=_texts(
            PAUL_OFFER,
            ("Parents' café at the family centre", "Parents meet about nursery and school."),
            ("مقهى الآباء في مركز العائلة", "لقاء للآباء حول الروضة والمدرسة."),
        ),
        locations=[_location(city, 1, organisation.street)] if city else [],
    )
    services.change_status(offer, by=paul, to=OfferStatus.IN_REVIEW)
    return f"Guide: {organisation.name} (Paul) handed in “{PAUL_OFFER[0]}” for review."


def _other_offers(centre: Centre, c: int, categories: dict[str, Category]) -> list[BulkOffer]:
    """Five offers of another KI: a language course (the types in turn across the KIs) and
    four others, at the KI's largest municipalities."""
    area = list(centre.grantee.municipalities().order_by("-population")[:OFFERS_PER_OTHER_KI])
    today = timezone.localdate()
    course_type, de, en, ar = COURSES[c % len(COURSES)]
    level, form = LEVELS[c % len(LEVELS)], FORMATS[c % len(FORMATS)]
    starts = today + datetime.timedelta(weeks=1 + c % 20)
    items = [
        BulkOffer(
            centre=centre,
            category=categories[f"course_{course_type}"],
            texts=_texts(
                (f"{de} {level}", f"{de} bis {level} mit Orientierungskurs."),
                (f"{en} {level}", f"{en} up to {level} with orientation course."),
                (f"{ar} {level}", f"{ar} حتى المستوى {level}."),
            ),
            locations=[_location(area[0], c, f"Volkshochschule, Raum {100 + c}")],
            course={
                "course_type": course_type,
                "target_level": level,
                "class_format": form,
                "starts_on": starts,
                "ends_on": starts + datetime.timedelta(weeks=30),
                "registration_deadline": starts - datetime.timedelta(days=7),
                "places": 18,
                "places_taken": (7 * c) % 19,
                "childcare": course_type in ("parents", "women"),
                "free_with_entitlement": True,
            },
            data={
                "target_groups": ["newcomers"],
                "languages": ["de"],
                "next_start": starts,
                "hours_per_week": Decimal(20 if form == ClassFormat.FULL_TIME else 10),
                "contact_name": "Volkshochschule",
            },
        )
    ]
    for i in range(1, OFFERS_PER_OTHER_KI):
        category, de_words, en_words, ar_words = OFFERS[(c + i) % len(OFFERS)]
        items.append(
            BulkOffer(
                centre=centre,
                category=categories[category],
                texts=_texts(
                    de_words,
                    en_words,
                    ar_words,
                    recurrence="jeden Dienstag" if i % 2 else "nach Vereinbarung",
                ),
                # The first of them is held in two towns of a Kreis (searched at each).
                locations=[
                    _location(area[n % len(area)], n, f"Rathausplatz {n + 1}")
                    for n in ((i, i + 1) if i == 1 and len(area) > 2 else (i,))
                ],
                data={
                    "target_groups": ["newcomers"],
                    "languages": ["de", "ar"],
                    "contact_name": "Kommunales Integrationszentrum",
                },
            )
        )
    return items


# Bielefeld's feedback: (category of the offer, comment, page language, done by Kai).
FEEDBACK: list[tuple[str, str, str, bool]] = [
    (
        "counselling_recognition",
        "Die Beratung ist nicht mehr dienstags, sondern donnerstags.",
        "de",
        False,
    ),
    ("health", "رقم الهاتف لم يعد يعمل.", "ar", True),
]


def _bielefeld_review_and_feedback() -> str | None:
    """Bielefeld's review flags, feedback and an Arabic machine translation, once: a KI whose
    offers have feedback is left alone."""
    centre = Centre.objects.select_related("grantee").filter(grantee__key=CITIES[0]).first()
    if centre is None or Feedback.objects.filter(offer__centre=centre).exists():
        return None
    offers = {
        o.category.code: o
        for o in Offer.objects.published().filter(centre=centre).select_related("category")
    }
    if not {"sport", "housing", "work", *(f[0] for f in FEEDBACK)} <= set(offers):
        return None
    kai = User.objects.filter(username="kai", centre=centre).first() or lead_of(centre)
    for category, comment, language, done in FEEDBACK:
        feedback = services.give_feedback(offers[category], comment=comment, language=language)
        if done:
            services.mark_feedback_done(feedback, by=kai)
    # Reviewed long ago (as if the offers had stood unchanged): due for review, and hidden.
    today = timezone.localdate()
    flag, hide = settings.GUIDE_REVIEW_FLAG_DAYS, settings.GUIDE_REVIEW_HIDE_DAYS
    due_on = today - datetime.timedelta(days=min(flag + 14, (flag + hide) // 2))
    hidden_on = today - datetime.timedelta(days=hide + 30)
    Offer.objects.filter(pk=offers["sport"].pk).update(last_reviewed_on=due_on)
    Offer.objects.filter(pk=offers["housing"].pk).update(last_reviewed_on=hidden_on)
    # A machine translation nobody has reviewed yet (as the translation provider leaves it).
    OfferText.objects.filter(offer=offers["work"], language="ar").update(
        machine_made=True, reviewed_by=None, reviewed_at=None
    )
    return (
        f"Guide of {centre.name}: one offer due for review, one hidden, "
        "two pieces of public feedback (one open), one Arabic machine translation."
    )


def _bulk_other_kis() -> int:
    """Published offers of every other KI, written in bulk: the guide is never empty."""
    if Offer.objects.exclude(centre__grantee__key__in=CITIES).exists():
        return 0  # once
    centres = Centre.objects.exclude(grantee__key__in=CITIES).select_related("grantee")
    categories = {c.code: c for c in Category.objects.all()}
    items = [
        item
        for c, centre in enumerate(centres.order_by("grantee__key"))
        for item in _other_offers(centre, c, categories)
    ]
    return len(publish_in_bulk(items))


@transaction.atomic
def seed_guide_demo() -> list[str]:
    lines = []
    kai = User.objects.filter(username="kai").first()
    for key in CITIES:
        centre = Centre.objects.select_related("grantee").filter(grantee__key=key).first()
        if centre is None or Offer.objects.filter(centre=centre).exists():
            continue
        lead = lead_of(centre)
        author = kai if kai is not None and kai.centre_id == centre.pk else lead
        count = _seed_centre(centre, author, lead)
        lines.append(
            f"Guide of {centre.name}: {count} published offers "
            f"({len(COURSES)} language courses), one with outdated translations."
        )
    if line := _paul_submission():
        lines.append(line)
    if line := _bielefeld_review_and_feedback():
        lines.append(line)
    if bulk := _bulk_other_kis():
        lines.append(f"Guide: {bulk} published offers of {bulk // OFFERS_PER_OTHER_KI} other KIs.")
        # Written past the services, so the search table learns of them here.
        search_index.rebuild_all()
    return lines
