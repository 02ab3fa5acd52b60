"""A realistic data set for the guide's benchmark: N published offers (default 100,000) over the
54 KIs, each in German, English and Arabic with text lengths like the demo's real offers
(title 30–90 characters, summary 100–300, description 600–2,500 as HTML paragraphs), at real
municipalities of the KI's district and real postcodes with their coordinates
(`../shared/data/nrw-postcodes.csv`, jittered by up to ~1 km), every fifth offer of a Kreis
held in a second of its towns too, a language course in every fourth offer of each KI (every
federal type, level and format), dates over the coming year.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/teilhabe_bench \\
        .venv/bin/python bench/guide_dataset.py --offers 100000

It migrates the database named by DATABASE_URL, loads the reference data (territory, KIs),
removes the guide's offers there and writes the new ones through `guide.bulk` (deterministic:
`--seed`), then builds the search index. The harness (`bench/guide_http.py`) serves it.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import os
import random
import sys
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teilhabe.settings")
POSTCODES = ROOT.parent / "shared" / "data" / "nrw-postcodes.csv"

# Words per language for titles and texts, by the categories' themes (the demo's real offers).
TOPICS = {
    "counselling": (
        ["Beratung", "Migrationsberatung", "Sprechstunde", "Aufenthalt", "Anerkennung"],
        ["counselling", "advice", "office hours", "residence", "recognition"],
        ["استشارة", "الإقامة", "الاعتراف", "ساعات", "مكتب"],
    ),
    "language": (
        ["Deutschkurs", "Sprachkurs", "Integrationskurs", "Alphabetisierung", "Sprachcafé"],
        ["German course", "language course", "integration course", "literacy", "language café"],
        ["دورة", "اللغة", "الألمانية", "الاندماج", "محو الأمية"],
    ),
    "family": (
        ["Elterncafé", "Spielgruppe", "Kinderbetreuung", "Familienzentrum", "Kita"],
        ["parents' café", "play group", "childcare", "family centre", "nursery"],
        ["الآباء", "الأطفال", "الروضة", "العائلة", "اللعب"],
    ),
    "work": (
        ["Bewerbung", "Arbeitssuche", "Ausbildung", "Praktikum", "Beruf"],
        ["application", "job search", "training", "internship", "profession"],
        ["العمل", "التدريب", "الوظيفة", "السيرة الذاتية", "المهنة"],
    ),
    "everyday": (
        ["Wohnungssuche", "Gesundheit", "Schwimmkurs", "Behördenpost", "Nachbarschaft"],
        ["finding a flat", "health", "swimming", "official letters", "neighbourhood"],
        ["السكن", "الصحة", "السباحة", "الرسائل", "الجيران"],
    ),
}
# When an offer takes place, in German, English and Arabic (written per language).
RECURRENCE = (
    ("jeden Dienstag", "every Tuesday", "كل يوم ثلاثاء"),
    ("Mo–Fr vormittags", "Mon–Fri mornings", "من الاثنين إلى الجمعة صباحًا"),
    ("nach Vereinbarung", "by appointment", "حسب الموعد"),
)
STREETS = ("Hauptstraße", "Marktplatz", "Schulweg", "Bahnhofstraße", "Kirchplatz")
FILLER = (
    "Wir treffen uns in kleinen Gruppen und sprechen über Fragen des Alltags. Die Teilnahme ist "
    "vertraulich, Dolmetscherinnen und Dolmetscher helfen bei Bedarf. Bringen Sie gern Ihre "
    "Unterlagen mit, wir schauen sie gemeinsam an und planen die nächsten Schritte.",
    "We meet in small groups and talk about everyday questions. Taking part is confidential; "
    "interpreters help where needed. Bring your papers if you like: we look at them together "
    "and plan the next steps.",
    "نلتقي في مجموعات صغيرة ونتحدث عن أسئلة الحياة اليومية. المشاركة سرية، ويساعد المترجمون "
    "عند الحاجة. أحضر أوراقك إن شئت، سننظر فيها معاً ونخطط للخطوات التالية.",
)


def _postcodes() -> dict[str, list[tuple[str, Decimal, Decimal]]]:
    found: dict[str, list[tuple[str, Decimal, Decimal]]] = {}
    with POSTCODES.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            found.setdefault(row["ags"], []).append(
                (row["postcode"], Decimal(row["lat"]), Decimal(row["lon"]))
            )
    return found


def _text(rng: random.Random, words: list[str], filler: str, title_hint: str) -> dict[str, str]:
    title = f"{title_hint} {rng.choice(words)} {rng.choice(words)}"[:90]
    summary = " ".join(rng.choice(words) for _ in range(rng.randint(4, 10)))
    summary = f"{summary}. {filler[: rng.randint(60, 200)]}"[:300]
    paragraphs = [
        f"<p>{' '.join(rng.choice(words) for _ in range(rng.randint(3, 8)))}. {filler}</p>"
        for _ in range(rng.randint(2, 6))
    ]
    return {"title": title, "summary": summary, "description": "".join(paragraphs)[:2500]}


def _second_place(i: int, first: Any, area: list[Any]) -> list[dict[str, object]]:
    """Every fifth offer of a Kreis is held in a second of its towns too (searched at each:
    `SearchPlace`), at the town's centre; drawn without the random generator, so the rest of
    the data set stays as it was."""
    others = [m for m in area if m.pk != first.pk]
    if i % 5 != 1 or not others:
        return []
    town = others[i % len(others)]
    return [
        {
            "name": "Außenstelle",
            "street": f"Marktplatz {i % 13 + 1}",
            "postcode": town.postcode,
            "municipality": town,
            "lat": town.lat,
            "lon": town.lon,
            "step_free": i % 2 == 0,
            "languages": ["de"],
        }
    ]


def generate(count: int, seed: int) -> Iterator[object]:
    from teilhabe.centres.models import Centre
    from teilhabe.guide.bulk import BulkOffer
    from teilhabe.guide.models import (
        Category,
        ClassFormat,
        CourseType,
        Level,
        TargetGroup,
    )

    rng = random.Random(seed)
    postcodes = _postcodes()
    centres = list(Centre.objects.select_related("grantee").order_by("grantee__key"))
    areas = {c.pk: list(c.grantee.municipalities()) for c in centres}
    leaves = [c for c in Category.objects.filter(is_active=True) if not c.code.startswith("course")]
    leaves = [c for c in leaves if c.parent_id is not None] or leaves
    courses = {c.code: c for c in Category.objects.filter(code__startswith="course_")}
    today = datetime.date.today()
    for i in range(count):
        centre = centres[i % len(centres)]
        municipality = rng.choice(areas[centre.pk])
        centroid = (municipality.postcode, municipality.lat, municipality.lon)
        postcode, lat, lon = rng.choice(postcodes.get(municipality.ags) or [centroid])
        jitter = Decimal(rng.randint(-90, 90)) / 10000
        is_course = (i // len(centres)) % 4 == 0  # every fourth offer of each KI
        topic = "language" if is_course else rng.choice([t for t in TOPICS if t != "language"])
        de, en, ar = TOPICS[topic]
        course = None
        data: dict[str, object] = {
            "target_groups": rng.sample(TargetGroup.values, rng.randint(1, 2)),
            "languages": rng.sample(["de", "ar", "tr", "uk", "ru", "fa", "en"], rng.randint(1, 3)),
            "contact_name": "Kommunales Integrationszentrum",
        }
        when = rng.randrange(len(RECURRENCE))
        if rng.random() < 0.2:
            data["cost"], data["cost_amount"] = "amount", Decimal(rng.randint(5, 120))
        if is_course:
            course_type = CourseType.values[i // 4 % len(CourseType.values)]
            category = courses[f"course_{course_type}"]
            starts = today + datetime.timedelta(days=rng.randint(-30, 365))
            places = rng.randint(10, 25)
            course = {
                "course_type": course_type,
                "target_level": rng.choice(Level.values),
                "class_format": rng.choice(ClassFormat.values),
                "starts_on": starts,
                "ends_on": starts + datetime.timedelta(weeks=rng.randint(4, 40)),
                "registration_deadline": starts - datetime.timedelta(days=7),
                "places": places,
                "places_taken": rng.randint(0, places),
                "childcare": course_type in ("parents", "women"),
                "free_with_entitlement": rng.random() < 0.7,
            }
            data["next_start"] = starts
        else:
            category = rng.choice(leaves)
            if rng.random() < 0.3:
                data["next_start"] = today + datetime.timedelta(days=rng.randint(0, 200))
        yield BulkOffer(
            centre=centre,
            category=category,
            texts={
                "de": {
                    **_text(rng, de, FILLER[0], category.name_de),
                    "recurrence": RECURRENCE[when][0],
                },
                "en": {
                    **_text(rng, en, FILLER[1], category.name_en),
                    "recurrence": RECURRENCE[when][1],
                },
                "ar": {**_text(rng, ar, FILLER[2], ar[0]), "recurrence": RECURRENCE[when][2]},
            },
            locations=[
                {
                    "name": "",
                    "street": f"{rng.choice(STREETS)} {i % 97 + 1}",
                    "postcode": postcode,
                    "municipality": municipality,
                    "lat": lat + jitter,
                    "lon": lon - jitter,
                    "step_free": rng.choice([True, True, False, None]),
                    "languages": rng.sample(["de", "ar", "tr", "uk", "en"], 2),
                },
                *_second_place(i, municipality, areas[centre.pk]),
            ],
            course=course,
            data=data,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--offers", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--batch", type=int, default=2000)
    args = parser.parse_args()
    if not 1 <= args.offers <= 1_000_000:
        parser.error("--offers must lie between 1 and 1,000,000")
    import django

    django.setup()
    from django.core.management import call_command

    from teilhabe.guide.bulk import publish_in_bulk
    from teilhabe.guide.models import Offer

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    Offer.objects.all().delete()
    written = publish_in_bulk(generate(args.offers, args.seed), batch_size=args.batch)  # type: ignore[arg-type]
    print(f"{len(written)} offers written in {time.perf_counter() - started:.0f} s")
    started = time.perf_counter()
    call_command("rebuild_guide_search", verbosity=1)
    print(f"search index built in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
