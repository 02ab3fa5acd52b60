"""The evaluator's pseudonymised data sets, one per topic, each with its data dictionary.

What every topic keeps to (docs/evaluation.md, "What is withheld and why"):

- **No names of persons, no contact data**: no person's name, e-mail address or telephone
  number, no street address; a person appears, where at all, as a keyed pseudonym
  (`pseudonyms.py`). Organisations are no persons: their names stay, their contact persons and
  contact data do not.
- **No free text**: titles, goals, descriptions, topics and outcomes are typed by the KIs and
  may name people; nobody reviews them for the evaluation, so they are left out (a column
  "outcome recorded" says whether there is one). The KIs' registry facts (name, attachment)
  are public and stay.
- **Codes, not labels**: choice columns hold the code; the dictionary lists code = label.
- **One query per related table**, whatever the number of rows (counts as subqueries).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from teilhabe.centres.models import Centre, CentreStatus
from teilhabe.controlling.models import PeriodKind, ReportValue
from teilhabe.controlling.reports import accepted_reports
from teilhabe.core.exports import Column
from teilhabe.events.models import (
    Attendance,
    Audience,
    Event,
    EventDate,
    EventKind,
    EventStatus,
    Registration,
    RegistrationStatus,
)
from teilhabe.funding.models import Decision, DecisionKind
from teilhabe.measures.models import (
    ContactForm,
    CounsellingContact,
    CounsellingTopic,
    FundingSource,
    GroupSession,
    InterpreterAssignment,
    InterpretingPurpose,
    Measure,
    MeasureStatus,
    ParentCompanion,
    ParentGroup,
)
from teilhabe.network.models import LANGUAGES, Organisation, OrganisationType, Stage
from teilhabe.territory.models import DistrictKind

from .files import Field
from .pseudonyms import pseudonym


def _codes(choices: Iterable[tuple[str, Any]]) -> str:
    return "; ".join(f"{code} = {label}" for code, label in choices)


def _languages() -> str:
    return _codes(LANGUAGES.items())


def _yes_no(value: bool) -> str:
    return "ja" if value else "nein"


YES_NO = "ja; nein"


def _joined(values: Iterable[Any]) -> str:
    return ", ".join(str(v) for v in values)


def _count(model: type, link: str, **filters: Any) -> Coalesce:
    """The number of `model` rows pointing at the outer row through `link` (a subquery)."""
    rows = (
        model._default_manager.filter(**{link: OuterRef("pk")}, **filters)  # type: ignore[attr-defined]
        .order_by()
        .values(link)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def _ki(centre_of: Callable[[Any], Centre | None]) -> Field:
    return Field(
        Column(_("KI key"), lambda row: (c := centre_of(row)) and c.grantee.key),
        _("Official key of the KI's Kreis or kreisfreie Stadt (the City of Aachen: 05334002)."),
        "territory.Grantee.key",
        _("8 digits or 5 digits (AGS); empty for state-wide events"),
    )


@dataclass(frozen=True)
class Topic:
    slug: str
    title: Any
    description: Any
    withheld: Any
    rows: Callable[[], QuerySet[Any] | list[Any]]
    fields: Callable[[], list[Field]]
    subject: type

    @property
    def stem(self) -> str:
        return f"evaluation-{self.slug}"


# --- KIs ---------------------------------------------------------------------------------


def _centre_rows() -> QuerySet[Centre]:
    return Centre.objects.select_related("grantee__district__regierungsbezirk").order_by(
        "grantee__key"
    )


def _centre_fields() -> list[Field]:
    return [
        _ki(lambda c: c),
        Field(
            Column(_("KI"), lambda c: c.name),
            _("Name of the KI (public registry)."),
            "centres.Centre.name",
        ),
        Field(
            Column(_("District key"), lambda c: c.grantee.district.key),
            _("Key of the Kreis or kreisfreie Stadt (AGS, 5 digits)."),
            "territory.District.key",
        ),
        Field(
            Column(_("District kind"), lambda c: c.grantee.kind),
            _("Kreis or kreisfreie Stadt."),
            "territory.Grantee.kind",
            _codes(DistrictKind.choices),
        ),
        Field(
            Column(_("Regierungsbezirk"), lambda c: c.grantee.district.regierungsbezirk.name),
            _("The Regierungsbezirk of the district."),
            "territory.Regierungsbezirk.name",
        ),
        Field(
            Column(_("Status"), lambda c: c.status),
            _("Whether the KI is planned, active or closed."),
            "centres.Centre.status",
            _codes(CentreStatus.choices),
        ),
        Field(
            Column(_("Opened on"), lambda c: c.opened_on, "date"),
            _("The day the KI opened."),
            "centres.Centre.opened_on",
        ),
        Field(
            Column(_("Organisational attachment"), lambda c: c.attachment),
            _("The office of the administration the KI belongs to (public registry)."),
            "centres.Centre.attachment",
        ),
        Field(
            Column(_("Population"), lambda c: c.grantee.population, "integer"),
            _("Population of the KI's area on the reference date."),
            "territory.Grantee.population",
        ),
    ]


# --- network organisations ---------------------------------------------------------------


def _organisation_rows() -> QuerySet[Organisation]:
    return (
        Organisation.objects.filter(merged_into__isnull=True)
        .select_related("centre__grantee", "municipality")
        .order_by("centre__grantee__key", "name", "pk")
    )


def _organisation_ref() -> Field:
    return Field(
        Column(_("Organisation (pseudonym)"), lambda o: pseudonym("organisation", o.pk)),
        _("Stable key of the organisation, the same in every data set."),
        "network.Organisation.pk (HMAC-SHA256)",
        _("O-XXXX-XXXX-XXXX"),
    )


def _organisation_fields() -> list[Field]:
    return [
        _organisation_ref(),
        _ki(lambda o: o.centre),
        Field(
            Column(_("Organisation"), lambda o: o.name),
            _("Name of the organisation (an organisation is no person)."),
            "network.Organisation.name",
        ),
        Field(
            Column(_("Type"), lambda o: o.type),
            _("Kind of organisation."),
            "network.Organisation.type",
            _codes(OrganisationType.choices),
        ),
        Field(
            Column(_("Municipality key"), lambda o: o.municipality and o.municipality.ags),
            _("Official municipality key (AGS) of its seat."),
            "network.Organisation.municipality",
        ),
        Field(
            Column(_("Languages"), lambda o: _joined(o.languages)),
            _("Languages it works in (ISO 639-1, comma-separated)."),
            "network.Organisation.languages",
            _languages(),
        ),
        Field(
            Column(_("Stages"), lambda o: _joined(o.stages)),
            _("Stages of the education chain it works in (comma-separated)."),
            "network.Organisation.stages",
            _codes(Stage.choices),
        ),
        Field(
            Column(_("Active"), lambda o: _yes_no(o.is_active)),
            _("Whether the KI still works with it."),
            "network.Organisation.is_active",
            YES_NO,
        ),
        Field(
            Column(_("In the network since"), lambda o: o.created_at.year, "integer"),
            _("Year the KI recorded it."),
            "network.Organisation.created_at",
        ),
    ]


# --- measures ----------------------------------------------------------------------------


def _measure_ref(measure_of: Callable[[Any], Any]) -> Field:
    return Field(
        Column(_("Measure (pseudonym)"), lambda row: pseudonym("measure", measure_of(row).pk)),
        _("Stable key of the measure, the same in every data set."),
        "measures.Measure.pk (HMAC-SHA256)",
        _("M-XXXX-XXXX-XXXX"),
    )


def _measure_rows() -> QuerySet[Measure]:
    return (
        Measure.objects.select_related("centre__grantee", "programme_type")
        .annotate(partner_count=Count("partners", distinct=True))
        .prefetch_related("municipalities")
        .order_by("centre__grantee__key", "starts_on", "pk")
    )


def _measure_fields() -> list[Field]:
    return [
        _measure_ref(lambda m: m),
        _ki(lambda m: m.centre),
        Field(
            Column(_("Programme"), lambda m: m.programme_type.code),
            _("Programme of the catalogue (Griffbereit, Rucksack …)."),
            "measures.ProgrammeType.code",
        ),
        Field(
            Column(_("Status"), lambda m: m.status),
            _("Status of the measure."),
            "measures.Measure.status",
            _codes(MeasureStatus.choices),
        ),
        Field(
            Column(_("Start"), lambda m: m.starts_on, "date"),
            _("First day."),
            "measures.Measure.starts_on",
        ),
        Field(
            Column(_("End"), lambda m: m.ends_on, "date"),
            _("Last day (empty: open-ended)."),
            "measures.Measure.ends_on",
        ),
        Field(
            Column(
                _("Municipalities"),
                lambda m: _joined(sorted(x.ags for x in m.municipalities.all())),
            ),
            _("Municipality keys (AGS) where it runs, comma-separated."),
            "measures.Measure.municipalities",
        ),
        Field(
            Column(_("Partners"), lambda m: m.partner_count, "integer"),
            _("Number of partner organisations."),
            "measures.Measure.partners",
        ),
        Field(
            Column(_("Funding source"), lambda m: m.funding_source),
            _("Where its own budget comes from."),
            "measures.Measure.funding_source",
            _codes(FundingSource.choices),
        ),
    ]


# --- parent groups and companions --------------------------------------------------------


def _group_rows() -> QuerySet[ParentGroup]:
    present = (
        GroupSession.objects.filter(group=OuterRef("pk"))
        .order_by()
        .values("group")
        .annotate(n=Sum("families_present"))
        .values("n")
    )
    return (
        ParentGroup.objects.select_related(
            "measure__centre__grantee", "measure__programme_type", "institution", "municipality"
        )
        .annotate(
            session_count=_count(GroupSession, "group"),
            families_present=Coalesce(Subquery(present, output_field=IntegerField()), 0),
        )
        .prefetch_related("companions")
        .order_by("measure__centre__grantee__key", "starts_on", "pk")
    )


def _companion_ref(companion: ParentCompanion) -> str:
    return pseudonym("companion", companion.pk)


def _group_fields() -> list[Field]:
    return [
        _measure_ref(lambda g: g.measure),
        _ki(lambda g: g.measure.centre),
        Field(
            Column(_("Programme"), lambda g: g.measure.programme_type.code),
            _("Programme of the group's measure."),
            "measures.ProgrammeType.code",
        ),
        Field(
            Column(_("Institution type"), lambda g: g.institution and g.institution.type),
            _("Kind of institution the group meets at (empty: none recorded)."),
            "network.Organisation.type",
            _codes(OrganisationType.choices),
        ),
        Field(
            Column(_("Municipality key"), lambda g: g.municipality and g.municipality.ags),
            _("Municipality (AGS) the group meets in."),
            "measures.ParentGroup.municipality",
        ),
        Field(
            Column(_("Languages"), lambda g: _joined(g.languages)),
            _("Family languages of the group (ISO 639-1)."),
            "measures.ParentGroup.languages",
            _languages(),
        ),
        Field(
            Column(_("Start"), lambda g: g.starts_on, "date"),
            _("First day of the group."),
            "measures.ParentGroup.starts_on",
        ),
        Field(
            Column(_("End"), lambda g: g.ends_on, "date"),
            _("Last day (empty: running)."),
            "measures.ParentGroup.ends_on",
        ),
        Field(
            Column(_("Families"), lambda g: g.families, "integer"),
            _("Families taking part."),
            "measures.ParentGroup.families",
        ),
        Field(
            Column(_("Sessions"), lambda g: g.session_count, "integer"),
            _("Sessions held."),
            "measures.GroupSession (count)",
        ),
        Field(
            Column(_("Families present (sum)"), lambda g: g.families_present, "integer"),
            _("Families present, summed over the sessions."),
            "measures.GroupSession.families_present (sum)",
        ),
        Field(
            Column(
                _("Parent companions (pseudonyms)"),
                lambda g: _joined(sorted(_companion_ref(c) for c in g.companions.all())),
            ),
            _("The companions leading the group, as in the data set of the companions."),
            "measures.ParentGroup.companions (HMAC-SHA256)",
            _("B-XXXX-XXXX-XXXX, comma-separated"),
        ),
    ]


def _companion_rows() -> QuerySet[ParentCompanion]:
    return (
        ParentCompanion.objects.select_related("centre__grantee")
        .annotate(group_count=Count("groups"))
        .order_by("centre__grantee__key", "pk")
    )


def _companion_fields() -> list[Field]:
    return [
        Field(
            Column(_("Parent companion (pseudonym)"), _companion_ref),
            _("Stable pseudonym of the companion (never the name)."),
            "measures.ParentCompanion.pk (HMAC-SHA256)",
            _("B-XXXX-XXXX-XXXX"),
        ),
        _ki(lambda c: c.centre),
        Field(
            Column(_("Languages"), lambda c: _joined(c.languages)),
            _("Languages the companion works in (ISO 639-1)."),
            "measures.ParentCompanion.languages",
            _languages(),
        ),
        Field(
            Column(_("Qualified in"), lambda c: c.qualified_on and c.qualified_on.year, "integer"),
            _("Year of the qualification (the day is left out)."),
            "measures.ParentCompanion.qualified_on",
        ),
        Field(
            Column(_("Active"), lambda c: _yes_no(c.is_active)),
            _("Whether the companion still leads groups."),
            "measures.ParentCompanion.is_active",
            YES_NO,
        ),
        Field(
            Column(_("Groups"), lambda c: c.group_count, "integer"),
            _("Number of parent groups led."),
            "measures.ParentGroup.companions (count)",
        ),
    ]


# --- events and trainings ----------------------------------------------------------------


def _event_ref(event_of: Callable[[Any], Event]) -> Field:
    return Field(
        Column(_("Event (pseudonym)"), lambda row: pseudonym("event", event_of(row).pk)),
        _("Stable key of the event, the same in both event data sets."),
        "events.Event.pk (HMAC-SHA256)",
        _("V-XXXX-XXXX-XXXX"),
    )


def _event_rows() -> QuerySet[Event]:
    attended = (
        Attendance.objects.filter(registration__event=OuterRef("pk"))
        .order_by()
        .values("registration__event")
        .annotate(n=Count("registration", distinct=True))
        .values("n")
    )
    return (
        Event.objects.exclude(status=EventStatus.DRAFT)
        .select_related("centre__grantee")
        .annotate(
            date_count=_count(EventDate, "event"),
            confirmed=_count(Registration, "event", status=RegistrationStatus.CONFIRMED),
            waiting=_count(Registration, "event", status=RegistrationStatus.WAITING),
            cancelled=_count(Registration, "event", status=RegistrationStatus.CANCELLED),
            attended=Coalesce(Subquery(attended, output_field=IntegerField()), 0),
        )
        .order_by("first_starts_at", "pk")
    )


def _event_fields() -> list[Field]:
    return [
        _event_ref(lambda e: e),
        _ki(lambda e: e.centre),
        Field(
            Column(_("Kind"), lambda e: e.kind),
            _("Kind of event."),
            "events.Event.kind",
            _codes(EventKind.choices),
        ),
        Field(
            Column(_("Audience"), lambda e: e.audience),
            _("Whom it is for."),
            "events.Event.audience",
            _codes(Audience.choices),
        ),
        Field(
            Column(_("Status"), lambda e: e.status),
            _("Published or cancelled (drafts are left out)."),
            "events.Event.status",
            _codes(
                [
                    (EventStatus.PUBLISHED, EventStatus.PUBLISHED.label),
                    (EventStatus.CANCELLED, EventStatus.CANCELLED.label),
                ]
            ),
        ),
        Field(
            Column(_("Starts"), lambda e: e.first_starts_at, "date"),
            _("Day of the first date."),
            "events.Event.first_starts_at",
        ),
        Field(
            Column(_("Ends"), lambda e: e.last_ends_at, "date"),
            _("Day of the last date."),
            "events.Event.last_ends_at",
        ),
        Field(
            Column(_("Dates"), lambda e: e.date_count, "integer"),
            _("Number of dates."),
            "events.EventDate (count)",
        ),
        Field(
            Column(_("Places"), lambda e: e.capacity, "integer"),
            _("Places offered."),
            "events.Event.capacity",
        ),
        Field(
            Column(_("Registrations confirmed"), lambda e: e.confirmed, "integer"),
            _("Registrations with a confirmed place."),
            "events.Registration.status = confirmed (count)",
        ),
        Field(
            Column(_("On the waiting list"), lambda e: e.waiting, "integer"),
            _("Registrations waiting for a place."),
            "events.Registration.status = waiting (count)",
        ),
        Field(
            Column(_("Cancelled"), lambda e: e.cancelled, "integer"),
            _("Registrations cancelled."),
            "events.Registration.status = cancelled (count)",
        ),
        Field(
            Column(_("Attended"), lambda e: e.attended, "integer"),
            _("Participants present on at least one date."),
            "events.Attendance (distinct registrations)",
        ),
    ]


def _participant_rows() -> QuerySet[Registration]:
    return (
        Registration.objects.exclude(event__status=EventStatus.DRAFT)
        .select_related("event", "user__partner_membership__organisation")
        .annotate(days_attended=_count(Attendance, "registration"))
        .order_by("event__first_starts_at", "event_id", "pk")
    )


def _organisation_kind(registration: Registration) -> str:
    """The kind of the participant's organisation where the platform knows it: a partner
    account's organisation. The organisation typed at registration is free text: left out."""
    user = registration.user
    membership = getattr(user, "partner_membership", None) if user is not None else None
    return membership.organisation.type if membership is not None else ""


