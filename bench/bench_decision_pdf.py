"""The decision PDF (WeasyPrint, PDF/A-3b, tagged): one decision, and all 54 KIs in a batch.

Renders from `DecisionData` (what the service renders inside `sign_proposal`), so the numbers
are the PDF's cost alone, without the database. Peak memory: tracemalloc (Python objects) by the
harness, and the process's ru_maxrss (includes Pango/HarfBuzz/cairo-free C allocations) printed
after the batch.
"""

from __future__ import annotations

import resource
import sys

from teilhabe.funding.decision_pdf import DecisionData, YearData, render_decision_pdf
from teilhabe.territory.models import Grantee

LINES = [
    ("Pädagogische Fachkraft (1,00 VZÄ, 12 Monate)", "57.000,00 EUR"),
    ("Pädagogische Fachkraft (1,00 VZÄ, 12 Monate)", "57.000,00 EUR"),
    ("Verwaltungsfachkraft (1,00 VZÄ, 12 Monate)", "57.000,00 EUR"),
    ("Verwaltungsassistenz (0,50 VZÄ, 12 Monate)", "17.500,00 EUR"),
    ("Laiensprachmittlerpool", "30.000,00 EUR"),
]


def data_for(name: str, key: str) -> DecisionData:
    year = YearData(
        year=2026,
        lines=[
            {"label": label, "amount": amount, "citation": "FRL KI 2022, Nr. 5"}
            for label, amount in LINES
        ],
        computed="218.500,00 EUR",
        granted="218.500,00 EUR",
        partial=False,
        teachers=2,
        teachers_value="100.000,00 EUR",
        guideline="Förderrichtlinien KI 2022",
        proof_due="30.06.2027",
    )
    return DecisionData(
        number=f"36.{key}-2026/1",
        kind="grant",
        issued="15.01.2026",
        grantee=name,
        grantee_key=key,
        centre=f"Kommunales Integrationszentrum {name}",
        address=["Rathausplatz 1", "12345 Musterstadt"],
        submitted="30.10.2025",
        first_year=2026,
        last_year=2026,
        law="§ 8 TIntG NRW 2021",
        guideline="Förderrichtlinien KI 2022",
        years=[year],
        total="218.500,00 EUR",
        reasons="",
        conditions=[
            ("Benennen Sie die zwei Schwerpunktthemen.", "01.09.2026"),
            ("Legen Sie das fortgeschriebene Integrationskonzept vor.", "15.02.2027"),
        ],
        proposed_by="Bernd Beispiel",
        signed_by="Gül Beispiel",
    )


def run(measure):  # type: ignore[no-untyped-def]
    grantees = list(Grantee.objects.order_by("key").values_list("name", "key"))[:54]
    batch = [data_for(name, key) for name, key in grantees]
    one = batch[0]
    sizes: list[int] = []

    def render_batch() -> None:
        sizes[:] = [len(render_decision_pdf(d)) for d in batch]

    results = [
        measure("decision PDF: one (PDF/A-3b, tagged)", lambda: render_decision_pdf(one), runs=10),
        measure(f"decision PDF: batch of {len(batch)}", render_batch, runs=1),
    ]
    maxrss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"decision PDF: {len(sizes)} files, {min(sizes)}–{max(sizes)} bytes; "
        f"process peak RSS (ru_maxrss) {maxrss_mib:.0f} MiB",
        file=sys.stderr,
    )
    return results
