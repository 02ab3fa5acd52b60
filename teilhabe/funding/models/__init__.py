"""The funding chain's models, one module per step (see the modules' docstrings)."""

from .applications import (
    EDITABLE_STATUSES,
    OPEN_STATUSES,
    Application,
    ApplicationAttachment,
    ApplicationPosition,
    ApplicationStatus,
    InformationRequest,
    Proposal,
    ProposalAmount,
    ProposalKind,
    ProposalStatus,
    ProposedCondition,
)
from .budget import BudgetLine, BudgetPurpose, Commitment, Payment, PaymentStatus
from .decisions import Condition, ConditionStatus, Decision, DecisionAmount, DecisionKind
from .guidelines import Category, Guideline, GuidelineQuerySet, PositionGroup, refuse_if_in_force
from .receivables import Receipt, Receivable, ReceivableStatus, with_receivables
from .windows import ApplicationWindow

__all__ = [
    "EDITABLE_STATUSES",
    "OPEN_STATUSES",
    "Application",
    "ApplicationAttachment",
    "ApplicationPosition",
    "ApplicationStatus",
    "ApplicationWindow",
    "BudgetLine",
    "BudgetPurpose",
    "Category",
    "Commitment",
    "Condition",
    "ConditionStatus",
    "Decision",
    "DecisionAmount",
    "DecisionKind",
    "Guideline",
    "GuidelineQuerySet",
    "InformationRequest",
    "Payment",
    "PaymentStatus",
    "PositionGroup",
    "Proposal",
    "ProposalAmount",
    "ProposalKind",
    "ProposalStatus",
    "ProposedCondition",
    "Receipt",
    "Receivable",
    "ReceivableStatus",
    "refuse_if_in_force",
    "with_receivables",
]
