"""XLIFF 1.2 for translation agencies: export, the round trip (export → the agency fills in
targets → import → texts), the preview and its confirmation, who may, and hostile files."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from lxml import etree

from teilhabe.core.models import AuditEvent
from teilhabe.guide import services, xliff
from teilhabe.guide.models import Offer, OfferText, XliffImport

from . import factories as f

NS = {"x": xliff.NAMESPACE}


def _fill(data: bytes, targets: dict[str, str], *, version: int | None = None) -> bytes:
    """What an agency sends back: `targets` by unit id set, the rest as it came."""
    root = etree.fromstring(data)
    for unit in root.iterfind(".//x:trans-unit", NS):
        if unit.get("id") in targets:
            target = unit.find("x:target", NS)
            if target is None:
                target = etree.SubElement(unit, f"{{{xliff.NAMESPACE}}}target")
            target.text = targets[unit.get("id")]
        if version is not None:
            for note in unit.iterfind("x:note", NS):
                if note.get("from") == xliff.NOTE_ORIGIN:
                    note.text = f"source-version: {version}"
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _offers(offer: Offer) -> list[Offer]:
    return list(Offer.objects.filter(pk=offer.pk).prefetch_related("texts"))


def test_the_export_is_xliff_1_2_with_sources_targets_and_versions(kai, bielefeld) -> None:
    offer = f.offer(bielefeld, kai)
    root = etree.fromstring(xliff.export(_offers(offer), "en"))
    assert root.tag == f"{{{xliff.NAMESPACE}}}xliff" and root.get("version") == "1.2"
    (node,) = root.iterfind("x:file", NS)
    assert node.get("original") == f"offer-{offer.uuid}"
    assert (node.get("source-language"), node.get("target-language")) == ("de", "en")
    units = {u.get("id"): u for u in node.iterfind(".//x:trans-unit", NS)}
    assert set(units) == {  # the fields with a value in the source (no duration here)
        f"{offer.uuid}/title",
        f"{offer.uuid}/summary",
        f"{offer.uuid}/description",
        f"{offer.uuid}/registration_how",
        f"{offer.uuid}/recurrence",
        f"{offer.uuid}/opening_hours",
    }
    how = units[f"{offer.uuid}/registration_how"]
    assert how.findtext("x:source", namespaces=NS) == "Telefonisch oder im Büro"
    assert how.findtext("x:target", namespaces=NS) == "By phone or at the office"
    title = units[f"{offer.uuid}/title"]
    assert title.findtext("x:source", namespaces=NS) == "Migrationsberatung für Erwachsene"
    assert title.findtext("x:target", namespaces=NS) == "Migration counselling for adults"
    assert "source-version: 1" in [n.text for n in title.iterfind("x:note", NS)]
    description = units[f"{offer.uuid}/description"]
    assert description.find("x:target", NS) is None  # no English description yet


def test_the_round_trip_writes_reviewed_human_translations(kai, bielefeld) -> None:
    offer = f.published(bielefeld, kai)
    data = xliff.export(_offers(offer), "uk")
    back = _fill(
        data,
        {
            f"{offer.uuid}/title": "Міграційна консультація",
            f"{offer.uuid}/summary": "Поради",
            f"{offer.uuid}/description": "<p>Відкриті години</p><script>x()</script>",
            f"{offer.uuid}/registration_how": "Телефоном або в офісі",
        },
    )
    job = services.upload_xliff(bielefeld, by=kai, file_name="uk.xlf", data=back)
    assert job.language == "uk" and not job.errors
    (row,) = xliff.preview(job)
    fields = ["title", "summary", "description", "registration_how"]
    assert [c["field"] for c in row["changes"]] == fields
    assert not OfferText.objects.filter(offer=offer, language="uk").exists()  # nothing yet
    assert services.confirm_xliff_import(job, by=kai) == 1
    text = offer.texts.get(language="uk")
    assert text.title == "Міграційна консультація"
    assert text.description == "<p>Відкриті години</p>"  # sanitised
    assert text.registration_how == "Телефоном або в офісі"
    assert not text.machine_made and text.reviewed_by == kai
    assert not text.outdated_against(offer.texts.get(language="de"))
    offer.refresh_from_db()
    assert offer.published_snapshot["texts"]["uk"]["title"] == "Міграційна консультація"
    event = AuditEvent.objects.get(action="offer.translation_imported")
    assert event.object_id == str(offer.pk) and "uk.title" in event.changes
    assert AuditEvent.objects.filter(action="guide.xliff_uploaded").count() == 1
    with pytest.raises(ValidationError) as e:
        services.confirm_xliff_import(job, by=kai)
    assert e.value.code == "already_confirmed"


def test_a_translation_of_an_older_source_comes_in_outdated(kai, bielefeld) -> None:
    offer = f.with_outdated_translation(bielefeld, kai)  # the German text is at version 2
    data = xliff.export(_offers(offer), "tr")
    back = _fill(data, {f"{offer.uuid}/title": "Göç danışmanlığı"}, version=1)
    job = services.upload_xliff(bielefeld, by=kai, file_name="tr.xlf", data=back)
    (row,) = xliff.preview(job)
    assert row["outdated"] is True
    services.confirm_xliff_import(job, by=kai)
    text = offer.texts.get(language="tr")
    assert text.source_version == 1 and text.outdated_against(offer.texts.get(language="de"))


def test_units_of_other_kis_and_unknown_offers_are_row_errors(
    kai, carla, bielefeld, dortmund
) -> None:
    own = f.offer(bielefeld, kai)
    other = f.offer(dortmund, carla)
    data = xliff.export(_offers(own) + _offers(other), "uk")
    back = _fill(
        data,
        {
            f"{own.uuid}/title": "Своє",
            f"{other.uuid}/title": "Чуже",
        },
    )
    back = back.replace(
        b"</body>",
        b'<trans-unit id="not-a-uuid/title"><source>a</source>'
        b"<target>b</target></trans-unit></body>",
        1,
    )
    job = services.upload_xliff(bielefeld, by=kai, file_name="uk.xlf", data=back)
    codes = sorted(e["code"] for e in job.errors)
    assert codes == ["unknown_offer", "unknown_unit"]
    services.confirm_xliff_import(job, by=kai)
    assert own.texts.get(language="uk").title == "Своє"
    assert not other.texts.filter(language="uk").exists()


def test_a_partner_and_another_ki_may_not_import(anna, paul, carla, bielefeld) -> None:
    f.partner_organisation(bielefeld, anna, paul)
    offer = f.offer(bielefeld, anna)
    back = _fill(xliff.export(_offers(offer), "uk"), {f"{offer.uuid}/title": "Т"})
    for who in (paul, carla):
        with pytest.raises(ValidationError) as e:
            services.upload_xliff(bielefeld, by=who, file_name="a.xlf", data=back)
        assert e.value.code == "not_permitted"
    job = services.upload_xliff(bielefeld, by=anna, file_name="a.xlf", data=back)
    for who in (paul, carla):
        with pytest.raises(ValidationError):
            services.confirm_xliff_import(job, by=who)
    assert not offer.texts.filter(language="uk").exists()


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="a"
source-language="de" target-language="en" datatype="html"><body><trans-unit id="x/title">
<source>&lol3;</source><target>&lol3;</target></trans-unit></body></file></xliff>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="a"
source-language="de" target-language="en" datatype="html"><body><trans-unit id="x/title">
<source>a</source><target>&xxe;</target></trans-unit></body></file></xliff>"""
NOT_XLIFF = b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body/></html>'
XLIFF_2 = b'<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="de"/>'


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (BILLION_LAUGHS, "doctype"),
        (EXTERNAL_ENTITY, "doctype"),
        (b"<xliff><file>", "not_xml"),
        (b"\x00\xff binary", "not_xml"),
        (NOT_XLIFF, "not_xliff"),
        (XLIFF_2, "not_xliff"),
        (b" " * (xliff.MAX_BYTES + 1), "too_big"),
    ],
)
def test_hostile_and_wrong_files_are_refused_whole(data: bytes, code: str) -> None:
    with pytest.raises(xliff.XliffError) as e:
        xliff.parse(data)
    assert e.value.code == code


