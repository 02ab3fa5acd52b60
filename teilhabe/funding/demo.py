"""The funding chain in the demo: budget lines, applications, decisions, payments.

`seed_funding_demo()` is the funding app's demo seeder (registered in `FundingConfig.ready`,
run by `manage.py seed_demo` after the KIs, the accounts and the concepts). Everything goes
through the real services, so the audit trail, the decision PDFs, the budget commitments and the
notification mails are the ones the platform makes itself. Idempotent: each step first looks
whether its result (or anything a user made in its place) exists and then does nothing, so a
second run adds and changes nothing — also after people have clicked through the demo.

What the personas find (dates relative to the day the demo is loaded):

- anna (KI Bielefeld): 2026 approved with two conditions (one due in a few days, one in about
  two months), one payment released, one requested; the 2027 draft Kai prepared, ready to sign,
  with his request to sign it (in her notifications and among her tasks).
- kai: the same, and the 2027 draft he prepared and asked Anna to sign (only she may submit it).
- carla (KI Dortmund): 2026 approved, 2027 submitted and waiting for the grant officer.
- bernd (grant officer): Dortmund 2027 to start reviewing, Bonn 2027 half reviewed (his own
  items open, one with the explanation why), Köln 2027 waiting for the answer to his
  information request, Bielefeld's payment request to release.
- guel (approver): Essen 2027 (full approval) and Kreis Gütersloh 2027 (partial approval)
  waiting for her second signature, their checklists complete.
- mia (ministry): budget lines 2025 to 2027 with the commitments of nine 2026 decisions, and
  the application windows of 2026 and 2027 extended to a month from the day the demo is loaded
  (the demo plays a whole funding round in one day; without the extension the real windows,
  17 April to 31 October of the year before, would refuse its applications).

The other KIs' leads are the accounts without password the KIs' demo made (`centres.demo.lead_of`:
they cannot log in; the demo personas stay the ten of `accounts.demo`).
"""

from __future__ import annotations

import logging
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Q
from django.test.utils import override_settings
from django.utils import timezone

from teilhabe.accounts.models import User
from teilhabe.centres.demo import lead_of
from teilhabe.centres.models import Centre, PositionCategory
from teilhabe.concepts.demo import grantee_title
from teilhabe.core.money import CENT
from teilhabe.core.roles import Role
from teilhabe.funding import windows
from teilhabe.funding.models import (
    Application,
    ApplicationStatus,
    ApplicationWindow,
    BudgetLine,
    BudgetPurpose,
    Decision,
    Proposal,
    ProposalKind,
)
from teilhabe.funding.services import applications, budget, payments, review

YEARS = (2025, 2026, 2027)

# Budget lines. The seed names only the 2012 draft's additional 14.1 million EUR for four
# items together (KIs, civil-society integration measures, integration lump sums, the state
# integration council) and no split; the amounts below are ILLUSTRATIVE. The KI lines cover
# full funding under the 2022 guideline (the planning view: 21,072,000 EUR a year for all 54
# KIs) with a little room. The codes follow the pattern of NRW's budget (chapter, title
# group); the numbers are invented.
BUDGET_LINES: tuple[tuple[str, str, str, dict[int, str]], ...] = (
    (
        "07 070 633 10",
        "Zuweisungen an Kreise und kreisfreie Städte für Kommunale Integrationszentren",
        BudgetPurpose.CENTRES,
        {2025: "21500000.00", 2026: "21500000.00", 2027: "21800000.00"},
    ),
    (
        "07 070 684 10",
        "Zuschüsse für Integrationsmaßnahmen zivilgesellschaftlicher Akteure",
        BudgetPurpose.CIVIL_SOCIETY,
        {2025: "9200000.00", 2026: "9500000.00", 2027: "9500000.00"},
    ),
    (
        "07 070 633 20",
        "Integrationspauschalen an Gemeinden und Gemeindeverbände",
        BudgetPurpose.LUMP_SUMS,
        {2025: "5000000.00", 2026: "5000000.00", 2027: "5200000.00"},
    ),
    (
        "07 070 684 20",
        "Zuschuss an den Landesintegrationsrat NRW",
        BudgetPurpose.STATE_COUNCIL,
        {2025: "620000.00", 2026: "650000.00", 2027: "650000.00"},
    ),
)

