"""The administrative court by the grantee's seat (§ 52 Nr. 3 Satz 2 VwGO, § 17 JustG NRW)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from teilhabe.funding import citations, courts

DISTRICTS = Path(__file__).resolve().parents[2] / "territory" / "data" / "districts.csv"
SEVEN = {"Aachen", "Arnsberg", "Düsseldorf", "Gelsenkirchen", "Köln", "Minden", "Münster"}


@pytest.mark.parametrize(
    ("key", "seat"),
    [  # each as § 17 JustG NRW lists it
        ("05711", "Minden"),  # Bielefeld
        ("05754", "Minden"),  # Kreis Gütersloh
        ("05315", "Köln"),
        ("05362", "Köln"),  # Rhein-Erft-Kreis
        ("05913", "Gelsenkirchen"),  # Dortmund
        ("05978", "Gelsenkirchen"),  # Kreis Unna
        ("05111", "Düsseldorf"),
        ("05162", "Düsseldorf"),  # Rhein-Kreis Neuss
        ("05515", "Münster"),
        ("05554", "Münster"),  # Kreis Borken
        ("05914", "Arnsberg"),  # Hagen
        ("05958", "Arnsberg"),  # Hochsauerlandkreis
        ("05334", "Aachen"),  # Städteregion Aachen
        ("05334002", "Aachen"),  # City of Aachen, inside the Städteregion
        ("05358", "Aachen"),  # Kreis Düren
    ],
)
def test_the_court_of_a_district(key: str, seat: str) -> None:
    court = courts.court_for(key)
    assert court.name == f"Verwaltungsgericht {seat}" and court.seat == seat


def test_every_one_of_the_53_districts_has_one_of_the_seven_courts() -> None:
    with DISTRICTS.open(encoding="utf-8") as f:
        keys = {row["key"] for row in csv.DictReader(f)}
    table = courts.courts_by_district()
    assert len(keys) == 53 and set(table) == keys
    assert {c.seat for c in table.values()} == SEVEN


def test_an_address_without_a_known_street_names_the_seat() -> None:
    assert courts.court_for("05974").address == "Verwaltungsgericht Arnsberg in Arnsberg"
    assert courts.court_for("05515").address == "Verwaltungsgericht Münster, Piusallee 38, Münster"


def test_citations_lose_our_assumptions_only() -> None:
    citation = (
        "§ 8 TIntG NRW (Teilhabe- und Integrationsgesetz vom 25.11.2021); Förderrichtlinien KI "
        "(Beträge 57.000/45.000 EUR; Beginn 01.01.2022 angenommen, die Quelle ist undatiert)"
    )
    assert citations.public(citation) == (
        "§ 8 TIntG NRW (Teilhabe- und Integrationsgesetz vom 25.11.2021); Förderrichtlinien KI "
        "(Beträge 57.000/45.000 EUR)"
    )
    title = "Förderrichtlinien KI nach dem TIntG 2021 (ab 01.01.2022, angenommen)"
    assert citations.public(title) == "Förderrichtlinien KI nach dem TIntG 2021"
    assert citations.public("Förderrichtlinien KI vom 27.03.2018") == (
        "Förderrichtlinien KI vom 27.03.2018"
    )
