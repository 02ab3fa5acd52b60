"""Integration concepts in the demo: a version for every KI, with a small PDF of its own.

Registered in `ConceptsConfig.ready` and run by `manage.py seed_demo` after the KIs and the
accounts. Through the real service, as a member of the KI (so checked, numbered and audited like
a user's upload);
idempotent: a KI that has any concept version is left alone. Some concepts are older than three
years or lack the integration council, so the funding checks of those KIs fail on purpose.
"""

from __future__ import annotations

import random
import textwrap
from collections.abc import Sequence
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from teilhabe.accounts.models import User
from teilhabe.centres.demo import lead_of
from teilhabe.centres.models import Centre
from teilhabe.core.dates import german_date
from teilhabe.core.roles import Role
from teilhabe.territory.models import DistrictKind

from . import services as concepts
from .models import Actor, FocusArea

# Concepts: fixed resolution dates for the KIs the demo tells a story about; the others get a
# date from their key within 2023 to 2025. Older than 3 years at the start of 2027 (before
# 1 January 2024) fails the check "concept not older than 3 years" of a 2027 application.
CONCEPT_DATES = {
    "05711": date(2025, 2, 13),  # Bielefeld (version 2; version 1 below)
    "05913": date(2024, 6, 20),  # Dortmund
    "05315": date(2024, 9, 26),  # Köln
    "05113": date(2024, 3, 13),  # Essen
    "05754": date(2024, 11, 28),  # Kreis Gütersloh
    "05762": date(2023, 5, 11),  # Kreis Höxter
    "05314": date(2024, 12, 12),  # Bonn
    "05978": date(2025, 3, 27),  # Kreis Unna
    "05966": date(2022, 6, 23),  # Kreis Olpe: too old for 2027
    "05366": date(2022, 3, 17),  # Kreis Euskirchen: too old
    "05915": date(2022, 11, 10),  # Hamm: too old
}
BIELEFELD_FIRST_CONCEPT = date(2022, 5, 12)
WITHOUT_INTEGRATION_COUNCIL = {"05122", "05758"}  # Solingen, Kreis Herford

# --- a small PDF, written by hand: 56 documents in a few milliseconds ---------------------


def _pdf_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _pdf_utf16(text: str) -> str:
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


PDF_STYLES = {  # font, size, line height, characters per line, space after
    "h1": ("F2", 18, 24, 52, 6),
    "h2": ("F2", 12, 16, 80, 2),
    "p": ("F1", 10.5, 14, 92, 8),
    "small": ("F1", 8, 10, 120, 0),
}


def concept_pdf(title: str, blocks: list[tuple[str, str]]) -> bytes:
    """A one-page A4 PDF with Helvetica (WinAnsi covers German): `blocks` of (style, text)."""
    ops, y = [], 780
    for style, text in blocks:
        font, size, height, width, after = PDF_STYLES[style]
        for line in textwrap.wrap(text, width) or [""]:
            ops.append(f"BT /{font} {size} Tf 56 {y} Td ({_pdf_text(line)}) Tj ET")
            y -= height
        y -= after
    assert y > 40, "the demo concept must fit on one page"
    stream = "\n".join(ops).encode("cp1252", "replace")
    font = "<< /Type /Font /Subtype /Type1 /BaseFont /{} /Encoding /WinAnsiEncoding >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        font.format("Helvetica").encode(),
        font.format("Helvetica-Bold").encode(),
        f"<< /Title {_pdf_utf16(title)} /Producer (Teilhabe demo) >>".encode(),
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 7 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


# --- integration concepts -----------------------------------------------------------------


def grantee_title(centre: Centre) -> str:
    """ "Stadt Bielefeld", "Kreis Gütersloh", "Rhein-Sieg-Kreis", "Städteregion Aachen"."""
    name = centre.grantee.name
    if centre.grantee.kind == DistrictKind.KREISFREIE_STADT:
        return f"Stadt {name}"
    if "kreis" in name.lower() or name.startswith("Städteregion"):
        return name
    return f"Kreis {name}"


ORGANISATION = (
    "Das Kommunale Integrationszentrum ist eine organisatorisch eigenständige Einheit. Leitung "
    "und stellvertretende Leitung sind in Vollzeit besetzt; das Personal wird nicht für andere "
    "Aufgaben eingesetzt. Zum Team gehören zwei vom Land abgeordnete Lehrkräfte."
)
OTHER_ACTORS = (
    "Integrationsagenturen, Jobcenter, Kommunales Integrationsmanagement, "
    "Migrantenselbstorganisationen, Kirchengemeinden"
)
ACTOR_NAMES = {
    Actor.SCHOOL_SUPERVISION: "untere Schulaufsicht (Schulamt)",
    Actor.SCHOOL_OFFICE: "kommunales Schulverwaltungsamt",
    Actor.YOUTH_WELFARE: "Jugendamt",
    Actor.WELFARE_ASSOCIATIONS: "Verbände der Freien Wohlfahrtspflege",
    Actor.INTEGRATION_COUNCIL: "Integrationsrat (§ 27 GO NRW)",
}


