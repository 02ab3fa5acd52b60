"""Forms of the parent groups: a parent companion, a group, a session, the companions' list
filter and the group page's filter of its sessions by period. The rules are the services'
(`services/groups.py`); their errors land at the fields they name."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from teilhabe.centres.models import Centre
from teilhabe.core.forms import DateInput
from teilhabe.network.models import LANGUAGES, Organisation

from .models import GroupSession, ParentCompanion, ParentGroup
from .services.groups import COMPANION_FIELDS, GROUP_FIELDS, SESSION_FIELDS

LANGUAGE_CHOICES = sorted(LANGUAGES.items(), key=lambda c: c[0])


def _languages_field(help_text: Any) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=_("Languages"),
        choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=help_text,
    )


class CompanionForm(forms.ModelForm):
    languages = _languages_field(_("The languages she or he leads groups in."))

    class Meta:
        model = ParentCompanion
        fields = COMPANION_FIELDS
        widgets = {"qualified_on": DateInput()}
        help_texts = {
            "name": _(
                "Only the name, the languages and the date of the qualification are kept: "
                "no address, telephone number or date of birth."
            ),
            "qualified_on": _("The day the qualification as parent companion was completed."),
            "is_active": _("Untick when the KI no longer works with her or him."),
        }

    def values(self) -> dict[str, Any]:
        """All fields for a new companion, the changed ones for an existing one."""
        names = self.changed_data if self.instance.pk else COMPANION_FIELDS
        return {name: self.cleaned_data[name] for name in names}


COMPANION_SORTS = {
    "name": ("name", "pk"),
    "-name": ("-name", "-pk"),
    "qualified": ("qualified_on", "name", "pk"),
    "-qualified": ("-qualified_on", "name", "pk"),
}


class CompanionFilter(forms.Form):
    """The companions' search, filters and sorting (GET; a bad value is dropped, not an error)."""

    q = forms.CharField(label=_("Search by name"), required=False, max_length=100)
    language = forms.ChoiceField(
        label=_("Language"), choices=[("", _("all")), *LANGUAGE_CHOICES], required=False
    )
    active = forms.ChoiceField(
        label=_("Active"),
        required=False,
        choices=[("", _("active only")), ("all", _("all")), ("inactive", _("inactive only"))],
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("name", _("name (A–Z)")),
            ("-name", _("name (Z–A)")),
            ("qualified", _("qualified earliest")),
            ("-qualified", _("qualified latest")),
        ],
    )

    def value(self, name: str) -> Any:
        if not self.is_bound:
            return ""
        self.is_valid()
        return self.cleaned_data.get(name) or ""


class GroupForm(forms.ModelForm):
    """A group: site, institution and municipality of the KI's own, languages, companions."""

    languages = _languages_field(_("The family languages the group works in."))
    companions = forms.ModelMultipleChoiceField(
        label=_("Parent companions"),
        queryset=ParentCompanion.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ParentGroup
        fields = (*GROUP_FIELDS, "companions")
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}
        help_texts = {
            "site": _("Where the group meets, e.g. “Kita Sonnenblume, Gruppenraum”."),
            "institution": _("The Kita, school or family centre of the KI's network."),
            "families": _("How many families take part (a number, no names)."),
        }

    def __init__(self, *args: Any, centre: Centre, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        institution = self.fields["institution"]
        assert isinstance(institution, forms.ModelChoiceField)
        institution.queryset = Organisation.objects.filter(
            centre=centre, is_active=True, merged_into__isnull=True
        ).order_by("name", "pk")
        municipality = self.fields["municipality"]
        assert isinstance(municipality, forms.ModelChoiceField)
        municipality.queryset = centre.grantee.municipalities().order_by("short_name")
        companions = self.fields["companions"]
        assert isinstance(companions, forms.ModelMultipleChoiceField)
        # The KI's active companions, and whoever already leads the group.
        mine = Q(is_active=True)
        if self.instance.pk:
            mine |= Q(groups=self.instance)
        companions.queryset = (
            ParentCompanion.objects.filter(mine, centre=centre).distinct().order_by("name", "pk")
        )
        if self.instance.pk:
            self.initial.setdefault("lock_version", self.instance.lock_version)

    def values(self) -> dict[str, Any]:
        names = [n for n in (*GROUP_FIELDS, "companions") if n in self.cleaned_data]
        if self.instance.pk:
            names = [n for n in names if n in self.changed_data]
        values = {name: self.cleaned_data[name] for name in names}
        if "companions" in values:
            values["companions"] = [c.pk for c in values["companions"]]
        return values


class SessionForm(forms.ModelForm):
    class Meta:
        model = GroupSession
        fields = SESSION_FIELDS
        widgets = {"held_on": DateInput()}
        help_texts = {
            "families_present": _("How many of the group's families came (a number)."),
            "topic": _("e.g. “Sprechen und Spielen im Alltag”."),
        }

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in SESSION_FIELDS}


class SessionFilter(forms.Form):
    """The group page's sessions from / to a day (GET; a bad date is dropped, not an error)."""

    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def value(self, name: str) -> Any:
        if not self.is_bound:
            return None
        self.is_valid()
        return self.cleaned_data.get(name)
