"""The KIs' controlling reports: one per KI and reporting period, in revisions (docs/controlling.md,
"Reports").

A report is made when the KI first opens it for a period (`open_report`; the reminder command
makes the ones it reminds of). Its values read each indicator's version valid for the period
(`rules.version_for`). Computed values are filled from the figure the version names
(`core.registry.Figure`) and refreshed whenever the KI opens the report, until it is submitted;
from then on they are frozen. Manual values and every comment are the KI's.

Steps: the KI's staff and lead save drafts (`save_report`); the lead signs and submits
(`submit_report`): every value present, and each value that breaks a rule explained by its
comment; the coordination office accepts (`accept_report`, the report is locked) or sends back
with a comment (`return_report`, editable again). A correction of an accepted report is a new
revision (`correct_report`) that goes through the same steps; a KI's figures for a period are
those of its latest accepted revision (`accepted_reports`).

Refusals (stable codes): `not_permitted`, `lead_only`, `period_not_started`, `period_not_over`,
`stale`, `report_locked`, `unknown_indicator`, `computed_value`, `comment_too_long`,
`invalid_number`, `out_of_range`, `too_many_places`, `incomplete`, `finding_unexplained`,
`sign_required`, `not_submittable`, `not_submitted`, `comment_required`, `not_accepted`,
`already_corrected`, `reason_required`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, Min, OuterRef, Prefetch, QuerySet
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.core import audit, money, roles
from teilhabe.core.actions import locked, require, require_status, transition
from teilhabe.core.registry import Figure

from . import access, rules
from .models import (
    Disaggregation,
    Indicator,
    IndicatorVersion,
    Report,
    ReportingPeriod,
    ReportStatus,
    ReportValue,
    Source,
)
from .services import registered_figures

EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)
VALUE_DIGITS = 14  # ReportValue.value: max_digits
MAX_COMMENT = 2000
NOTIFICATION_EVENT = "controlling_report"


# --- reading a report ---------------------------------------------------------------------------


@dataclass
class Line:
    """One indicator's value in a report, with what its rules say about it."""

    row: ReportValue
    findings: list[rules.Finding] = field(default_factory=list)
    # The findings in words and the split with its categories' labels (`describe`).
    messages: list[str] = field(default_factory=list)
    parts: list[tuple[str, str]] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.row.indicator.code

    @property
    def version(self) -> IndicatorVersion:
        return self.row.version

    @property
    def missing(self) -> bool:
        return self.row.value is None

    @property
    def computed(self) -> bool:
        return self.row.computed

    @property
    def shown(self) -> str:
        return shown(self.row.value, self.version.decimal_places)

    @property
    def unexplained(self) -> bool:
        """It breaks a rule and its comment does not say why."""
        return bool(self.findings) and not self.row.comment.strip()


@dataclass(frozen=True)
class Completeness:
    done: int
    total: int
    missing: list[Line]

    @property
    def complete(self) -> bool:
        return self.done == self.total


def report_lines(report: Report) -> list[Line]:
    """Every value of the report in the catalogue's order, each with its findings in words
    (one query)."""
    rows = list(
        ReportValue.objects.filter(report=report)
        .select_related("indicator", "version", "version__from_period")
        .order_by("indicator__order", "indicator__code", "pk")
    )
    return describe(lines_of(rows))


def lines_of(rows: Iterable[ReportValue]) -> list[Line]:
    """The rows as lines with `rules.value_findings` against the report's other values."""
    rows = list(rows)
    values = {r.indicator.code: r.value for r in rows}
    lines = []
    for row in rows:
        findings: list[rules.Finding] = []
        if row.value is not None:
            version = row.version
            findings = rules.value_findings(
                row.value,
                minimum=version.minimum,
                maximum=version.maximum,
                relations=version.relation_list,
                values=values,
            )
        lines.append(Line(row, findings))
    return lines