def _concept_document(
    centre: Centre,
    *,
    title: str,
    resolved: date,
    body: str,
    revision: bool,
    focus: Sequence[str],
    actors: Sequence[str],
) -> bytes:
    volunteering = (
        " Als dritte Aufgabe nach § 8 TIntG NRW koordiniert das KI das ehrenamtliche Engagement "
        "in der Integrationsarbeit."
        if FocusArea.VOLUNTEERING in focus
        else ""
    )
    involved = [ACTOR_NAMES[Actor(a)] for a in actors if a != Actor.OTHER_PARTNERS]
    others = f"; weitere örtliche Partner: {OTHER_ACTORS}" if Actor.OTHER_PARTNERS in actors else ""
    return concept_pdf(
        title,
        [
            ("h1", title),
            ("h2", "Fortschreibung" if revision else "Kommunales Integrationskonzept"),
            (
                "p",
                f"Beschluss des {body} vom {german_date(resolved)}. Grundlage: § 8 Teilhabe- und "
                "Integrationsgesetz NRW vom 25.11.2021 und die Förderrichtlinien für die "
                "Kommunalen Integrationszentren.",
            ),
            ("h2", "1. Integration durch Bildung entlang der Bildungskette"),
            (
                "p",
                "Gemeinsam mit der unteren Schulaufsicht berät und platziert das KI neu "
                "zugewanderte Kinder und Jugendliche (Seiteneinsteiger), begleitet "
                "Griffbereit- und Rucksack-Gruppen in Kitas und Familienzentren, bildet "
                "Fachkräfte in durchgängiger Sprachbildung fort und stärkt die Beteiligung der "
                "Eltern an allen Übergängen von der Kita bis in den Beruf.",
            ),
            ("h2", "2. Integration als kommunale Querschnittsaufgabe"),
            (
                "p",
                "Das KI bündelt und koordiniert die Integrationsarbeit der Ämter, führt die "
                "Lenkungsgruppe Integration, legt ein Integrationsmonitoring mit Bestands- und "
                "Bedarfsanalysen vor, pflegt den Integrationswegweiser und begleitet die "
                "interkulturelle Öffnung der Verwaltung." + volunteering,
            ),
            ("h2", "3. Beteiligte"),
            ("p", ", ".join(involved) + others + "."),
            ("h2", "4. Anbindung und Organisation"),
            ("p", f"Anbindung: {centre.attachment}. {ORGANISATION}"),
            ("small", "Demo-Dokument der Plattform Teilhabe: Personen und Inhalte sind erfunden."),
        ],
    )


def _add_concept(centre: Centre, *, by: User, resolved: date, version_label: str = "") -> None:
    rnd = random.Random(f"concept:{centre.grantee.key}:{resolved}")  # noqa: S311 (demo data)
    place = grantee_title(centre)
    title = f"Integrationskonzept {place}" + (f" – {version_label}" if version_label else "")
    body = "Rates" if centre.grantee.kind == DistrictKind.KREISFREIE_STADT else "Kreistages"
    actors = [a.value for a in Actor if a != Actor.OTHER_PARTNERS]
    if centre.grantee.key in WITHOUT_INTEGRATION_COUNCIL:
        actors.remove(Actor.INTEGRATION_COUNCIL)
    if rnd.random() < 0.7:
        actors.append(Actor.OTHER_PARTNERS)
    focus = [FocusArea.EDUCATION, FocusArea.CROSS_CUTTING]
    if rnd.random() < 0.6:
        focus.append(FocusArea.VOLUNTEERING)
    content = _concept_document(
        centre,
        title=title,
        resolved=resolved,
        body=body,
        revision=bool(version_label),
        focus=focus,
        actors=actors,
    )
    slug = centre.grantee.name.lower().replace(" ", "-")
    concepts.add_concept_version(
        centre,
        by=by,
        data={
            "title": title,
            "adopting_body": concepts.expected_adopting_body(centre.grantee.kind),
            "resolution_date": resolved,
            "focus_areas": focus,
            "actors": actors,
            "other_actors": OTHER_ACTORS if Actor.OTHER_PARTNERS in actors else "",
            "attachment": centre.attachment or "Dezernat für Bildung, Jugend und Integration",
            "organisation": ORGANISATION,
        },
        upload=SimpleUploadedFile(
            f"integrationskonzept-{slug}-{resolved:%Y}.pdf", content, "application/pdf"
        ),
    )


def _concept_date(key: str) -> date:
    if key in CONCEPT_DATES:
        return CONCEPT_DATES[key]
    rnd = random.Random(f"concept-date:{key}")  # noqa: S311 (demo data)
    return date(2023, 1, 1) + timedelta(days=rnd.randint(30, 1000))  # 2023-01 … 2025-09


def _seed_concepts(centres: list[Centre]) -> None:
    for centre in centres:
        if centre.concepts.exists():
            continue
        by = _member(centre)
        if centre.grantee.key == "05711":
            _add_concept(centre, by=by, resolved=BIELEFELD_FIRST_CONCEPT)
            _add_concept(centre, by=by, resolved=CONCEPT_DATES["05711"], version_label="2025")
        else:
            _add_concept(centre, by=by, resolved=_concept_date(centre.grantee.key))


def _member(centre: Centre) -> User:
    """Someone of the KI to act for it: the staff member (Kai) before the lead."""
    member = (
        User.objects.filter(centre=centre, role__in=[Role.KI_STAFF, Role.KI_LEAD])
        .order_by("-role")  # "ki_staff" before "ki_lead"
        .first()
    )
    return member or lead_of(centre)


@transaction.atomic
def seed_concepts_demo() -> None:
    """A concept version for every KI without one (Bielefeld gets two)."""
    _seed_concepts(list(Centre.objects.select_related("grantee").order_by("grantee__key")))
