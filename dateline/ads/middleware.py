"""The wider Content-Security-Policy of pages that show ads, stored with the cached page.

Sits inside the page cache (after it in MIDDLEWARE): the header it writes is stored with the
page and served with every hit, and django-csp (outside the cache) leaves a header it finds
alone. Pages without a box, the admin and every other response keep the site's policy; an ad
server with nothing to add (the house ads) changes nothing. The added hosts only matter once
`ads/consent.js` loads the ad server's script, which it does only after consent.

No nonce: a cached page is the same bytes for every reader, so a nonce written into it would
be the same for all of them (no better than none). The ad server's script is first-party
(`static/ads/*.js`, allowed by 'self'); the hosts it loads from are named.
"""

from __future__ import annotations

from collections.abc import Callable

from csp.constants import NONCE
from csp.utils import build_policy
from django.conf import settings
from django.http import HttpRequest, HttpResponse

from .backends import ad_server
from .placement import SHOWN_ATTRIBUTE

HEADER = "Content-Security-Policy"


def ads_policy(update: dict[str, list[str]]) -> str:
    """The site's policy plus `update`, without the per-response nonce (see above)."""
    directives = {
        name: [source for source in sources if source != NONCE]
        for name, sources in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"].items()
    }
    return build_policy(config=directives, update=update)


class AdsCSPMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, SHOWN_ATTRIBUTE, False) and HEADER not in response:
            update = ad_server().csp_update()
            if update:
                response[HEADER] = ads_policy(update)
        return response