def completeness(lines: Iterable[Line]) -> Completeness:
    lines = list(lines)
    missing = [line for line in lines if line.missing]
    return Completeness(len(lines) - len(missing), len(lines), missing)


def shown(value: Decimal | None, places: int) -> str:
    """A value as the page writes it in the active language (German: 1.234,5)."""
    if value is None:
        return "–"
    return formats.number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


def finding_message(finding: rules.Finding, line: Line, names: Mapping[str, Line]) -> str:
    """What a finding says, in words, naming the other indicator of a relation."""
    version = line.version
    places = version.decimal_places
    if finding.code == "below_minimum":
        return _("The value is below the lowest valid value, %(minimum)s.") % {
            "minimum": shown(version.minimum, places)
        }
    if finding.code == "above_maximum":
        return _("The value is above the highest valid value, %(maximum)s.") % {
            "maximum": shown(version.maximum, places)
        }
    assert finding.relation is not None
    other = names.get(finding.relation.indicator)
    other_name = str(other.version) if other is not None else finding.relation.indicator
    other_value = other.row.value if other is not None else None
    return _("The value must be %(symbol)s the value of “%(other)s” (%(value)s).") % {
        "symbol": finding.relation.symbol,
        "other": other_name,
        "value": shown(other_value, other.version.decimal_places if other else 0),
    }


def describe(lines: list[Line]) -> list[Line]:
    """Each line's findings in words (in the active language) and its split's categories by
    their labels (the figure's `categories`, the code where it has none)."""
    by_code = {line.code: line for line in lines}
    figures = registered_figures()
    for line in lines:
        line.messages = [finding_message(f, line, by_code) for f in line.findings]
        figure = figures.get(line.version.figure)
        labels = figure.categories() if figure is not None and figure.categories else {}
        line.parts = [
            (str(labels.get(category, category)), value)
            for split in line.row.parts.values()
            for category, value in split.items()
        ]
    return lines


# --- the versions a period reads ------------------------------------------------------------------


def versions_for(period: ReportingPeriod) -> list[tuple[Indicator, IndicatorVersion]]:
    """Each indicator with the version valid for `period` (none before its first version), in the
    catalogue's order (two queries)."""
    versions = Prefetch(
        "versions",
        queryset=IndicatorVersion.objects.select_related("from_period").order_by(
            "from_period__starts_on", "pk"
        ),
    )
    out = []
    for indicator in Indicator.objects.prefetch_related(versions).order_by("order", "code", "pk"):
        version = rules.version_for(indicator.versions.all(), period)
        if version is not None:
            out.append((indicator, version))
    return out


# --- computed values ------------------------------------------------------------------------------


def _same_words(a: Any, b: Any) -> bool:
    with translation.override("en"):
        return str(a).strip().lower() == str(b).strip().lower()


def split_of(version: IndicatorVersion, figure: Figure) -> str | None:
    """The disaggregation a computed value is split by: the version's one split where the figure
    counts split by the same (its `by_label` names the disaggregation, "language"); else None
    (the value is the total only)."""
    if figure.read_by is None or len(version.disaggregations) != 1:
        return None
    code = version.disaggregations[0]
    labels = dict(Disaggregation.choices)
    return code if code in labels and _same_words(labels[code], figure.by_label) else None


def as_text(value: Decimal | None, places: int) -> str | None:
    """A value as the audit trail writes it: with the version's decimal places."""
    return None if value is None else str(value.quantize(Decimal(1).scaleb(-places)))


def _plain(value: Any) -> str:
    return money.plain(Decimal(value)) if isinstance(value, Decimal) else str(value)


