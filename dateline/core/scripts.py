"""The first-party scripts of the reader pages, each tag carrying its Subresource Integrity.

Every `<script src>` of a reader page is written by `script_tag` (the `{% static_script %}`
tag), which adds `integrity="sha384-…"`: the hash of the bytes the static storage serves,
computed once per process. Pages that show ads send a hash-based strict policy
(`dateline.ads.middleware`): a CSP3 browser runs a parser-inserted script only when its
integrity matches a hash in that policy, and 'strict-dynamic' passes the trust on to what
those scripts insert (the ad server's loader after consent). The hashes are the same for
every reader, so the cached bytes and the stored header stay shareable (page cache, fast
hits, Varnish). A script missing from READER_SCRIPTS is refused, so no reader template can
add a tag the policy does not list.
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.exceptions import ImproperlyConfigured
from django.templatetags.static import static
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

# Every script a reader template writes as a tag (paths in the static storage). Scripts
# that these insert (ad servers' adapters, the HLS player) are not listed: 'strict-dynamic'
# trusts them through the script that inserted them.
READER_SCRIPTS = (
    "dateline/site.js",
    "dateline/search-suggest.js",
    "dateline/gallery.js",
    "dateline/beacon.js",
    "alerts/bell.js",
    "live/live.js",
    "shorts/shorts.js",
    "video/player.js",
    "ads/consent.js",
)
ALGORITHM = "sha384"


def _served_bytes(path: str) -> bytes:
    """The bytes a browser receives for `path`: the hashed copy a manifest storage serves,
    else what the finders find (WhiteNoise serves those first), else the collected file."""
    if isinstance(staticfiles_storage, ManifestFilesMixin):
        with staticfiles_storage.open(staticfiles_storage.stored_name(path)) as served:
            return served.read()
    found = finders.find(path)
    if found:
        return Path(found).read_bytes()
    if staticfiles_storage.exists(path):
        with staticfiles_storage.open(path) as served:
            return served.read()
    raise ImproperlyConfigured(f"The static file {path!r} cannot be found to hash.")


@cache
def integrity(path: str) -> str:
    """The SRI value of a static file (`sha384-<base64>`), once per process."""
    digest = hashlib.new(ALGORITHM, _served_bytes(path)).digest()
    return f"{ALGORITHM}-{base64.b64encode(digest).decode('ascii')}"


def reader_script_hashes() -> list[str]:
    """The CSP hash sources of every reader script, in READER_SCRIPTS order."""
    return [f"'{integrity(path)}'" for path in READER_SCRIPTS]


def script_tag(path: str, **attributes: str | bool) -> SafeString:
    """`<script src integrity …>` for a reader script. Attribute names take `-` for `_`
    (`data_beacon="…"`); True writes a bare attribute (`defer=True`), False leaves it out."""
    if path not in READER_SCRIPTS:
        raise ValueError(f"{path!r} is not in dateline.core.scripts.READER_SCRIPTS")
    valued = []
    bare = []
    for name, value in attributes.items():
        name = name.replace("_", "-")
        if value is True:
            bare.append(name)
        elif value is not False:
            valued.append((name, value))
    if settings.STATIC_URL.startswith(("http://", "https://", "//")):
        # Another origin serves the file: the integrity check needs a CORS fetch.
        valued.append(("crossorigin", "anonymous"))
    return format_html(
        '<script src="{}" integrity="{}"{}{}></script>',
        static(path),
        integrity(path),
        format_html_join("", ' {}="{}"', valued),
        format_html_join("", " {}", ((name,) for name in bare)),
    )
