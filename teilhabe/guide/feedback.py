"""The public's feedback on an offer ("information outdated", an optional comment): its form
and its rate limit (docs/guide.md, "Feedback").

No login, so a limit per client address: GUIDE_FEEDBACK_PER_HOUR (default 5) per address and
hour, and GUIDE_FEEDBACK_PER_OFFER_DAY (default 20) per offer and day, so nobody floods one KI.
The address is the client's as the trusted proxies saw it (`core.client_ip`: a spoofed
X-Forwarded-For counts only as far as TRUSTED_PROXY_COUNT says). It is never stored: the cache
key is a keyed hash of it (HMAC with SECRET_KEY), which expires with its hour. The counters are
fixed windows that start with the first feedback.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac
from django.utils.translation import pgettext_lazy

from teilhabe.core.client_ip import client_ip

from .models import FEEDBACK_MAX_LENGTH, Offer

HOUR, DAY = 3600, 86400
CONTEXT = "wegweiser"


class FeedbackForm(forms.Form):
    comment = forms.CharField(
        label=pgettext_lazy(CONTEXT, "What is no longer right?"),
        required=False,
        max_length=FEEDBACK_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": FEEDBACK_MAX_LENGTH}),
        error_messages={"max_length": pgettext_lazy(CONTEXT, "At most 1,000 characters.")},
    )
    # The honeypot: hidden from people (and screen readers), filled in by bots.
    website = forms.CharField(required=False, max_length=200)


def _count(key: str, timeout: int) -> int:
    """Add one to a counter that lives `timeout` seconds from its first use."""
    cache.add(key, 0, timeout=timeout)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=timeout)
        return 1


def address_key(request: HttpRequest) -> str:
    """The cache key of the client's address: a keyed hash, never the address itself."""
    digest = salted_hmac("teilhabe.guide.feedback", client_ip(request)).hexdigest()[:40]
    return f"guide:feedback:address:{digest}"


def rate_limited(request: HttpRequest, offer: Offer) -> bool:
    """Whether this feedback is one too many, counting it: first per address and hour, then
    per offer and day (an address over its limit does not use up the offer's)."""
    if _count(address_key(request), HOUR) > settings.GUIDE_FEEDBACK_PER_HOUR:
        return True
    return _count(f"guide:feedback:offer:{offer.pk}", DAY) > settings.GUIDE_FEEDBACK_PER_OFFER_DAY
