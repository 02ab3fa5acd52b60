"""Writes of the guide: an offer with its texts per language, locations and course details,
and its workflow (draft → in review → published → archived). Every function checks its caller,
writes one audit event and locks the offer where two people could race."""

from __future__ import annotations

import datetime
import hashlib
import json
import uuid as uuid_module
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.core import audit
from teilhabe.core.actions import Refusal, locked, move, require
from teilhabe.network import access as network_access
from teilhabe.network.models import LANGUAGES as SPOKEN
from teilhabe.network.models import Organisation, validate_codes

from . import access, rules, sanitise
from .models import (
    COURSE_FIELDS,
    FEEDBACK_MAX_LENGTH,
    FEEDBACK_RETENTION_DAYS,
    LANGUAGES,
    LAT_MAX,
    LAT_MIN,
    LON_MAX,
    LON_MIN,
    MAX_LOCATIONS,
    Category,
    CostKind,
    Feedback,
    LanguageCourse,
    Location,
    Offer,
    OfferStatus,
    OfferText,
    TargetGroup,
    text_field,
)
from .models import TEXT_FIELDS as TEXT_FIELDS
from .models import TEXT_LIMITS as TEXT_LIMITS
from .search import index as search_index

OFFER_FIELDS = (
    "category",
    "provider",
    "source_language",
    "target_groups",
    "languages",
    "cost",
    "cost_amount",
    "registration_until",
    "free_places",
    "contact_name",
    "contact_email",
    "contact_phone",
    "website",
    "next_start",
    "hours_per_week",
)
LOCATION_FIELDS = (
    "name",
    "street",
    "postcode",
    "municipality",
    "lat",
    "lon",
    "step_free",
    "languages",
)
ACTIONS: dict[str, str] = {
    OfferStatus.IN_REVIEW: "offer.submitted",
    OfferStatus.PUBLISHED: "offer.published",
    OfferStatus.ARCHIVED: "offer.archived",
}


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal | datetime.date):
        return str(value)
    return value


def snapshot(offer: Offer) -> dict[str, Any]:
    """The offer as the public sees it once published: JSON, compared field by field in the
    review queue (`rules.diff_snapshots`)."""
    course = getattr(offer, "course", None) if hasattr(offer, "course") else None
    return compose_snapshot(
        offer, offer.locations.order_by("pk"), offer.texts.order_by("language"), course
    )


def compose_snapshot(
    offer: Offer,
    locations: Iterable[Location],
    texts: Iterable[OfferText],
    course: LanguageCourse | None,
) -> dict[str, Any]:
    """`snapshot` from parts in memory (locations in order of their keys, texts by language):
    the bulk writer composes many without a query each."""
    fields = {name: _plain(v) for name, v in audit.snapshot(offer, OFFER_FIELDS).items()}
    return {
        "offer": fields,
        "course": course.as_dict() if course is not None else None,
        "locations": [
            {"uuid": str(loc.uuid), **audit.snapshot(loc, LOCATION_FIELDS)} for loc in locations
        ],
        "texts": {
            text.language: {name: getattr(text, name) for name in TEXT_FIELDS} for text in texts
        },
    }


def _check(condition: bool, field: str, message: Any, code: str) -> None:
    if not condition:
        raise ValidationError({field: ValidationError(message, code=code)})


def _checked(by: User | None, rule: Any, *args: Any) -> None:
    """`require` for a person; `by=None` is the system (the operators' `import_offers`
    command, audited as "system"), which acts with the KI's rights."""
    if by is not None:
        require(by, rule, *args)


def _acts_for_ki(by: User | None, centre_id: int) -> bool:
    return by is None or access.may_manage_guide(by, centre_id)


