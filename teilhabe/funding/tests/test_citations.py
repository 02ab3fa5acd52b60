"""Citations on an English page: the known German phrases glossed, the rest unchanged; German
pages and the decision keep the German text."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from teilhabe.funding import citations
from teilhabe.funding.eligibility import GUIDELINE, LAW_2021, SEED

CITATION_2022 = (
    "§ 8 TIntG NRW (Teilhabe- und Integrationsgesetz vom 25.11.2021); Förderrichtlinien KI "
    "(Beträge 57.000/45.000 EUR; Beginn 01.01.2022 angenommen, die Quelle ist undatiert)"
)


@pytest.mark.parametrize(
    ("german", "english"),
    [
        (
            CITATION_2022,
            "§ 8 TIntG NRW (Participation and Integration Act of 25 November 2021); "
            "KI funding guidelines (amounts 57,000/45,000 EUR)",
        ),
        (
            "§ 7 TIntG NRW (Teilhabe- und Integrationsgesetz vom 14.02.2012); "
            "Förderrichtlinien KI in der Fassung vom 23.03.2015",
            "§ 7 TIntG NRW (Participation and Integration Act of 14 February 2012); "
            "KI funding guidelines as amended on 23 March 2015",
        ),
        ("Förderrichtlinien KI vom 27.03.2018", "KI funding guidelines of 27 March 2018"),
        (
            "Förderrichtlinien KI nach dem TIntG 2021 (ab 01.01.2022, angenommen)",
            "KI funding guidelines under the TIntG 2021",
        ),
        (SEED, "KI programme description 2012, “Prerequisite”"),
        (GUIDELINE, "KI funding guidelines"),
        (LAW_2021, LAW_2021),  # an abbreviation with its section: the same in English
    ],
)
def test_english_pages_gloss_the_known_citations(german: str, english: str) -> None:
    with translation.override("en"):
        assert citations.localized(german) == english
    with translation.override("de"):
        assert citations.localized(german) == citations.public(german)


def test_the_template_filter_follows_the_language() -> None:
    template = Template("{% load funding_text %}{{ c|public_citation }}")
    context = Context({"c": "Förderrichtlinien KI vom 27.03.2018"})
    with translation.override("en"):
        assert template.render(context) == "KI funding guidelines of 27 March 2018"
    with translation.override("de"):
        assert template.render(context) == "Förderrichtlinien KI vom 27.03.2018"


def test_an_impossible_date_stays_as_written() -> None:
    assert citations.english("Förderrichtlinien KI vom 31.02.2018") == (
        "KI funding guidelines of 31.02.2018"
    )


@given(st.text(alphabet=st.characters(blacklist_characters="FTBPa"), max_size=60))
def test_text_without_a_known_phrase_is_unchanged(text: str) -> None:
    # none of the glossed phrases can start without one of these letters
    assert citations.english(text) == text


@given(st.sampled_from([CITATION_2022, SEED, GUIDELINE, "Förderrichtlinien KI vom 27.03.2018"]))
def test_the_gloss_is_stable(text: str) -> None:
    once = citations.english(citations.public(text))
    assert citations.english(once) == once
