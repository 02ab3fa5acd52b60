"""The offer's edit page as forms: the offer's fields, the course details, a section per
content language (source language first) and the location rows. The rules are the services';
their refusals land at the field they name (`OfferEditor.add_service_errors`), so every typed
field in every section stays on the page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import fields_for_model
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from teilhabe.centres.models import Centre
from teilhabe.core.forms import BoundedDecimalField, DateInput, RemovableRows, row_count
from teilhabe.network.models import LANGUAGES as SPOKEN
from teilhabe.network.models import Organisation
from teilhabe.territory.models import Municipality

from . import services
from .models import (
    COURSE_FIELDS,
    DETAIL_FIELDS,
    LANGUAGES,
    MAX_LOCATIONS,
    RTL_LANGUAGES,
    Category,
    LanguageCourse,
    Location,
    Offer,
    OfferText,
    TargetGroup,
)

SPOKEN_CHOICES = sorted(SPOKEN.items(), key=lambda c: c[0])
DATES = {"widget": DateInput}
EXTRA_LOCATIONS = 1


class OfferForm(forms.Form):
    """The offer's own fields; a partner account has no provider field (the service makes
    its organisation the provider)."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, centre: Centre, partner: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = fields_for_model(
            Offer,
            fields=[
                n
                for n in services.OFFER_FIELDS
                if n != "website" and not (partner and n == "provider")
            ],
            widgets={
                "registration_until": DateInput(),
                "next_start": DateInput(),
            },
            field_classes={
                "cost_amount": BoundedDecimalField,
                "hours_per_week": BoundedDecimalField,
            },
        )
        fields["website"] = forms.URLField(
            label=_("website"), required=False, max_length=300, assume_scheme="https"
        )
        fields["target_groups"] = forms.MultipleChoiceField(
            label=_("Target groups"),
            choices=TargetGroup.choices,
            widget=forms.CheckboxSelectMultiple,
            required=False,
        )
        fields["languages"] = forms.MultipleChoiceField(
            label=_("Languages the offer is held in"),
            choices=SPOKEN_CHOICES,
            widget=forms.CheckboxSelectMultiple,
            required=False,
        )
        category = fields["category"]
        assert isinstance(category, forms.ModelChoiceField)
        category.queryset = Category.objects.filter(is_active=True).select_related("parent")
        category.label_from_instance = _category_label  # type: ignore[method-assign,assignment]
        if "provider" in fields:
            provider = fields["provider"]
            assert isinstance(provider, forms.ModelChoiceField)
            provider.queryset = Organisation.objects.filter(centre=centre).order_by("name")
        self.fields.update({name: fields[name] for name in services.OFFER_FIELDS if name in fields})

    def offer_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in services.OFFER_FIELDS}


def _category_label(category: Category) -> str:
    return f"{category.parent.name} › {category.name}" if category.parent else category.name


class TextForm(forms.Form):
    """The offer's words in one language; an empty section means no text in that language."""

    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Paragraphs, lists, bold, italic and links are kept; any other formatting is removed."
        ),
    )

    def __init__(self, *args: Any, language: str, **kwargs: Any) -> None:
        kwargs["prefix"] = f"text-{language}"
        super().__init__(*args, **kwargs)
        # How to register, dates, duration, opening hours: in the section's language too.
        self.fields.update(
            fields_for_model(
                OfferText,
                fields=DETAIL_FIELDS,
                widgets={"opening_hours": forms.Textarea(attrs={"rows": 2})},
            )
        )
        self.language = language
        self.label = LANGUAGES[language]
        for field in self.fields.values():  # the words are in the section's language
            field.widget.attrs.update(lang=language, dir="rtl" if self.is_rtl else "ltr")

    @property
    def is_rtl(self) -> bool:
        return self.language in RTL_LANGUAGES

    @property
    def has_content(self) -> bool:
        if self.is_bound:
            return any(self.data.get(self.add_prefix(name)) for name in services.TEXT_FIELDS)
        return any(self.initial.get(name) for name in services.TEXT_FIELDS)


class CourseForm(forms.Form):
    """The course details, needed when the category is in the language-course branch."""

    NEEDED = ("course_type", "target_level", "class_format")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["prefix"] = "course"
        super().__init__(*args, **kwargs)
        fields = fields_for_model(
            LanguageCourse,
            fields=COURSE_FIELDS,
            widgets={
                "starts_on": DateInput,
                "ends_on": DateInput,
                "registration_deadline": DateInput,
            },
        )
        for field in fields.values():
            field.required = False
        self.fields.update(fields)

    def require_details(self) -> None:
        for name in self.NEEDED:
            if not self.cleaned_data.get(name) and name not in self.errors:
                self.add_error(name, _("Needed for a language course."))

    def course_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data.get(name) for name in COURSE_FIELDS}
        data["places"] = data["places"] or 0
        data["places_taken"] = data["places_taken"] or 0
        return data


class LocationForm(forms.Form):
    uuid = forms.CharField(widget=forms.HiddenInput, required=False, max_length=36)

    def __init__(self, *args: Any, area: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = fields_for_model(
            Location,
            fields=services.LOCATION_FIELDS,
            field_classes={"lat": BoundedDecimalField, "lon": BoundedDecimalField},
        )
        fields["step_free"] = forms.NullBooleanField(
            label=_("Step-free access"),
            required=False,
            widget=forms.NullBooleanSelect,
        )
        fields["languages"] = forms.MultipleChoiceField(
            label=_("Languages spoken there"),
            choices=SPOKEN_CHOICES,
            widget=forms.CheckboxSelectMultiple,
            required=False,
        )
        municipality = fields["municipality"]
        assert isinstance(municipality, forms.ModelChoiceField)
        municipality.queryset = area
        municipality.label_from_instance = lambda m: f"{m.short_name} ({m.ags})"  # type: ignore[method-assign,assignment]
        self.fields.update(fields)

    def location_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in ("uuid", *services.LOCATION_FIELDS)}


