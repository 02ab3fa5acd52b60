"""Rows for the proof-of-use tests: a granted decision for 2025 and its proof in each state,
made through the funding factories and the proofs' own services."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from teilhabe.accounts import services as accounts
from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.core.roles import Role
from teilhabe.funding import computation
from teilhabe.funding.models import Condition, Decision, Payment, PaymentStatus
from teilhabe.funding.tests import factories
from teilhabe.proofs import use_services as services
from teilhabe.proofs.use_models import ProofCheck, ProofOfUse

YEAR = 2025
REPORT = {
    "report_education": "Griffbereit in 12 Gruppen, 180 neu zugewanderte Kinder beraten.",
    "report_cross_cutting": "Lenkungsgruppe Integration viermal getagt.",
}


def authority() -> tuple[User, User]:
    """An officer and an approver of their own, so the personas stay free to act."""
    officer = User.objects.filter(username="pou_officer").first() or accounts.create_user(
        "pou_officer", by=None, email="po@teilhabe.example", role=Role.GRANT_OFFICER
    )
    approver = User.objects.filter(username="pou_approver").first() or accounts.create_user(
        "pou_approver", by=None, email="pa@teilhabe.example", role=Role.GRANT_APPROVER
    )
    return officer, approver


def granted(centre: Centre, *, year: int = YEAR, conditions: int = 1, **fields: Any) -> Decision:
    """A decision granting the computed amount of `year` (188.500 EUR for the default plan of
    a kreisfreie Stadt under the 2022 version), with a condition and a released payment."""
    officer, approver = authority()
    application = factories.application(centre, year=year, **fields)
    amounts = {str(r.year): str(r.total) for r in computation.compute(application)}
    decision = factories.decision(
        application, proposed_by=officer, signed_by=approver, amounts=amounts
    )
    for n in range(conditions):
        Condition.objects.create(
            decision=decision, text=f"Auflage {n + 1}", due_date=date(year, 9, 1)
        )
    Payment.objects.create(
        application=application,
        decision=decision,
        fiscal_year=year,
        amount=Decimal("100000.00"),
        status=PaymentStatus.RELEASED,
        requested_by=officer,
    )
    return decision


def answers(proof: ProofOfUse) -> dict[int, str]:
    return {c.pk: "Erfüllt." for c in proof.decision.conditions.all()}


def draft(centre: Centre, by: User, **fields: Any) -> ProofOfUse:
    decision = granted(centre, **fields)
    return services.start_proof(decision, by=by, year=decision.application.first_year)


def reported(centre: Centre, by: User, **fields: Any) -> ProofOfUse:
    proof = draft(centre, by, **fields)
    return services.save_report(
        proof, by=by, **REPORT, condition_answers=answers(proof), expected_version=1
    )


def submitted(centre: Centre, lead: User, **fields: Any) -> ProofOfUse:
    return services.submit_proof(reported(centre, lead, **fields), by=lead, signed=True)


def in_check(centre: Centre, lead: User, officer: User | None = None) -> ProofCheck:
    proof = submitted(centre, lead)
    return services.start_check(proof, by=officer or authority()[0])


def vacant(proof: ProofOfUse, by: User, months: int = 9) -> ProofOfUse:
    """The first position (the head, 68.000 a year) vacant after `months` months."""
    rows = list(proof.positions.order_by("order"))
    positions = [{} for _ in rows]
    positions[0] = {"months_filled": months, "actual_cost": str(Decimal(68000) * months / 12)}
    return services.save_statement(
        proof, by=by, positions=positions, data={}, expected_version=proof.lock_version
    )


def proposed(centre: Centre) -> ProofCheck:
    """A partial revocation (the head vacant from October) awaiting the second signature."""
    officer, _approver = authority()
    lead = User.objects.filter(centre=centre, role=Role.KI_LEAD).first() or accounts.create_user(
        f"lead.{centre.grantee.key}",
        by=None,
        email="lead@teilhabe.example",
        role=Role.KI_LEAD,
        centre=centre,
    )
    proof = services.submit_proof(vacant(reported(centre, lead), lead), by=lead, signed=True)
    check = services.start_check(proof, by=officer)
    return services.conclude_check(check, by=officer, reasons="Vakanz.", expected_version=1)


def statement_form(proof: ProofOfUse) -> dict[str, str]:
    """The statement page's form as posted: each position as it stands, the head vacant in
    December."""
    rows = list(proof.positions.order_by("order"))
    data = {
        "form-TOTAL_FORMS": str(len(rows)),
        "form-INITIAL_FORMS": str(len(rows)),
        "lock_version": str(proof.lock_version),
        "interpreter_pool_actual": "0,00",
        "teachers_actual": "2",
    }
    for i, row in enumerate(rows):
        months = row.months_filled - 1 if i == 0 else row.months_filled
        data |= {
            f"form-{i}-actual_fte": str(row.actual_fte),
            f"form-{i}-months_filled": str(months),
            f"form-{i}-actual_cost": str(row.actual_cost),
        }
    return data


def report_form(proof: ProofOfUse) -> dict[str, str]:
    return {
        "lock_version": str(proof.lock_version),
        **REPORT,
        **{f"condition_{pk}": text for pk, text in answers(proof).items()},
    }