# Employer's cost per full-time position a year (TVöD/TVöD-SuE 2026, rounded; invented).
COST_PER_FTE = {
    "head": Decimal("84500"),
    "deputy": Decimal("78000"),
    PositionCategory.PEDAGOGICAL: Decimal("72500"),
    PositionCategory.ADMINISTRATIVE: Decimal("63000"),
    PositionCategory.ASSISTANT: Decimal("52000"),
}


def _today() -> date:
    return timezone.localdate()


def _in_days(days: int) -> date:
    return _today() + timedelta(days=days)


# --- people -------------------------------------------------------------------------------


def _member(centre: Centre) -> User | None:
    """Someone of the KI to act for it: the staff member (Kai) before the lead, if any."""
    return (
        User.objects.filter(centre=centre, role__in=[Role.KI_STAFF, Role.KI_LEAD])
        .order_by("-role")  # "ki_staff" before "ki_lead"
        .first()
    )


def _persona(username: str) -> User:
    return User.objects.get(username=username)


# --- applications -------------------------------------------------------------------------


@dataclass
class Scenario:
    """One application of the demo and how far the grant authority has taken it."""

    key: str
    year: int
    target: str  # an ApplicationStatus: how far the application gets
    kind: str = ProposalKind.APPROVE_FULL
    conditions: list[tuple[str, int]] = field(default_factory=list)  # text, days from today
    reasons: str = ""
    cut: Decimal = Decimal("0")  # a partial approval grants the computed amount minus this
    interpreter_pool: Decimal | None = None
    head_fte: Decimal | None = None  # the head's FTE in the staffing plan (rejection story)
    prepared_by_staff: bool = False


SCHWERPUNKTE = "Die beiden Schwerpunktthemen sind zu benennen."
SCENARIOS = [
    # Münster first: the oldest decision, whose condition the KI reports fulfilled.
    Scenario("05515", 2026, "approved", conditions=[(SCHWERPUNKTE, 21)]),
    Scenario(
        "05711",
        2026,
        "approved",
        conditions=[
            (SCHWERPUNKTE, 5),
            ("Das überarbeitete Integrationskonzept ist vorzulegen.", 61),
        ],
    ),
    Scenario("05913", 2026, "approved"),
    Scenario(
        "05766",
        2026,
        "approved",
        conditions=[("Die Besetzung der stellvertretenden Leitung ist nachzuweisen.", 10)],
    ),
    Scenario("05774", 2026, "approved"),
    Scenario(
        "05911",
        2026,
        "approved",
        conditions=[("Der Stellenplan des KI mit Eingruppierungen ist vorzulegen.", 45)],
    ),
    Scenario("05562", 2026, "approved"),
    Scenario(
        "05382",
        2026,
        "approved",
        conditions=[("Die Einsatzplanung des Sprachmittlerpools ist vorzulegen.", 75)],
    ),
    Scenario(
        "05762",
        2026,
        "rejected",
        kind=ProposalKind.REJECT,
        head_fte=Decimal("0.50"),
        reasons=(
            "Die Fördervoraussetzungen sind nicht erfüllt: Die Leitung des Kommunalen "
            "Integrationszentrums ist nur mit einer halben Stelle besetzt und wird zugleich im "
            "Jugendamt eingesetzt. Das Zentrum ist damit keine organisatorisch eigenständige "
            "Einheit mit einer Leitung in Vollzeit, deren Personal nicht anderweitig eingesetzt "
            "wird. Eine Anhörung des Kreises hat daran nichts geändert."
        ),
    ),
    Scenario("05711", 2027, "draft", prepared_by_staff=True),
    Scenario("05913", 2027, "submitted"),
    Scenario("05315", 2027, "info_requested"),
    Scenario("05314", 2027, "in_review"),  # Bonn: the officer's checklist half done
    Scenario("05978", 2027, "withdrawn"),  # Kreis Unna withdrew to correct its staffing plan
    Scenario(
        "05113",
        2027,
        "proposed",
        conditions=[("Der Sachbericht 2026 zur Seiteneinsteigerberatung ist vorzulegen.", 45)],
    ),
    Scenario(
        "05754",
        2027,
        "proposed",
        kind=ProposalKind.APPROVE_PARTIAL,
        interpreter_pool=Decimal("50000.00"),
        cut=Decimal("25000.00"),
        reasons=(
            "Teilbewilligung: Der Sprachmittlerpool (Laiensprachmittlung) ist durch die "
            "vorgelegte Einsatzplanung und die Honorarsätze nur in Höhe von 25.000 EUR belegt. "
            "Der darüber hinaus beantragte Betrag von 25.000 EUR wird nicht bewilligt; die "
            "Personalkosten werden in voller Höhe gefördert."
        ),
    ),
    Scenario("05966", 2027, "draft"),  # Kreis Olpe: concept from 2022, too old to submit
]

