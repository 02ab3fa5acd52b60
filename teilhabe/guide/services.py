"""Writes of the guide: an offer with its texts per language, locations and course details,
and its workflow (draft → in review → published → archived). Every function checks its caller,
writes one audit event and locks the offer where two people could race."""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
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
    LANGUAGES,
    LAT_MAX,
    LAT_MIN,
    LON_MAX,
    LON_MIN,
    Category,
    CostKind,
    LanguageCourse,
    Location,
    Offer,
    OfferStatus,
    OfferText,
    TargetGroup,
)
from .search import index as search_index

OFFER_FIELDS = (
    "category",
    "provider",
    "source_language",
    "target_groups",
    "languages",
    "cost",
    "cost_amount",
    "registration_how",
    "registration_until",
    "free_places",
    "contact_name",
    "contact_email",
    "contact_phone",
    "website",
    "opening_hours",
    "next_start",
    "duration",
    "hours_per_week",
    "recurrence",
)
TEXT_FIELDS = ("title", "summary", "description")
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
MAX_LOCATIONS = 20
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
    fields = {name: _plain(v) for name, v in audit.snapshot(offer, OFFER_FIELDS).items()}
    course = getattr(offer, "course", None) if hasattr(offer, "course") else None
    return {
        "offer": fields,
        "course": course.as_dict() if course is not None else None,
        "locations": [
            {"uuid": str(loc.uuid), **audit.snapshot(loc, LOCATION_FIELDS)}
            for loc in offer.locations.order_by("pk")
        ],
        "texts": {
            text.language: {name: getattr(text, name) for name in TEXT_FIELDS}
            for text in offer.texts.order_by("language")
        },
    }


def _check(condition: bool, field: str, message: Any, code: str) -> None:
    if not condition:
        raise ValidationError({field: ValidationError(message, code=code)})


def _clean_offer(centre: Centre, data: dict[str, Any], *, by: User) -> dict[str, Any]:
    data = {name: data.get(name) for name in OFFER_FIELDS}
    category = data["category"]
    _check(
        isinstance(category, Category) and category.is_active,
        "category",
        _("Choose an active category."),
        "inactive_category",
    )
    provider = data["provider"]
    own = network_access.partner_organisation_id(by)
    if not access.may_manage_guide(by, centre.pk):  # a partner offers as its organisation
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
    for name in (
        "registration_how",
        "contact_name",
        "contact_email",
        "contact_phone",
        "website",
        "opening_hours",
        "duration",
        "recurrence",
    ):
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
        _check(
            len(text["title"]) <= 200, f"title_{language}", _("At most 200 characters."), "too_long"
        )
        _check(
            len(text["summary"]) <= 500,
            f"summary_{language}",
            _("At most 500 characters."),
            "too_long",
        )
        _check(
            len(text["description"]) <= sanitise.MAX_LENGTH,
            f"description_{language}",
            _("At most 20,000 characters."),
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
    by: User,
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
        loc = kept.get(str(row.get("uuid") or "")) or Location(offer=offer)
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
    }


@transaction.atomic
def add_offer(
    centre: Centre,
    *,
    by: User,
    data: dict[str, Any],
    texts: Mapping[str, Mapping[str, Any]],
    locations: Sequence[Mapping[str, Any]] = (),
    course: Mapping[str, Any] | None = None,
) -> Offer:
    """A new draft offer of the KI; a partner account's is its own organisation's."""
    require(by, _may_add, centre)
    values = _clean_offer(centre, data, by=by)
    cleaned_texts = _clean_texts(texts, values["source_language"])
    cleaned_locations = _clean_locations(centre, locations)
    cleaned_course = _clean_course(values["category"], course)
    offer = Offer.objects.create(centre=centre, created_by=by, **values)
    _write_parts(
        offer, by=by, texts=cleaned_texts, locations=cleaned_locations, course=cleaned_course
    )
    audit.record(
        offer, "offer.added", actor=by, changes=_changes({}, snapshot(offer)), centre_id=centre.pk
    )
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
    by: User,
    data: dict[str, Any],
    texts: Mapping[str, Mapping[str, Any]],
    locations: Sequence[Mapping[str, Any]] = (),
    course: Mapping[str, Any] | None = None,
    expected_version: int | None = None,
) -> Offer:
    """Change an offer with its texts, locations and course. A partner's change of a
    published offer goes to review (the public keeps the published version meanwhile); the
    KI's own change of a published offer is published at once (the KI publishes anyway)."""
    require(by, access.may_edit_offer, offer)
    offer = locked(Offer, offer.pk)
    require(by, access.may_edit_offer, offer)
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
    offer.lock_version += 1
    offer.save()
    _write_parts(
        offer, by=by, texts=cleaned_texts, locations=cleaned_locations, course=cleaned_course
    )
    after = snapshot(offer)
    changes = _changes(before, after)
    partner = not access.may_manage_guide(by, offer.centre_id)
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
                    "updated_at",
                ]
            )
    audit.record(offer, "offer.updated", actor=by, changes=changes, centre_id=offer.centre_id)
    search_index.reindex_offer(offer)  # the KI's change republished it, or nothing moved
    return offer


@transaction.atomic
def change_status(offer: Offer, *, by: User, to: str, expected_version: int | None = None) -> Offer:
    """One workflow step as `rules.TRANSITIONS` allows it to the caller; publishing takes the
    snapshot the public page shows and the review queue compares against."""
    require(by, access.may_edit_offer, offer)
    offer = locked(Offer.objects.select_related("centre"), offer.pk)
    if expected_version is not None and offer.lock_version != expected_version:
        raise _stale()
    if not access.may_transition(by, offer, to):
        if access.actor_kind(by, offer) == rules.PARTNER and to != OfferStatus.IN_REVIEW:
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