def test_too_many_units_are_refused() -> None:
    unit = b'<trans-unit id="u"><source>a</source></trans-unit>'
    data = (
        b'<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="a" '
        b'source-language="de" target-language="en" datatype="html"><body>'
        + unit * (xliff.MAX_UNITS + 1)
        + b"</body></file></xliff>"
    )
    with pytest.raises(xliff.XliffError) as e:
        xliff.parse(data)
    assert e.value.code == "too_many_units"


def test_a_file_must_name_one_target_language_of_the_guide() -> None:
    data = (
        b'<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="a" '
        b'source-language="de" target-language="xx" datatype="html"><body/></file></xliff>'
    )
    with pytest.raises(xliff.XliffError) as e:
        xliff.parse(data)
    assert e.value.code == "target_language"


def test_the_pages_export_upload_preview_and_confirm(kai, bielefeld, verified_client) -> None:
    offer = f.offer(bielefeld, kai)
    client = verified_client(kai)
    page = client.get(reverse("guide:xliff", args=[bielefeld.pk]))
    assert page.status_code == 200 and f'value="{offer.pk}"' in page.content.decode()
    export = reverse("guide:xliff_export", args=[bielefeld.pk])
    response = client.get(export, {"lang": "ar", "offer": offer.pk})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/x-xliff+xml")
    assert "attachment" in response["Content-Disposition"]
    back = _fill(response.content, {f"{offer.uuid}/title": "استشارة الهجرة"})
    upload = SimpleUploadedFile("ar.xlf", back, content_type="application/x-xliff+xml")
    response = client.post(reverse("guide:xliff", args=[bielefeld.pk]), {"file": upload})
    job = XliffImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("guide:xliff_import", args=[bielefeld.pk, job.pk])
    preview = client.get(response["Location"])
    assert f'data-offer="{offer.pk}"' in preview.content.decode()
    assert not offer.texts.filter(language="ar").exists()
    assert client.post(response["Location"]).status_code == 302
    assert offer.texts.get(language="ar").title == "استشارة الهجرة"


