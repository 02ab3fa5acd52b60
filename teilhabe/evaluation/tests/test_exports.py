"""The evaluator's data sets: no person's name, e-mail or telephone in any topic (CSV and
XLSX), stable keyed pseudonyms, the dictionary beside the data, bounded, a fixed number of
queries whatever the number of rows, and audited."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from teilhabe.accounts import services as accounts
from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.controlling import reports as controlling_reports
from teilhabe.controlling.tests import factories as controlling_factories
from teilhabe.controlling.tests import report_factories
from teilhabe.core.models import AuditEvent
from teilhabe.core.roles import Role
from teilhabe.evaluation import topics
from teilhabe.evaluation.pseudonyms import pseudonym
from teilhabe.events import services as events
from teilhabe.events.tests import factories as event_factories
from teilhabe.funding.models import ApplicationStatus
from teilhabe.funding.tests import factories as funding_factories
from teilhabe.measures.tests import factories as measure_factories
from teilhabe.measures.tests import url_matrix_groups as groups
from teilhabe.measures.tests import url_matrix_records as records
from teilhabe.network import services as network
from teilhabe.network.tests import factories as network_factories

pytestmark = pytest.mark.django_db

NAME, SURNAME = "Zyprian", "Quastenberg"
EMAIL = "zyprian.quastenberg@quast.example"
PHONE = "0521 99887766"
SECRETS = [NAME, SURNAME, EMAIL, "quast.example", "99887766"]


def _build(anna: User, bielefeld: Centre, n: int = 1, *, tag: str = "") -> None:
    """Records of every topic, with a recognisable person wherever a person can be typed."""
    organisation = network_factories.organisation(
        bielefeld,
        anna,
        name=f"Elternverein{tag} Sieker",
        email=EMAIL,
        phone=PHONE,
        street=f"{SURNAME}weg 1",
        areas_of_work=f"Beratung mit {NAME} {SURNAME}",
    )
    network.add_contact(
        organisation, by=anna, data={"name": f"{NAME} {SURNAME}", "email": EMAIL, "phone": PHONE}
    )
    measure = measure_factories.measure(
        bielefeld,
        anna,
        "rucksack-kita",
        title=f"Rucksack mit {NAME} {SURNAME}{tag}",
        goals=f"Kontakt: {EMAIL}",
    )
    for i in range(n):
        companion = groups.companion(bielefeld, anna, name=f"{NAME} {SURNAME} {tag}{i}")
        group = groups.group(
            measure,
            anna,
            site=f"Bei {SURNAME} {tag}{i}",
            companions=[companion.pk],
            institution=organisation,
        )
        groups.session(group, anna, topic=f"Mit {NAME}", held_on=date(2026, 3, 1 + i))
    pool = records.pool(bielefeld, anna, title=f"Pool{tag}")
    log = records.log(bielefeld, anna, title=f"Beratung{tag}")
    school = records.school(bielefeld, anna, name=f"Grundschule{tag} Sieker")
    for _i in range(n):
        records.assignment(pool, anna, interpreter=f"{NAME} {SURNAME}", institution=school)
        records.contact(log, anna, school, outcome=f"{NAME} {SURNAME} ruft an: {PHONE}")
    event = event_factories.published(
        bielefeld,
        anna,
        title=f"Fortbildung mit {SURNAME}{tag}",
        capacity=50,
        description=f"Referent {NAME} {SURNAME}, {EMAIL}",
    )
    for i in range(n):
        events.register(
            event,
            by=event_factories._anonymous(),
            name=f"{NAME} {SURNAME}",
            email=f"{tag}{i}.{EMAIL}",
            organisation=f"Verein {SURNAME}",
        )
    # Accepted controlling reports with a comment naming a person (left out of the data set).
    office = User.objects.filter(role=Role.COORDINATION).first() or accounts.create_user(
        "office", by=None, email="office@teilhabe.example", role=Role.COORDINATION
    )
    periods = CONTROLLING_PERIODS[tag] if tag in CONTROLLING_PERIODS else CONTROLLING_PERIODS[""]
    for year, half in periods[:n]:
        period = (
            controlling_factories.year(year)
            if half == 0
            else controlling_factories.half_year(year, half)
        )
        report = report_factories.fill(
            report_factories.report(bielefeld, anna, period),
            anna,
            trainings_held={"value": "3", "comment": f"Mit {NAME} {SURNAME}, {PHONE}"},
        )
        submitted = controlling_reports.submit_report(
            report_factories.fresh(report), by=anna, signed=True
        )
        controlling_reports.accept_report(submitted, by=office)


# Distinct periods per build, so two builds never meet on one report (0: the year).
CONTROLLING_PERIODS = {
    "": [(2024, 1)],
    "a": [(2024, 1)],
    "b": [(2024, 2), (2024, 0), (2025, 1)],
}


@pytest.fixture
def records_everywhere(anna, bernd, guel, bielefeld) -> None:
    _build(anna, bielefeld)
    funding_factories.decision(
        funding_factories.application(bielefeld, status=ApplicationStatus.PROPOSED),
        proposed_by=bernd,
        signed_by=guel,
    )


def _csv(client, slug: str) -> str:
    response = client.get(reverse("evaluation:export", args=[slug, "csv"]))
    assert response.status_code == 200, slug
    return b"".join(response.streaming_content).decode("utf-8-sig")


def _xlsx(client, slug: str) -> tuple[list[list[str]], list[list[str]]]:
    response = client.get(reverse("evaluation:export", args=[slug, "xlsx"]))
    assert response.status_code == 200, slug
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    data, dictionary = book.worksheets
    as_text = lambda sheet: [[str(c) for c in row] for row in sheet.iter_rows(values_only=True)]  # noqa: E731
    return as_text(data), as_text(dictionary)


@pytest.mark.parametrize("slug", sorted(topics.TOPICS))
def test_no_topic_names_a_person_or_their_contact_data(
    slug, records_everywhere, eva, verified_client
) -> None:
    client = verified_client(eva)
    text = _csv(client, slug)
    data, dictionary = _xlsx(client, slug)
    everything = text + repr(data)
    found = [secret for secret in SECRETS if secret.casefold() in everything.casefold()]
    assert found == [], f"{slug} shows {found}"
    assert len(text.splitlines()) >= 2, f"{slug} exported no row"  # the check saw data
    headers = [str(f.header) for f in topics.TOPICS[slug].fields()]
    assert [row[0] for row in dictionary[1:]] == headers  # one dictionary row per column


def test_the_pseudonyms_are_stable_keyed_and_readable(settings) -> None:
    settings.EVALUATION_PSEUDONYM_KEY = "k" * 40
    first = pseudonym("participant", "Zyprian@Quast.example ")
    assert first == pseudonym("participant", "zyprian@quast.example")  # the same person
    assert first != pseudonym("participant", "other@quast.example")
    assert first != pseudonym("companion", "zyprian@quast.example")  # kinds kept apart
    assert first.startswith("T-") and len(first) == len("T-XXXX-XXXX-XXXX")
    settings.EVALUATION_PSEUDONYM_KEY = "l" * 40
    assert pseudonym("participant", "zyprian@quast.example") != first  # another key


def test_the_same_person_has_the_same_pseudonym_in_every_data_set(
    records_everywhere, eva, verified_client
) -> None:
    client = verified_client(eva)
    companions, groups_text = _csv(client, "elternbegleitung"), _csv(client, "elterngruppen")
    companion = companions.splitlines()[1].split(";")[0]
    assert companion.startswith("B-") and companion in groups_text
    organisations, counselling = _csv(client, "netzwerk"), _csv(client, "beratung")
    school = next(line for line in organisations.splitlines() if "Grundschule" in line)
    assert school.split(";")[0] in counselling


def test_the_dictionary_is_a_page_and_a_csv(eva, verified_client) -> None:
    client = verified_client(eva)
    page = client.get(reverse("evaluation:dictionary", args=["teilnahmen"]))
    assert page.status_code == 200 and "HMAC-SHA256" in page.content.decode()
    csv = client.get(reverse("evaluation:dictionary_export", args=["teilnahmen"]))
    assert csv.status_code == 200 and "events.Registration.email" in csv.content.decode("utf-8-sig")


def test_an_export_is_audited(records_everywhere, eva, verified_client) -> None:
    _csv(verified_client(eva), "zentren")
    event = AuditEvent.objects.get(action="evaluation.exported")
    assert event.actor == eva and event.changes["rows"]["to"] == 54


def test_an_export_beyond_the_bound_is_refused(eva, verified_client, monkeypatch) -> None:
    from teilhabe.evaluation import views

    monkeypatch.setattr(views, "MAX_ROWS", {"csv": 10, "xlsx": 10})
    response = verified_client(eva).get(reverse("evaluation:export", args=["zentren", "xlsx"]))
    assert response.status_code == 302 and response["Location"] == reverse("evaluation:exports")
    assert not AuditEvent.objects.filter(action="evaluation.exported").exists()


@pytest.mark.parametrize("slug", sorted(topics.TOPICS))
def test_the_queries_do_not_grow_with_the_rows(slug, anna, eva, bielefeld, verified_client) -> None:
    client = verified_client(eva)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            _csv(client, slug)
        return len(captured)

    _build(anna, bielefeld, 1, tag="a")
    queries()  # the first export looks up what later ones find cached (the audit's type)
    few = queries()
    _build(anna, bielefeld, 3, tag="b")
    assert queries() == few


def test_the_funding_set_holds_the_decision_in_force_per_year(records_everywhere) -> None:
    rows = topics.TOPICS["foerderung"].rows()
    assert rows and all(isinstance(r.amount, Decimal) for r in rows)
    assert {r.centre.grantee.key for r in rows} == {"05711"}


def test_the_controlling_set_holds_accepted_values_without_comments(records_everywhere) -> None:
    rows = list(topics.TOPICS["controlling"].rows())
    assert rows and {r.report.status for r in rows} == {"accepted"}
    trainings = [r for r in rows if r.indicator.code == "trainings-held"]
    assert [r.value for r in trainings] == [Decimal("3")]
    headers = [str(f.header) for f in topics.TOPICS["controlling"].fields()]
    assert not any("omment" in h or "ommentar" in h for h in headers)
