"""How to register, dates or recurrence, duration and opening hours move from the offer to its
texts per language (issue 19: a newcomer reads them in their language too).

Each offer's values go to its source-language text; a published snapshot moves them from its
"offer" section into its source text, so the public page, the exports and the review queue's
comparison read them where they now live. The offer's columns go in 0013 (a table is not
altered in the transaction that updated its rows: PostgreSQL's pending trigger events). Backwards the source text's values go back to the
offer (translations of them are lost: the old schema has no place for them)."""

from typing import Any

from django.db import migrations, models
from django.db.models import OuterRef, Subquery

FIELDS = ("registration_how", "recurrence", "duration", "opening_hours")
BATCH = 500


def _snapshots(apps: Any, move: Any) -> None:
    """`move` each published snapshot, BATCH offers in memory at a time."""
    Offer = apps.get_model("guide", "Offer")
    pks = list(Offer.objects.exclude(published_snapshot={}).values_list("pk", flat=True))
    for start in range(0, len(pks), BATCH):
        batch = Offer.objects.filter(pk__in=pks[start : start + BATCH])
        changed = [
            offer
            for offer in batch.only("pk", "published_snapshot")
            if offer.published_snapshot
            and "offer" in offer.published_snapshot
            and move(offer.published_snapshot)
        ]
        Offer.objects.bulk_update(changed, ["published_snapshot"])


def forwards(apps: Any, schema_editor: Any) -> None:
    Offer = apps.get_model("guide", "Offer")
    OfferText = apps.get_model("guide", "OfferText")
    own = Offer.objects.filter(pk=OuterRef("offer_id"))
    source_texts = OfferText.objects.filter(language=Subquery(own.values("source_language")[:1]))
    for name in FIELDS:
        source_texts.update(**{name: Subquery(own.values(name)[:1])})
    # An offer without a text in its source language (the services never leave one so; rows
    # written in bulk might): its values are not dropped but get that text, titled as its first.
    with_source = source_texts.values_list("offer_id", flat=True)
    for offer in Offer.objects.exclude(pk__in=with_source):
        values = {name: getattr(offer, name) for name in FIELDS}
        if any(values.values()):
            first = OfferText.objects.filter(offer=offer).order_by("language").first()
            title = first.title if first is not None else ""
            OfferText.objects.create(
                offer=offer, language=offer.source_language, title=title, **values
            )

    def move(snapshot: dict[str, Any]) -> bool:
        fields = snapshot["offer"]
        source = fields.get("source_language") or "de"
        texts = snapshot.setdefault("texts", {})
        values = {name: fields.pop(name, "") or "" for name in FIELDS}
        text = texts.get(source)
        if text is None and any(values.values()):  # as above: kept in a source text
            first = next(iter(texts.values()), {})
            text = texts[source] = {"title": first.get("title", ""), "summary": "", "description": ""}
        for name, value in values.items():
            if text is not None:
                text.setdefault(name, value)
        for language, other in texts.items():  # a translation has none of its own yet
            if language != source:
                for name in FIELDS:
                    other.setdefault(name, "")
        return True

    _snapshots(apps, move)


def backwards(apps: Any, schema_editor: Any) -> None:
    Offer = apps.get_model("guide", "Offer")
    OfferText = apps.get_model("guide", "OfferText")
    source_text = OfferText.objects.filter(
        offer_id=OuterRef("pk"), language=OuterRef("source_language")
    )
    Offer.objects.update(
        **{
            name: models.functions.Coalesce(Subquery(source_text.values(name)[:1]), models.Value(""))
            for name in FIELDS
        }
    )

    def move(snapshot: dict[str, Any]) -> bool:
        fields = snapshot["offer"]
        source = fields.get("source_language") or "de"
        texts = snapshot.get("texts") or {}
        for language, text in texts.items():
            for name in FIELDS:
                value = text.pop(name, "")
                if language == source:
                    fields[name] = value or ""
        return True

    _snapshots(apps, move)


class Migration(migrations.Migration):
    dependencies = [("guide", "0011_search_places")]

    operations = [
        migrations.AddField(
            model_name="offertext",
            name="registration_how",
            field=models.CharField(blank=True, max_length=300, verbose_name="how to register"),
        ),
        migrations.AddField(
            model_name="offertext",
            name="recurrence",
            field=models.CharField(
                blank=True, max_length=200, verbose_name="dates or recurrence"
            ),
        ),
        migrations.AddField(
            model_name="offertext",
            name="duration",
            field=models.CharField(blank=True, max_length=100, verbose_name="duration"),
        ),
        migrations.AddField(
            model_name="offertext",
            name="opening_hours",
            field=models.CharField(blank=True, max_length=500, verbose_name="opening hours"),
        ),
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
