"""The objects behind the catalogue's and the measures' URLs for the URL matrix and the
accessibility run: a running Rucksack measure of KI Bielefeld with a partner, a target counted
from its records, a typed one and a PDF document."""

from __future__ import annotations

from django.core.files.base import ContentFile

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.funding.tests.factories import pdf_bytes
from teilhabe.measures.services import measures as services
from teilhabe.network.tests import factories as network

from . import factories


def objects(anna: User, bielefeld: Centre) -> dict[str, dict[str, object]]:
    kita = network.organisation(bielefeld, anna, type="kita", name="Kita Sonnenblume")
    measure = factories.measure(bielefeld, anna, partners=[kita])
    services.change_measure_status(measure, by=anna, step="start")
    target = services.add_target(
        measure,
        by=anna,
        data={"label": "Familien", "target": 20, "figure": "measures.families", "actual": None},
    )
    services.add_target(measure, by=anna, data={"label": "Elternabende", "target": 4, "actual": 2})
    document = services.add_document(
        measure, by=anna, title="Konzept", upload=network.pdf("konzept.pdf")
    )
    # The test's transaction never commits: the file is put where the row names it.
    document.document.storage.save(document.document.name, ContentFile(pdf_bytes()))
    ids = {"centre_pk": bielefeld.pk}
    one = {**ids, "pk": measure.pk}
    return {
        "measures:programme_edit": {"pk": factories.programme("rucksack-kita").pk},
        "measures:list": ids,
        "measures:add": ids,
        "measures:partners": ids,
        "measures:detail": one,
        "measures:edit": one,
        "measures:status": one,
        "measures:target_add": one,
        "measures:target_edit": {**one, "target_pk": target.pk},
        "measures:document_add": one,
        "measures:document": {**one, "document_pk": document.pk},
    }