INFORMATION_REQUEST = (
    "Bitte reichen Sie den Stellenplan des KI mit den Eingruppierungen nach und erläutern Sie "
    "die Personalkosten der Verwaltungsfachkraft, die deutlich über dem Vorjahr liegen. Bitte "
    "bestätigen Sie außerdem, dass die stellvertretende Leitung zum 01.01.2027 in Vollzeit "
    "besetzt ist."
)
# Why an item of the checklist stays open (a proposal needs each item ticked or explained).
REJECTED_STAFF = (
    "Nicht erfüllt: Die Leitung ist nur mit einer halben Stelle besetzt und zugleich im "
    "Jugendamt eingesetzt; Grund der Ablehnung."
)
HALF_REVIEWED_DOCUMENTS = (
    "Der Ratsbeschluss liegt nur als Scan vor, Seite 2 ist unleserlich; eine lesbare "
    "Fassung ist telefonisch erbeten."
)
REVIEW_NOTES = (
    "Stellenplan und Kosten geprüft; Konzept und Beschlüsse liegen vor. Eigenanteil der "
    "Kommune (Räume, Verwaltung, Lehr- und Lernmittel, Projektmittel) ist angegeben."
)


def _work_plans(centre: Centre, year: int, rnd: random.Random) -> tuple[str, str]:
    place = grantee_title(centre)
    groups = rnd.randint(6, 24)
    education = (
        f"Arbeitsplan {year}, Integration durch Bildung ({place}): Beratung und Platzierung neu "
        "zugewanderter Schülerinnen und Schüler gemeinsam mit der unteren Schulaufsicht; "
        f"Griffbereit und Rucksack KiTa in {groups} Gruppen; Fortbildungsreihe durchgängige "
        "Sprachbildung für Erzieherinnen, Erzieher und Lehrkräfte; Elternbeteiligung am "
        "Übergang Kita–Grundschule; Begleitung der Schulen im Netzwerk „Schule ohne Rassismus – "
        "Schule mit Courage“."
    )
    cross_cutting = (
        f"Arbeitsplan {year}, Querschnittsaufgabe Integration: Geschäftsführung der "
        "Lenkungsgruppe Integration mit den Ämtern für Schule, Jugend und Soziales; "
        "Fortschreibung des Integrationsmonitorings; Integrationswegweiser und Datenbank der "
        "Sprachkursangebote; Fortbildungen zur interkulturellen Öffnung der Verwaltung; "
        "Zusammenarbeit mit dem Integrationsrat und den Migrantenselbstorganisationen."
    )
    return education, cross_cutting


def _cost(order: int, category: str, fte: Decimal, rnd: random.Random) -> Decimal:
    rate = COST_PER_FTE.get({1: "head", 2: "deputy"}.get(order, category), COST_PER_FTE[category])
    factor = Decimal(rnd.randint(970, 1030)) / 1000
    return (rate * fte * factor).quantize(Decimal("1"), rounding=ROUND_HALF_UP)  # whole euros


