"""URL arguments of the review and decision routes for `teilhabe/tests/test_url_matrix.py`.

Objects of KI Bielefeld, made by an officer and an approver of their own (not the personas, so
Bernd sees a proposal he did not make: on the signing page he gets the explanation that only an
approver signs, 200): an application with a pending proposal (2029) and an issued decision with
a condition (2030).
"""

from __future__ import annotations

from datetime import date

from teilhabe.accounts import services as accounts
from teilhabe.centres.models import Centre
from teilhabe.core.roles import Role
from teilhabe.funding.models import ApplicationStatus, Condition
from teilhabe.funding.tests import factories


def objects(bielefeld: Centre) -> dict[str, dict[str, object]]:
    officer = accounts.create_user(
        "matrix_officer", by=None, email="mo@teilhabe.example", role=Role.GRANT_OFFICER
    )
    approver = accounts.create_user(
        "matrix_approver", by=None, email="ma@teilhabe.example", role=Role.GRANT_APPROVER
    )
    proposed = factories.application(bielefeld, year=2029, status=ApplicationStatus.PROPOSED)
    proposal = factories.proposal(proposed, amounts={"2029": "170000.00"}, proposed_by=officer)
    decision = factories.decision(
        factories.application(bielefeld, year=2030), proposed_by=officer, signed_by=approver
    )
    condition = Condition.objects.create(
        decision=decision, text="Schwerpunktthemen benennen.", due_date=date(2030, 9, 1)
    )
    return {
        "funding:review": {"pk": proposed.pk},
        "funding:information_request": {"pk": proposed.pk},
        "funding:proposal": {"pk": proposed.pk},
        "funding:sign": {"proposal_pk": proposal.pk},
        "funding:decision": {"pk": decision.pk},
        "funding:decision_pdf": {"pk": decision.pk},
        "funding:amendment": {"pk": decision.pk},
        "funding:condition_fulfil": {"pk": condition.pk},
        "api:get_decision": {"decision_id": decision.pk},
    }
