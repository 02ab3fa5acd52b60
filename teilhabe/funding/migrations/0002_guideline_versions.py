"""The funding guideline versions 2012, 2015, 2018 and 2022 (reference data; see docs/funding.md).

Titles and citations are German: they are printed in decisions. Migration 0006 brings databases
migrated with the first, English wording up to date.
"""

from datetime import date
from decimal import Decimal as D

from django.db import migrations

LAW_2012 = "§ 7 TIntG NRW (Teilhabe- und Integrationsgesetz vom 14.02.2012)"
LAW_2021 = "§ 8 TIntG NRW (Teilhabe- und Integrationsgesetz vom 25.11.2021)"
PED, ADM, ASS = "pedagogical", "administrative", "assistant"

VERSIONS = [
    {
        "code": "2012",
        "title": "Förderrichtlinien KI vom 25.06.2012",
        "valid_from": date(2012, 6, 25),
        "valid_until": date(2015, 3, 22),
        "citation": f"{LAW_2012}; Förderrichtlinien KI vom 25.06.2012",
        "specialist_amount": D("50000"),
        "assistant_amount": D("40000"),
        "annual_cap_kreis": D("170000"),
        "annual_cap_kreisfreie_stadt": D("170000"),
        "interpreter_pool_cap": None,
        "groups": [
            ("pedagogical", "pädagogische Fachkräfte", [PED], D("2.0"), ""),
            ("administrative", "Verwaltungsfachkräfte", [ADM], D("1.0"), ""),
            ("assistant", "Verwaltungsassistenz", [ASS], D("0.5"), ""),
        ],
    },
    {
        "code": "2015",
        "title": "Förderrichtlinien KI in der Fassung vom 23.03.2015",
        "valid_from": date(2015, 3, 23),
        "valid_until": date(2018, 3, 26),
        "citation": f"{LAW_2012}; Förderrichtlinien KI in der Fassung vom 23.03.2015",
        "specialist_amount": D("50000"),
        "assistant_amount": D("40000"),
        "annual_cap_kreis": D("170000"),
        "annual_cap_kreisfreie_stadt": D("170000"),
        "interpreter_pool_cap": None,
        "groups": [
            ("specialists", "pädagogische und Verwaltungsfachkräfte", [PED, ADM], D("3.0"), ""),
            ("assistant", "Verwaltungsassistenz", [ASS], D("0.5"), ""),
        ],
    },
    {
        "code": "2018",
        "title": "Förderrichtlinien KI vom 27.03.2018",
        "valid_from": date(2018, 3, 27),
        "valid_until": date(2021, 12, 31),
        "citation": f"{LAW_2012}; Förderrichtlinien KI vom 27.03.2018",
        "specialist_amount": D("50000"),
        "assistant_amount": D("40000"),
        "annual_cap_kreis": D("320000"),
        "annual_cap_kreisfreie_stadt": D("270000"),
        "interpreter_pool_cap": D("50000"),
        "groups": [
            ("specialists", "pädagogische und Verwaltungsfachkräfte", [PED, ADM], D("5.0"),
             "kreisfreie_stadt"),
            ("specialists", "pädagogische und Verwaltungsfachkräfte", [PED, ADM], D("6.0"),
             "kreis"),
            ("assistant", "Verwaltungsassistenz", [ASS], D("0.5"), ""),
        ],
    },
    {
        "code": "2022",
        "title": "Förderrichtlinien KI nach dem TIntG 2021 (ab 01.01.2022, angenommen)",
        "valid_from": date(2022, 1, 1),
        "valid_until": None,
        "citation": (
            f"{LAW_2021}; Förderrichtlinien KI (Beträge 57.000/45.000 EUR; Beginn 01.01.2022 "
            "angenommen, die Quelle ist undatiert)"
        ),
        "specialist_amount": D("57000"),
        "assistant_amount": D("45000"),
        "annual_cap_kreis": D("364500"),
        "annual_cap_kreisfreie_stadt": D("307500"),
        "interpreter_pool_cap": D("50000"),
        "assumptions": "Beginn 01.01.2022 angenommen: Die Quelle ist undatiert; gewählt nach dem Gesetz von 2021.",
        "groups": [
            ("specialists", "pädagogische und Verwaltungsfachkräfte", [PED, ADM], D("5.0"),
             "kreisfreie_stadt"),
            ("specialists", "pädagogische und Verwaltungsfachkräfte", [PED, ADM], D("6.0"),
             "kreis"),
            ("assistant", "Verwaltungsassistenz", [ASS], D("0.5"), ""),
        ],
    },
]


def load(apps, schema_editor):
    Guideline = apps.get_model("funding", "Guideline")
    PositionGroup = apps.get_model("funding", "PositionGroup")
    for version in VERSIONS:
        data = dict(version)
        groups = data.pop("groups")
        guideline, created = Guideline.objects.get_or_create(
            code=data.pop("code"),
            defaults={**data, "in_kind_teachers": 2, "in_kind_value": D("100000")},
        )
        if not created:
            continue
        for code, name, categories, max_fte, kind in groups:
            PositionGroup.objects.create(
                guideline=guideline,
                code=code,
                name=name,
                categories=categories,
                max_fte=max_fte,
                district_kind=kind,
                citation=guideline.citation,
            )


def unload(apps, schema_editor):
    Guideline = apps.get_model("funding", "Guideline")
    PositionGroup = apps.get_model("funding", "PositionGroup")
    codes = [v["code"] for v in VERSIONS]
    PositionGroup.objects.filter(guideline__code__in=codes).delete()
    Guideline.objects.filter(code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [("funding", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
