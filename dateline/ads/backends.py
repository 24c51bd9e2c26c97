"""Ad servers, chosen in settings the Django way (`DATELINE_ADS["BACKEND"]`).

An ad server is two halves: this class, which says which first-party script drives it, what
that script is told, and what else the Content-Security-Policy must allow on pages showing
ads (scripts need nothing: `ads.middleware` trusts what the hashed consent script starts);
and the script (`static/ads/*.js`), which `ads/consent.js` loads only after the reader agreed
to the `advertising` purpose. The script registers itself as `window.DatelineAds.adapter` and
gets the page's boxes (`.ad-slot[data-ad-slot]`) with their unit, sizes and margin.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.templatetags.static import static
from django.utils.module_loading import import_string


class AdServer:
    """The interface. Subclasses set `script` and may widen the CSP."""

    script: str = ""
    # Whether the script loads scripts from another origin: CSP2 browsers (no
    # 'strict-dynamic') then get `https:` in script-src (ads.middleware).
    loads_other_origins: bool = False

    def __init__(self, **options: Any) -> None:
        self.options = options

    def client_options(self) -> dict[str, Any]:
        """JSON-safe settings for the script (the same for every reader: no per-reader data)."""
        return {}

    def csp_update(self) -> dict[str, list[str]]:
        """Sources other than scripts' added to the policy of pages that show a box (none:
        the page's own), e.g. the hosts the ad server's script talks to (connect-src)."""
        return {}


# The hosts Google Publisher Tag talks to. Its scripts need no host: Google supports GPT only
# under a strict (nonce or hash, 'strict-dynamic') policy because those hosts change; creatives
# are framed on Google's origin (gpt.js forces SafeFrame; frame-src https: is allowed).
GPT_CONNECT_HOSTS = [
    "https://securepubads.g.doubleclick.net",
    "https://pagead2.googlesyndication.com",
    "https://*.doubleclick.net",
]


class GooglePublisherTag(AdServer):
    """Google Ad Manager through GPT: one request for the slots near the screen (single
    request architecture with lazy loading), margins in percent of the viewport."""

    script = "ads/gpt.js"
    loads_other_origins = True

    def client_options(self) -> dict[str, Any]:
        return {
            "src": self.options.get("SRC", "https://securepubads.g.doubleclick.net/tag/js/gpt.js"),
            "fetchMarginPercent": int(self.options.get("FETCH_MARGIN_PERCENT", 100)),
            "renderMarginPercent": int(self.options.get("RENDER_MARGIN_PERCENT", 50)),
            "mobileScaling": float(self.options.get("MOBILE_SCALING", 2.0)),
        }

    def csp_update(self) -> dict[str, list[str]]:
        return {
            "connect-src": list(self.options.get("CONNECT_HOSTS", GPT_CONNECT_HOSTS)),
            "img-src": ["https:"],
        }


# The house ads of the dummy server: local pictures of the publication's own products.
def _house_ad(name: str, width: int, height: int, href: str, alt: str) -> dict[str, Any]:
    return {"image": f"ads/house/{name}-{width}x{height}.svg", "width": width, "height": height,
            "href": href, "alt": alt}  # fmt: skip


_NEWSLETTER = "Get the morning briefing: sign up for our newsletter"
_SHOWS = "Watch our shows on Dateline Video"
HOUSE_ADS = [
    _house_ad("newsletter", 300, 250, "/newsletter/", _NEWSLETTER),
    _house_ad("shows", 300, 250, "/video/", _SHOWS),
    _house_ad("newsletter", 728, 90, "/newsletter/", _NEWSLETTER),
    _house_ad("video", 970, 90, "/video/", _SHOWS),
    _house_ad("newsletter", 320, 100, "/newsletter/", _NEWSLETTER),
    _house_ad("advertise", 336, 280, "/advertise/", "Advertise with Dateline: reach readers"),
]


class HouseAds(AdServer):
    """The dummy server for tests and the demo: fills boxes with the publication's own ads
    from its own origin, lazily (each slot's margin). Nothing goes to another host."""

    script = "ads/house.js"

    def client_options(self) -> dict[str, Any]:
        ads = self.options.get("ADS", HOUSE_ADS)
        return {"ads": [{**ad, "image": static(ad["image"])} for ad in ads]}


def ad_server() -> AdServer:
    """The configured ad server (GPT unless DATELINE_ADS says otherwise). Built per call: it
    holds nothing but its options, and settings overridden in tests take effect at once."""
    config = getattr(settings, "DATELINE_ADS", {})
    backend = import_string(config.get("BACKEND", "dateline.ads.backends.GooglePublisherTag"))
    return backend(**config.get("OPTIONS", {}))