def _clean_offer(centre: Centre, data: dict[str, Any], *, by: User | None) -> dict[str, Any]:
    data = {name: data.get(name) for name in OFFER_FIELDS}
    category = data["category"]
    _check(
        isinstance(category, Category) and category.is_active,
        "category",
        _("Choose an active category."),
        "inactive_category",
    )
    provider = data["provider"]
    if by is not None and not access.may_manage_guide(by, centre.pk):  # a partner: as its org
        own = network_access.partner_organisation_id(by)
        provider = Organisation.objects.filter(pk=own).first() if own is not None else None
    _check(
        provider is None
        or (isinstance(provider, Organisation) and provider.centre_id == centre.pk),
        "provider",
        _("The provider must be a partner organisation of this KI."),
        "provider_outside_ki",
    )
    data["provider"] = provider
    _check(
        data["source_language"] in LANGUAGES,
        "source_language",
        _("Choose a language."),
        "unknown_language",
    )
    data["target_groups"] = validate_codes(
        data["target_groups"] or [],
        TargetGroup.values,
        limit=len(TargetGroup),
        code="unknown_target_group",
    )
    data["languages"] = validate_codes(
        data["languages"] or [], SPOKEN, limit=len(SPOKEN), code="unknown_language"
    )
    if data["cost"] == CostKind.AMOUNT:
        _check(
            data["cost_amount"] is not None and data["cost_amount"] > 0,
            "cost_amount",
            _("Enter the fee, or choose “free of charge”."),
            "amount_missing",
        )
    else:
        data["cost"], data["cost_amount"] = CostKind.FREE, None
    hours = data["hours_per_week"]
    _check(
        hours is None or Decimal(0) < hours <= 168,
        "hours_per_week",
        _("Enter between 0.5 and 168 hours."),
        "out_of_range",
    )
    for name in ("contact_name", "contact_email", "contact_phone", "website"):
        data[name] = (data[name] or "").strip()
    return data


def _clean_texts(
    texts: Mapping[str, Mapping[str, Any]], source_language: str
) -> dict[str, dict[str, str]]:
    cleaned: dict[str, dict[str, str]] = {}
    for language, values in texts.items():
        _check(language in LANGUAGES, "texts", _("Unknown language."), "unknown_language")
        text = {name: str(values.get(name) or "").strip() for name in TEXT_FIELDS}
        if not any(text.values()):
            continue  # an empty section: no text in this language
        _check(bool(text["title"]), f"title_{language}", _("Enter a title."), "title_missing")
        for name, limit in TEXT_LIMITS.items():
            _check(
                len(text[name]) <= limit,
                f"{name}_{language}",
                _("At most 20,000 characters.")
                if name == "description"
                else _("At most %(n)d characters.") % {"n": limit},
                "too_long",
            )
        text["description"] = sanitise.clean(text["description"])
        cleaned[language] = text
    _check(
        source_language in cleaned,
        f"title_{source_language}",
        _("Enter the title in the source language."),
        "source_text_missing",
    )
    return cleaned


