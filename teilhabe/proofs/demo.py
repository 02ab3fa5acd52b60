"""The proof of use in the demo (`manage.py seed_demo`, after funding's demo).

Funding's demo plays the current round (2026, 2027). A proof of use needs a year that has ended,
so this demo lays down two earlier rounds and takes their proofs through the real services:

- KI Bielefeld, decision for 2024–2025 (anna, kai): the proof of use 2024 checked and
  confirmed; the proof of use 2025 checked with a partial revocation — the head's position was
  vacant from October (57.000 x 3 / 12 = 14.250 EUR less), the interpreter pool cost 1.360 EUR
  less than planned, and one receipt of the sample (a catering bill, 386 EUR) is not eligible —
  signed by guel (four eyes). All of 2025 was paid out (on 10.02.2025): 15.996 EUR are
  repayable, and the repayment demo (`demo_repayment.py`) proposes the repayment from this
  check.
- KI Dortmund, decision for 2025 (carla): the proof of use 2025 submitted and waiting in
  bernd's queue.

The one step not taken through a service is the application's row itself: a past year's
application window is closed (`funding.windows`), so the application the KI made at the time is
laid down as a row; every later step — the draft, the signature, the review, the proposal, the
second signature with the decision PDF, the payments — goes through funding's services; only
the payments' days are set afterwards to when they were made (10 February of each year).
Idempotent: a KI that has any application covering the year is left alone.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.concepts.models import IntegrationConcept
from teilhabe.core.money import CENT
from teilhabe.funding.models import Application, BudgetLine, BudgetPurpose, Decision, Payment
from teilhabe.funding.services import applications, budget, payments, review

from . import use_services as services
from .use_models import ProofOfUse

# The staffing plan of the earlier rounds (employer's cost a year, invented like funding's).
PLAN = [
    ("Leitung", "pedagogical", "1.00", "82000.00"),
    ("Stellvertretende Leitung", "pedagogical", "1.00", "76000.00"),
    ("Bildungsreferentin", "pedagogical", "1.00", "70500.00"),
    ("Verwaltungsfachkraft", "administrative", "1.00", "61000.00"),
    ("Assistenz", "assistant", "0.50", "25500.00"),
]
PAID_ON = 10  # each year's payment was released on 10 February
BUDGET_CODE = "07 070 633 10"
BUDGET_TITLE = "Zuweisungen an Kreise und kreisfreie Städte für Kommunale Integrationszentren"
REPORT = {
    "report_education": (
        "Beratung und Platzierung von 214 neu zugewanderten Schülerinnen und Schülern mit der "
        "unteren Schulaufsicht; Griffbereit und Rucksack KiTa in 18 Gruppen; Fortbildungsreihe "
        "durchgängige Sprachbildung mit 9 Terminen."
    ),
    "report_cross_cutting": (
        "Lenkungsgruppe Integration viermal; Fortschreibung des Integrationsmonitorings; "
        "Sprachkursdatenbank im Integrationswegweiser gepflegt; zwei Fortbildungen zur "
        "interkulturellen Öffnung der Verwaltung."
    ),
}


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 10, 0))


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _budget_lines(years: range) -> None:
    for year in years:
        if not BudgetLine.objects.filter(fiscal_year=year, purpose=BudgetPurpose.CENTRES).exists():
            budget.add_budget_line(
                by=_user("mia"),
                fiscal_year=year,
                code=BUDGET_CODE,
                title=BUDGET_TITLE,
                purpose=BudgetPurpose.CENTRES,
                planned=Decimal("21500000.00"),
            )


def _decision(centre: Centre, first: int, last: int, *, lead: User) -> Decision:
    officer, approver = _user("bernd"), _user("guel")
    application = Application.objects.create(
        centre=centre,
        first_year=first,
        last_year=last,
        concept=IntegrationConcept.objects.current_for(centre),
        created_by=lead,
    )
    application = applications.save_draft(
        application,
        by=lead,
        data={
            "council_resolution_date": date(2012, 9, 27),
            "teachers_requested": 2,
            "interpreter_pool_cost": Decimal("30000.00"),
            "own_rooms": Decimal("24000.00"),
            "own_administration": Decimal("11000.00"),
            "own_materials": Decimal("5000.00"),
            "own_project_funds": Decimal("18000.00"),
            "work_plan_education": "Seiteneinsteigerberatung, Griffbereit und Rucksack KiTa.",
            "work_plan_cross_cutting": "Lenkungsgruppe Integration, Integrationsmonitoring.",
        },
        positions=[
            {
                "title": title,
                "category": category,
                "fte": Decimal(fte),
                "start_date": None,
                "end_date": None,
                "annual_cost": Decimal(cost),
            }
            for title, category, fte, cost in PLAN
        ],
        expected_version=application.lock_version,
    )
    application = applications.submit(application, by=lead, signed=True)
    application = review.start_review(application, by=officer)
    application = review.save_review(
        application,
        by=officer,
        checklist={code: True for code in review.checklist_codes(application)},
        notes="Stellenplan, Kosten, Konzept und Beschlüsse geprüft.",
    )
    proposal = review.propose(application, by=officer, kind="approve_full")
    return review.sign_proposal(proposal, by=approver)


def _pay(decision: Decision, year: int, share: str, *, lead: User) -> None:
    amount = (decision.amount_for(year) * Decimal(share)).quantize(CENT, rounding=ROUND_HALF_UP)
    payment = payments.request_payment(
        decision.application, by=lead, year=year, amount=amount, note=f"Abruf {year}"
    )
    payments.release_payment(payment, by=_user("bernd"))
    # Paid early in the year, as it happened: the services date the release today, but the
    # interest of a repayment runs from the day of payment (the repayment demo starts there).
    Payment.objects.filter(pk=payment.pk).update(
        requested_at=_aware(date(year, 2, PAID_ON - 7)), decided_at=_aware(date(year, 2, PAID_ON))
    )


def _submitted(decision: Decision, year: int, *, lead: User, vacant_from: int = 0) -> ProofOfUse:
    proof = services.start_proof(decision, by=lead, year=year)
    if vacant_from:
        rows = list(proof.positions.order_by("order"))
        head = rows[0]
        months = vacant_from - 1
        positions: list[dict[str, object]] = [{} for _ in rows]
        positions[0] = {
            "months_filled": months,
            "actual_cost": (head.planned_annual_cost * months / 12).quantize(CENT),
        }
        proof = services.save_statement(
            proof,
            by=lead,
            positions=positions,
            data={"interpreter_pool_actual": "28640.00"},
            expected_version=proof.lock_version,
        )
    proof = services.save_report(
        proof,
        by=lead,
        **REPORT,
        condition_answers={},
        expected_version=proof.lock_version,
    )
    return services.submit_proof(proof, by=lead, signed=True)


def _bielefeld(centre: Centre) -> None:
    lead, officer = _user("anna"), _user("bernd")
    decision = _decision(centre, 2024, 2025, lead=lead)
    _pay(decision, 2024, "1.00", lead=lead)
    _pay(decision, 2025, "1.00", lead=lead)
    proof = _submitted(decision, 2024, lead=lead)
    check = services.start_check(proof, by=officer)
    services.conclude_check(check, by=officer, reasons="", expected_version=check.lock_version)

    proof = _submitted(decision, 2025, lead=lead, vacant_from=10)
    check = services.start_check(proof, by=officer)
    for day, payee, amount in (
        (date(2025, 2, 14), "Honorar Sprachmittlung (Arabisch), 12 Einsätze", "540.00"),
        (date(2025, 3, 3), "Honorar Sprachmittlung (Ukrainisch), 20 Einsätze", "900.00"),
        (date(2025, 5, 21), "Fahrtkosten Sprachmittlerinnen, April", "212.40"),
        (date(2025, 6, 30), "Bewirtung Netzwerktreffen Sprachmittlung", "386.00"),
        (date(2025, 9, 12), "Honorar Sprachmittlung (Dari), 15 Einsätze", "675.00"),
        (date(2025, 11, 28), "Honorar Sprachmittlung (Türkisch), 9 Einsätze", "405.00"),
    ):
        services.add_receipt(
            check, by=officer, day=day, payee=payee, amount=amount, category="Sprachmittlerpool"
        )
    for receipt in services.draw_sample(check, by=officer, seed=20260115):
        if "Bewirtung" in receipt.payee:
            services.record_finding(
                receipt,
                by=officer,
                verdict="ineligible",
                ineligible_amount="",
                note="Bewirtung ist nach dem Zuwendungszweck nicht förderfähig.",
            )
        else:
            services.record_finding(
                receipt, by=officer, verdict="ok", ineligible_amount="", note=""
            )
    check.refresh_from_db()
    check = services.conclude_check(
        check,
        by=officer,
        reasons=(
            "Die Stelle der Leitung war vom 01.10. bis 31.12.2025 unbesetzt; die Zuwendung ist "
            "insoweit nicht zweckentsprechend verwendet worden. Die Bewirtung beim "
            "Netzwerktreffen ist nicht förderfähig."
        ),
        expected_version=check.lock_version,
    )
    services.sign_revocation(check, by=_user("guel"))


def _dortmund(centre: Centre) -> None:
    lead = _user("carla")
    decision = _decision(centre, 2025, 2025, lead=lead)
    _pay(decision, 2025, "0.80", lead=lead)
    _submitted(decision, 2025, lead=lead)


@transaction.atomic
def seed_proofs_demo() -> list[str]:
    """Bielefeld 2024–2025 and Dortmund 2025, each only if the KI has no application then."""
    _budget_lines(range(2024, 2026))
    done = []
    for key, first, last, play in (
        ("05711", 2024, 2025, _bielefeld),
        ("05913", 2025, 2025, _dortmund),
    ):
        centre = Centre.objects.select_related("grantee").get(grantee__key=key)
        if Application.objects.filter(
            centre=centre, first_year__lte=last, last_year__gte=first
        ).exists():
            continue
        play(centre)
        done.append(f"  proofs of use: {centre.name} {first}–{last}")
    return done
