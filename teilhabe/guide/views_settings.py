"""The KI's settings of its public guide (staff): which categories the landing page lists and
its introduction."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teilhabe.accounts.auth import AuthenticatedHttpRequest

from . import access, guide_settings
from .models import INTRO_MAX, Category


class GuideSettingsForm(forms.Form):
    categories = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Categories the guide shows"),
        help_text=gettext_lazy("None chosen: every category that has offers."),
        queryset=Category.objects.filter(parent=None, is_active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    intro = forms.CharField(
        label=gettext_lazy("Introduction on the landing page"),
        help_text=gettext_lazy(
            "A few sentences in German. Empty: the page explains the guide in the visitor's "
            "language."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=INTRO_MAX,
        required=False,
    )


@login_required
def settings_page(request: AuthenticatedHttpRequest, centre_pk: int) -> HttpResponse:
    centre = access.centre_for_guide(request.user, centre_pk)
    current = guide_settings.settings_of(centre.pk)
    initial = {
        "categories": list(current.shown_categories.all()) if current else [],
        "intro": current.intro if current else "",
    }
    form = GuideSettingsForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            guide_settings.update_guide_settings(
                centre,
                by=request.user,
                categories=form.cleaned_data["categories"],
                intro=form.cleaned_data["intro"],
            )
        except ValidationError as e:
            for name, errors in e.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, _("The guide's settings are saved."))
            return redirect("guide:settings", centre.pk)
    status = 422 if form.errors else 200
    return render(request, "guide/settings.html", {"centre": centre, "form": form}, status=status)
