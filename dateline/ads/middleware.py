"""The hash-based strict Content-Security-Policy of pages that show ads, stored with the
cached page.

Sits inside the page cache (after it in MIDDLEWARE): the header it writes is stored with the
page and served with every hit (the fast-hit path and Varnish pass stored headers on), and
django-csp (outside the cache) leaves a header it finds alone. Pages without a box, the admin
and every other response keep the site's policy (`script-src 'self'` and a per-response
nonce on uncached ones).

Why hashes, not a nonce: a cached page is the same bytes for every reader, so a nonce in it
would be the same for all of them (known to anyone who loads the page). Every reader
script tag carries its Subresource Integrity (`dateline.core.scripts`), and this policy
lists exactly those hashes with 'strict-dynamic': a CSP3 browser runs a parser-inserted
script only when its integrity matches, and trusts what those scripts insert — so
`ads/consent.js`, after consent, may start the ad server's loader (and the loader its
third-party scripts) with no host list to keep up to date. An injected `<script>` (inline,
or a file without a listed hash, even from our own origin) is refused. 'self' (and
`https:` for an ad server that loads from other origins) is only for CSP2 browsers, which
ignore 'strict-dynamic'; CSP3 browsers ignore both.

Signed-in renders (editors, previews) keep the site's policy: Wagtail's userbar scripts
carry no integrity, and no shared cache keeps those pages, so the nonce holds there. An ad
server on another origin does not run for them (no impressions from the newsroom).
"""

from __future__ import annotations

from collections.abc import Callable

from csp.constants import NONCE, SELF, STRICT_DYNAMIC
from csp.utils import build_policy
from django.conf import settings
from django.http import HttpRequest, HttpResponse

from dateline.core.clients import signed_in
from dateline.core.scripts import reader_script_hashes

from .backends import AdServer, ad_server
from .placement import SHOWN_ATTRIBUTE

HEADER = "Content-Security-Policy"
CSP2_FALLBACK_FOR_OTHER_ORIGINS = "https:"


def ads_policy(server: AdServer) -> str:
    """The site's policy with the strict `script-src` above and the ad server's other
    sources (connect-src, img-src), without the per-response nonce."""
    directives = {
        name: [source for source in sources if source != NONCE]
        for name, sources in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"].items()
    }
    update = server.csp_update()
    fallback = [SELF, *([CSP2_FALLBACK_FOR_OTHER_ORIGINS] if server.loads_other_origins else [])]
    directives["script-src"] = [*reader_script_hashes(), STRICT_DYNAMIC, *fallback]
    return build_policy(config=directives, update=update)


class AdsCSPMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            getattr(request, SHOWN_ATTRIBUTE, False)
            and HEADER not in response
            and not signed_in(request)
        ):
            response[HEADER] = ads_policy(ad_server())
        return response
