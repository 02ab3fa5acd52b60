"""Writes of the proof of use and its check. Each public function checks its caller itself
(`use_access`), validates with stable codes, and records one audit event.

The KI: `start_proof` (pre-filled from the approved plan), `save_statement`, `save_report`
(optimistic `lock_version`: a stale form is refused with `stale_edit` and nothing is written),
`submit_proof` (the lead signs). The grant officer: `start_check`, `add_receipt`,
`draw_sample` (the seed is stored), `record_finding`, `conclude_check` (confirmed: the note is
issued at once; a partial revocation waits for) `sign_revocation` by an approver who is not the
officer (four eyes), or `return_revocation` with a reason. The check note's PDF is rendered
before the transaction, compared under the locks (`signing_conflict`) and written on commit.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teilhabe.core import audit, money
from teilhabe.core.actions import (
    locked,
    move,
    reject_unknown,
    require,
    require_status,
    transition,
)
from teilhabe.core.dates import german_datetime
from teilhabe.core.files import save_on_commit
from teilhabe.core.money import ZERO
from teilhabe.funding.models import Decision

from . import check_pdf, checking, statement, use_access
from .use_models import (
    MAX_FTE,
    MAX_MONTHS,
    MAX_POOL_COST,
    MAX_POSITION_COST,
    MAX_RECEIPT,
    MAX_TEACHERS,
    TEXT_LIMIT,
    CheckResult,
    CheckStatus,
    ProofCheck,
    ProofOfUse,
    ProofPosition,
    ProofStatus,
    Receipt,
    Verdict,
)

if TYPE_CHECKING:
    from teilhabe.accounts.models import User

POSITION_FIELDS = ("actual_fte", "months_filled", "actual_cost")
STATEMENT_FIELDS = ("interpreter_pool_actual", "teachers_actual")
REPORT_FIELDS = ("report_education", "report_cross_cutting", "condition_answers")


def _require_member(by: User, centre_id: int) -> None:
    require(
        by,
        use_access.may_prepare,
        centre_id,
        message=_("Only the staff of this KI may prepare its proof of use."),
    )


def _field_error(field: str, message: Any, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _stale(proof: ProofOfUse) -> ValidationError:
    return ValidationError(
        _(
            "Someone else saved this proof of use on %(when)s, after you opened it. Your "
            "entries are kept below; check them against the current version and save again."
        ),
        code="stale_edit",
        params={"when": german_datetime(proof.updated_at)},
    )


def _not_editable(proof: ProofOfUse) -> ValidationError:
    return ValidationError(
        _("The proof of use cannot be changed while it is %(status)s."),
        code="not_editable",
        params={"status": proof.get_status_display()},
    )


def _editable(proof: ProofOfUse, expected_version: int) -> ProofOfUse:
    """The proof under its row lock, refused unless a draft at `expected_version`."""
    current = locked(ProofOfUse, proof.pk)
    if current.status != ProofStatus.DRAFT:
        raise _not_editable(current)
    if current.lock_version != expected_version:
        raise _stale(current)
    return current


# --- the KI ----------------------------------------------------------------------------------


@transaction.atomic
def start_proof(decision: Decision, *, by: User, year: int) -> ProofOfUse:
    """Start the proof of use of `year` for the decision in force, pre-filled from the approved
    plan: each position as planned (FTE, months of the year, the plan's cost for them), the
    interpreter pool and the teachers as planned. One per application and year."""
    application = decision.application
    _require_member(by, application.centre_id)
    current = statement.decision_in_force(application)
    if current is None or current.pk != decision.pk:
        raise ValidationError(
            _("Only the decision in force has a proof of use (a newer one exists)."),
            code="decision_outdated",
        )
    if not statement.is_granting(decision):
        raise ValidationError(_("A rejection needs no proof of use."), code="nothing_granted")
    if year not in application.years:
        raise _field_error(
            "year",
            _("%(year)s is not a funding year of this decision.") % {"year": year},
            "unknown_year",
        )
    proof = ProofOfUse(
        application=application,
        decision=decision,
        centre_id=application.centre_id,
        year=year,
        granted=decision.amount_for(year),
        interpreter_pool_planned=application.interpreter_pool_cost,
        interpreter_pool_actual=application.interpreter_pool_cost,
        teachers_planned=application.teachers_requested,
        teachers_actual=application.teachers_requested,
        created_by=by,
    )
    try:
        with transaction.atomic():
            proof.save()
    except IntegrityError:
        raise ValidationError(
            _("The proof of use of this year has been started already."), code="proof_exists"
        ) from None
    positions = statement.planned_positions(application, year)
    for row in positions:
        row.proof = proof
    ProofPosition.objects.bulk_create(positions)
    audit.record(
        proof,
        "proof_of_use.started",
        actor=by,
        changes={
            **audit.created(proof, ["year", "decision", "granted"]),
            "positions": {"from": None, "to": len(positions)},
        },
        centre_id=proof.centre_id,
    )
    return proof


def _bounded(value: Any, field: str, *, places: int, maximum: Decimal) -> Decimal:
    return money.parse_decimal(
        value, field, max_digits=12, places=places, min=Decimal(0), max=maximum
    )


def _checked_positions(
    rows: Sequence[ProofPosition], positions: Sequence[Mapping[str, Any]]
) -> list[tuple[ProofPosition, dict[str, Any]]]:
    if len(positions) != len(rows):
        raise ValidationError(
            _("The statement has %(n)s positions, as the approved plan."),
            code="positions_mismatch",
            params={"n": len(rows)},
        )
    checked, errors = [], {}
    for number, (row, values) in enumerate(zip(rows, positions, strict=True), start=1):
        reject_unknown(values, POSITION_FIELDS)
        out: dict[str, Any] = {}
        try:
            out["actual_fte"] = _bounded(
                values.get("actual_fte", row.actual_fte),
                f"position_{number}_fte",
                places=2,
                maximum=MAX_FTE,
            )
            months = _bounded(
                values.get("months_filled", row.months_filled),
                f"position_{number}_months",
                places=0,
                maximum=Decimal(MAX_MONTHS),
            )
            out["months_filled"] = int(months)
            out["actual_cost"] = _bounded(
                values.get("actual_cost", row.actual_cost),
                f"position_{number}_cost",
                places=2,
                maximum=MAX_POSITION_COST,
            )
        except ValidationError as e:
            errors.update(e.error_dict)
            continue
        checked.append((row, out))
    if errors:
        raise ValidationError(errors)
    return checked


@transaction.atomic
def save_statement(
    proof: ProofOfUse,
    *,
    by: User,
    positions: Sequence[Mapping[str, Any]],
    data: Mapping[str, Any],
    expected_version: int,
) -> ProofOfUse:
    """The numerical statement: per position (in the plan's order) the actual FTE (0–1, two
    decimals), the months filled (0–12) and the actual personnel cost of the year (0–1.000.000
    EUR); the interpreter pool's actual cost and the teachers who worked at the KI."""
    _require_member(by, proof.centre_id)
    reject_unknown(data, STATEMENT_FIELDS)
    current = _editable(proof, expected_version)
    rows = list(current.positions.order_by("order"))
    checked = _checked_positions(rows, positions)
    fields: dict[str, Any] = {}
    if "interpreter_pool_actual" in data:
        fields["interpreter_pool_actual"] = _bounded(
            data["interpreter_pool_actual"],
            "interpreter_pool_actual",
            places=2,
            maximum=MAX_POOL_COST,
        )
    if "teachers_actual" in data:
        fields["teachers_actual"] = int(
            _bounded(
                data["teachers_actual"], "teachers_actual", places=0, maximum=Decimal(MAX_TEACHERS)
            )
        )
    before = audit.snapshot(current, list(fields))
    for name, value in fields.items():
        setattr(current, name, value)
    changes = audit.diff(before, audit.snapshot(current, list(fields)))
    changed_rows = []
    for row, values in checked:
        row_before = audit.snapshot(row, POSITION_FIELDS)
        for name, value in values.items():
            setattr(row, name, value)
        row_changes = audit.diff(row_before, audit.snapshot(row, POSITION_FIELDS))
        if row_changes:
            changes[f"position_{row.order}"] = {
                "from": {k: v["from"] for k, v in row_changes.items()},
                "to": {k: v["to"] for k, v in row_changes.items()},
            }
            changed_rows.append(row)
    if not changes:
        return current
    ProofPosition.objects.bulk_update(changed_rows, list(POSITION_FIELDS))
    current.lock_version += 1
    current.save(update_fields=[*fields, "lock_version", "updated_at"])
    audit.record(
        current,
        "proof_of_use.statement_saved",
        actor=by,
        changes=changes,
        centre_id=current.centre_id,
    )
    return current


@transaction.atomic
def save_report(
    proof: ProofOfUse,
    *,
    by: User,
    report_education: str,
    report_cross_cutting: str,
    condition_answers: Mapping[int, str],
    expected_version: int,
) -> ProofOfUse:
    """The narrative report: what was done in each focus area, and one answer per condition of
    the decision (`condition_answers` by the condition's id)."""
    _require_member(by, proof.centre_id)
    current = _editable(proof, expected_version)
    known = {c.pk for c in current.decision.conditions.all()}
    unknown = sorted(set(condition_answers) - known)
    if unknown:
        raise ValidationError(
            _("These are no conditions of the decision: %(ids)s"),
            code="unknown_condition",
            params={"ids": ", ".join(map(str, unknown))},
        )
    texts = {
        "report_education": (report_education or "").strip(),
        "report_cross_cutting": (report_cross_cutting or "").strip(),
    }
    answers = {
        str(pk): text.strip()
        for pk, text in sorted(condition_answers.items())
        if (text or "").strip()
    }
    errors = {}
    for name, text in [*texts.items(), *((f"condition_{k}", v) for k, v in answers.items())]:
        if len(text) > TEXT_LIMIT:
            errors[name] = [
                ValidationError(
                    _("At most %(limit)s characters."),
                    code="too_long",
                    params={"limit": TEXT_LIMIT},
                )
            ]
    if errors:
        raise ValidationError(errors)
    values: dict[str, Any] = {**texts, "condition_answers": answers}
    before = audit.snapshot(current, REPORT_FIELDS)
    for name, value in values.items():
        setattr(current, name, value)
    changes = audit.diff(before, audit.snapshot(current, REPORT_FIELDS))
    if not changes:
        return current
    current.lock_version += 1
    current.save(update_fields=[*REPORT_FIELDS, "lock_version", "updated_at"])
    audit.record(
        current, "proof_of_use.report_saved", actor=by, changes=changes, centre_id=current.centre_id
    )
    return current


def submission_problems(proof: ProofOfUse, *, signed: bool = True) -> list[ValidationError]:
    """What stands in the way of submitting, each once with its code."""
    problems = []
    if timezone.localdate() <= date(proof.year, 12, 31):
        problems.append(
            ValidationError(
                _("The proof of use of %(year)s can be submitted once the year has ended."),
                code="year_not_ended",
                params={"year": proof.year},
            )
        )
    if not proof.report_education.strip() or not proof.report_cross_cutting.strip():
        problems.append(
            ValidationError(
                _("Report on both focus areas."),
                code="report_incomplete",
            )
        )
    answers = proof.condition_answers or {}
    if any(not answers.get(str(c.pk)) for c in proof.decision.conditions.all()):
        problems.append(
            ValidationError(
                _("Answer every condition of the decision."), code="condition_unanswered"
            )
        )
    if not signed:
        problems.append(
            ValidationError(
                _("Confirm that you sign the proof of use as head of the KI."),
                code="sign_required",
            )
        )
    return problems


@transaction.atomic
def submit_proof(proof: ProofOfUse, *, by: User, signed: bool) -> ProofOfUse:
    """The head of the KI signs and submits the proof of use to the grant authority."""
    require(
        by,
        use_access.may_sign,
        proof.centre_id,
        message=_("Only the head of the KI may sign and submit the proof of use."),
        code="lead_only",
    )
    current = locked(ProofOfUse, proof.pk)
    require_status(current, {ProofStatus.DRAFT}, wrong=lambda: _not_editable(current))
    problems = submission_problems(current, signed=signed)
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise ValidationError(problems)
    return transition(
        current,
        to=ProofStatus.SUBMITTED,
        allowed={ProofStatus.DRAFT},
        fields={"submitted_at": timezone.now(), "submitted_by": by},
        by=by,
        action="proof_of_use.submitted",
    )


# --- the grant authority ---------------------------------------------------------------------


def _require_officer(by: User) -> None:
    require(by, use_access.may_check, message=_("Only a grant officer checks a proof of use."))


def _open_check(check: ProofCheck) -> ProofCheck:
    current = locked(ProofCheck.objects.select_related("proof"), check.pk)
    require_status(current, {CheckStatus.OPEN})
    return current


@transaction.atomic
def start_check(proof: ProofOfUse, *, by: User) -> ProofCheck:
    """submitted → in_check: the officer opens the check (the simple check is shown at once)."""
    _require_officer(by)
    current = locked(ProofOfUse, proof.pk)
    require_status(current, {ProofStatus.SUBMITTED})
    check = ProofCheck.objects.create(proof=current, officer=by)
    transition(
        current,
        to=ProofStatus.IN_CHECK,
        allowed={ProofStatus.SUBMITTED},
        by=by,
        action="proof_check.started",
        audit_obj=check,
        centre_id=current.centre_id,
    )
    return check


def _bump(check: ProofCheck) -> None:
    """A receipt or a finding changes the result: a conclusion prepared before is stale."""
    ProofCheck.objects.filter(pk=check.pk).update(lock_version=F("lock_version") + 1)


@transaction.atomic
def add_receipt(
    check: ProofCheck, *, by: User, day: date, payee: str, amount: Decimal | str, category: str
) -> Receipt:
    """A receipt of the KI's list (Belegliste) for the in-depth check; the list is closed once
    the sample is drawn, so the sample stays what its seed gives."""
    _require_officer(by)
    current = _open_check(check)
    if current.sample_seed is not None:
        raise ValidationError(
            _("The sample is drawn: the list of receipts is closed."), code="sample_drawn"
        )
    errors: dict[str, list[ValidationError]] = {}
    try:
        value = money.parse_decimal(
            amount, "amount", max_digits=12, places=2, min=Decimal("0.01"), max=MAX_RECEIPT
        )
    except ValidationError as e:
        errors.update(e.error_dict)
    payee, category = (payee or "").strip(), (category or "").strip()
    if not payee:
        errors["payee"] = [ValidationError(_("Name the payee and purpose."), code="required")]
    if not category:
        errors["category"] = [ValidationError(_("Name the position or category."), code="required")]
    year = current.proof.year
    if not date(year, 1, 1) <= day <= date(year, 12, 31):
        errors["day"] = [
            ValidationError(
                _("The receipt must be of the funding year %(year)s.") % {"year": year},
                code="outside_year",
            )
        ]
    if errors:
        raise ValidationError(errors)
    number = (current.receipts.aggregate(last=Max("number"))["last"] or 0) + 1
    receipt = Receipt.objects.create(
        proof_check=current,
        number=number,
        date=day,
        payee=payee[:300],
        amount=value,
        category=category[:200],
    )
    _bump(current)
    audit.record(
        receipt,
        "proof_check.receipt_added",
        actor=by,
        changes=audit.created(receipt, ["number", "date", "payee", "amount", "category"]),
        centre_id=current.proof.centre_id,
    )
    return receipt


@transaction.atomic
def draw_sample(check: ProofCheck, *, by: User, seed: int | None = None) -> list[Receipt]:
    """Draw the sample from the receipts with a new random seed (or `seed`), and store it: the
    same receipts and seed always give the same sample (`checking.draw_sample`)."""
    _require_officer(by)
    current = _open_check(check)
    if current.sample_seed is not None:
        raise ValidationError(_("The sample is drawn already."), code="sample_drawn")
    numbers = list(current.receipts.values_list("number", flat=True))
    if not numbers:
        raise ValidationError(_("List the receipts first."), code="no_receipts")
    seed = secrets.randbelow(2**31) if seed is None else seed
    chosen = checking.draw_sample(numbers, seed)
    current.receipts.filter(number__in=chosen).update(sampled=True)
    current.sample_seed = seed
    current.sample_drawn_at = timezone.now()
    current.lock_version += 1
    current.save(update_fields=["sample_seed", "sample_drawn_at", "lock_version", "updated_at"])
    audit.record(
        current,
        "proof_check.sample_drawn",
        actor=by,
        changes={
            "sample_seed": {"from": None, "to": seed},
            "sample": {"from": None, "to": chosen},
        },
        centre_id=current.proof.centre_id,
    )
    return list(current.receipts.filter(sampled=True))


@transaction.atomic
def record_finding(
    receipt: Receipt, *, by: User, verdict: str, ineligible_amount: Decimal | str, note: str
) -> Receipt:
    """The finding on a sampled receipt: eligible (nothing ineligible), partly (more than 0 and
    less than the receipt), or not eligible (all of it); a note for each but the first."""
    _require_officer(by)
    row = locked(Receipt, receipt.pk)
    _open_check(row.proof_check)
    if not row.sampled:
        raise ValidationError(_("Only a receipt of the sample gets a finding."), code="not_sampled")
    if verdict not in Verdict.values:
        raise _field_error("verdict", _("Choose a finding."), "invalid_choice")
    amount = money.parse_decimal(
        ineligible_amount or "0", "ineligible_amount", max_digits=12, places=2, min=ZERO
    )
    note = (note or "").strip()
    if verdict == Verdict.OK and amount != ZERO:
        raise _field_error(
            "ineligible_amount",
            _("An eligible receipt has no ineligible amount."),
            "amount_with_ok",
        )
    if verdict == Verdict.PARTLY and not ZERO < amount < row.amount:
        raise _field_error(
            "ineligible_amount",
            _("Partly eligible: more than 0 and less than the receipt's amount."),
            "out_of_range",
        )
    if verdict == Verdict.INELIGIBLE:
        amount = row.amount
    if verdict != Verdict.OK and not note:
        raise _field_error("note", _("Say why."), "note_required")
    fields = ["verdict", "ineligible_amount", "note"]
    before = audit.snapshot(row, fields)
    row.verdict, row.ineligible_amount, row.note = verdict, amount, note[:TEXT_LIMIT]
    changes = audit.diff(before, audit.snapshot(row, fields))
    if not changes:
        return row
    row.save(update_fields=fields)
    _bump(row.proof_check)
    audit.record(
        row,
        "proof_check.finding_recorded",
        actor=by,
        changes=changes,
        centre_id=row.proof_check.proof.centre_id,
    )
    return row


# --- the result ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    result: str
    evaluation: statement.Evaluation
    ineligible: Decimal
    data: check_pdf.NoteData | None  # the note, where it is issued now


def _ineligible(check: ProofCheck) -> Decimal:
    total = check.receipts.filter(sampled=True).aggregate(t=Sum("ineligible_amount"))["t"]
    return total if total is not None else ZERO


def _outcome(
    check: ProofCheck, *, reasons: str, decided_at: datetime, approver: Any = None
) -> Outcome:
    """The result as of now: the findings complete, the eligible amount recomputed."""
    if check.sample_seed is not None and check.receipts.filter(sampled=True, verdict="").exists():
        raise ValidationError(
            _("Record a finding on every receipt of the sample first."), code="findings_missing"
        )
    ineligible = _ineligible(check)
    evaluation = statement.evaluate(check.proof, ineligible=ineligible)
    eligible = evaluation.eligible
    if eligible is None:
        raise ValidationError(
            _("No guideline version is in force for %(year)s."),
            code="no_guideline_in_force",
            params={"year": check.proof.year},
        )
    result = (
        CheckResult.CONFIRMED
        if eligible.amount >= eligible.granted
        else CheckResult.PARTIAL_REVOCATION
    )
    if result == CheckResult.PARTIAL_REVOCATION and not reasons:
        raise _field_error(
            "reasons", _("Give the reasons for the partial revocation."), "reasons_required"
        )
    issue_now = result == CheckResult.CONFIRMED or approver is not None
    data = (
        check_pdf.build(
            check,
            result=result,
            eligible=eligible,
            flags=evaluation.flags,
            paid=evaluation.statement.paid,
            reasons=reasons,
            decided_at=decided_at,
            approver=approver,
            guideline=evaluation.guideline.title if evaluation.guideline else "",
        )
        if issue_now
        else None
    )
    return Outcome(result, evaluation, ineligible, data)


def _computation(outcome: Outcome) -> dict[str, Any]:
    eligible = outcome.evaluation.eligible
    assert eligible is not None
    return {
        "flags": [
            {"code": f.code, "message": f.message, "position": f.position, "serious": f.serious}
            for f in outcome.evaluation.flags
        ],
        "lines": [
            {"label": line.label, "amount": str(line.amount), "citation": line.citation}
            for line in eligible.lines
        ],
        "recomputed": str(eligible.recomputed),
        "ineligible": str(eligible.ineligible),
        "actual_cost": str(eligible.actual_cost),
        "guideline": outcome.evaluation.guideline.code if outcome.evaluation.guideline else "",
    }


def _store_note(check: ProofCheck, content: bytes) -> None:
    check.note_sha256 = hashlib.sha256(content).hexdigest()
    check.note_size = len(content)
    save_on_commit(check.note_pdf, "", content)


def conclude_check(
    check: ProofCheck, *, by: User, reasons: str, expected_version: int
) -> ProofCheck:
    """Conclude the check: the eligible amount recomputed (`checking.eligible_amount`). The full
    amount: confirmed, and the check note issued now. Less: a partial revocation, proposed for
    the second signature of an approver (`sign_revocation`)."""
    _require_officer(by)
    reasons = (reasons or "").strip()[:TEXT_LIMIT]
    decided_at = timezone.now()
    current = ProofCheck.objects.select_related("proof__centre__grantee").get(pk=check.pk)
    require_status(current, {CheckStatus.OPEN})
    outcome = _outcome(current, reasons=reasons, decided_at=decided_at)
    content = check_pdf.render(outcome.data) if outcome.data is not None else None
    return _conclude(
        current,
        by=by,
        reasons=reasons,
        decided_at=decided_at,
        expected_version=expected_version,
        rendered=outcome.data,
        content=content,
    )


@transaction.atomic
def _conclude(
    check: ProofCheck,
    *,
    by: User,
    reasons: str,
    decided_at: datetime,
    expected_version: int,
    rendered: check_pdf.NoteData | None,
    content: bytes | None,
) -> ProofCheck:
    current = _open_check(check)
    if current.lock_version != expected_version:
        raise ValidationError(
            _(
                "The check changed after you opened this page (a receipt or a finding); look at "
                "the result again and conclude."
            ),
            code="stale_edit",
        )
    outcome = _outcome(current, reasons=reasons, decided_at=decided_at)
    if outcome.data != rendered:
        raise ValidationError(
            _("The proof of use changed while the note was being prepared; conclude again."),
            code="signing_conflict",
        )
    eligible = outcome.evaluation.eligible
    assert eligible is not None
    confirmed = outcome.result == CheckResult.CONFIRMED
    fields: dict[str, Any] = {
        "result": outcome.result,
        "granted_amount": eligible.granted,
        "eligible_amount": eligible.amount,
        "paid_amount": outcome.evaluation.statement.paid,
        "computation": _computation(outcome),
        "reasons": reasons,
        "concluded_at": decided_at,
    }
    if confirmed:
        assert content is not None
        _store_note(current, content)
        fields |= {
            "decided_at": decided_at,
            "note_sha256": current.note_sha256,
            "note_size": current.note_size,
        }
    transition(
        current,
        to=CheckStatus.DONE if confirmed else CheckStatus.PROPOSED,
        allowed={CheckStatus.OPEN},
        by=by,
        action="proof_check.confirmed" if confirmed else "proof_check.revocation_proposed",
        fields=fields,
        centre_id=current.proof.centre_id,
    )
    if confirmed:
        current.save(update_fields=["note_pdf"])  # named now, written on commit
        _checked(current.proof)
    return current


def _checked(proof: ProofOfUse) -> None:
    move(locked(ProofOfUse, proof.pk), to=ProofStatus.CHECKED, allowed={ProofStatus.IN_CHECK})


def _require_second(check: ProofCheck, by: User) -> None:
    require(by, use_access.may_sign_revocation)
    if by.pk == check.officer_id:
        raise ValidationError(
            _("You concluded this check; a second person must sign or return it (four eyes)."),
            code="four_eyes",
        )


def sign_revocation(check: ProofCheck, *, by: User) -> ProofCheck:
    """The second signature of a partial revocation: the check note is issued with both names;
    the eligible amount and what is repayable stand from now on."""
    _require_second(check, by)
    current = ProofCheck.objects.select_related("proof__centre__grantee", "officer").get(
        pk=check.pk
    )
    require_status(current, {CheckStatus.PROPOSED})
    decided_at = timezone.now()
    outcome = _outcome(current, reasons=current.reasons, decided_at=decided_at, approver=by)
    assert outcome.data is not None
    content = check_pdf.render(outcome.data)
    return _sign(current, by=by, decided_at=decided_at, rendered=outcome.data, content=content)


@transaction.atomic
def _sign(
    check: ProofCheck,
    *,
    by: User,
    decided_at: datetime,
    rendered: check_pdf.NoteData,
    content: bytes,
) -> ProofCheck:
    current = locked(ProofCheck.objects.select_related("proof"), check.pk)
    require_status(current, {CheckStatus.PROPOSED})
    outcome = _outcome(current, reasons=current.reasons, decided_at=decided_at, approver=by)
    eligible = outcome.evaluation.eligible
    if outcome.data != rendered or eligible is None or eligible.amount != current.eligible_amount:
        raise ValidationError(
            _("The proof of use changed while the note was being prepared; sign again."),
            code="signing_conflict",
        )
    _store_note(current, content)
    try:
        with transaction.atomic():
            transition(
                current,
                to=CheckStatus.DONE,
                allowed={CheckStatus.PROPOSED},
                by=by,
                action="proof_check.revocation_signed",
                fields={
                    "approver": by,
                    "decided_at": decided_at,
                    "note_sha256": current.note_sha256,
                    "note_size": current.note_size,
                },
                centre_id=current.proof.centre_id,
            )
    except IntegrityError:
        raise ValidationError(_("The check could not be signed."), code="four_eyes") from None
    current.save(update_fields=["note_pdf"])
    _checked(current.proof)
    return current


@transaction.atomic
def return_revocation(check: ProofCheck, *, by: User, reason: str) -> ProofCheck:
    """The approver sends a proposed partial revocation back to the officer, with a reason;
    the check is open again (findings and receipts as they were)."""
    _require_second(check, by)
    reason = (reason or "").strip()
    if not reason:
        raise _field_error("reason", _("Say why it is returned."), "reason_required")
    current = locked(ProofCheck, check.pk)
    return transition(
        current,
        to=CheckStatus.OPEN,
        allowed={CheckStatus.PROPOSED},
        by=by,
        action="proof_check.returned",
        fields={"result": "", "eligible_amount": None, "concluded_at": None},
        changes={"reason": {"from": None, "to": reason[:TEXT_LIMIT]}},
        centre_id=ProofOfUse.objects.values_list("centre_id", flat=True).get(pk=current.proof_id),
    )
