"""Every write of the indicator catalogue and the reporting periods (the coordination office):
an indicator with its first version, a new version from a chosen period on, a period.

Each checks its caller first (`require`), refuses with stable codes and writes one audit event.
Refusals: `duplicate_code`, `unknown_figure` (a computed indicator whose figure no app
registers), `figure_not_used` (a figure on a typed indicator), `figure_not_split` (split values
from a figure that has none), `relation_to_itself`, `unknown_indicator`, `duplicate_relation`,
`unknown_operator`, `range_reversed`, `invalid_choice`, `not_after_latest` (a version from a
period not later than the latest one's), `stale` (someone saved a version meanwhile),
`wrong_bounds`, `overlapping`, `deadline_before_end`, `unknown_field`; releasing a period as open
data: `already_released`, `deadline_not_passed`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teilhabe.accounts.models import User
from teilhabe.core import audit
from teilhabe.core.actions import locked, reject_unknown, require
from teilhabe.core.dates import localized_date
from teilhabe.core.registry import Figure, registry
from teilhabe.network.models import Stage

from . import access, rules
from .models import (
    Disaggregation,
    Indicator,
    IndicatorVersion,
    PeriodKind,
    ReportingPeriod,
    Source,
)

VERSION_FIELDS = (
    "name",
    "name_en",
    "definition",
    "unit",
    "unit_en",
    "decimal_places",
    "higher_is_better",
    "stages",
    "disaggregations",
    "minimum",
    "maximum",
    "relations",
    "source",
    "figure",
)
INDICATOR_FIELDS = ("code", "order")
PERIOD_FIELDS = ("kind", "starts_on", "ends_on", "deadline")
# The version's fields the history compares, with the period it is valid from.
AUDITED_VERSION_FIELDS = ("from_period", *VERSION_FIELDS)
MAX_RELATIONS = 5


def registered_figures() -> dict[str, Figure]:
    """The figures the apps register (core.registry), by code."""
    return {figure.code: figure for figure in registry.figures()}


def _error(field: str, code: str, message: str, errors: dict[str, list[ValidationError]]) -> None:
    errors.setdefault(field, []).append(ValidationError(message, code=code))


def _codes_in_order(values: Any, choices: Any) -> list[str] | None:
    """The chosen codes in the list's order, or None if one is not in it."""
    if not isinstance(values, list | tuple):
        return None
    known = [value for value, _label in choices]
    if any(v not in known for v in values):
        return None
    return [k for k in known if k in set(values)]


RELATION_MESSAGES = {
    "relation_to_itself": gettext_lazy("An indicator cannot be compared with itself."),
    "unknown_indicator": gettext_lazy("This indicator is not in the catalogue."),
    "duplicate_relation": gettext_lazy("This relation is named twice."),
    "unknown_operator": gettext_lazy("Choose a comparison from the list."),
}


def _check_version(
    version: IndicatorVersion, code: str, errors: dict[str, list[ValidationError]]
) -> None:
    """The version's lists, source and rules; its fields' own checks come from full_clean."""
    for field, choices in (("stages", Stage.choices), ("disaggregations", Disaggregation.choices)):
        ordered = _codes_in_order(getattr(version, field), choices)
        if ordered is None:
            _error(field, "invalid_choice", _("Choose from the list."), errors)
        else:
            setattr(version, field, ordered)
    raw = version.relations
    relations: list[rules.Relation] = []
    if not isinstance(raw, list) or len(raw) > MAX_RELATIONS:
        _error("relations", "invalid_choice", _("Choose from the list."), errors)
    else:
        try:
            relations = rules.relations_of(raw)
        except (KeyError, TypeError):
            _error("relations", "invalid_choice", _("Choose from the list."), errors)
    version.relations = [{"operator": r.operator, "indicator": r.indicator} for r in relations]
    known = Indicator.objects.exclude(code=code).values_list("code", flat=True)
    problems = rules.definition_problems(
        code,
        minimum=version.minimum,
        maximum=version.maximum,
        relations=relations,
        known_codes=[*known, code],
    )
    for problem in problems.get("relations", []):
        _error("relations", problem, str(RELATION_MESSAGES[problem]), errors)
    if "range_reversed" in problems.get("maximum", []):
        _error(
            "maximum",
            "range_reversed",
            _("The highest value must not be below the lowest."),
            errors,
        )
    figures = registered_figures()
    if version.source == Source.COMPUTED:
        figure = figures.get(version.figure)
        if figure is None:
            _error("figure", "unknown_figure", _("No app counts this figure."), errors)
        elif version.disaggregations and figure.read_by is None:
            _error(
                "disaggregations",
                "figure_not_split",
                _("The figure is not counted split by anything; choose no split."),
                errors,
            )
    elif version.figure:
        _error(
            "figure",
            "figure_not_used",
            _("An indicator the KIs enter names no figure."),
            errors,
        )


