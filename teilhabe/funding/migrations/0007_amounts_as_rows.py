"""The amount per funding year as rows with constraints instead of JSON strings.

Proposal.amounts and Decision.amounts ({"2026": "170000.00"}) become ProposalAmount and
DecisionAmount rows (unique per year, never negative, the year in 2012..2100); Decision.total
is computed from them from now on. The JSON is renamed first, so the new relations can take the
name `amounts`; the data migration refuses values that are not whole cents, and decisions whose
stored total differs from the sum of their amounts, rather than guess. Reversible.
"""

from decimal import Decimal

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models

CENT = Decimal("0.01")


def _rows(owner, amounts):
    """(year, amount) of a JSON {"2026": "170000.00"}, checked."""
    rows = []
    for key, value in sorted((amounts or {}).items()):
        year, amount = int(key), Decimal(str(value))
        if not amount.is_finite() or amount != amount.quantize(CENT) or amount < 0:
            raise ValueError(f"{owner}: {value!r} for {year} is not an amount in whole cents")
        if not 2012 <= year <= 2100:
            raise ValueError(f"{owner}: {year} is not a funding year")
        rows.append((year, amount.quantize(CENT)))
    return rows


def json_to_rows(apps, schema_editor):
    Proposal = apps.get_model("funding", "Proposal")
    ProposalAmount = apps.get_model("funding", "ProposalAmount")
    Decision = apps.get_model("funding", "Decision")
    DecisionAmount = apps.get_model("funding", "DecisionAmount")
    ProposalAmount.objects.bulk_create(
        ProposalAmount(proposal_id=pk, year=year, amount=amount)
        for pk, amounts in Proposal.objects.order_by("pk").values_list("pk", "amounts_json")
        for year, amount in _rows(f"proposal {pk}", amounts)
    )
    rows = []
    for pk, amounts, total in Decision.objects.order_by("pk").values_list(
        "pk", "amounts_json", "total"
    ):
        decision_rows = _rows(f"decision {pk}", amounts)
        if sum((a for _y, a in decision_rows), Decimal("0.00")) != total:
            raise ValueError(f"decision {pk}: its total {total} is not the sum of its amounts")
        rows += [DecisionAmount(decision_id=pk, year=y, amount=a) for y, a in decision_rows]
    DecisionAmount.objects.bulk_create(rows)


def rows_to_json(apps, schema_editor):
    for model, rows in (("Proposal", "ProposalAmount"), ("Decision", "DecisionAmount")):
        owner = model.lower()
        amounts = {}
        for pk, year, amount in (
            apps.get_model("funding", rows)
            .objects.order_by(owner, "year")
            .values_list(owner, "year", "amount")
        ):
            amounts.setdefault(pk, {})[str(year)] = str(amount)
        Model = apps.get_model("funding", model)
        for pk, values in amounts.items():
            fields = {"amounts_json": values}
            if model == "Decision":
                fields["total"] = sum((Decimal(v) for v in values.values()), Decimal("0.00"))
            Model.objects.filter(pk=pk).update(**fields)


class Migration(migrations.Migration):
    dependencies = [("funding", "0006_german_guideline_texts")]

    operations = [
        migrations.RenameField("proposal", "amounts", "amounts_json"),
        migrations.RenameField("decision", "amounts", "amounts_json"),
        migrations.CreateModel(
            name="DecisionAmount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "year",
                    models.PositiveSmallIntegerField(
                        validators=[
                            django.core.validators.MinValueValidator(2012),
                            django.core.validators.MaxValueValidator(2100),
                        ],
                        verbose_name="funding year",
                    ),
                ),
                (
                    "amount",
                    models.DecimalField(
                        decimal_places=2,
                        max_digits=12,
                        validators=[django.core.validators.MinValueValidator(Decimal("0.00"))],
                        verbose_name="amount",
                    ),
                ),
                (
                    "decision",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="amounts",
                        to="funding.decision",
                    ),
                ),
            ],
            options={
                "verbose_name": "granted amount",
                "verbose_name_plural": "granted amounts",
                "ordering": ["decision_id", "year"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("decision", "year"),
                        name="funding_decision_amount_one_per_year",
                        violation_error_code="duplicate_year",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("amount__gte", 0)),
                        name="funding_decision_amount_not_negative",
                        violation_error_code="negative_amount",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("year__gte", 2012), ("year__lte", 2100)),
                        name="funding_decision_amount_year_in_range",
                        violation_error_code="year_out_of_range",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="ProposalAmount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "year",
                    models.PositiveSmallIntegerField(
                        validators=[
                            django.core.validators.MinValueValidator(2012),
                            django.core.validators.MaxValueValidator(2100),
                        ],
                        verbose_name="funding year",
                    ),
                ),
                (
                    "amount",
                    models.DecimalField(
                        decimal_places=2,
                        max_digits=12,
                        validators=[django.core.validators.MinValueValidator(Decimal("0.00"))],
                        verbose_name="amount",
                    ),
                ),
                (
                    "proposal",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="amounts",
                        to="funding.proposal",
                    ),
                ),
            ],
            options={
                "verbose_name": "proposed amount",
                "verbose_name_plural": "proposed amounts",
                "ordering": ["proposal_id", "year"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("proposal", "year"),
                        name="funding_proposal_amount_one_per_year",
                        violation_error_code="duplicate_year",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("amount__gte", 0)),
                        name="funding_proposal_amount_not_negative",
                        violation_error_code="negative_amount",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("year__gte", 2012), ("year__lte", 2100)),
                        name="funding_proposal_amount_year_in_range",
                        violation_error_code="year_out_of_range",
                    ),
                ],
            },
        ),
        migrations.RunPython(json_to_rows, rows_to_json),
        migrations.RemoveField(model_name="proposal", name="amounts_json"),
        migrations.RemoveField(model_name="decision", name="amounts_json"),
        migrations.RemoveField(model_name="decision", name="total"),
    ]
