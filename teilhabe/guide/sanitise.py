"""Rich text of the offers, cleaned by nh3 (the Rust ammonia sanitiser) to an allow-list:
paragraphs, lists, emphasis, line breaks and links (http, https, mailto, tel) with a safe `rel`.
No script, style, event handler or other tag survives; what is not allowed is dropped, its text
kept."""

from __future__ import annotations

import nh3

TAGS = {"p", "br", "ul", "ol", "li", "strong", "em", "a"}
ATTRIBUTES = {"a": {"href"}}
SCHEMES = {"http", "https", "mailto", "tel"}
# Links go to other sites: never pass the guide's page on, never vouch for the target.
LINK_REL = "noopener noreferrer nofollow"
MAX_LENGTH = 20_000  # characters before cleaning; the service refuses longer text


def clean(html: str) -> str:
    """The allowed part of `html` (script and style dropped with their content)."""
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=SCHEMES,
        link_rel=LINK_REL,
        clean_content_tags={"script", "style"},
        strip_comments=True,
    ).strip()