def computed_value(
    row: ReportValue, period: ReportingPeriod, centre_id: int, figures: Mapping[str, Figure]
) -> tuple[Decimal | None, dict[str, Any]]:
    """What the figure counts for the KI and period: (value, parts); (None, {}) where no app
    registers the figure any more (the value then counts as missing)."""
    figure = figures.get(row.version.figure)
    if figure is None:
        return None, {}
    places = row.version.decimal_places
    raw = figure.read(period.starts_on, period.ends_on, [centre_id]).get(centre_id, 0)
    value = Decimal(raw or 0).quantize(Decimal(1).scaleb(-places))
    split = split_of(row.version, figure)
    parts: dict[str, Any] = {}
    if split is not None and figure.read_by is not None:
        by = figure.read_by(period.starts_on, period.ends_on, [centre_id]).get(centre_id, {})
        parts = {split: {str(k): _plain(v) for k, v in sorted(by.items()) if v}}
    return value, parts


def _refresh(report: Report, *, by: User | None, record: bool = True) -> audit.Changes:
    """Fill the computed values anew (the caller holds the report's lock and checked `by`);
    one audit event if a value changed (`record`; else the caller's event holds the changes).
    `refreshed_at` moves on every refresh (unaudited: it only says when the figure was read)."""
    rows = list(
        ReportValue.objects.filter(report=report, computed=True).select_related(
            "indicator", "version"
        )
    )
    if not rows:
        return {}
    figures = registered_figures()
    now = timezone.now()
    changes: audit.Changes = {}
    for row in rows:
        value, parts = computed_value(row, report.period, report.centre_id, figures)
        if value != row.value or parts != row.parts:
            places = row.version.decimal_places
            changes[row.indicator.code] = {
                "from": as_text(row.value, places),
                "to": as_text(value, places),
            }
        row.value, row.parts, row.refreshed_at = value, parts, now
    ReportValue.objects.bulk_update(rows, ["value", "parts", "refreshed_at"])
    if changes and record:
        audit.record(
            report, "report.refreshed", actor=by, changes=changes, centre_id=report.centre_id
        )
    return changes


@transaction.atomic
def refresh_computed(report: Report, *, by: User) -> int:
    """Read the computed values of an open report from their figures again (the KI opened it);
    a submitted or accepted report keeps what it was submitted with. Returns how many changed."""
    require(by, access.may_edit_report, report.centre_id)
    report = locked(Report.objects.select_related("period"), report.pk)
    if report.status not in EDITABLE:
        return 0
    return len(_refresh(report, by=by))


# --- making a report ------------------------------------------------------------------------------


def _values_for(report: Report) -> list[ReportValue]:
    return [
        ReportValue(
            report=report,
            indicator=indicator,
            version=version,
            computed=version.source == Source.COMPUTED,
        )
        for indicator, version in versions_for(report.period)
    ]


def current_report(centre_id: int, period_id: int) -> Report | None:
    """The KI's latest revision for the period (None before it is made)."""
    return (
        Report.objects.select_related("centre", "period")
        .filter(centre_id=centre_id, period_id=period_id)
        .order_by("-revision")
        .first()
    )


def make_report(centre: Centre, period: ReportingPeriod, *, by: User | None) -> Report:
    """Revision 1 with a value row per indicator valid for the period, computed ones filled; a
    second caller racing this one finds the first's report (the unique revision)."""
    try:
        with transaction.atomic():
            report = Report.objects.create(centre=centre, period=period, created_by=by)
    except IntegrityError:
        existing = current_report(centre.pk, period.pk)
        assert existing is not None
        return existing
    ReportValue.objects.bulk_create(_values_for(report))
    computed = _refresh(report, by=by, record=False)
    audit.record(
        report,
        "report.created",
        actor=by,
        changes={
            "period": {"from": None, "to": str(period)},
            "status": {"from": None, "to": ReportStatus.DRAFT},
            **computed,
        },
        centre_id=centre.pk,
    )
    return report