def _participant(registration: Registration) -> str:
    if registration.anonymised_at is not None:
        return ""
    return pseudonym("participant", registration.email)


def _participant_fields() -> list[Field]:
    return [
        _event_ref(lambda r: r.event),
        Field(
            Column(_("Participant (pseudonym)"), _participant),
            _(
                "Stable pseudonym of the person (keyed hash of the e-mail address): the same "
                "person registering twice has the same one. Empty once the registration was "
                "anonymised under the retention rule."
            ),
            "events.Registration.email (HMAC-SHA256)",
            _("T-XXXX-XXXX-XXXX"),
        ),
        Field(
            Column(_("Status"), lambda r: r.status),
            _("Status of the registration."),
            "events.Registration.status",
            _codes(RegistrationStatus.choices),
        ),
        Field(
            Column(_("Organisation type"), _organisation_kind),
            _("Kind of the participant's organisation, where a partner account registered."),
            "network.Organisation.type",
            _codes(OrganisationType.choices),
        ),
        Field(
            Column(_("Days attended"), lambda r: r.days_attended, "integer"),
            _("Dates the person was present."),
            "events.Attendance (count)",
        ),
    ]


# --- interpreter assignments and counselling ---------------------------------------------


def _assignment_rows() -> QuerySet[InterpreterAssignment]:
    return InterpreterAssignment.objects.select_related(
        "measure__centre__grantee", "institution"
    ).order_by("measure__centre__grantee__key", "held_on", "pk")


