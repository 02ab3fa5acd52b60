"""Feedback sent from the accessibility statement (BITV 2.0 feedback channel)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccessibilityFeedback(models.Model):
    created_at = models.DateTimeField(_("received"), default=timezone.now)
    page_url = models.CharField(_("page concerned"), max_length=500, blank=True)
    message = models.TextField(_("your message"), max_length=5000)
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail for our answer"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("accessibility feedback")
        verbose_name_plural = _("accessibility feedback")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d} {self.page_url or '-'}"