def test_the_export_page_answers_bad_parameters_with_422(
    kai, carla, bielefeld, dortmund, verified_client
) -> None:
    f.offer(bielefeld, kai)
    other = f.offer(dortmund, carla)
    client = verified_client(kai)
    export = reverse("guide:xliff_export", args=[bielefeld.pk])
    assert client.get(export).status_code == 422
    assert client.get(export, {"lang": "xx"}).status_code == 422
    assert client.get(export, {"lang": "de"}).status_code == 422  # every offer is German
    assert client.get(export, {"lang": "en", "offer": "abc"}).status_code == 422
    assert client.get(export, {"lang": "en", "offer": other.pk}).status_code == 404
    assert client.get(export, {"lang": "en"}).status_code == 200


def test_a_hostile_upload_is_told_on_the_page(kai, bielefeld, verified_client) -> None:
    client = verified_client(kai)
    upload = SimpleUploadedFile("evil.xlf", BILLION_LAUGHS)
    response = client.post(reverse("guide:xliff", args=[bielefeld.pk]), {"file": upload})
    assert response.status_code == 422 and 'id="form-errors"' in response.content.decode()
    assert not XliffImport.objects.exists()
    response = client.post(reverse("guide:xliff", args=[bielefeld.pk]), {})
    assert response.status_code == 422


def test_others_get_404_on_the_pages(anna, kai, paul, carla, bielefeld, verified_client) -> None:
    f.partner_organisation(bielefeld, anna, paul)
    offer = f.offer(bielefeld, anna)
    back = _fill(xliff.export(_offers(offer), "uk"), {f"{offer.uuid}/title": "Т"})
    job = services.upload_xliff(bielefeld, by=anna, file_name="a.xlf", data=back)
    urls = [
        reverse("guide:xliff", args=[bielefeld.pk]),
        reverse("guide:xliff_export", args=[bielefeld.pk]) + "?lang=en",
        reverse("guide:xliff_import", args=[bielefeld.pk, job.pk]),
    ]
    for who in (paul, carla):
        for url in urls:
            assert verified_client(who).get(url).status_code == 404, (who, url)
    # the upload is its uploader's: a colleague neither sees nor confirms it
    import_url = reverse("guide:xliff_import", args=[bielefeld.pk, job.pk])
    assert verified_client(kai).get(import_url).status_code == 404
    assert verified_client(kai).post(import_url).status_code == 404
    assert not offer.texts.filter(language="uk").exists()