@transaction.atomic
def open_report(centre: Centre, period: ReportingPeriod, *, by: User) -> Report:
    """The KI's report for the period: its latest revision, or revision 1, made now with a value
    per indicator (the version valid for the period). Only from the period's first day on."""
    require(by, access.may_edit_report, centre.pk)
    existing = current_report(centre.pk, period.pk)
    if existing is not None:
        return existing
    if period.starts_on > timezone.localdate():
        raise ValidationError(
            _("The report on %(period)s can be begun from %(day)s on.")
            % {"period": period, "day": formats.date_format(period.starts_on, "SHORT_DATE_FORMAT")},
            code="period_not_started",
        )
    return make_report(centre, period, by=by)


# --- saving a draft -------------------------------------------------------------------------------


def _stale() -> ValidationError:
    return ValidationError(
        _(
            "Someone else has saved this report meanwhile. Your entries are kept below; open the "
            "report in a new tab, compare, and save again."
        ),
        code="stale",
    )


def _locked_report() -> ValidationError:
    return ValidationError(
        _("The report is submitted or accepted; its values can no longer be changed."),
        code="report_locked",
    )


def _check_value(raw: Any, version: IndicatorVersion, name: str) -> Decimal | None:
    """The value bounded like the form's field (`money.parse_decimal`), or a ValidationError
    on `name` (`invalid_number`, `out_of_range`, `too_many_places`)."""
    if raw is None or raw == "":
        return None
    return money.parse_decimal(
        raw, name, max_digits=VALUE_DIGITS, places=version.decimal_places, german=True
    )


@transaction.atomic
def save_report(
    report: Report,
    *,
    by: User,
    values: Mapping[str, Mapping[str, Any]],
    expected_version: int,
) -> Report:
    """Save the KI's entries: per indicator code `{"value": Decimal | None, "comment": str}`
    (either key may be left out). A computed value is the figure's (`computed_value`), its
    comment the KI's. Findings never refuse a draft: the page shows them, the submission asks
    for a comment on each. One audit event with every value and comment from/to; nothing
    changed, nothing recorded."""
    require(by, access.may_edit_report, report.centre_id)
    report = locked(Report.objects.select_related("centre", "period"), report.pk)
    if report.lock_version != expected_version:
        raise _stale()
    require_status(report, EDITABLE, wrong=_locked_report)
    rows = {
        r.indicator.code: r
        for r in ReportValue.objects.filter(report=report).select_related("indicator", "version")
    }
    errors: dict[str, list[ValidationError]] = {}
    unknown = sorted(set(values) - set(rows))
    if unknown:
        raise ValidationError(
            _("These indicators are not part of the report: %(codes)s")
            % {"codes": ", ".join(unknown)},
            code="unknown_indicator",
        )
    changes: audit.Changes = {}
    changed: list[ReportValue] = []
    for code, entry in values.items():
        row = rows[code]
        before = (row.value, row.comment)
        if "value" in entry:
            name = f"value_{code}"
            try:
                value = _check_value(entry["value"], row.version, name)
            except ValidationError as e:
                for field_name, found in e.error_dict.items():
                    errors.setdefault(field_name, []).extend(found)
                continue
            if row.computed and value != row.value:
                errors.setdefault(name, []).append(
                    ValidationError(
                        _("This value is computed from the platform's records."),
                        code="computed_value",
                    )
                )
            else:
                row.value = value
        if "comment" in entry:
            comment = str(entry["comment"] or "").strip()
            if len(comment) > MAX_COMMENT:
                errors.setdefault(f"comment_{code}", []).append(
                    ValidationError(
                        _("At most %(n)d characters.") % {"n": MAX_COMMENT},
                        code="comment_too_long",
                    )
                )
            else:
                row.comment = comment
        if (row.value, row.comment) != before:
            changed.append(row)
            if row.value != before[0]:
                places = row.version.decimal_places
                changes[code] = {
                    "from": as_text(before[0], places),
                    "to": as_text(row.value, places),
                }
            if row.comment != before[1]:
                changes[f"{code} (comment)"] = {"from": before[1], "to": row.comment}
    if errors:
        raise ValidationError(errors)
    if not changed:
        return report
    ReportValue.objects.bulk_update(changed, ["value", "comment"])
    report.lock_version += 1
    report.save(update_fields=["lock_version", "updated_at"])
    audit.record(report, "report.saved", actor=by, changes=changes, centre_id=report.centre_id)
    return report