def _full_clean(obj: Any, errors: dict[str, list[ValidationError]], **kwargs: Any) -> None:
    try:
        obj.full_clean(exclude=[*errors, *kwargs.pop("exclude", [])], **kwargs)
    except ValidationError as e:
        for field, found in e.error_dict.items():
            errors.setdefault(field, []).extend(found)


def _new_version(indicator: Indicator, data: Mapping[str, Any]) -> IndicatorVersion:
    return IndicatorVersion(
        indicator=indicator,
        from_period=data.get("from_period"),
        **{k: v for k, v in data.items() if k in VERSION_FIELDS},
    )


@transaction.atomic
def add_indicator(*, by: User, data: dict[str, Any]) -> Indicator:
    """Add an indicator with its first version: `data` holds `code`, `order` (optional),
    `from_period` (a ReportingPeriod) and VERSION_FIELDS."""
    require(by, access.may_keep_catalogue)
    reject_unknown(data, (*INDICATOR_FIELDS, "from_period", *VERSION_FIELDS))
    indicator = Indicator(**{k: v for k, v in data.items() if k in INDICATOR_FIELDS})
    errors: dict[str, list[ValidationError]] = {}
    if Indicator.objects.filter(code=indicator.code).exists():
        _error("code", "duplicate_code", _("An indicator with this code exists already."), errors)
    _full_clean(indicator, errors, validate_unique=False)
    version = _new_version(indicator, data)
    if version.from_period_id is None:
        _error("from_period", "required", _("Choose the period it is valid from."), errors)
    _check_version(version, indicator.code, errors)
    _full_clean(version, errors, exclude=["indicator"], validate_constraints=False)
    if errors:
        raise ValidationError(errors)
    indicator.save()
    version.indicator = indicator
    version.save()
    changes = audit.created(indicator, [f for f in INDICATOR_FIELDS if f in data])
    changes.update(audit.created(version, AUDITED_VERSION_FIELDS))
    audit.record(indicator, "indicator.added", actor=by, changes=changes)
    return indicator


def _stale() -> ValidationError:
    return ValidationError(
        _(
            "Someone else has saved a version of this indicator meanwhile. Your entries are kept "
            "below; open the indicator in a new tab, compare, and save again."
        ),
        code="stale",
    )