def _interpreter(assignment: InterpreterAssignment) -> str:
    name = assignment.interpreter.strip()
    return pseudonym("interpreter", f"{assignment.measure.centre_id}:{name}") if name else ""


def _assignment_fields() -> list[Field]:
    return [
        _measure_ref(lambda a: a.measure),
        _ki(lambda a: a.measure.centre),
        Field(
            Column(_("Date"), lambda a: a.held_on, "date"),
            _("Day of the assignment."),
            "measures.InterpreterAssignment.held_on",
        ),
        Field(
            Column(_("Language"), lambda a: a.language),
            _("Language interpreted (ISO 639-1)."),
            "measures.InterpreterAssignment.language",
            _languages(),
        ),
        Field(
            Column(_("Hours"), lambda a: a.hours, "decimal"),
            _("Length in hours."),
            "measures.InterpreterAssignment.hours",
        ),
        Field(
            Column(_("Purpose"), lambda a: a.purpose),
            _("What the interpreting was for."),
            "measures.InterpreterAssignment.purpose",
            _codes(InterpretingPurpose.choices),
        ),
        Field(
            Column(_("Institution type"), lambda a: a.institution and a.institution.type),
            _("Kind of institution (empty: none recorded)."),
            "network.Organisation.type",
            _codes(OrganisationType.choices),
        ),
        Field(
            Column(_("Interpreter (pseudonym)"), _interpreter),
            _("Stable pseudonym of the interpreter within the KI (keyed hash of the name)."),
            "measures.InterpreterAssignment.interpreter (HMAC-SHA256)",
            _("S-XXXX-XXXX-XXXX; empty: not recorded"),
        ),
    ]


