"""Which client a request came from: the one answer every limit and lock-out uses.

Behind a reverse proxy (nginx, a load balancer, a CDN) every request reaches the app from the
proxy's address, and the client's own is in `X-Forwarded-For`. That header is whatever the
client sent plus what each proxy appended, so it is believed only as far as proxies we trust
wrote it: when the request came from an address in DATELINE_TRUSTED_PROXIES, the hops are
read from the right, skipping trusted proxies, and the first untrusted one is the client (a
client can put anything on the left; it cannot forge what our own proxy appended). Without the
setting, or from any other peer, the header is ignored and the peer's address is the client.

Used by the search, autocomplete, beacon and newsletter limits (`dateline.core.counters`,
`dateline.core.views`) and by django-axes (AXES_CLIENT_IP_CALLABLE), so a lock-out and a limit
always agree on who the client is.
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Iterable

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def parse_networks(entries: Iterable[str]) -> tuple[Network, ...]:
    """Addresses and CIDR ranges ("10.0.0.0/8", "::1"); raises ValueError on a bad entry."""
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries)


@functools.lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return parse_networks(entries)


def trusted_proxies() -> tuple[Network, ...]:
    """DATELINE_TRUSTED_PROXIES, parsed (read per call: tests and reloads may change it)."""
    return _networks(tuple(getattr(settings, "DATELINE_TRUSTED_PROXIES", ()) or ()))


def _address(text: str) -> Address | None:
    """An address from a header hop: "203.0.113.7", "203.0.113.7:5301", "[2001:db8::1]:80"."""
    text = text.strip().strip('"')
    if text.startswith("["):  # [IPv6]:port
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:  # IPv4:port
        text = text.partition(":")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    # An IPv4 client seen through an IPv6 socket is the IPv4 client.
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


def _is_trusted(address: Address, networks: tuple[Network, ...]) -> bool:
    return any(address.version == network.version and address in network for network in networks)


def client_address(request: HttpRequest) -> str:
    """The client's address as text ("" when the request has none)."""
    peer_text = request.META.get("REMOTE_ADDR", "") or ""
    peer = _address(peer_text)
    networks = trusted_proxies()
    if peer is None:
        return peer_text.strip()
    if not networks or not _is_trusted(peer, networks):
        return str(peer)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop for hop in forwarded.split(",") if hop.strip()]
    client = peer
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            # Garbage a trusted proxy passed on from the client: nothing to its left can be
            # believed, and the last hop we could trust is the best we know.
            break
        client = address
        if not _is_trusted(address, networks):
            break
    return str(client)


def signed_in(request: HttpRequest) -> bool:
    """Whether a staff member is signed in on this request (a lazy `request.user` is read)."""
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)
