"""`{% breadcrumbs href label href label … %}`: the way from the start page to the current page.

Every page below the start page shows it (base.html renders the bare trail, "Start", unless a
template names the parents in its `breadcrumbs` block). The trail ends with the current page's
parent: the heading below it names the page itself (as the GOV.UK pattern does), so no title is
written twice. An `href` is a path ("/…") or a URL name without arguments ("funding:applications");
a label is text or an object (shown as `str()`).
"""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

register = template.Library()


def _href(target: object) -> str:
    text = str(target)
    return text if text.startswith("/") else reverse(text)


@register.simple_tag
def breadcrumbs(*parts: object) -> SafeString:
    if len(parts) % 2:
        raise template.TemplateSyntaxError("breadcrumbs takes pairs of href and label")
    trail = [(reverse("pages:start"), str(_("Start")))]
    trail += [(_href(parts[i]), str(parts[i + 1])) for i in range(0, len(parts), 2)]
    return render_to_string("includes/breadcrumbs.html", {"trail": trail})