@transaction.atomic
def add_indicator_version(
    indicator: Indicator,
    *,
    by: User,
    data: dict[str, Any],
    expected_version: int | None = None,
) -> IndicatorVersion | None:
    """A changed definition, valid from `data["from_period"]` on (a period that starts after
    the latest version's): earlier periods keep reading the version valid then. With
    `expected_version` (the form's `lock_version`), a version someone saved meanwhile refuses
    this one (`stale`). A version that changes nothing is not made (None)."""
    require(by, access.may_keep_catalogue)
    reject_unknown(data, ("from_period", *VERSION_FIELDS))
    indicator = locked(Indicator, indicator.pk)
    if expected_version is not None and indicator.lock_version != expected_version:
        raise _stale()
    latest = (
        IndicatorVersion.objects.select_related("from_period")
        .filter(indicator=indicator)
        .order_by("-from_period__starts_on")
        .first()
    )
    assert latest is not None, "every indicator is added with its first version"
    values = {f: getattr(latest, f) for f in VERSION_FIELDS}
    values.update({k: v for k, v in data.items() if k in VERSION_FIELDS})
    version = _new_version(indicator, {**values, "from_period": data.get("from_period")})
    errors: dict[str, list[ValidationError]] = {}
    period = version.from_period if version.from_period_id is not None else None
    if period is None:
        _error("from_period", "required", _("Choose the period it is valid from."), errors)
    elif period.starts_on <= latest.valid_from:
        _error(
            "from_period",
            "not_after_latest",
            _(
                "Choose a period that starts after %(period)s, from which the latest version is "
                "valid."
            )
            % {"period": latest.from_period},
            errors,
        )
    _check_version(version, indicator.code, errors)
    _full_clean(version, errors, exclude=["indicator"], validate_constraints=False)
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(latest, VERSION_FIELDS)
    after = audit.snapshot(version, VERSION_FIELDS)
    if before == after:
        return None
    version.save()
    indicator.lock_version += 1
    indicator.save(update_fields=["lock_version"])
    changes = audit.diff(before, after)
    changes["from_period"] = {"from": latest.from_period_id, "to": version.from_period_id}
    audit.record(indicator, "indicator.version_added", actor=by, changes=changes)
    return version


@transaction.atomic
def add_reporting_period(*, by: User, data: dict[str, Any]) -> ReportingPeriod:
    """Add a half-year or a year: its days must be the calendar's (`wrong_bounds`), no period
    of the same kind may share a day with it (`overlapping`), and its deadline is not before
    its end (`deadline_before_end`; left empty: three months after the end)."""
    require(by, access.may_keep_catalogue)
    reject_unknown(data, PERIOD_FIELDS)
    period = ReportingPeriod(**data)
    errors: dict[str, list[ValidationError]] = {}
    if period.deadline is None and period.ends_on is not None:
        period.deadline = rules.default_deadline(period.ends_on)
    _full_clean(period, errors, validate_constraints=False)
    if not errors:
        if not rules.fits_kind(period.kind, period.starts_on, period.ends_on):
            message = (
                _("A year runs from 1 January to 31 December.")
                if period.kind == PeriodKind.YEAR
                else _("A half-year runs from 1 January to 30 June or from 1 July to 31 December.")
            )
            _error("starts_on", "wrong_bounds", message, errors)
        elif ReportingPeriod.objects.filter(
            kind=period.kind, starts_on__lte=period.ends_on, ends_on__gte=period.starts_on
        ).exists():
            _error(
                "starts_on",
                "overlapping",
                _("A period of this kind covers these days already."),
                errors,
            )
        if period.deadline < period.ends_on:
            _error(
                "deadline",
                "deadline_before_end",
                _("The deadline must not be before the period's end."),
                errors,
            )
    if errors:
        raise ValidationError(errors)
    period.save()
    audit.record(
        period,
        "reporting_period.added",
        actor=by,
        changes=audit.created(period, (*PERIOD_FIELDS, "released")),
    )
    return period


@transaction.atomic
def release_period(period: ReportingPeriod, *, by: User) -> ReportingPeriod:
    """Release a period's accepted figures as open data (the coordination office): from now on
    `GET /api/v1/controlling/figures?period=<id>` answers with them. Only once its deadline has
    passed (`deadline_not_passed`: until then KIs may still submit), and only once
    (`already_released`). A release is not withdrawn: open data are copied as soon as they are
    out, so a wrong figure is corrected by an accepted revision of the KI's report, which the
    API then shows (docs/controlling.md, "State view and open data")."""
    require(by, access.may_release)
    period = locked(ReportingPeriod, period.pk)
    if period.released:
        raise ValidationError(_("This period is released already."), code="already_released")
    if period.deadline >= timezone.localdate():
        raise ValidationError(
            _("The period can be released once its deadline (%(deadline)s) has passed.")
            % {"deadline": localized_date(period.deadline)},
            code="deadline_not_passed",
        )
    period.released = True
    period.released_at = timezone.now()
    period.save(update_fields=["released", "released_at"])
    audit.record(
        period,
        "reporting_period.released",
        actor=by,
        changes={"released": {"from": False, "to": True}},
    )
    return period
