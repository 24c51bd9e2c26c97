"""HTTP(S) polling with an optional API-key header or basic auth, a timeout and a size cap.

Only http and https are followed, redirects included: a feed must not send the poller to
file:// or ftp://. Every connection, the first and each redirect's, goes only to an address
`confine` passed (no internal address unless allow-listed), directly: no proxy from the
environment, which would also hide the address from the check. An answer the parsers cannot
read is quarantined as an excerpt of `QUARANTINE_EXCERPT_BYTES` (default 4 KB), never whole.
"""

from __future__ import annotations

import base64
import http.client
import socket
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlparse

from .base import WirePayload, WireTransport, WireTransportError
from .confine import open_vetted_connection

ALLOWED_SCHEMES = {"http", "https"}
DEFAULT_QUARANTINE_EXCERPT = 4096


class _VettedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = open_vetted_connection


class _VettedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = open_vetted_connection


class _VettedHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(_VettedHTTPConnection, req)


class _VettedHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(_VettedHTTPSConnection, req, context=self._context)


class _HTTPOnlyRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlparse(newurl).scheme not in ALLOWED_SCHEMES:
            raise WireTransportError(f"Refused a redirect to {newurl[:200]}.")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class HTTPTransport(WireTransport):
    def __init__(self, params: dict[str, Any] | None = None) -> None:
        super().__init__(params)
        self.timeout = float(self.params.get("TIMEOUT", 15))
        self.quarantine_excerpt = int(
            self.params.get("QUARANTINE_EXCERPT_BYTES", DEFAULT_QUARANTINE_EXCERPT)
        )
        self._opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}),
            _VettedHTTPHandler(),
            _VettedHTTPSHandler(),
            _HTTPOnlyRedirects(),
        )

    def fetch(self, source) -> list[WirePayload]:
        return [self.fetch_url(source.url, **self.credentials(source))]

    @staticmethod
    def credentials(source) -> dict[str, str]:
        headers = {}
        if source.api_key_header and source.api_key:
            headers[source.api_key_header] = source.api_key
        if source.username:
            token = base64.b64encode(f"{source.username}:{source.password}".encode()).decode()
            headers["Authorization"] = f"Basic {token}"
        return headers

    def fetch_url(self, url: str, **headers: str) -> WirePayload:
        if urlparse(url).scheme not in ALLOWED_SCHEMES:
            raise WireTransportError(f"Only http and https URLs can be polled, not {url[:200]!r}.")
        request = urllib.request.Request(
            url, headers={"User-Agent": "Dateline wire poller", **headers}
        )
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                data = response.read(self.max_bytes + 1)
                content_type = response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as exc:
            raise WireTransportError(
                f"{url[:200]} answered HTTP {exc.code} {exc.reason}."
            ) from None
        except TimeoutError:
            raise WireTransportError(
                f"{url[:200]} did not answer within {self.timeout:g} s."
            ) from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError | socket.timeout):
                raise WireTransportError(
                    f"{url[:200]} did not answer within {self.timeout:g} s."
                ) from None
            raise WireTransportError(f"{url[:200]} could not be reached: {exc.reason}.") from None
        except (OSError, ValueError) as exc:
            raise WireTransportError(f"{url[:200]} could not be read: {exc}.") from None
        name = urlparse(url).path.rsplit("/", 1)[-1] or urlparse(url).netloc
        # An oversized answer is passed on capped; the parser quarantines it for its size.
        return WirePayload(name=name[:200], data=data, content_type=content_type)
