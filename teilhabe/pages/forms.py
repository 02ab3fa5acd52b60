from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AccessibilityFeedback


class FeedbackForm(forms.ModelForm):
    class Meta:
        model = AccessibilityFeedback
        fields = ["page_url", "message", "name", "email"]
        widgets = {"message": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "page_url": _("The address or title of the page where you met the barrier."),
            "email": _("Only if you want an answer."),
        }
