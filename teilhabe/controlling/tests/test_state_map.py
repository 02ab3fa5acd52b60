"""The districts' map: the geometry matches our district keys, stays inside its box and is
simplified without losing a district; the page colours by quantile classes, shows the City of
Aachen and the Städteregion Aachen apart, and lists every value in a table."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.controlling import maps
from teilhabe.territory.models import District, Municipality

from . import factories

MAP = reverse("controlling:state_map")


def _points(path: str) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in re.findall(r"(-?[\d.]+),(-?[\d.]+)", path)]


def _inside(point: tuple[float, float], path: str) -> bool:
    """Even-odd rule over every ring of the path."""
    x, y = point
    inside = False
    for ring in path.split("M")[1:]:
        pts = _points(ring)
        for (x1, y1), (x2, y2) in zip(pts, pts[1:] + pts[:1], strict=True):
            if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
                inside = not inside
    return inside


@pytest.mark.django_db
def test_the_shapes_are_exactly_our_53_districts(territory: None) -> None:
    geometry = maps.districts()
    assert {s.key for s in geometry.shapes} == set(District.objects.values_list("key", flat=True))
    assert len(geometry.shapes) == 53


def test_the_geometry_is_simplified_once_and_stays_in_its_box() -> None:
    geometry = maps.districts()
    assert maps.districts() is geometry  # cached for the process
    assert geometry.source_vertices > 30_000
    assert 2_000 < geometry.vertices < geometry.source_vertices / 3
    for shape in geometry.shapes:
        points = _points(shape.path)
        assert len(points) >= 20, shape.key
        assert all(0 <= x <= geometry.width and 0 <= y <= geometry.height for x, y in points)
    # NRW is about as high as wide once longitudes are scaled by cos(51.4°)
    assert 0.9 < geometry.height / geometry.width < 1.1


@pytest.mark.django_db
def test_the_municipalities_lie_in_their_districts(territory: None) -> None:
    geometry = maps.districts()
    paths = {s.key: s.path for s in geometry.shapes}
    wrong = [
        m.ags
        for m in Municipality.objects.filter(kind__in=["kreisfreie_stadt", "stadt"])[:120]
        if not _inside(geometry.point(float(m.lon), float(m.lat)), paths[m.ags[:5]])
    ]
    assert not wrong
    aachen = Municipality.objects.get(ags="05334002")
    assert _inside(geometry.point(float(aachen.lon), float(aachen.lat)), paths["05334"])


@pytest.mark.django_db
def test_the_map_colours_by_class_and_shows_aachens_two_kis_apart(
    lars: User, verified_client, seeded: None
) -> None:
    period = factories.half_year(2024, 1)
    centres = list(
        Centre.objects.exclude(grantee__key__startswith="05334").order_by("grantee__key")
    )
    for n, centre in enumerate(centres[:20]):
        factories.report(centre, period, {"events": n + 1})
    city = Centre.objects.get(grantee__key="05334002")
    region = Centre.objects.get(grantee__key="05334")
    factories.report(city, period, {"events": 100})
    factories.report(region, period, {"events": 2})
    client = verified_client(lars)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(MAP, {"period": period.pk, "indicator": "events"})
    assert response.status_code == 200
    html = response.text
    assert html.count('<path d="M') == 53
    assert 'role="img"' in html and '<title id="map-title">' in html
    context: Any = response.context
    assert context["classes"] == 5 and len(context["legend"]) == 5
    marks = context["marks"]
    assert [m["centre"].pk for m in marks] == [city.pk]
    assert marks[0]["band"] == 5 and marks[0]["value"] == "100"
    shape = next(s for s in context["shapes"] if s["shape"].key == "05334")
    assert shape["centre"].pk == region.pk and shape["value"] == "2"
    assert "(without the City of Aachen): 2" in html
    assert len([e for e in context["listed"] if e["chosen"]]) == 54
    assert "url(#no-value)" in html  # the KIs without a value are hatched
    assert maps.ATTRIBUTION in html


@pytest.mark.django_db
def test_the_map_leaves_out_what_the_filters_do_not_choose(
    lars: User, bielefeld: Centre, dortmund: Centre, verified_client, seeded: None
) -> None:
    period = factories.half_year(2024, 1)
    factories.report(bielefeld, period, {"events": 4})
    factories.report(dortmund, period, {"events": 8})
    response = verified_client(lars).get(
        MAP, {"period": period.pk, "indicator": "events", "region": "057"}
    )
    shapes = {s["shape"].key: s for s in response.context["shapes"]}
    assert shapes["05711"]["band"] == 1
    assert shapes["05913"]["band"] is None  # Dortmund is in Arnsberg
    assert response.context["classes"] == 1