# --- the steps ------------------------------------------------------------------------------------


def submission_problems(lines: list[Line]) -> list[ValidationError]:
    """What stands in the way of submitting: values missing (`incomplete`, naming them), values
    that break a rule without a comment that explains them (`finding_unexplained`)."""
    problems = []
    missing = [str(line.version) for line in lines if line.missing]
    if missing:
        problems.append(
            ValidationError(
                _("Values are missing: %(names)s.") % {"names": "; ".join(missing)},
                code="incomplete",
            )
        )
    unexplained = [str(line.version) for line in lines if line.unexplained]
    if unexplained:
        problems.append(
            ValidationError(
                _(
                    "These values break a validation rule; say in their comment why they are "
                    "right: %(names)s."
                )
                % {"names": "; ".join(unexplained)},
                code="finding_unexplained",
            )
        )
    return problems


def _raise_all(problems: list[ValidationError]) -> None:
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise ValidationError(problems)


def people_of(centre_id: int) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True, centre_id=centre_id, role__in=sorted(roles.CENTRE_ROLES)
        ).order_by("pk")
    )


def _office() -> list[User]:
    return list(User.objects.filter(is_active=True, role=roles.Role.COORDINATION).order_by("pk"))


def texts_of(report: Report, subject: Any, text: Any) -> dict[str, tuple[str, str]]:
    """(subject, text) per language about `report`: `%(centre)s`, `%(period)s`, `%(deadline)s`."""
    texts = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            values = {
                "centre": report.centre.name,
                "period": str(report.period),
                "deadline": formats.date_format(report.period.deadline, "SHORT_DATE_FORMAT"),
            }
            texts[language] = (str(subject) % values, str(text) % values)
    return texts


def notify(people: Iterable[User], report: Report, subject: Any, text: Any) -> None:
    """One notification per person in German and English about `report` (inside the step's
    transaction; the step records the audit event)."""
    from teilhabe.accounts.services import record_notifications

    texts = texts_of(report, subject, text)
    record_notifications(
        people,
        event=NOTIFICATION_EVENT,
        path=reverse("controlling:report", args=[report.pk]),
        texts=texts,
    )


SUBMITTED_SUBJECT = gettext_lazy("Controlling report submitted: %(centre)s, %(period)s")
SUBMITTED_TEXT = gettext_lazy(
    "%(centre)s has submitted its controlling report on %(period)s. Please accept it or send it "
    "back with a comment."
)
RETURNED_SUBJECT = gettext_lazy("Controlling report sent back: %(period)s")
RETURNED_TEXT = gettext_lazy(
    "The coordination office has sent back the controlling report of %(centre)s on %(period)s. "
    "Read its comment, correct the report and submit it again."
)
ACCEPTED_SUBJECT = gettext_lazy("Controlling report accepted: %(period)s")
ACCEPTED_TEXT = gettext_lazy(
    "The coordination office has accepted the controlling report of %(centre)s on %(period)s."
)