def _fill_draft(application: Application, scenario: Scenario, *, by: User) -> Application:
    """Costs, work plans and own contribution, as the KI types them into the draft."""
    centre = application.centre
    rnd = random.Random(f"application:{centre.grantee.key}:{scenario.year}")  # noqa: S311
    positions = []
    for position in application.positions.order_by("order"):
        fte = position.fte
        title = position.title
        if position.order == 1 and scenario.head_fte is not None:
            fte = scenario.head_fte
            title = f"{title}, zugleich Jugendamt"
        positions.append(
            {
                "title": title,
                "category": position.category,
                "fte": fte,
                "start_date": position.start_date,
                "end_date": position.end_date,
                "annual_cost": _cost(position.order, position.category, fte, rnd),
            }
        )
    education, cross_cutting = _work_plans(centre, scenario.year, rnd)
    opened = centre.opened_on or date(2013, 1, 1)
    pool = scenario.interpreter_pool
    if pool is None:
        pool = Decimal(rnd.choice([0, 30000, 42000, 50000]))
    data = {
        "council_resolution_date": opened - timedelta(days=rnd.randint(90, 200)),
        "interpreter_pool_cost": pool.quantize(CENT),
        "own_rooms": Decimal(rnd.randint(14, 32) * 1000),
        "own_administration": Decimal(rnd.randint(8, 16) * 1000),
        "own_materials": Decimal(rnd.randint(3, 8) * 1000),
        "own_project_funds": Decimal(rnd.randint(10, 40) * 1000),
        "own_contribution_notes": (
            "Räume im Bildungs- und Integrationshaus; Reisekosten und Verwaltungsgemeinkosten "
            "trägt der Haushalt der Kommune."
        ),
        "work_plan_education": education,
        "work_plan_cross_cutting": cross_cutting,
    }
    return applications.save_draft(
        application,
        by=by,
        data=data,
        positions=positions,
        expected_version=application.lock_version,
    )


def _proposal(application: Application, scenario: Scenario, *, officer: User) -> Proposal:
    conditions = [(text, _in_days(days)) for text, days in scenario.conditions]
    if scenario.kind == ProposalKind.APPROVE_PARTIAL:
        computed = review.computed_amounts(application)
        amounts = {year: amount - scenario.cut for year, amount in computed.items()}
        return review.propose(
            application,
            by=officer,
            kind=scenario.kind,
            amounts=amounts,
            reasons=scenario.reasons,
            conditions=conditions,
        )
    return review.propose(
        application,
        by=officer,
        kind=scenario.kind,
        reasons=scenario.reasons,
        conditions=conditions,
    )


def _play(scenario: Scenario, centre: Centre, *, officer: User, approver: User) -> None:
    lead = lead_of(centre)
    preparer = (_member(centre) or lead) if scenario.prepared_by_staff else lead
    application = applications.create_application(
        centre, by=preparer, first_year=scenario.year, last_year=scenario.year
    )
    application = _fill_draft(application, scenario, by=preparer)
    if scenario.target == ApplicationStatus.DRAFT:
        if preparer != lead:  # staff prepared it: they ask the lead to sign
            applications.request_signature(application, by=preparer)
        return
    application = applications.submit(application, by=lead, signed=True)
    if scenario.target == ApplicationStatus.WITHDRAWN:
        applications.withdraw(application, by=lead)
        return
    if scenario.target == ApplicationStatus.SUBMITTED:
        return
    application = review.start_review(application, by=officer)
    checklist = {code: True for code in review.checklist_codes(application)}
    explanations = {}
    if scenario.kind == ProposalKind.REJECT:
        checklist["staff_independent"] = False
        explanations["staff_independent"] = REJECTED_STAFF
    if scenario.target == ApplicationStatus.IN_REVIEW:  # the officer's own items still open
        checklist.update({code: False for code in review.REVIEW_ITEMS})
        review.save_review(
            application,
            by=officer,
            checklist=checklist,
            notes="Eingangsprüfung: Konzept und Beschlüsse liegen vor; Kosten noch zu prüfen.",
            explanations={"documents_complete": HALF_REVIEWED_DOCUMENTS},
        )
        return
    application = review.save_review(
        application, by=officer, checklist=checklist, notes=REVIEW_NOTES, explanations=explanations
    )
    if scenario.target == ApplicationStatus.INFO_REQUESTED:
        review.request_information(
            application, by=officer, message=INFORMATION_REQUEST, due_date=_in_days(14)
        )
        return
    proposal = _proposal(application, scenario, officer=officer)
    if scenario.target == ApplicationStatus.PROPOSED:
        return
    decision = review.sign_proposal(proposal, by=approver)
    if centre.grantee.key == "05515":
        condition = decision.conditions.get()
        review.fulfil_condition(
            condition,
            by=lead,
            note=(
                "Mit Schreiben vom heutigen Tag benannt: (1) Seiteneinsteigerberatung und "
                "Übergang in die Regelklasse, (2) Integrationsmonitoring für die Stadtbezirke."
            ),
        )
    if centre.grantee.key == "05711" and scenario.year == 2026:
        _payments(application, decision, lead=lead, officer=officer)