def _counselling_rows() -> QuerySet[CounsellingContact]:
    return CounsellingContact.objects.select_related("measure__centre__grantee", "school").order_by(
        "measure__centre__grantee__key", "held_on", "pk"
    )


def _counselling_fields() -> list[Field]:
    return [
        _measure_ref(lambda c: c.measure),
        _ki(lambda c: c.measure.centre),
        Field(
            Column(_("Date"), lambda c: c.held_on, "date"),
            _("Day of the contact."),
            "measures.CounsellingContact.held_on",
        ),
        Field(
            Column(_("Topic"), lambda c: c.topic),
            _("What the school was advised on."),
            "measures.CounsellingContact.topic",
            _codes(CounsellingTopic.choices),
        ),
        Field(
            Column(_("Form"), lambda c: c.form),
            _("How the contact took place."),
            "measures.CounsellingContact.form",
            _codes(ContactForm.choices),
        ),
        Field(
            Column(_("School (pseudonym)"), lambda c: pseudonym("organisation", c.school_id)),
            _("The school, as in the data set of the network organisations."),
            "measures.CounsellingContact.school (HMAC-SHA256)",
            _("O-XXXX-XXXX-XXXX"),
        ),
        Field(
            Column(_("Outcome recorded"), lambda c: _yes_no(bool(c.outcome.strip()))),
            _("Whether the KI wrote down an outcome; the text itself is withheld (free text)."),
            "measures.CounsellingContact.outcome",
            YES_NO,
        ),
    ]


