"""The client's address, one rule for every caller (the events' rate limit, django-axes).

Behind a reverse proxy `REMOTE_ADDR` is the proxy, the same for everyone. Each proxy appends the
address it received the connection from to `X-Forwarded-For`; the entries on the left are
whatever the client sent and prove nothing. So with `TRUSTED_PROXY_COUNT` = n proxies in front
of the application (set from the environment, default 0), the client is the n-th entry from the
right, and nothing further left is ever read. With 0, or when the header has fewer entries than
the proxies would have added (the request did not come through them), or the entry is no IP
address, the answer is `REMOTE_ADDR`.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest

# A header longer than this is not from our proxies; it is not parsed.
HEADER_MAX = 2000


def _normalised(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """The address of the client as the trusted proxies saw it (docs/operations.md)."""
    remote = str(request.META.get("REMOTE_ADDR", "") or "")
    trusted = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))
    if trusted <= 0:
        return remote
    header = str(request.META.get("HTTP_X_FORWARDED_FOR", "") or "")
    if not header or len(header) > HEADER_MAX:
        return remote
    hops = [hop.strip() for hop in header.split(",")]
    if len(hops) < trusted:
        return remote
    return _normalised(hops[-trusted]) or remote
