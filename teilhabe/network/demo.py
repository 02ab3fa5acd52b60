"""The partner network in the demo: Bielefeld and Dortmund each with 45 partners of every type
(invented names and addresses in the real city, its real municipality key), contacts, a few
agreements, three likely duplicates each, and Paul as the partner account of one organisation
in Bielefeld, who has changed its data once (Anna finds the change and can undo it), and a
finished import for Bielefeld (a small CSV: two partners added, one changed, one unchanged, one
row refused), so the import's history and its result page have something to show.

Through the services, as the KI's lead; idempotent: a KI that has organisations is left alone,
Paul is linked once, the demo import runs once.
"""

from __future__ import annotations

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from teilhabe.accounts.models import User
from teilhabe.centres.demo import lead_of
from teilhabe.centres.models import Centre
from teilhabe.concepts.demo import concept_pdf
from teilhabe.core.roles import Role
from teilhabe.territory.models import Municipality

from . import services
from .models import (
    AgreementKind,
    ImportJob,
    Organisation,
    OrganisationType,
    PartnerMembership,
    Stage,
)
from .tasks import run_import_task

T = OrganisationType
S = Stage
# (type, name pattern, stages, languages); {city} is the KI's city.
PARTNERS: list[tuple[str, str, list[str], list[str]]] = [
    (
        T.INTEGRATION_AGENCY,
        "Integrationsagentur der AWO {city}",
        [S.SCHOOL, S.TRANSITION],
        ["ar", "tr"],
    ),
    (T.INTEGRATION_AGENCY, "Integrationsagentur Diakonie {city}", [S.TRANSITION], ["uk", "ru"]),
    (T.INTEGRATION_AGENCY, "Integrationsagentur Caritas {city}", [S.KITA, S.SCHOOL], ["ar", "fa"]),
    (T.SCHOOL, "Grundschule am Stadtpark", [S.SCHOOL], ["tr", "ar"]),
    (T.SCHOOL, "Gesamtschule {city}-Mitte", [S.SCHOOL, S.TRANSITION], ["tr", "pl"]),
    (T.SCHOOL, "Berufskolleg am Ring", [S.TRANSITION], ["uk", "ar"]),
    (T.SCHOOL, "Realschule Nord", [S.SCHOOL], ["ru"]),
    (T.KITA, "Kita Sonnenblume", [S.EARLY_YEARS, S.KITA], ["tr", "ar"]),
    (T.KITA, "Familienzentrum Regenbogen", [S.EARLY_YEARS, S.KITA], ["ar", "ku"]),
    (T.KITA, "Kita Kleine Strolche", [S.KITA], ["pl"]),
    (T.YOUTH_WELFARE, "Jugendamt der Stadt {city}", [S.EARLY_YEARS, S.KITA, S.YOUTH_WORK], []),
    (T.YOUTH_WELFARE, "Jugendzentrum Freiraum", [S.YOUTH_WORK], ["ar", "tr"]),
    (T.YOUTH_WELFARE, "Jugendmigrationsdienst {city}", [S.YOUTH_WORK, S.TRANSITION], ["ar", "ti"]),
    (T.REFUGEE_WORK, "Flüchtlingshilfe {city} e. V.", [S.YOUTH_WORK], ["ar", "fa", "ps"]),
    (T.REFUGEE_WORK, "Netzwerk Ehrenamt in der Flüchtlingsarbeit", [S.SCHOOL], ["uk", "ar"]),
    (T.REFUGEE_WORK, "Refugee Law Clinic {city}", [S.TRANSITION], ["en", "fr"]),
    (T.SPORTS_CLUB, "TuS {city} 1889 e. V.", [S.YOUTH_WORK], ["tr"]),
    (T.SPORTS_CLUB, "Stadtsportbund {city}", [S.YOUTH_WORK], []),
    (T.SPORTS_CLUB, "Boxclub Integration e. V.", [S.YOUTH_WORK], ["ar", "ru"]),
    (
        T.MIGRANT_ORGANISATION,
        "Interkultureller Elternverein {city} e. V.",
        [S.KITA, S.SCHOOL],
        ["tr", "ar", "ku"],
    ),
    (T.MIGRANT_ORGANISATION, "Ukrainischer Kulturverein {city}", [S.SCHOOL], ["uk", "ru"]),
    (T.MIGRANT_ORGANISATION, "Afrikanisches Zentrum {city}", [S.YOUTH_WORK], ["en", "fr", "so"]),
    (T.MIGRANT_ORGANISATION, "Polnische Mission {city}", [S.KITA], ["pl"]),
    (T.INTEGRATION_COUNCIL, "Integrationsrat der Stadt {city}", [], ["tr", "ar"]),
    (T.INTEGRATION_COUNCIL, "Ausschuss für Integration und Vielfalt", [], []),
    (T.INTEGRATION_OFFICER, "Integrationsbeauftragte der Stadt {city}", [S.TRANSITION], []),
    (T.INTEGRATION_OFFICER, "Kommunales Integrationsmanagement {city}", [S.TRANSITION], ["ar"]),
    (T.CHURCH, "Evangelische Kirchengemeinde St. Markus", [S.KITA, S.YOUTH_WORK], []),
    (T.CHURCH, "Katholische Pfarrei St. Joseph", [S.KITA], ["pl", "hr"]),
    (T.CHURCH, "DITIB-Moscheegemeinde {city}", [S.YOUTH_WORK], ["tr"]),
    (T.SCHOOL_SUPERVISION, "Schulamt für die Stadt {city}", [S.SCHOOL], []),
    (T.SCHOOL_SUPERVISION, "Bezirksregierung, Dezernat 48", [S.SCHOOL, S.TRANSITION], []),
    (T.SCHOOL_OFFICE, "Amt für Schule der Stadt {city}", [S.SCHOOL], []),
    (T.SCHOOL_OFFICE, "Bildungsbüro {city}", [S.SCHOOL, S.TRANSITION], []),
    (T.WELFARE_ASSOCIATION, "Caritasverband {city} e. V.", [S.EARLY_YEARS, S.KITA], ["ar", "uk"]),
    (T.WELFARE_ASSOCIATION, "Diakonie für {city}", [S.YOUTH_WORK], ["ru", "uk"]),
    (
        T.WELFARE_ASSOCIATION,
        "Arbeiterwohlfahrt Kreisverband {city}",
        [S.KITA, S.TRANSITION],
        ["tr"],
    ),
    (T.WELFARE_ASSOCIATION, "DRK-Kreisverband {city}", [S.EARLY_YEARS], ["ar"]),
    (T.WELFARE_ASSOCIATION, "Der Paritätische {city}", [S.YOUTH_WORK], []),
    (T.FOUNDATION, "Bürgerstiftung {city}", [S.SCHOOL], []),
    (T.FOUNDATION, "Stiftung Bildungschancen", [S.SCHOOL, S.TRANSITION], []),
    (T.OTHER, "Jobcenter {city}", [S.TRANSITION], ["ar", "uk"]),
    (T.OTHER, "Volkshochschule {city}", [S.TRANSITION], ["ar", "uk", "tr"]),
    (T.OTHER, "Stadtbibliothek {city}", [S.EARLY_YEARS, S.SCHOOL], ["tr", "ar", "uk"]),
    (T.OTHER, "Handwerkskammer, Beratungsstelle Anerkennung", [S.TRANSITION], ["en"]),
]
STREETS = ["Bahnhofstraße", "Hauptstraße", "Kirchplatz", "Schulweg", "Marktstraße", "Parkallee"]
CITIES = {"05711": ("Bielefeld", "336"), "05913": ("Dortmund", "441")}
# Entries typed twice by different staff: the same place, the name spelt a little differently.
DUPLICATES = [
    ("Caritasverband {city} e. V.", "Caritasverband {city} e.V."),
    ("Stadtbibliothek {city}", "Stadtbibliothek {city} (Zentralbibliothek)"),
    ("Kita Sonnenblume", "Kita Sonnenblume gGmbH"),
]
CONTACTS = [("Leitung", "Sabine Krüger"), ("Koordination Integration", "Mehmet Yılmaz")]
PAUL_ORGANISATION = "Interkultureller Elternverein Bielefeld e. V."


