"""URL arguments of the proof-of-use routes for `teilhabe/tests/test_url_matrix.py`: KI
Bielefeld's proof of use 2025, checked and confirmed (its note a placeholder PDF, so the matrix
renders no PDF), and of 2024, a partial revocation awaiting the second signature."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.funding.tests.factories import pdf_bytes
from teilhabe.proofs import use_services as services
from teilhabe.proofs.use_models import CheckResult, CheckStatus, ProofStatus

from . import use_factories as f


def objects(anna: User, bielefeld: Centre) -> dict[str, dict[str, object]]:
    officer, _approver = f.authority()
    confirmed = f.in_check(bielefeld, anna, officer)
    content = pdf_bytes()
    confirmed.note_pdf.save("note.pdf", ContentFile(content), save=False)
    confirmed.status, confirmed.result = CheckStatus.DONE, CheckResult.CONFIRMED
    confirmed.note_sha256, confirmed.note_size = hashlib.sha256(content).hexdigest(), len(content)
    confirmed.save()
    confirmed.proof.status = ProofStatus.CHECKED
    confirmed.proof.save(update_fields=["status"])
    proof = f.vacant(f.reported(bielefeld, anna, year=2024), anna)
    proof = services.submit_proof(proof, by=anna, signed=True)
    check = services.start_check(proof, by=officer)
    services.conclude_check(check, by=officer, reasons="Vakanz.", expected_version=1)
    first = {"pk": confirmed.proof_id}
    return {
        "proofs:use_start": {"decision_pk": confirmed.proof.decision_id, "year": 2025},
        "proofs:use": first,
        "proofs:use_statement": first,
        "proofs:use_report": first,
        "proofs:use_submit": first,
        "proofs:use_check": first,
        "proofs:use_sign": {"pk": proof.pk},
        "proofs:use_note": first,
    }
