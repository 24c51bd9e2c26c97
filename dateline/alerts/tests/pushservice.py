"""A Web Push service on 127.0.0.1 for the tests and the benchmark: it checks each message's
VAPID signature (RFC 8292) against the site's key, decrypts the payload (RFC 8291,
aes128gcm, with http-ece and the browser's private key this module made) and answers as the
browser's endpoint is named: `/push/ok-…` 201, `/push/gone-…` 410, `/push/missing-…` 404,
`/push/busy-…` 503 (until `busy` is emptied).

`Browser` stands in for a browser's PushManager: a P-256 key pair and an auth secret, and the
subscription JSON it would hand the page."""

from __future__ import annotations

import base64
import collections
import json
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, utils


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Browser:
    name: str
    key: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1())
    )
    auth: bytes = field(default_factory=lambda: os.urandom(16))

    def p256dh(self) -> str:
        point = serialization.PublicFormat.UncompressedPoint
        return b64url(self.key.public_key().public_bytes(serialization.Encoding.X962, point))

    def subscription(self, service: PushService) -> dict:
        return {
            "endpoint": service.endpoint(self.name),
            "keys": {"p256dh": self.p256dh(), "auth": b64url(self.auth)},
        }

    def private_pem(self) -> str:
        return self.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode()


def verify_vapid(header: str, audience: str, public_key: str) -> dict:
    """The JWT's claims once its ES256 signature checks out with the key the header names,
    which must be `public_key` (the key the browser subscribed with); else ValueError."""
    scheme, _, params = header.partition(" ")
    if scheme != "vapid":
        raise ValueError(f"not a vapid Authorization: {scheme}")
    fields = dict(part.strip().split("=", 1) for part in params.split(","))
    token, key = fields["t"], fields["k"]
    if key != public_key:
        raise ValueError("signed with another key")
    signed, _, signature = token.rpartition(".")
    raw = unb64url(signature)
    der = utils.encode_dss_signature(
        int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big")
    )
    verifier = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(key))
    try:
        verifier.verify(der, signed.encode(), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature as error:
        raise ValueError("bad signature") from error
    claims = json.loads(unb64url(signed.split(".")[1]))
    if claims["aud"] != audience or claims["exp"] < time.time() or "sub" not in claims:
        raise ValueError(f"bad claims {claims}")
    return claims


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # a sender's many connections at once
    daemon_threads = True


class PushService:
    """`received[name]`: the decrypted payloads each browser was sent and accepted;
    `answers`: every status given; `before_accept(name)` may act (a kill) and return a status
    to answer instead, or None."""

    def __init__(self, public_key: str, decrypt_every: int = 1) -> None:
        self.public_key = public_key
        self.decrypt_every = decrypt_every
        self.browsers: dict[str, Browser] = {}
        self.received: dict[str, list[dict]] = collections.defaultdict(list)
        self.accepted = 0
        self.answers: collections.Counter = collections.Counter()
        self.headers: list[dict] = []
        self.errors: list[str] = []
        self.busy: set[str] = set()
        self.before_accept: Callable[[str], int | None] | None = None
        self.lock = threading.Lock()
        self.server = _Server(("127.0.0.1", 0), self._handler())
        self.port = self.server.server_address[1]

    def endpoint(self, name: str) -> str:
        return f"http://127.0.0.1:{self.port}/push/{name}"

    def browser(self, name: str) -> Browser:
        browser = self.browsers[name] = Browser(name)
        return browser

    def __enter__(self) -> PushService:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def answer(self, name: str, headers, body: bytes) -> int:
        audience = f"http://127.0.0.1:{self.port}"
        try:
            verify_vapid(headers.get("Authorization", ""), audience, self.public_key)
            if headers.get("Content-Encoding") != "aes128gcm" or "TTL" not in headers:
                raise ValueError("not aes128gcm, or no TTL")
        except (ValueError, KeyError) as error:
            self.errors.append(f"{name}: {error}")
            return 403
        kind = name.split("-", 1)[0]
        if kind == "gone":
            return 410
        if kind == "missing":
            return 404
        if kind == "busy" and name in self.busy:
            return 503
        if self.before_accept is not None:
            status = self.before_accept(name)
            if status is not None:
                return status
        with self.lock:
            self.accepted += 1
            count = self.accepted
        if count % self.decrypt_every == 0 or self.decrypt_every == 1:
            browser = self.browsers[name]
            plain = http_ece.decrypt(
                body, private_key=browser.key, auth_secret=browser.auth, version="aes128gcm"
            )
            payload = json.loads(plain)
        else:
            payload = {"undecrypted": True}
        with self.lock:
            self.received[name].append(payload)
            self.headers.append({k: headers.get(k) for k in ("TTL", "Urgency", "Topic")})
        return 201

    def _handler(self):
        service = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as a real push service

            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                name = self.path.rsplit("/", 1)[-1]
                status = service.answer(name, self.headers, body)
                with service.lock:
                    service.answers[status] += 1
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        return Handler