def _organisation_data(
    index: int,
    entry: tuple[str, str, list[str], list[str]],
    city: str,
    prefix: str,
    municipality: Municipality,
) -> dict[str, object]:
    kind, pattern, stages, languages = entry
    return {
        "type": kind,
        "name": pattern.format(city=city),
        "street": f"{STREETS[index % len(STREETS)]} {index + 1}",
        "postcode": f"{prefix}{index % 10:02d}",
        "municipality": municipality,
        "email": f"kontakt{index + 1}@partner-{city.lower()}.example",
        "phone": f"0{521 if city == 'Bielefeld' else 231} {400000 + index * 17}",
        "website": f"https://partner-{city.lower()}.example/{index + 1}",
        "languages": list(languages),
        "stages": list(stages),
        "areas_of_work": "Sprachbildung, Elternbeteiligung, Beratung",
    }


def _seed_centre(centre: Centre) -> int:
    city, prefix = CITIES[centre.grantee.key]
    lead = lead_of(centre)
    municipality = Municipality.objects.get(ags=f"{centre.grantee.key}000")
    by_name: dict[str, Organisation] = {}
    for index, entry in enumerate(PARTNERS):
        data = _organisation_data(index, entry, city, prefix, municipality)
        organisation = services.add_organisation(centre, by=lead, data=data)
        by_name[organisation.name] = organisation
        for n, (function, name) in enumerate(CONTACTS[: 1 + index % 2]):
            services.add_contact(
                organisation,
                by=lead,
                data={
                    "name": name,
                    "function": function,
                    "email": f"{function.split()[0].lower()}@{organisation.email.split('@')[1]}",
                    "phone": f"{data['phone']}-{n + 1}",
                },
            )
        if index % 7 == 0:
            services.add_agreement(
                organisation,
                by=lead,
                data={
                    "kind": AgreementKind.COOPERATION,
                    "since": date(2024, 1 + index % 12, 1),
                    "until": None,
                },
                upload=_agreement_pdf(organisation.name, centre.name),
            )
    for original, copy in DUPLICATES:
        source = by_name[original.format(city=city)]
        services.add_organisation(
            centre,
            by=lead,
            data={
                "type": source.type,
                "name": copy.format(city=city),
                "street": source.street,
                "postcode": source.postcode,
                "municipality": municipality,
                "email": source.email,
                "languages": source.languages,
                "stages": source.stages,
            },
        )
    return len(PARTNERS) + len(DUPLICATES)