LocationFormSet = forms.formset_factory(
    LocationForm,
    formset=RemovableRows,
    extra=EXTRA_LOCATIONS,
    can_delete=True,
    max_num=MAX_LOCATIONS,
    absolute_max=MAX_LOCATIONS,
    validate_max=True,
)


class OfferEditor:
    """All forms of the edit page together: bound to one POST, valid only if every part is,
    and the service's refusals put back at their fields."""

    def __init__(
        self,
        centre: Centre,
        *,
        partner: bool,
        offer: Offer | None = None,
        data: QueryDict | None = None,
        add_location: bool = False,
    ) -> None:
        self.centre, self.offer = centre, offer
        self.location_errors: list[str] = []
        initial = _initial(offer) if offer is not None else None
        if data is not None and add_location:
            data = data.copy()
            total = row_count(data.get("locations-TOTAL_FORMS"), MAX_LOCATIONS - 1)
            data["locations-TOTAL_FORMS"] = str(total + 1)
        self.form = OfferForm(
            data,
            centre=centre,
            partner=partner,
            initial=initial["offer"] if initial else {"source_language": "de"},
        )
        posted = data.get("source_language") if data is not None else None
        source = str(posted or (offer.source_language if offer else "de"))
        order = [source] if source in LANGUAGES else []
        order += [code for code in LANGUAGES if code not in order]
        self.texts = [
            TextForm(data, language=code, initial=(initial["texts"].get(code) if initial else None))
            for code in order
        ]
        area = centre.grantee.municipalities()
        if offer is not None:  # an older entry keeps its own municipality on the list
            used = offer.locations.values_list("municipality_id", flat=True)
            area = area | Municipality.objects.filter(pk__in=used)
        self.locations = LocationFormSet(
            data,
            prefix="locations",
            initial=initial["locations"] if initial else None,
            form_kwargs={"area": area.order_by("short_name")},
        )
        self.course = CourseForm(data, initial=initial["course"] if initial else None)

    def is_valid(self) -> bool:
        valid = self.form.is_valid()
        valid = all([t.is_valid() for t in self.texts]) and valid
        valid = self.locations.is_valid() and valid
        valid = self.course.is_valid() and valid
        category = self.form.cleaned_data.get("category")
        if isinstance(category, Category) and category.is_language_course:
            self.course.require_details()
            valid = valid and not self.course.errors
        return valid

    @property
    def expected_version(self) -> int | None:
        return self.form.cleaned_data.get("lock_version")

    def arguments(self) -> dict[str, Any]:
        """What the services take: data, texts per language, locations, course."""
        data = self.form.offer_data()
        category = data["category"]
        return {
            "data": data,
            "texts": {t.language: dict(t.cleaned_data) for t in self.texts},
            "locations": [
                row.location_data()
                for row in self.locations.forms
                if (row.initial or row.has_changed()) and row not in self.locations.deleted_forms
            ],
            "course": self.course.course_data() if category.is_language_course else None,
        }

    def add_service_errors(self, error: ValidationError) -> None:
        """Each refusal at the field it names: `title_de` in the German section, course fields
        in the course section, `locations` above the rows, the rest on the offer's form."""
        if not hasattr(error, "error_dict"):
            self.form.add_error(None, error)
            return
        texts = {t.language: t for t in self.texts}
        for name, errors in error.error_dict.items():
            field, _sep, language = name.rpartition("_")  # "registration_how_de-x-ls"
            if language in texts and field in services.TEXT_FIELDS:
                texts[language].add_error(field, errors)
            elif name in self.course.fields:
                self.course.add_error(name, errors)
            elif name == "locations":
                self.location_errors += [m for e in errors for m in e.messages]
            else:
                self.form.add_error(name if name in self.form.fields else None, errors)

    def keep_version(self, version: int) -> None:
        """After a stale save: the input stays, the version becomes the current one, so a
        second, deliberate save wins."""
        data = QueryDict(mutable=True)
        data.update(self.form.data)
        data["lock_version"] = str(version)
        self.form.data = data

    @property
    def text_errors(self) -> list[TextForm]:
        return [t for t in self.texts if t.errors]


def _initial(offer: Offer) -> dict[str, Any]:
    values = {name: getattr(offer, name) for name in services.OFFER_FIELDS}
    values["category"] = offer.category_id
    values["provider"] = offer.provider_id
    values["lock_version"] = offer.lock_version
    course = getattr(offer, "course", None) if hasattr(offer, "course") else None
    return {
        "offer": values,
        "texts": {
            t.language: {name: getattr(t, name) for name in services.TEXT_FIELDS}
            for t in offer.texts.all()
        },
        "locations": [
            {
                "uuid": str(loc.uuid),
                **{name: getattr(loc, name) for name in services.LOCATION_FIELDS},
                "municipality": loc.municipality_id,
            }
            for loc in offer.locations.all()
        ],
        "course": {name: getattr(course, name) for name in COURSE_FIELDS} if course else None,
    }
