"""The network's forms; the rules are the services' (errors land at their fields)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from teilhabe.centres.models import Centre
from teilhabe.core.forms import DateInput
from teilhabe.territory.models import Municipality

from . import imports, services
from .models import (
    LANGUAGES,
    ContactPerson,
    CooperationAgreement,
    Organisation,
    OrganisationType,
    Stage,
)

LANGUAGE_CHOICES = sorted(((code, label) for code, label in LANGUAGES.items()), key=lambda c: c[0])


class OrganisationForm(forms.ModelForm):
    """An organisation's data; a partner account gets the form without type and active flag."""

    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The languages the organisation works or advises in."),
    )
    stages = forms.MultipleChoiceField(
        label=_("Stages of the education chain"),
        choices=Stage.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Organisation
        fields = services.ORGANISATION_FIELDS
        widgets = {"areas_of_work": forms.Textarea(attrs={"rows": 3, "maxlength": 500})}
        help_texts = {
            "email": _("Business addresses only, e.g. info@… — no private data."),
            "phone": _("The organisation's business number, no private numbers."),
        }

    def __init__(self, *args: Any, centre: Centre, partner: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if partner:
            del self.fields["type"]
            del self.fields["is_active"]
        # The municipalities of the KI's own area (the City of Aachen's KI: Aachen alone), with
        # their official keys; the service refuses any other.
        field = self.fields["municipality"]
        assert isinstance(field, forms.ModelChoiceField)
        area = centre.grantee.municipalities()
        if self.instance.municipality_id is not None:  # an older entry keeps its own
            area = area | Municipality.objects.filter(pk=self.instance.municipality_id)
        field.queryset = area
        field.label_from_instance = lambda obj: f"{obj.short_name} ({obj.ags})"  # type: ignore[method-assign]

    def changed_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.changed_data}


class ContactForm(forms.ModelForm):
    class Meta:
        model = ContactPerson
        fields = services.CONTACT_FIELDS
        help_texts = {
            "name": _(
                "Business contact data only: the person's name, function, business e-mail and "
                "business telephone. Never private addresses, numbers or birthdays."
            ),
        }


class AgreementForm(forms.ModelForm):
    document = forms.FileField(
        label=_("Signed agreement (PDF)"),
        required=False,
        help_text=_("The signed agreement as a PDF without password protection."),
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    class Meta:
        model = CooperationAgreement
        fields = services.AGREEMENT_FIELDS
        widgets = {"since": DateInput(), "until": DateInput()}

    def agreement_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in services.AGREEMENT_FIELDS}


SORTS = {
    "name": ("name", "pk"),
    "-name": ("-name", "-pk"),
    "type": ("type", "name", "pk"),
    "postcode": ("postcode", "name", "pk"),
    "-updated": ("-updated_at", "-pk"),
}


class ListFilter(forms.Form):
    """The list's search, filters and sorting (GET; bad values are dropped, never an error)."""

    q = forms.CharField(
        label=_("Search by name, street, postcode or contact"), required=False, max_length=100
    )
    type = forms.ChoiceField(
        label=_("Type"), choices=[("", _("all")), *OrganisationType.choices], required=False
    )
    stage = forms.ChoiceField(
        label=_("Stage"), choices=[("", _("all")), *Stage.choices], required=False
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=[("", _("all")), *LANGUAGE_CHOICES], required=False
    )
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)
    inactive = forms.BooleanField(label=_("Show inactive ones too"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("name", _("name (A–Z)")),
            ("-name", _("name (Z–A)")),
            ("type", _("type")),
            ("postcode", _("postcode")),
            ("-updated", _("last changed")),
        ],
    )

    def __init__(self, *args: Any, centre: Centre, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        municipalities = centre.grantee.municipalities().values_list("ags", "short_name")
        self.fields["municipality"].choices = [("", _("all")), *municipalities]  # type: ignore[attr-defined]

    def value(self, name: str) -> Any:
        """A filter's value if it was given and valid; "" otherwise (the others still apply)."""
        if not self.is_bound:
            return ""
        self.is_valid()
        return self.cleaned_data.get(name) or ""


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or Excel)"),
        help_text=_(
            "An Excel file (XLSX) or a CSV file in UTF-8 with “;” or “,” between the cells, at "
            "most 5 MB and 20,000 rows. The first row names the columns, e.g. Name, Art, "
            "Straße, PLZ, Ort, E-Mail, Telefon, Website, Sprachen, Bildungskette."
        ),
        widget=forms.FileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )


class MappingForm(forms.Form):
    """Which column of the file fills which field (a choice per field; the name is needed)."""

    def __init__(self, *args: Any, headers: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("— not imported —")), *((str(i), h) for i, h in enumerate(headers))]
        for name, label in imports.FIELDS.items():
            self.fields[name] = forms.ChoiceField(
                label=label, choices=choices, required=name in imports.REQUIRED
            )

    def mapping(self) -> dict[str, str]:
        return {name: value for name, value in self.cleaned_data.items() if value != ""}
