"""The forms of the member schools and their projects; the rules are the services' (errors land
at their fields, the input stays)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from teilhabe.core.forms import DateInput
from teilhabe.network.models import Organisation, OrganisationType

from .models import Measure, SchoolMembership, SchoolProject
from .services import schools


class SchoolForm(forms.ModelForm):
    """A member school: on adding, one of the KI's own schools not yet a member; on editing,
    the school stays and `lock_version` carries the version the form was built from."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    class Meta:
        model = SchoolMembership
        fields = schools.MEMBERSHIP_FIELDS
        widgets = {"title_awarded_on": DateInput()}
        help_texts = {
            "school": _(
                "A school of the KI's partner network. Missing? Add it to the network first."
            ),
            "signatures": _("Pupils, teachers and other staff who signed the self-commitment."),
            "school_members": _(
                "Everyone who learns or works at the school; at least 70 percent must have signed."
            ),
            "patron": _("The public figure who supports the school's commitment."),
        }

    def __init__(self, *args: Any, measure: Measure, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["school"]
            self.initial["lock_version"] = self.instance.lock_version
        else:
            del self.fields["lock_version"]
            field = self.fields["school"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = (
                Organisation.objects.of_centre(measure.centre_id)
                .filter(type=OrganisationType.SCHOOL, is_active=True, merged_into__isnull=True)
                .exclude(pk__in=measure.schools.values("school_id"))
                .order_by("name")
            )
        for name in ("signatures", "school_members"):
            self.fields[name].widget.attrs.setdefault("inputmode", "numeric")

    def data_for_service(self) -> dict[str, Any]:
        names = schools.EDIT_FIELDS if self.instance.pk else schools.MEMBERSHIP_FIELDS
        return {name: self.cleaned_data[name] for name in names}

    def changed_values(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name]
            for name in self.changed_data
            if name in schools.EDIT_FIELDS
        }


class LeftForm(forms.Form):
    left_on = forms.DateField(label=_("Left the network on"), widget=DateInput())
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ProjectForm(forms.ModelForm):
    class Meta:
        model = SchoolProject
        fields = schools.PROJECT_FIELDS
        widgets = {
            "held_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4, "maxlength": 2000}),
        }
        help_texts = {
            "held_on": _("The day of the project, or its last day; not before the title."),
            "description": _("What the school did, with whom; no names of pupils."),
        }

    def data_for_service(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in schools.PROJECT_FIELDS}


STATUS_CHOICES = [
    ("", _("current members")),
    ("overdue", _("project overdue")),
    ("left", _("left the network")),
    ("all", _("all")),
]
SORTS = {
    "name": ("school__name", "pk"),
    "-name": ("-school__name", "-pk"),
    "title": ("title_awarded_on", "school__name", "pk"),
    "-title": ("-title_awarded_on", "school__name", "pk"),
}


class SchoolFilter(forms.Form):
    """The list's search, filter and sorting (GET; bad values are dropped, never an error)."""

    q = forms.CharField(label=_("Search by school or patron"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Show"), choices=STATUS_CHOICES, required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("name", _("name (A–Z)")),
            ("-name", _("name (Z–A)")),
            ("title", _("title date (oldest first)")),
            ("-title", _("title date (newest first)")),
        ],
    )

    def value(self, name: str) -> Any:
        if not self.is_bound:
            return ""
        self.is_valid()
        return self.cleaned_data.get(name) or ""