def _agreement_pdf(name: str, centre: str) -> SimpleUploadedFile:
    content = concept_pdf(
        "Kooperationsvereinbarung",
        [
            ("h1", "Kooperationsvereinbarung"),
            (
                "p",
                f"zwischen dem {centre} und {name} über die Zusammenarbeit entlang der "
                "Bildungskette (Demo).",
            ),
        ],
    )
    return SimpleUploadedFile("kooperationsvereinbarung.pdf", content, "application/pdf")


def _link_paul() -> str | None:
    paul = User.objects.filter(username="paul", role=Role.PARTNER).first()
    organisation = Organisation.objects.filter(name=PAUL_ORGANISATION).first()
    if paul is None or organisation is None:
        return None
    if PartnerMembership.objects.filter(user=paul).exists():
        return None
    services.link_partner_account(organisation, by=lead_of(organisation.centre), user=paul)
    # Paul keeps his data: a new telephone number and a language (Anna may undo it).
    services.update_organisation(
        organisation,
        by=paul,
        data={"phone": "0521 998877", "languages": [*organisation.languages, "ar", "fa"]},
    )
    return f"Paul is the partner account of {organisation.name}."


DEMO_IMPORT = "partner-aus-dem-bildungsbuero.csv"
IMPORT_HEADER = "Name;Art;Straße;PLZ;Ort;E-Mail;Telefon;Sprachen;Bildungskette"


def _demo_import_lines(centre: Centre) -> list[str]:
    """The CSV as the Bildungsbüro might send it: two partners the KI does not know yet, one
    it knows with a new telephone number, one as it is, and one from outside the KI's area."""
    library = Organisation.objects.get(centre=centre, name="Stadtbibliothek Bielefeld")
    sports = Organisation.objects.get(centre=centre, name="Stadtsportbund Bielefeld")
    return [
        IMPORT_HEADER,
        "Elterncafé Sieker e. V.;Migrantenselbstorganisation;Meierfeld 12;33605;Bielefeld;"
        "kontakt@elterncafe-sieker.example;0521 9876540;Türkisch, Arabisch;Kita, Schule",
        "SV Brackwede 1905 e. V.;Sportverein;Am Sportplatz 1;33647;Bielefeld;"
        "info@sv-brackwede.example;0521 441122;Türkisch;außerschulische Jugendarbeit",
        f"{library.name};;{library.street};{library.postcode};Bielefeld;{library.email};"
        "0521 512222;;",
        f"{sports.name};;{sports.street};{sports.postcode};Bielefeld;{sports.email};"
        f"{sports.phone};;",
        "Integrationsagentur Gütersloh;Integrationsagentur;Kirchstraße 3;33330;Gütersloh;"
        "info@ia-guetersloh.example;05241 12345;Arabisch;Schule",
    ]


def _demo_import() -> str | None:
    """A finished import for KI Bielefeld, through the real upload, confirmation and task."""
    centre = Centre.objects.select_related("grantee").get(grantee__key="05711")
    if ImportJob.objects.filter(centre=centre, file_name=DEMO_IMPORT).exists():
        return None
    if not Organisation.objects.filter(centre=centre, name="Stadtbibliothek Bielefeld").exists():
        return None  # the KI's network is not the demo's
    lead = lead_of(centre)
    content = ("\ufeff" + "\r\n".join(_demo_import_lines(centre)) + "\r\n").encode()
    job = services.upload_import(
        centre, by=lead, upload=SimpleUploadedFile(DEMO_IMPORT, content, "text/csv")
    )
    job = services.confirm_import(job, by=lead, mapping=job.mapping)
    run_import_task.call(job.pk)  # at once: the demo does not wait for the worker
    job.refresh_from_db()
    return (
        f"Import {DEMO_IMPORT} for {centre.name}: {job.created} added, {job.updated} changed, "
        f"{job.error_count} refused."
    )


def seed_network_demo() -> list[str]:
    lines = []
    for key in CITIES:
        centre = Centre.objects.select_related("grantee").get(grantee__key=key)
        if Organisation.objects.filter(centre=centre).exists():
            continue
        lines.append(f"Network of {centre.name}: {_seed_centre(centre)} organisations.")
    if line := _link_paul():
        lines.append(line)
    # The import writes its uploaded file when the upload's transaction commits and reads it
    # back to confirm: it runs once the demo's own transaction (seed_demo) has committed.
    transaction.on_commit(_print_demo_import)
    return lines


def _print_demo_import() -> None:
    if transaction.get_connection().in_atomic_block:
        # Still inside a transaction (a test running the demo's callbacks before its end): the
        # upload's file would be written only at that end, so the import could not read it.
        return
    if line := _demo_import():
        print(line)