# --- funding -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Granted:
    centre: Centre
    year: int
    amount: Decimal
    kind: str


def _funding_rows() -> list[Granted]:
    """The amount the decision in force (the newest of each application: an amendment
    replaces the one it amends) grants per KI and year; rejections grant nothing."""
    decisions = (
        Decision.objects.select_related("application__centre__grantee")
        .prefetch_related("amounts")
        .order_by("application_id", "-issued_at", "-pk")
    )
    seen: set[int] = set()
    totals: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    kinds: dict[tuple[int, int], str] = {}
    centres: dict[int, Centre] = {}
    for decision in decisions:
        if decision.application_id in seen:
            continue
        seen.add(decision.application_id)
        if decision.kind == DecisionKind.REJECTION:
            continue
        centre = decision.application.centre
        centres[centre.pk] = centre
        for row in decision.amounts.all():
            totals[(centre.pk, row.year)] += row.amount
            kinds[(centre.pk, row.year)] = decision.kind
    return [
        Granted(centres[c], year, amount, kinds[(c, year)])
        for (c, year), amount in sorted(
            totals.items(), key=lambda item: (centres[item[0][0]].grantee.key, item[0][1])
        )
    ]


def _funding_fields() -> list[Field]:
    return [
        _ki(lambda g: g.centre),
        Field(
            Column(_("Funding year"), lambda g: g.year, "integer"),
            _("The funding year."),
            "funding.DecisionAmount.year",
        ),
        Field(
            Column(_("Granted (euros)"), lambda g: g.amount, "money"),
            _("Amount granted for the year by the decisions in force."),
            "funding.DecisionAmount.amount",
        ),
        Field(
            Column(_("Decision kind"), lambda g: g.kind),
            _("Kind of the decision in force (an amendment replaces the decision it amends)."),
            "funding.Decision.kind",
            _codes(
                [
                    (DecisionKind.GRANT, DecisionKind.GRANT.label),
                    (DecisionKind.AMENDMENT, DecisionKind.AMENDMENT.label),
                ]
            ),
        ),
    ]


