"""The proof of use's services: pre-filled start, statement and report with bounds and locks,
the lead's submission, the check with its sample and findings, and the result."""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal as D

import pytest
import time_machine
from django.core.exceptions import ValidationError

from teilhabe.core.actions import Refusal
from teilhabe.core.models import AuditEvent
from teilhabe.core.roles import Role
from teilhabe.proofs import use_services as services
from teilhabe.proofs.use_models import CheckResult, CheckStatus, ProofStatus, Receipt

from . import use_factories as f

pytestmark = pytest.mark.django_db


def codes(e: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    err = e.value
    if hasattr(err, "error_dict"):
        return {x.code for errs in err.error_dict.values() for x in errs}
    return {x.code for x in err.error_list} if hasattr(err, "error_list") else {err.code}


def test_it_starts_pre_filled_from_the_approved_plan(kai, bielefeld) -> None:
    proof = f.draft(bielefeld, kai)
    rows = list(proof.positions.order_by("order"))
    assert (rows[0].title, rows[0].planned_fte, rows[0].planned_months) == (
        "Leitung",
        D("1.00"),
        12,
    )
    assert [(r.actual_fte, r.months_filled, r.actual_cost) for r in rows][3] == (
        D("0.50"),
        12,
        D("24000.00"),
    )
    assert proof.granted == D("188500.00")
    assert (proof.teachers_planned, proof.teachers_actual) == (2, 2)
    assert AuditEvent.objects.filter(action="proof_of_use.started").count() == 1


def test_it_starts_once_per_year_and_only_for_the_ki(kai, carla, bielefeld) -> None:
    decision = f.granted(bielefeld)
    with pytest.raises(Refusal):
        services.start_proof(decision, by=carla, year=f.YEAR)
    services.start_proof(decision, by=kai, year=f.YEAR)
    with pytest.raises(ValidationError) as e:
        services.start_proof(decision, by=kai, year=f.YEAR)
    assert e.value.code == "proof_exists"
    with pytest.raises(ValidationError) as e:
        services.start_proof(decision, by=kai, year=2031)
    assert codes(e) == {"unknown_year"}


def test_it_saves_the_statement_and_refuses_a_stale_form(kai, anna, bielefeld) -> None:
    proof = f.draft(bielefeld, kai)
    saved = services.save_statement(
        proof,
        by=kai,
        positions=[{"months_filled": 9, "actual_cost": "51000.00"}, {}, {}, {}],
        data={"interpreter_pool_actual": "1200.50", "teachers_actual": 1},
        expected_version=1,
    )
    assert saved.lock_version == 2
    assert saved.positions.get(order=1).vacancy_months == 3
    event = AuditEvent.objects.get(action="proof_of_use.statement_saved")
    assert event.changes["position_1"]["to"] == {"months_filled": 9, "actual_cost": "51000.00"}
    with pytest.raises(ValidationError) as e:  # Anna's form was opened at version 1
        services.save_statement(
            proof,
            by=anna,
            positions=[{"months_filled": 12}, {}, {}, {}],
            data={},
            expected_version=1,
        )
    assert e.value.code == "stale_edit"
    assert proof.positions.get(order=1).months_filled == 9


@pytest.mark.parametrize(
    "position, code",
    [
        ({"actual_fte": "1.01"}, "out_of_range"),
        ({"actual_fte": "0.555"}, "too_many_places"),
        ({"months_filled": "13"}, "out_of_range"),
        ({"months_filled": "-1"}, "out_of_range"),
        ({"actual_cost": "1000000.01"}, "out_of_range"),
        ({"actual_cost": "1e999999"}, "invalid_number"),
    ],
)
def test_it_bounds_every_number(kai, bielefeld, position, code) -> None:
    proof = f.draft(bielefeld, kai)
    with pytest.raises(ValidationError) as e:
        services.save_statement(
            proof, by=kai, positions=[position, {}, {}, {}], data={}, expected_version=1
        )
    assert codes(e) == {code}


def test_it_refuses_fields_it_does_not_change(kai, bielefeld) -> None:
    proof = f.draft(bielefeld, kai)
    with pytest.raises(ValidationError) as e:
        services.save_statement(
            proof,
            by=kai,
            positions=[{"planned_fte": "1"}, {}, {}, {}],
            data={},
            expected_version=1,
        )
    assert e.value.code == "unknown_field"


def test_only_the_lead_submits_after_the_year_with_report_and_answers(kai, anna, bielefeld) -> None:
    proof = f.draft(bielefeld, kai)
    with pytest.raises(Refusal) as refused:
        services.submit_proof(proof, by=kai, signed=True)
    assert refused.value.code == "lead_only"
    with pytest.raises(ValidationError) as e:
        services.submit_proof(proof, by=anna, signed=False)
    assert codes(e) == {"report_incomplete", "condition_unanswered", "sign_required"}
    proof = services.save_report(
        proof, by=kai, **f.REPORT, condition_answers=f.answers(proof), expected_version=1
    )
    with time_machine.travel(date(2025, 12, 31)), pytest.raises(ValidationError) as e:
        services.submit_proof(proof, by=anna, signed=True)
    assert e.value.code == "year_not_ended"
    submitted = services.submit_proof(proof, by=anna, signed=True)
    assert submitted.status == ProofStatus.SUBMITTED
    assert submitted.submitted_by == anna
    with pytest.raises(ValidationError) as e:
        services.save_report(
            submitted,
            by=kai,
            **f.REPORT,
            condition_answers={},
            expected_version=submitted.lock_version,
        )
    assert e.value.code == "not_editable"


def test_it_refuses_answers_to_conditions_of_another_decision(kai, bielefeld) -> None:
    proof = f.draft(bielefeld, kai)
    with pytest.raises(ValidationError) as e:
        services.save_report(
            proof, by=kai, **f.REPORT, condition_answers={999999: "x"}, expected_version=1
        )
    assert e.value.code == "unknown_condition"


def test_a_confirmed_check_issues_its_note_with_a_checksum(
    anna, bernd, guel, bielefeld, django_capture_on_commit_callbacks
) -> None:
    check = f.in_check(bielefeld, anna, bernd)
    with pytest.raises(Refusal):
        services.start_check(check.proof, by=guel)
    with django_capture_on_commit_callbacks(execute=True):
        check = services.conclude_check(check, by=bernd, reasons="", expected_version=1)
    assert (check.status, check.result) == (CheckStatus.DONE, CheckResult.CONFIRMED)
    assert (check.eligible_amount, check.paid_amount, check.repayable) == (
        D("188500.00"),
        D("100000.00"),
        D("0.00"),
    )
    with check.note_pdf.open("rb") as pdf:
        assert hashlib.sha256(pdf.read()).hexdigest() == check.note_sha256
    check.proof.refresh_from_db()
    assert check.proof.status == ProofStatus.CHECKED


def test_a_vacancy_is_a_partial_revocation_signed_by_a_second_person(
    kai, anna, bernd, guel, bielefeld
) -> None:
    proof = f.vacant(f.reported(bielefeld, kai), kai, months=6)
    proof = services.submit_proof(proof, by=anna, signed=True)
    check = services.start_check(proof, by=bernd)
    with pytest.raises(ValidationError) as e:
        services.conclude_check(check, by=bernd, reasons="", expected_version=1)
    assert codes(e) == {"reasons_required"}
    check = services.conclude_check(
        check, by=bernd, reasons="Leitung ab Juli unbesetzt.", expected_version=1
    )
    assert (check.status, check.result) == (CheckStatus.PROPOSED, CheckResult.PARTIAL_REVOCATION)
    assert check.eligible_amount == D("188500.00") - D("28500.00")  # 57.000 x 6 / 12 less
    assert check.repayable is None  # not decided until signed
    assert not check.note_sha256
    check = services.sign_revocation(check, by=guel)
    assert (check.status, check.approver, check.repayable) == (CheckStatus.DONE, guel, D("0.00"))
    assert check.note_sha256 and check.decided_at is not None


def test_the_officer_never_signs_the_revocation_she_proposed(kai, anna, bernd, bielefeld) -> None:
    proof = services.submit_proof(f.vacant(f.reported(bielefeld, kai), kai), by=anna, signed=True)
    check = services.start_check(proof, by=bernd)
    check = services.conclude_check(check, by=bernd, reasons="Vakanz.", expected_version=1)
    bernd.role = Role.GRANT_APPROVER  # a change of post does not make four eyes two
    bernd.save(update_fields=["role"])
    with pytest.raises(ValidationError) as e:
        services.sign_revocation(check, by=bernd)
    assert e.value.code == "four_eyes"


def test_the_approver_returns_a_revocation_with_a_reason(kai, anna, bernd, guel, bielefeld) -> None:
    proof = services.submit_proof(f.vacant(f.reported(bielefeld, kai), kai), by=anna, signed=True)
    check = services.start_check(proof, by=bernd)
    check = services.conclude_check(check, by=bernd, reasons="Vakanz.", expected_version=1)
    with pytest.raises(ValidationError) as e:
        services.return_revocation(check, by=guel, reason=" ")
    assert codes(e) == {"reason_required"}
    check = services.return_revocation(check, by=guel, reason="Beleg 3 nochmals prüfen.")
    assert (check.status, check.result, check.eligible_amount) == (CheckStatus.OPEN, "", None)


def add(check, by, n: int = 1, amount: str = "1000.00") -> list[Receipt]:
    return [
        services.add_receipt(
            check,
            by=by,
            day=date(2025, 3, n % 28 + 1),
            payee=f"Honorar {n}",
            amount=amount,
            category="Sprachmittlerpool",
        )
        for n in range(1, n + 1)
    ]


def test_the_sample_is_drawn_once_from_a_stored_seed(anna, bernd, bielefeld) -> None:
    check = f.in_check(bielefeld, anna, bernd)
    with pytest.raises(ValidationError) as e:
        services.draw_sample(check, by=bernd)
    assert e.value.code == "no_receipts"
    add(check, bernd, 30)
    sample = services.draw_sample(check, by=bernd, seed=42)
    check.refresh_from_db()
    assert check.sample_seed == 42
    from teilhabe.proofs import checking

    assert [r.number for r in sample] == checking.draw_sample(range(1, 31), 42)
    assert len(sample) == 10
    with pytest.raises(ValidationError) as e:
        services.draw_sample(check, by=bernd)
    assert e.value.code == "sample_drawn"
    with pytest.raises(ValidationError) as e:
        add(check, bernd, 1)
    assert e.value.code == "sample_drawn"


def test_a_receipt_lies_in_the_funding_year(anna, bernd, bielefeld) -> None:
    check = f.in_check(bielefeld, anna, bernd)
    with pytest.raises(ValidationError) as e:
        services.add_receipt(
            check, by=bernd, day=date(2026, 1, 2), payee="x", amount="0", category=""
        )
    assert codes(e) == {"outside_year", "out_of_range", "required"}


def test_findings_reduce_the_eligible_amount(anna, bernd, guel, bielefeld) -> None:
    check = f.in_check(bielefeld, anna, bernd)
    receipts = add(check, bernd, 3)
    services.draw_sample(check, by=bernd, seed=7)
    first, second, third = Receipt.objects.filter(proof_check=check).order_by("number")
    with pytest.raises(ValidationError) as e:
        services.record_finding(first, by=bernd, verdict="ok", ineligible_amount="1", note="")
    assert codes(e) == {"amount_with_ok"}
    with pytest.raises(ValidationError) as e:
        services.record_finding(
            first, by=bernd, verdict="partly", ineligible_amount="1000.00", note="x"
        )
    assert codes(e) == {"out_of_range"}
    with pytest.raises(ValidationError) as e:
        services.record_finding(
            first, by=bernd, verdict="ineligible", ineligible_amount="", note=""
        )
    assert codes(e) == {"note_required"}
    services.record_finding(first, by=bernd, verdict="ok", ineligible_amount="", note="")
    services.record_finding(
        second,
        by=bernd,
        verdict="partly",
        ineligible_amount="250.00",
        note="Fahrtkosten nicht förderfähig.",
    )
    with pytest.raises(ValidationError) as e:  # one finding is missing; the version moved on
        services.conclude_check(check, by=bernd, reasons="x", expected_version=5)
    assert e.value.code == "findings_missing"
    services.record_finding(
        third, by=bernd, verdict="ineligible", ineligible_amount="", note="Kein Bezug zum KI."
    )
    with pytest.raises(ValidationError) as e:  # opened before the last finding
        services.conclude_check(check, by=bernd, reasons="Belege.", expected_version=5)
    assert e.value.code == "stale_edit"
    check.refresh_from_db()
    check = services.conclude_check(
        check, by=bernd, reasons="Belege.", expected_version=check.lock_version
    )
    assert check.eligible_amount == D("188500.00") - D("1250.00")
    assert len(receipts) == 3
