"""The forms of a controlling report: its values and comments, the lead's signature, the
coordination office's decision and a correction's reason. Thin: `reports` validates and saves;
the forms read what was typed (German numbers: "1.234,5") and keep it on every error."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from teilhabe.core.forms import BoundedDecimalField

from .reports import MAX_COMMENT, VALUE_DIGITS, Line


def _typed(line: Line) -> str:
    """The stored value as the field shows it: no grouping, the language's decimal mark."""
    if line.row.value is None:
        return ""
    return formats.number_format(line.row.value, decimal_pos=line.version.decimal_places)


class ReportForm(forms.Form):
    """Per indicator a value (not for computed ones: the figure's) and a comment."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, lines: list[Line], lock_version: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lines = lines
        self.fields["lock_version"].initial = lock_version
        # A value may stay empty in a draft; submitting needs it.
        self.needed_later = set()
        for line in lines:
            version = line.version
            unit = version.unit_label
            if not line.computed:
                name = f"value_{line.code}"
                self.fields[name] = BoundedDecimalField(
                    label=_("%(name)s (%(unit)s)") % {"name": version, "unit": unit},
                    required=False,
                    max_digits=VALUE_DIGITS,
                    decimal_places=version.decimal_places,
                    initial=_typed(line),
                    widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
                )
                self.needed_later.add(name)
            self.fields[f"comment_{line.code}"] = forms.CharField(
                label=_("Comment on %(name)s") % {"name": version},
                required=False,
                max_length=MAX_COMMENT,
                initial=line.row.comment,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self) -> list[tuple[Line, forms.BoundField | None, forms.BoundField]]:
        """Each line with its value field (None: computed) and comment field, for the page."""
        return [
            (
                line,
                self[f"value_{line.code}"] if not line.computed else None,
                self[f"comment_{line.code}"],
            )
            for line in self.lines
        ]

    def values(self) -> dict[str, dict[str, Any]]:
        """What the service saves: per code the value (manual ones) and the comment."""
        out: dict[str, dict[str, Any]] = {}
        for line in self.lines:
            entry: dict[str, Any] = {"comment": self.cleaned_data.get(f"comment_{line.code}", "")}
            if not line.computed:
                entry["value"] = self.cleaned_data.get(f"value_{line.code}")
            out[line.code] = entry
        return out


class SubmitForm(forms.Form):
    signed = forms.BooleanField(
        label=_("I sign this report as head of the KI: its values are complete and correct."),
        required=False,
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput)


class DecisionForm(forms.Form):
    ACCEPT, RETURN = "accept", "return"

    decision = forms.ChoiceField(
        label=_("Your decision"),
        choices=[(ACCEPT, _("Accept the report")), (RETURN, _("Send it back to the KI"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment to the KI"),
        help_text=_("Required when you send the report back: say what the KI should check."),
        required=False,
        max_length=MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class CorrectionForm(forms.Form):
    reason = forms.CharField(
        label=_("What the correction is for"),
        help_text=_("The coordination office reads this with the corrected report."),
        required=True,
        max_length=MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