# --- controlling ---------------------------------------------------------------------------


def _controlling_rows() -> QuerySet[ReportValue]:
    """Every value of the KIs' accepted controlling reports (the latest accepted revision per
    KI and period: `controlling.reports.accepted_reports`)."""
    return (
        ReportValue.objects.filter(report__in=accepted_reports().values("pk"))
        .select_related(
            "report__centre__grantee", "report__period", "indicator", "version__from_period"
        )
        .order_by(
            "report__centre__grantee__key",
            "report__period__starts_on",
            "report__period__kind",
            "indicator__order",
            "indicator__code",
        )
    )


def _parts(value: ReportValue) -> str:
    """The split as `split:category=value` pairs in a stable order (counts, no free text)."""
    return "; ".join(
        f"{split}:{category}={amount}"
        for split, categories in sorted((value.parts or {}).items())
        for category, amount in sorted(categories.items())
    )


def _controlling_fields() -> list[Field]:
    return [
        _ki(lambda v: v.report.centre),
        Field(
            Column(_("Period kind"), lambda v: v.report.period.kind),
            _("Half-year or year the report is on."),
            "controlling.ReportingPeriod.kind",
            _codes(PeriodKind.choices),
        ),
        Field(
            Column(_("Period start"), lambda v: v.report.period.starts_on, "date"),
            _("First day of the reporting period."),
            "controlling.ReportingPeriod.starts_on",
        ),
        Field(
            Column(_("Revision"), lambda v: v.report.revision, "integer"),
            _("Revision of the report the value comes from (a correction is a later one)."),
            "controlling.Report.revision",
        ),
        Field(
            Column(_("Indicator"), lambda v: v.indicator.code),
            _("Code of the indicator (the catalogue at /api/v1/controlling/indicators)."),
            "controlling.Indicator.code",
        ),
        Field(
            Column(_("Definition valid from"), lambda v: v.version.valid_from, "date"),
            _("First day of the indicator version (definition) the value was reported under."),
            "controlling.IndicatorVersion.from_period",
        ),
        Field(
            Column(_("Value"), lambda v: v.value, "decimal"),
            _("The accepted value (empty: not reported)."),
            "controlling.ReportValue.value",
        ),
        Field(
            Column(_("Computed"), lambda v: _yes_no(v.computed)),
            _("Whether the value was counted from the platform's records, not typed."),
            "controlling.ReportValue.computed",
            YES_NO,
        ),
        Field(
            Column(_("Split"), _parts),
            _("The value split by sex, age group, stage, language or topic, where reported."),
            "controlling.ReportValue.parts",
            _("split:category=value; …"),
        ),
    ]


