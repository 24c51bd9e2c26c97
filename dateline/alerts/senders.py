"""Sender backends: how a payload reaches a push service. Chosen in settings::

    DATELINE_PUSH_SENDERS = {"default": {"BACKEND": "dateline.alerts.senders.WebPushSender"}}

`WebPushSender` (the default) encrypts with aes128gcm and signs with the site's VAPID key
(pywebpush, py-vapid, http-ece); `DummySender` records what it was given and answers as told
(the tests' backend). Every backend answers a `PushResult` per message and never raises for
one subscription's trouble: an unreachable service is a result with `status` 0.
"""

from __future__ import annotations

import functools
import json
import threading
import time
import urllib.parse
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from dateline.core.backends import load_backend

from . import vapid


@dataclass(frozen=True)
class PushMessage:
    """One encrypted push to send: the subscription as the browser gave it, the payload."""

    subscription: Mapping[str, Any]
    payload: bytes
    ttl: int = 3600
    urgency: str = "high"
    topic: str = ""


@dataclass(frozen=True)
class PushResult:
    """The push service's answer: its HTTP status (0: no answer) and a reason."""

    status: int
    reason: str = ""

    @property
    def accepted(self) -> bool:
        return 200 <= self.status < 300

    @property
    def gone(self) -> bool:
        """The subscription no longer exists (unsubscribed, expired): prune it."""
        return self.status in (404, 410)

    @property
    def retryable(self) -> bool:
        """Worth trying again later: no answer, too many requests, the service's trouble."""
        return self.status in (0, 408, 425, 429) or self.status >= 500


class PushSender:
    """The base of sender backends: `send_many` answers a result per message, in order."""

    def __init__(self, params: Mapping[str, Any]) -> None:
        self.params = dict(params)

    def send_many(self, messages: Sequence[PushMessage]) -> list[PushResult]:
        return [self.send(message) for message in messages]

    def send(self, message: PushMessage) -> PushResult:  # pragma: no cover - abstract
        raise NotImplementedError


class DummySender(PushSender):
    """Keeps every message in `DummySender.outbox` (a class attribute, cleared by tests) and
    answers `STATUS` (201), or `STATUS_BY_ENDPOINT[endpoint]` when given."""

    outbox: list[PushMessage] = []
    lock = threading.Lock()

    def send(self, message: PushMessage) -> PushResult:
        with self.lock:
            DummySender.outbox.append(message)
        by_endpoint = self.params.get("STATUS_BY_ENDPOINT") or {}
        status = by_endpoint.get(message.subscription["endpoint"], self.params.get("STATUS", 201))
        return PushResult(int(status), "dummy")


class WebPushSender(PushSender):
    """RFC 8291 encryption (aes128gcm) and RFC 8292 VAPID, through pywebpush, on one HTTP
    session per thread (kept-alive connections). A push service is slow to answer (tens of
    milliseconds) and quick to serve many at once, so `CONCURRENCY` messages are in flight
    at a time; `TIMEOUT` seconds for each; `PROXY`, an outgoing proxy's URL, if any."""

    def __init__(self, params: Mapping[str, Any]) -> None:
        super().__init__(params)
        self.concurrency = max(1, int(self.params.get("CONCURRENCY", 16)))
        self.timeout = float(self.params.get("TIMEOUT", 10))
        self._local = threading.local()
        self._headers: dict[str, tuple[float, dict]] = {}
        self._lock = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None

    def _session(self):
        import requests

        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
            # Not the environment's proxy variables, read again for every request (a third
            # of the sender's time): a proxy to the push services is named in PROXY.
            session.trust_env = False
            if self.params.get("PROXY"):
                session.proxies = {"https": self.params["PROXY"], "http": self.params["PROXY"]}
        return session

    def _vapid_headers(self, endpoint: str) -> dict:
        """The Authorization header for the endpoint's push service, signed once per origin
        and reused for half its life (a signature per message would be most of the work)."""
        parts = urllib.parse.urlsplit(endpoint)
        audience = f"{parts.scheme}://{parts.netloc}"
        now = time.time()
        with self._lock:
            cached = self._headers.get(audience)
            if cached and cached[0] > now:
                return cached[1]
        lifetime = 12 * 3600
        claims = {"aud": audience, "exp": int(now) + lifetime, "sub": vapid.subject()}
        headers = vapid.signer().sign(claims)
        with self._lock:
            self._headers[audience] = (now + lifetime / 2, headers)
        return headers

    def send(self, message: PushMessage) -> PushResult:
        from pywebpush import WebPusher

        endpoint = message.subscription["endpoint"]
        # Outside the try: a missing or bad key is the site's mistake, not one browser's.
        headers = {**self._vapid_headers(endpoint), "Urgency": message.urgency}
        if message.topic:
            headers["Topic"] = message.topic
        try:
            pusher = WebPusher(dict(message.subscription), requests_session=self._session())
            response = pusher.send(
                message.payload,
                headers=headers,
                ttl=message.ttl,
                timeout=self.timeout,
                content_encoding="aes128gcm",
            )
        except Exception as error:  # a refused connection, a timeout, a bad key
            return PushResult(0, f"{type(error).__name__}: {error}"[:300])
        return PushResult(response.status_code, response.reason or "")

    def send_many(self, messages: Sequence[PushMessage]) -> list[PushResult]:
        if self.concurrency == 1 or len(messages) < 2:
            return [self.send(message) for message in messages]
        with self._lock:
            if self._pool is None:
                # Kept for the process, as its threads' sessions keep their connections.
                self._pool = ThreadPoolExecutor(self.concurrency, thread_name_prefix="push")
        return list(self._pool.map(self.send, messages))


@functools.cache
def _sender(alias: str) -> PushSender:
    return load_backend(
        "DATELINE_PUSH_SENDERS", settings.DATELINE_PUSH_SENDERS, alias, PushSender, "push sender"
    )


def get_sender(alias: str = "default") -> PushSender:
    """The configured sender (one instance per process: its sessions are reused)."""
    return _sender(alias)


def encode_payload(data: Mapping[str, Any]) -> bytes:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()