@transaction.atomic
def submit_report(
    report: Report, *, by: User, signed: bool, expected_version: int | None = None
) -> Report:
    """The head of the KI signs and submits: after the period's end, every value present, each
    value that breaks a rule explained in its comment, and her signature confirmed. The
    computed values are read once more and then frozen. The first submission's time stays the
    report's (`on_time`); the coordination office is told."""
    require(
        by,
        access.may_submit_report,
        report.centre_id,
        message=_("Only the head of the KI may sign and submit the report."),
        code="lead_only",
    )
    report = locked(Report.objects.select_related("centre", "period"), report.pk)
    if expected_version is not None and report.lock_version != expected_version:
        raise _stale()

    def not_submittable() -> ValidationError:
        return ValidationError(
            _("The report cannot be submitted while it is %(status)s."),
            code="not_submittable",
            params={"status": report.get_status_display()},
        )

    require_status(report, EDITABLE, wrong=not_submittable)
    if not report.period.is_past(timezone.localdate()):
        raise ValidationError(
            _("The report can be submitted after the period's end, %(day)s.")
            % {"day": formats.date_format(report.period.ends_on, "SHORT_DATE_FORMAT")},
            code="period_not_over",
        )
    _refresh(report, by=by)
    problems = submission_problems(report_lines(report))
    if not signed:
        problems.append(
            ValidationError(
                _("Confirm that you sign the report as head of the KI."), code="sign_required"
            )
        )
    _raise_all(problems)
    again = report.status == ReportStatus.RETURNED
    transition(
        report,
        to=ReportStatus.SUBMITTED,
        allowed=EDITABLE,
        fields={"submitted_at": report.submitted_at or timezone.now(), "submitted_by": by},
        by=by,
        action="report.resubmitted" if again else "report.submitted",
    )
    notify(_office(), report, SUBMITTED_SUBJECT, SUBMITTED_TEXT)
    return report


def _not_submitted(report: Report) -> ValidationError:
    return ValidationError(
        _("Only a submitted report can be accepted or sent back; this one is %(status)s."),
        code="not_submitted",
        params={"status": report.get_status_display()},
    )


@transaction.atomic
def accept_report(report: Report, *, by: User) -> Report:
    """The coordination office accepts a submitted report: it is locked, and its figures are the
    KI's for the period (the latest accepted revision's)."""
    require(by, access.may_decide_reports)
    report = locked(Report.objects.select_related("centre", "period"), report.pk)
    transition(
        report,
        to=ReportStatus.ACCEPTED,
        allowed=(ReportStatus.SUBMITTED,),
        fields={"decided_at": timezone.now(), "decided_by": by, "return_comment": ""},
        by=by,
        action="report.accepted",
        wrong=lambda: _not_submitted(report),
    )
    notify(people_of(report.centre_id), report, ACCEPTED_SUBJECT, ACCEPTED_TEXT)
    return report


@transaction.atomic
def return_report(report: Report, *, by: User, comment: str) -> Report:
    """The coordination office sends a submitted report back with a comment (required): the
    KI edits it again and its lead submits it anew."""
    require(by, access.may_decide_reports)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(
            {
                "comment": ValidationError(
                    _("Say why the report goes back."), code="comment_required"
                )
            }
        )
    if len(comment) > MAX_COMMENT:
        raise ValidationError(
            {
                "comment": ValidationError(
                    _("At most %(n)d characters.") % {"n": MAX_COMMENT}, code="comment_too_long"
                )
            }
        )
    report = locked(Report.objects.select_related("centre", "period"), report.pk)
    transition(
        report,
        to=ReportStatus.RETURNED,
        allowed=(ReportStatus.SUBMITTED,),
        fields={"decided_at": timezone.now(), "decided_by": by, "return_comment": comment},
        by=by,
        action="report.returned",
        wrong=lambda: _not_submitted(report),
    )
    notify(people_of(report.centre_id), report, RETURNED_SUBJECT, RETURNED_TEXT)
    return report