TOPICS: dict[str, Topic] = {
    topic.slug: topic
    for topic in (
        Topic(
            "zentren",
            _("Integration centres"),
            _("The 54 KIs with their district, Regierungsbezirk and registry facts."),
            _("Contact data (address, e-mail, telephone, website) and the staff are left out."),
            _centre_rows,
            _centre_fields,
            Centre,
        ),
        Topic(
            "netzwerk",
            _("Network organisations"),
            _("The KIs' partner organisations by type, languages and stages."),
            _(
                "Address, e-mail, telephone, website, areas of work (free text) and every "
                "contact person are left out."
            ),
            _organisation_rows,
            _organisation_fields,
            Organisation,
        ),
        Topic(
            "massnahmen",
            _("Measures"),
            _(
                "The measures along the education chain: programme, period, municipalities, "
                "partners, status."
            ),
            _("Title, goals, places, budget notes (free text) and documents are left out."),
            _measure_rows,
            _measure_fields,
            Measure,
        ),
        Topic(
            "elterngruppen",
            _("Parent groups and sessions"),
            _("Griffbereit and Rucksack groups with their families and sessions (counts)."),
            _("The site (free text), session topics and companions' names are left out."),
            _group_rows,
            _group_fields,
            ParentGroup,
        ),
        Topic(
            "elternbegleitung",
            _("Parent companions"),
            _("The companions who lead the groups: pseudonym, languages, year of qualification."),
            _("Names are left out; the day of qualification is cut to its year."),
            _companion_rows,
            _companion_fields,
            ParentCompanion,
        ),
        Topic(
            "veranstaltungen",
            _("Events and trainings"),
            _("Kind, dates, places, registrations and attendance (counts)."),
            _("Title, description, place and online address (free text) are left out; drafts too."),
            _event_rows,
            _event_fields,
            Event,
        ),
        Topic(
            "teilnahmen",
            _("Participations in events"),
            _("One row per registration: the person as a pseudonym, status, attendance."),
            _(
                "Names, e-mail addresses, the organisation typed (free text) and accessibility "
                "needs are left out."
            ),
            _participant_rows,
            _participant_fields,
            Registration,
        ),
        Topic(
            "sprachmittlung",
            _("Interpreter assignments"),
            _("Language, hours, purpose and institution type of each assignment."),
            _("The interpreter's name is replaced by a pseudonym; the institution by its type."),
            _assignment_rows,
            _assignment_fields,
            InterpreterAssignment,
        ),
        Topic(
            "beratung",
            _("Counselling of schools"),
            _("Topic, form and date of each counselling contact."),
            _("The outcome (free text) and who recorded it are left out."),
            _counselling_rows,
            _counselling_fields,
            CounsellingContact,
        ),
        Topic(
            "foerderung",
            _("Funding"),
            _("The amounts granted per KI and funding year by the decisions in force."),
            _("Reasons, conditions and file numbers are left out."),
            _funding_rows,
            _funding_fields,
            Decision,
        ),
        Topic(
            "controlling",
            _("Controlling figures"),
            _(
                "The values of the KIs' accepted controlling reports per period and indicator, "
                "in the latest accepted revision."
            ),
            _("The comments on the values (free text) and who entered them are left out."),
            _controlling_rows,
            _controlling_fields,
            ReportValue,
        ),
    )
}


def topic_for(slug: str) -> Topic | None:
    return TOPICS.get(slug)


def row_count(rows: QuerySet[Any] | list[Any]) -> int:
    return rows.count() if isinstance(rows, QuerySet) else len(rows)


def bounded(rows: QuerySet[Any] | list[Any], limit: int) -> Iterable[Any]:
    """The rows to write: a queryset read in chunks (with its prefetches), at most `limit`."""
    if isinstance(rows, QuerySet):
        return rows[:limit].iterator(chunk_size=500)
    return rows[:limit]


def labels(fields: Iterable[Field]) -> Mapping[str, Any]:
    return {str(f.header): f for f in fields}