def _payments(application: Application, decision: Decision, *, lead: User, officer: User) -> None:
    """Bielefeld 2026: the first instalment released, the second requested."""
    granted = decision.amount_for(2026)
    first = (granted * Decimal("0.5")).quantize(CENT, rounding=ROUND_HALF_UP)
    payment = payments.request_payment(
        application,
        by=lead,
        year=2026,
        amount=first,
        note="1. Abschlag 2026 (Januar bis Juni)",
    )
    payments.release_payment(payment, by=officer)
    payments.request_payment(
        application,
        by=lead,
        year=2026,
        amount=(granted * Decimal("0.3")).quantize(CENT, rounding=ROUND_HALF_UP),
        note="2. Abschlag 2026 (Juli bis Oktober)",
    )


def _seed_windows() -> None:
    """The ministry extends the windows of the demo's application years (data, not a rule)."""
    ministry = _persona("mia")
    for year in sorted({scenario.year for scenario in SCENARIOS}):
        if ApplicationWindow.objects.filter(year=year).exists():
            continue
        default = windows.default_window(year)
        applications.set_application_window(
            year,
            by=ministry,
            opens_on=min(default.opens_on, _today()),
            # A month ahead, but never past the year's end (the rule the service enforces):
            # late in December the window closes on the 31st.
            closes_on=min(max(default.closes_on, _in_days(30)), date(year, 12, 31)),
        )


def _seed_applications(centres: dict[str, Centre]) -> None:
    officer, approver = _persona("bernd"), _persona("guel")
    for scenario in SCENARIOS:
        centre = centres[scenario.key]
        # Anything of this KI for the year — also what a user made or withdrew — is left alone.
        if Application.objects.filter(
            Q(centre=centre) & Q(first_year__lte=scenario.year) & Q(last_year__gte=scenario.year)
        ).exists():
            continue
        _play(scenario, centre, officer=officer, approver=approver)


# --- budget -------------------------------------------------------------------------------


def _seed_budget() -> None:
    ministry = _persona("mia")
    for code, title, purpose, planned in BUDGET_LINES:
        for year in YEARS:
            if BudgetLine.objects.filter(fiscal_year=year, code=code).exists():
                continue
            budget.add_budget_line(
                by=ministry,
                fiscal_year=year,
                code=code,
                title=title,
                purpose=purpose,
                planned=Decimal(planned[year]),
            )


@contextmanager
def _quiet_pdf_progress() -> Iterator[None]:
    """WeasyPrint logs seven INFO lines per decision PDF; the demo loader shows none of them."""
    logger = logging.getLogger("weasyprint.progress")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


@transaction.atomic
def seed_funding_demo() -> None:
    """Budget lines and applications in every state (idempotent; after the concepts demo)."""
    # The services mail after the commit (console backend in development): some sixty mails
    # would flood the terminal. The callbacks run in the order registered, so the mails of
    # this demo go to memory (locmem) and the backend is restored right after them.
    quiet = override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
    transaction.on_commit(quiet.enable)
    _seed_budget()
    _seed_windows()
    centres = list(Centre.objects.select_related("grantee").order_by("grantee__key"))
    with _quiet_pdf_progress():
        _seed_applications({centre.grantee.key: centre for centre in centres})
    transaction.on_commit(quiet.disable)