@transaction.atomic
def correct_report(report: Report, *, by: User, reason: str) -> Report:
    """The head of the KI corrects an accepted report: a new revision (revision + 1, `supersedes`
    the accepted one) with its values and comments copied, drafted and submitted like the first.
    Until it is accepted, the accepted revision's figures stay the KI's. `reason` is required."""
    require(
        by,
        access.may_submit_report,
        report.centre_id,
        message=_("Only the head of the KI may correct an accepted report."),
        code="lead_only",
    )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {
                "reason": ValidationError(
                    _("Say what the correction is for."), code="reason_required"
                )
            }
        )
    if len(reason) > MAX_COMMENT:
        raise ValidationError(
            {
                "reason": ValidationError(
                    _("At most %(n)d characters.") % {"n": MAX_COMMENT}, code="comment_too_long"
                )
            }
        )
    report = locked(Report.objects.select_related("centre", "period"), report.pk)
    if report.status != ReportStatus.ACCEPTED:
        raise ValidationError(
            _("Only an accepted report can be corrected; this one is %(status)s."),
            code="not_accepted",
            params={"status": report.get_status_display()},
        )
    if Report.objects.filter(supersedes=report).exists():
        raise ValidationError(
            _("A correction of this report exists already."), code="already_corrected"
        )
    correction = Report.objects.create(
        centre=report.centre,
        period=report.period,
        revision=report.revision + 1,
        supersedes=report,
        correction_reason=reason,
        created_by=by,
    )
    ReportValue.objects.bulk_create(
        ReportValue(
            report=correction,
            indicator_id=row.indicator_id,
            version_id=row.version_id,
            value=row.value,
            parts=row.parts,
            comment=row.comment,
            computed=row.computed,
            refreshed_at=row.refreshed_at,
        )
        for row in ReportValue.objects.filter(report=report).order_by("pk")
    )
    audit.record(
        correction,
        "report.correction_started",
        actor=by,
        changes={
            "revision": {"from": report.revision, "to": correction.revision},
            "supersedes": {"from": None, "to": report.pk},
            "correction_reason": {"from": "", "to": reason},
        },
        centre_id=report.centre_id,
    )
    return correction


# --- reading the accepted figures -----------------------------------------------------------------


def accepted_reports(
    period_ids: Collection[int] | None = None, centre_ids: Collection[int] | None = None
) -> QuerySet[Report]:
    """Per KI and period the latest accepted revision (a correction not yet accepted leaves the
    one before in force), as one query; `period_ids`/`centre_ids` None: all."""
    later = Report.objects.filter(
        centre_id=OuterRef("centre_id"),
        period_id=OuterRef("period_id"),
        status=ReportStatus.ACCEPTED,
        revision__gt=OuterRef("revision"),
    )
    qs = Report.objects.filter(status=ReportStatus.ACCEPTED).filter(~Exists(later))
    if period_ids is not None:
        qs = qs.filter(period_id__in=list(period_ids))
    if centre_ids is not None:
        qs = qs.filter(centre_id__in=list(centre_ids))
    return qs


def accepted_values(
    period_ids: Collection[int] | None = None, centre_ids: Collection[int] | None = None
) -> QuerySet[ReportValue]:
    """The values of `accepted_reports`, one query (with the report's KI and period ids)."""
    return ReportValue.objects.filter(
        report__in=accepted_reports(period_ids, centre_ids)
    ).select_related("report")


def first_submissions(
    period_ids: Collection[int] | None = None, centre_ids: Collection[int] | None = None
) -> dict[tuple[int, int], date]:
    """Per (KI, period) the day its report was first submitted, over every revision: the day
    that decides "on time" (a correction submitted later does not make it late). One query."""
    rows = Report.objects.filter(submitted_at__isnull=False)
    if period_ids is not None:
        rows = rows.filter(period_id__in=list(period_ids))
    if centre_ids is not None:
        rows = rows.filter(centre_id__in=list(centre_ids))
    grouped = rows.values("centre_id", "period_id").annotate(first=Min("submitted_at")).order_by()
    return {
        (row["centre_id"], row["period_id"]): timezone.localdate(row["first"]) for row in grouped
    }


def first_submitted(centre_id: int, period_id: int) -> date | None:
    """The day the KI first submitted a report on the period (any revision)."""
    return first_submissions([period_id], [centre_id]).get((centre_id, period_id))
