"""Funding decisions in the JSON API: the list (paginated, scoped) and one decision with its
amounts per year, conditions and the PDF's checksum. Reads only; the KI sees its own."""

# No `from __future__ import annotations`: ninja resolves a paginated view's parameter types
# (core.api_params.Id …) in the paginate wrapper's module, where these names do not exist.
from datetime import date, datetime

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from ninja import Router, Schema
from ninja.pagination import paginate

from teilhabe.core.api_auth import STAFF_AUTH
from teilhabe.core.api_params import Id, Pagination, Year

from . import access
from .models import Condition, ConditionStatus, Decision, DecisionKind

router = Router(tags=["funding decisions"])


class DecisionListOut(Schema):
    id: int
    number: str
    kind: DecisionKind
    application_id: int
    centre_id: int
    centre: str
    first_year: int
    last_year: int
    issued_at: datetime
    total: str
    amends: str | None
    pdf_url: str

    @staticmethod
    def resolve_centre_id(obj: Decision) -> int:
        return obj.application.centre_id

    @staticmethod
    def resolve_centre(obj: Decision) -> str:
        return obj.application.centre.name

    @staticmethod
    def resolve_first_year(obj: Decision) -> int:
        return obj.application.first_year

    @staticmethod
    def resolve_last_year(obj: Decision) -> int:
        return obj.application.last_year

    @staticmethod
    def resolve_total(obj: Decision) -> str:
        return f"{obj.total:.2f}"

    @staticmethod
    def resolve_amends(obj: Decision) -> str | None:
        return obj.amends.number if obj.amends else None

    @staticmethod
    def resolve_pdf_url(obj: Decision) -> str:
        return reverse("funding:decision_pdf", args=[obj.pk])


class ConditionOut(Schema):
    id: int
    text: str
    due_date: date
    status: ConditionStatus
    fulfilled_at: datetime | None

    @staticmethod
    def resolve_status(obj: Condition) -> ConditionStatus:
        return obj.status(timezone.localdate())


class DecisionOut(DecisionListOut):
    amounts: dict[str, str]
    conditions: list[ConditionOut]
    sha256: str
    pdf_size: int

    @staticmethod
    def resolve_amounts(obj: Decision) -> dict[str, str]:
        return obj.amounts_plain

    @staticmethod
    def resolve_conditions(obj: Decision) -> list[Condition]:
        return list(obj.conditions.all())

    @staticmethod
    def resolve_sha256(obj: Decision) -> str:
        return obj.pdf_sha256


def _decisions(request: HttpRequest) -> QuerySet[Decision]:
    user = request.auth  # type: ignore[attr-defined]
    return access.decisions_visible_to(user).select_related("amends").with_total()


@router.get(
    "/decisions", response=list[DecisionListOut], auth=STAFF_AUTH, summary="Funding decisions"
)
@paginate(Pagination, page_size=50)
def list_decisions(
    request: HttpRequest, year: Year | None = None, centre: Id | None = None
) -> QuerySet[Decision]:
    """The decisions the caller may see, newest first; `year` filters on a covered funding year."""
    user = request.auth  # type: ignore[attr-defined]
    if access.funding_scope(user) is None:
        raise Http404
    return access.decisions_listed(user, year=year, centre=centre)


@router.get(
    "/decisions/{decision_id}", response=DecisionOut, auth=STAFF_AUTH, summary="One decision"
)
def get_decision(request: HttpRequest, decision_id: Id) -> Decision:
    """Amounts per year, conditions with their status, and the PDF's SHA-256 and address."""
    return get_object_or_404(
        _decisions(request).prefetch_related("conditions", "amounts"), pk=decision_id
    )