def _clean_locations(
    centre: Centre, locations: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    _check(
        len(locations) <= MAX_LOCATIONS,
        "locations",
        _("At most 20 locations."),
        "too_many_locations",
    )
    area = set(centre.grantee.municipalities().values_list("pk", flat=True))
    cleaned = []
    for row in locations:
        row = {name: row.get(name) for name in ("uuid", *LOCATION_FIELDS)}
        municipality = row["municipality"]
        _check(
            municipality is not None and municipality.pk in area,
            "locations",
            _("The location must lie in a municipality of the KI's area."),
            "municipality_outside_area",
        )
        lat, lon = row["lat"], row["lon"]
        _check(
            (lat is None) == (lon is None),
            "locations",
            _("Enter both coordinates or neither."),
            "coordinates_incomplete",
        )
        if lat is not None:
            _check(
                LAT_MIN <= lat <= LAT_MAX and LON_MIN <= lon <= LON_MAX,
                "locations",
                _("The coordinates lie outside North Rhine-Westphalia."),
                "outside_nrw",
            )
        row["languages"] = validate_codes(
            row["languages"] or [], SPOKEN, limit=len(SPOKEN), code="unknown_language"
        )
        cleaned.append(row)
    return cleaned


def _clean_course(category: Category, course: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if not category.is_language_course:
        return None
    _check(course is not None, "course_type", _("Enter the course details."), "course_missing")
    assert course is not None
    data = {name: course.get(name) for name in COURSE_FIELDS}
    _check(
        category.code in ("language_courses", f"course_{data['course_type']}"),
        "course_type",
        _("The course type must match the category."),
        "course_type_mismatch",
    )
    places, taken = data["places"] or 0, data["places_taken"] or 0
    data["places"], data["places_taken"] = places, taken
    _check(
        taken <= places,
        "places_taken",
        _("More places taken than the course has."),
        "places_taken_above_places",
    )
    if data["starts_on"] and data["ends_on"]:
        _check(
            data["ends_on"] >= data["starts_on"],
            "ends_on",
            _("The end lies before the start."),
            "ends_before_start",
        )
    data["childcare"] = bool(data["childcare"])
    data["free_with_entitlement"] = bool(data["free_with_entitlement"])
    return data


def _write_parts(
    offer: Offer,
    *,
    by: User | None,
    texts: dict[str, dict[str, str]],
    locations: list[dict[str, Any]],
    course: dict[str, Any] | None,
) -> None:
    now = timezone.now()
    existing = {text.language: text for text in offer.texts.all()}
    source = existing.get(offer.source_language)
    source_version = source.version if source is not None else 1
    new_source = texts[offer.source_language]
    if source is not None and any(getattr(source, n) != new_source[n] for n in TEXT_FIELDS):
        source_version += 1  # the words changed: translations made before are outdated
    for language, values in texts.items():
        text = existing.pop(language, None)
        changed = text is None or any(getattr(text, n) != values[n] for n in TEXT_FIELDS)
        if not changed and language != offer.source_language:
            continue  # an untouched translation keeps the version it was made from
        if text is None:
            text = OfferText(offer=offer, language=language)
        for name, value in values.items():
            setattr(text, name, value)
        text.version = source_version if language == offer.source_language else text.version
        text.source_version = source_version
        if changed:  # a person wrote it
            text.machine_made, text.reviewed_by, text.reviewed_at = False, by, now
        text.save()
    OfferText.objects.filter(pk__in=[t.pk for t in existing.values()]).delete()
    kept = {str(loc.uuid): loc for loc in offer.locations.all()}
    keep_pks = []
    for row in locations:
        loc = kept.get(str(row.get("uuid") or ""))
        if loc is None:  # a new place; an import brings its own id (HSDS location.id)
            loc = Location(offer=offer)
            if isinstance(row.get("uuid"), uuid_module.UUID):
                loc.uuid = row["uuid"]
        for name in LOCATION_FIELDS:
            setattr(loc, name, row[name])
        loc.save()
        keep_pks.append(loc.pk)
    offer.locations.exclude(pk__in=keep_pks).delete()
    if course is None:
        LanguageCourse.objects.filter(offer=offer).delete()
    else:
        LanguageCourse.objects.update_or_create(offer=offer, defaults=course)


def _changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> audit.Changes:
    return {
        f"{c.section}.{c.field}": {"from": c.before, "to": c.after}
        for c in rules.diff_snapshots(before, after)
    }


def _publish_fields(offer: Offer) -> dict[str, Any]:
    return {
        "published_snapshot": snapshot(offer),
        "published_at": timezone.now(),
        "last_reviewed_on": timezone.localdate(),
        "review_notified": "",  # reviewed: a later review age is notified afresh
    }


def check_offer(
    centre: Centre,
    *,
    data: dict[str, Any],
    texts: Mapping[str, Mapping[str, Any]],
    locations: Sequence[Mapping[str, Any]] = (),
    course: Mapping[str, Any] | None = None,
) -> None:
    """The checks `add_offer` and `update_offer` make, without a write (an import's preview:
    its rows show the services' refusals before anything is written)."""
    values = _clean_offer(centre, data, by=None)
    _clean_texts(texts, values["source_language"])
    _clean_locations(centre, locations)
    _clean_course(values["category"], course)


@transaction.atomic
def add_offer(
    centre: Centre,
    *,
    by: User | None,
    data: dict[str, Any],
    texts: Mapping[str, Mapping[str, Any]],
    locations: Sequence[Mapping[str, Any]] = (),
    course: Mapping[str, Any] | None = None,
    uuid: uuid_module.UUID | None = None,
    extra: Mapping[str, Any] | None = None,
) -> Offer:
    """A new draft offer of the KI; a partner account's is its own organisation's. An import
    gives the offer's `uuid` (the source's id) and `extra` (what the source has that the guide
    lacks, `Offer.hsds_extra`); `by=None` is the system (see `_checked`)."""
    _checked(by, _may_add, centre)
    values = _clean_offer(centre, data, by=by)
    cleaned_texts = _clean_texts(texts, values["source_language"])
    cleaned_locations = _clean_locations(centre, locations)
    cleaned_course = _clean_course(values["category"], course)
    offer = Offer(centre=centre, created_by=by, hsds_extra=dict(extra or {}), **values)
    if uuid is not None:
        offer.uuid = uuid
    offer.save()
    _write_parts(
        offer, by=by, texts=cleaned_texts, locations=cleaned_locations, course=cleaned_course
    )
    changes = _changes({}, snapshot(offer))
    if offer.hsds_extra:
        changes["hsds_extra"] = {"from": None, "to": offer.hsds_extra}
    audit.record(offer, "offer.added", actor=by, changes=changes, centre_id=centre.pk)
    return offer


def _may_add(user: Any, centre: Centre) -> bool:
    if access.may_manage_guide(user, centre.pk):
        return True
    own = network_access.partner_organisation_id(user)
    return own is not None and Organisation.objects.filter(pk=own, centre=centre).exists()


def _stale() -> ValidationError:
    return ValidationError(
        _(
            "Someone else has saved a change to this offer meanwhile. Your entries are kept "
            "below; open the offer in a new tab, compare, and save again."
        ),
        code="stale",
    )


@transaction.atomic
def update_offer(
    offer: Offer,
    *,
    by: User | None,
    data: dict[str, Any],
    texts: Mapping[str, Mapping[str, Any]],
    locations: Sequence[Mapping[str, Any]] = (),
    course: Mapping[str, Any] | None = None,
    expected_version: int | None = None,
    extra: Mapping[str, Any] | None = None,
) -> Offer:
    """Change an offer with its texts, locations and course. A partner's change of a
    published offer goes to review (the public keeps the published version meanwhile); the
    KI's own change of a published offer is published at once (the KI publishes anyway).
    `extra` (an import's) replaces `Offer.hsds_extra`; None leaves it."""
    _checked(by, access.may_edit_offer, offer)
    offer = locked(Offer, offer.pk)
    _checked(by, access.may_edit_offer, offer)
    if expected_version is not None and offer.lock_version != expected_version:
        raise _stale()
    if offer.status == OfferStatus.ARCHIVED:
        raise ValidationError(
            _("An archived offer is reopened before it is changed."), code="wrong_status"
        )
    before = snapshot(offer)
    values = _clean_offer(offer.centre, data, by=by)
    cleaned_texts = _clean_texts(texts, values["source_language"])
    cleaned_locations = _clean_locations(offer.centre, locations)
    cleaned_course = _clean_course(values["category"], course)
    for name, value in values.items():
        setattr(offer, name, value)
    extra_before = offer.hsds_extra
    if extra is not None:
        offer.hsds_extra = dict(extra)
    offer.lock_version += 1
    offer.save()
    _write_parts(
        offer, by=by, texts=cleaned_texts, locations=cleaned_locations, course=cleaned_course
    )
    after = snapshot(offer)
    changes = _changes(before, after)
    if offer.hsds_extra != extra_before:
        changes["hsds_extra"] = {"from": extra_before, "to": offer.hsds_extra}
    partner = not _acts_for_ki(by, offer.centre_id)
    if offer.status == OfferStatus.PUBLISHED and changes:
        if partner:
            offer.status = OfferStatus.IN_REVIEW
            changes["status"] = {"from": OfferStatus.PUBLISHED, "to": OfferStatus.IN_REVIEW}
            offer.save(update_fields=["status", "updated_at"])
        else:
            for name, value in _publish_fields(offer).items():
                setattr(offer, name, value)
            offer.save(
                update_fields=[
                    "published_snapshot",
                    "published_at",
                    "last_reviewed_on",
                    "review_notified",
                    "updated_at",
                ]
            )
    audit.record(offer, "offer.updated", actor=by, changes=changes, centre_id=offer.centre_id)
    search_index.reindex_offer(offer)  # the KI's change republished it, or nothing moved
    return offer


@transaction.atomic
def change_status(
    offer: Offer, *, by: User | None, to: str, expected_version: int | None = None
) -> Offer:
    """One workflow step as `rules.TRANSITIONS` allows it to the caller; publishing takes the
    snapshot the public page shows and the review queue compares against. The system
    (`by=None`) takes the KI's steps."""
    _checked(by, access.may_edit_offer, offer)
    offer = locked(Offer.objects.select_related("centre"), offer.pk)
    if expected_version is not None and offer.lock_version != expected_version:
        raise _stale()
    if by is None:
        allowed = rules.may_transition(offer.status, to, rules.KI)
    else:
        allowed = access.may_transition(by, offer, to)
    if not allowed:
        if (
            by is not None
            and access.actor_kind(by, offer) == rules.PARTNER
            and to != OfferStatus.IN_REVIEW
        ):
            raise Refusal()
        raise ValidationError(
            _("This step is not possible in the offer's status."), code="wrong_status"
        )
    fields = _publish_fields(offer) if to == OfferStatus.PUBLISHED else {}
    changes: audit.Changes = {}
    if fields:  # the audit names what the publication changed against the last one
        changes = _changes(offer.published_snapshot or {}, fields["published_snapshot"])
    action = ACTIONS.get(to) or (
        "offer.reopened" if offer.status == OfferStatus.ARCHIVED else "offer.returned"
    )
    before = checksum(offer.published_snapshot)
    diff = move(offer, to=to, allowed=[offer.status], fields=fields)
    # The snapshot itself stays out of the event: it repeats the offer (the changes above name
    # what differs) and is heavy; its checksum says which published version this was.
    if diff.pop("published_snapshot", None) is not None:
        diff["published_snapshot_sha256"] = {
            "from": before,
            "to": checksum(offer.published_snapshot),
        }
    audit.record(offer, action, actor=by, changes={**diff, **changes}, centre_id=offer.centre_id)
    search_index.reindex_offer(offer)  # published, archived or reopened: the public set moved
    return offer


def checksum(published: Mapping[str, Any] | None) -> str | None:
    """The SHA-256 of a published snapshot (canonical JSON), None for none."""
    if not published:
        return None
    text = json.dumps(published, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


@transaction.atomic
def review_translation(text: OfferText, *, by: User) -> OfferText:
    """A person has checked a machine-made or outdated translation against its source: it is
    no longer machine-made, and it counts as made from the source's current version."""
    offer = locked(Offer, text.offer_id)
    require(by, access.may_edit_offer, offer)
    text = OfferText.objects.select_for_update().get(pk=text.pk, offer=offer)
    source = OfferText.objects.filter(offer=offer, language=offer.source_language).first()
    if source is None or source.pk == text.pk:
        raise ValidationError(_("The source text is not a translation."), code="not_a_translation")
    if not text.machine_made and not text.outdated_against(source):
        raise ValidationError(
            _("This translation is already reviewed and up to date."), code="already_reviewed"
        )
    fields = {
        "machine_made": False,
        "source_version": source.version,
        "reviewed_by": by,
        "reviewed_at": timezone.now(),
    }
    before = audit.snapshot(text, fields)
    for name, value in fields.items():
        setattr(text, name, value)
    text.save(update_fields=[*fields, "updated_at"])
    diff = audit.diff(before, audit.snapshot(text, fields))
    changes = {f"{text.language}.{name}": change for name, change in diff.items()}
    audit.record(
        offer, "offer.translation_reviewed", actor=by, changes=changes, centre_id=offer.centre_id
    )
    return text


def review_changes(offer: Offer) -> list[rules.Change]:
    """What changed since the published version (everything, for an offer never published)."""
    return rules.diff_snapshots(offer.published_snapshot or {}, snapshot(offer))


# --- machine translation and XLIFF (issue 19, "Languages") ----------------------------------

JOB_BLOCKS_HOURS = 1


def _republish(offer: Offer) -> audit.Changes:
    """A published offer shows a changed translation at once (the KI's own change, as in
    `update_offer`); an offer in review or a draft keeps its snapshot. The changes of the
    publication, for the audit event."""
    if offer.status != OfferStatus.PUBLISHED:
        return {}
    before = offer.published_snapshot or {}
    fields = _publish_fields(offer)
    for name, value in fields.items():
        setattr(offer, name, value)
    offer.save(update_fields=[*fields, "updated_at"])
    return {f"published.{k}": v for k, v in _changes(before, fields["published_snapshot"]).items()}


def _translation_target(offer: Offer, target: str) -> None:
    _check(target in LANGUAGES, "language", _("Unknown language."), "unknown_language")
    _check(
        target != offer.source_language,
        "language",
        _("The source text is not translated into its own language."),
        "source_language",
    )


def machine_translate(
    offer: Offer,
    *,
    by: User,
    target: str,
    overwrite: bool = False,
    translator: Any = None,
) -> OfferText:
    """The offer's text in `target`, translated by the configured machine translator (or
    `translator`): stored as machine-made, made from the source's current version, not
    reviewed. Only the KI's own people (the service costs the KI; a partner asks its KI). A
    human translation that is up to date is only replaced with `overwrite=True`. The provider
    is asked outside any transaction; the write checks that the source did not change meanwhile.
    """
    from . import translation

    require(by, lambda user, o: access.may_manage_guide(user, o.centre_id), offer)
    _translation_target(offer, target)
    translator = translator or translation.configured()
    if translator is None:
        raise ValidationError(_("No machine translation is configured."), code="no_translator")
    source = OfferText.objects.filter(offer=offer, language=offer.source_language).first()
    if source is None:
        raise ValidationError(_("The offer has no source text."), code="source_text_missing")
    existing = OfferText.objects.filter(offer=offer, language=target).first()
    if existing is not None and not overwrite and existing.is_current_human(source):
        raise _human_translation()
    try:
        values = translation.translate_fields(
            translator,
            {name: getattr(source, name) for name in TEXT_FIELDS},
            source=offer.source_language,
            target=target,
        )
    except translation.TranslationError as e:
        raise ValidationError(e.message, code=e.code) from None
    for name, limit in TEXT_LIMITS.items():
        if len(values[name]) > limit:
            raise ValidationError(
                _(
                    "The machine translation of “%(field)s” has %(length)s characters, "
                    "the field allows %(limit)s. Please shorten it in the source text or "
                    "translate this language by hand."
                ),
                code="too_long",
                params={
                    "field": text_field(name).verbose_name,
                    "length": number_format(len(values[name]), force_grouping=True),
                    "limit": number_format(limit, force_grouping=True),
                },
            )
    if not values["title"]:
        raise ValidationError(_("The machine translation has no title."), code="title_missing")
    with transaction.atomic():
        offer = locked(Offer, offer.pk)
        current = OfferText.objects.get(pk=source.pk)
        if any(getattr(current, n) != getattr(source, n) for n in TEXT_FIELDS) or (
            current.version != source.version
        ):
            raise ValidationError(
                _("The source text changed meanwhile. Please translate again."), code="stale"
            )
        text = OfferText.objects.select_for_update().filter(offer=offer, language=target).first()
        if text is not None and not overwrite and text.is_current_human(current):
            raise _human_translation()
        fields = {
            **values,
            "machine_made": True,
            "source_version": current.version,
            "reviewed_by": None,
            "reviewed_at": None,
        }
        before = audit.snapshot(text, fields) if text is not None else {}
        text = text or OfferText(offer=offer, language=target)
        for name, value in fields.items():
            setattr(text, name, value)
        text.save()
        diff = audit.diff(before, audit.snapshot(text, fields))
        changes: audit.Changes = {f"{target}.{name}": change for name, change in diff.items()}
        changes["translator"] = {"from": None, "to": getattr(translator, "name", "")}
        changes.update(_republish(offer))
        audit.record(
            offer, "offer.machine_translated", actor=by, changes=changes, centre_id=offer.centre_id
        )
    return text


def _human_translation() -> ValidationError:
    return ValidationError(
        _(
            "A person has written or reviewed this translation and it is up to date; "
            "confirm to replace it with a machine translation."
        ),
        code="human_translation",
    )


@transaction.atomic
def start_machine_translation(offer: Offer, *, by: User, translator: Any = None) -> Any:
    """Translate the offer into every missing language in the background (a
    `TranslationJob`, run by `tasks.run_translation_job` as its creator); one job per offer
    at a time."""
    from . import translation
    from .models import JobState, TranslationJob

    require(by, lambda user, o: access.may_manage_guide(user, o.centre_id), offer)
    offer = locked(Offer, offer.pk)
    translator = translator or translation.configured()
    if translator is None:
        raise ValidationError(_("No machine translation is configured."), code="no_translator")
    # A job the worker never finished (it was down, the job crashed) stops blocking after an hour.
    recent = timezone.now() - datetime.timedelta(hours=JOB_BLOCKS_HOURS)
    if TranslationJob.objects.filter(
        offer=offer, state__in=[JobState.QUEUED, JobState.RUNNING], created_at__gte=recent
    ).exists():
        raise ValidationError(
            _("A machine translation of this offer is already running."), code="job_running"
        )
    languages = translation.missing_languages(offer, translator)
    if not languages:
        raise ValidationError(
            _("The offer has a text in every language the service translates into."),
            code="nothing_missing",
        )
    job = TranslationJob.objects.create(offer=offer, created_by=by, languages=languages)
    audit.record(
        offer,
        "offer.machine_translation_started",
        actor=by,
        changes={"languages": {"from": None, "to": languages}, "job": {"from": None, "to": job.pk}},
        centre_id=offer.centre_id,
    )
    from .tasks import run_translation_job

    job_id = job.pk
    transaction.on_commit(lambda: run_translation_job.enqueue(job_id))
    return job


def _import_error(unit: str, code: str, message: Any) -> dict[str, str]:
    return {"unit": unit[:120], "code": code, "message": str(message)}


@transaction.atomic
def upload_xliff(centre: Centre, *, by: User, file_name: str, data: bytes) -> Any:
    """An agency's XLIFF file, checked and parsed (`xliff.parse`) and kept for its uploader's
    confirmation. Units for offers that are not this KI's are row errors (the same answer as
    for unknown ones: another KI's offers are not revealed)."""
    from . import xliff
    from .models import XliffImport

    require(by, lambda user, c: access.may_manage_guide(user, c.pk), centre)
    try:
        parsed = xliff.parse(data)
    except xliff.XliffError as e:
        raise ValidationError({"file": ValidationError(e.message, code=e.code)}) from None
    errors = list(parsed.errors)
    uuids = {unit.offer_uuid for unit in parsed.units}
    offers = {
        str(o.uuid): o
        for o in Offer.objects.filter(centre=centre, uuid__in=uuids).prefetch_related("texts")
    }
    rows: dict[str, dict[str, Any]] = {}
    for unit in parsed.units:
        unit_id = f"{unit.offer_uuid}/{unit.field}"
        offer = offers.get(unit.offer_uuid)
        if offer is None:
            errors.append(_import_error(unit_id, "unknown_offer", _("No offer of this KI.")))
            continue
        if offer.source_language == parsed.language:
            errors.append(
                _import_error(unit_id, "source_language", _("This is the offer's source language."))
            )
            continue
        source = offer.text_in(offer.source_language)
        if source is None:
            errors.append(
                _import_error(unit_id, "source_text_missing", _("The offer has no source text."))
            )
            continue
        version = unit.source_version or source.version
        if version > source.version:
            errors.append(
                _import_error(unit_id, "unknown_version", _("The source version is unknown."))
            )
            continue
        row = rows.setdefault(
            unit.offer_uuid,
            {"offer": offer.pk, "uuid": unit.offer_uuid, "source_version": version, "fields": {}},
        )
        row["source_version"] = min(row["source_version"], version)
        row["fields"][unit.field] = unit.target
    job = XliffImport.objects.create(
        centre=centre,
        created_by=by,
        file_name=file_name[:255],
        language=parsed.language,
        rows=list(rows.values()),
        errors=errors,
    )
    audit.record(
        job,
        "guide.xliff_uploaded",
        actor=by,
        changes={
            "language": {"from": None, "to": parsed.language},
            "offers": {"from": None, "to": len(rows)},
            "errors": {"from": None, "to": len(errors)},
        },
        centre_id=centre.pk,
    )
    return job


@transaction.atomic
def confirm_xliff_import(job: Any, *, by: User) -> int:
    """Write the uploaded translations: a translation agency's work counts as human (not
    machine-made), reviewed by the person who confirms the preview; made from the source
    version the file names (so a translation of an older source comes in as outdated). One
    audit event per offer; the number of offers changed."""
    from . import xliff
    from .models import XliffImport

    job = locked(XliffImport, job.pk)
    require(by, lambda user, j: j.created_by_id == user.pk, job)
    require(by, lambda user, j: access.may_manage_guide(user, j.centre_id), job)
    if job.confirmed_at is not None:
        raise ValidationError(_("This import is already done."), code="already_confirmed")
    now = timezone.now()
    written = 0
    for row in xliff.preview(job):
        if row["problem"] or not row["changes"]:
            continue
        offer = locked(Offer, row["offer"].pk)
        text = (
            OfferText.objects.select_for_update().filter(offer=offer, language=job.language).first()
        )
        fields = {
            **row["after"],
            "machine_made": False,
            "source_version": row["source_version"],
            "reviewed_by": by,
            "reviewed_at": now,
        }
        before = audit.snapshot(text, fields) if text is not None else {}
        text = text or OfferText(offer=offer, language=job.language)
        for name, value in fields.items():
            setattr(text, name, value)
        text.save()
        diff = audit.diff(before, audit.snapshot(text, fields))
        changes: audit.Changes = {f"{job.language}.{n}": c for n, c in diff.items()}
        changes["xliff_import"] = {"from": None, "to": job.pk}
        changes.update(_republish(offer))
        audit.record(
            offer,
            "offer.translation_imported",
            actor=by,
            changes=changes,
            centre_id=offer.centre_id,
        )
        written += 1
    job.confirmed_at = now
    job.save(update_fields=["confirmed_at"])
    audit.record(
        job,
        "guide.xliff_confirmed",
        actor=by,
        changes={"offers": {"from": None, "to": written}},
        centre_id=job.centre_id,
    )
    return written


@transaction.atomic
def confirm_current(offer: Offer, *, by: User) -> Offer:
    """The KI has checked a published offer and it is still right: its review date becomes
    today without any change of content (no new version, nothing to review), so an offer due
    for review is current again and a hidden one reappears on the public pages."""
    require(by, access.may_confirm_current, offer)
    offer = locked(Offer, offer.pk)
    if offer.published_at is None or offer.status == OfferStatus.ARCHIVED:
        raise ValidationError(
            _("Only a published offer is confirmed as current."), code="not_published"
        )
    fields = {"last_reviewed_on": timezone.localdate(), "review_notified": ""}
    before = audit.snapshot(offer, fields)
    for name, value in fields.items():
        setattr(offer, name, value)
    offer.save(update_fields=list(fields))  # not `updated_at`: the content did not change
    audit.record(
        offer,
        "offer.confirmed_current",
        actor=by,
        changes=audit.diff(before, audit.snapshot(offer, fields)),
        centre_id=offer.centre_id,
    )
    search_index.reindex_offer(offer)  # a hidden offer is found again
    return offer


@transaction.atomic
def give_feedback(offer: Offer, *, comment: str, language: str = "") -> Feedback:
    """Anonymous feedback from the public page ("information outdated", an optional comment)
    for the offer's KI. Nobody is logged in and nothing about the sender is stored; the view
    has checked that the offer is public and the rate limit. The audit event names the
    feedback, not its words (the comment is deleted with the feedback; the audit stays)."""
    comment = comment.strip()
    if len(comment) > FEEDBACK_MAX_LENGTH:
        raise ValidationError(
            {"comment": ValidationError(_("At most 1,000 characters."), code="too_long")}
        )
    if not Offer.objects.for_public_display().filter(pk=offer.pk).exists():
        raise ValidationError(_("This offer is not public."), code="not_public")
    feedback = Feedback.objects.create(
        offer=offer, comment=comment, language=language if language in LANGUAGES else ""
    )
    audit.record(
        feedback,
        "feedback.received",
        actor=None,
        changes={
            "offer": {"from": None, "to": offer.pk},
            "comment_length": {"from": None, "to": len(comment)},
        },
        centre_id=offer.centre_id,
    )
    return feedback


@transaction.atomic
def mark_feedback_done(feedback: Feedback, *, by: User) -> Feedback:
    """The KI has dealt with a feedback (corrected the offer, or found nothing wrong)."""
    require(by, access.may_handle_feedback, feedback)
    feedback = locked(Feedback.objects.select_related("offer"), feedback.pk)
    if feedback.done_at is not None:
        raise ValidationError(_("This feedback is already done."), code="already_done")
    feedback.done_at, feedback.done_by = timezone.now(), by
    feedback.save(update_fields=["done_at", "done_by"])
    audit.record(
        feedback,
        "feedback.done",
        actor=by,
        changes={"done_at": {"from": None, "to": feedback.done_at.isoformat()}},
        centre_id=feedback.offer.centre_id,
    )
    return feedback


def feedback_retention_cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    """Done feedback marked done before this moment is deleted."""
    return (now or timezone.now()) - datetime.timedelta(days=FEEDBACK_RETENTION_DAYS)


@transaction.atomic
def prune_feedback(*, now: datetime.datetime | None = None, dry_run: bool = False) -> int:
    """Delete the feedback marked done more than 12 months ago (the daily guide job
    `flag_guide_reviews`); open feedback stays until the KI has dealt with it. One audit event
    per KI with the count, by the system. Returns how many were (or would be) deleted."""
    old = Feedback.objects.filter(done_at__lt=feedback_retention_cutoff(now))
    counts: dict[int, int] = {}
    for centre_id in old.values_list("offer__centre_id", flat=True):
        counts[centre_id] = counts.get(centre_id, 0) + 1
    if dry_run or not counts:
        return sum(counts.values())
    old.delete()
    for centre in Centre.objects.filter(pk__in=list(counts)).order_by("pk"):
        audit.record(
            centre,
            "feedback.pruned",
            actor=None,
            changes={"deleted": {"from": None, "to": counts[centre.pk]}},
            centre_id=centre.pk,
        )
    return sum(counts.values())
