"""Where a wire transport may reach: public addresses and the drop-folder root.

An HTTP source is the server making a request on an editor's word, so it must not reach
inside: loopback, private, link-local (cloud metadata at 169.254.169.254 included), shared
(100.64/10), multicast, reserved and unspecified addresses are refused unless
`DATELINE_WIRE_ALLOWED_NETWORKS` names them. The check runs on the addresses the name
resolves to, every time a connection opens (each redirect opens one), and the connection
goes to the address that was checked, so a name cannot resolve to a public address for the
check and an internal one for the request.

A drop folder must lie under `DATELINE_WIRE_DROP_ROOT` once symbolic links are resolved;
files are opened without following links, so a link dropped in the folder reads nothing.
"""

from __future__ import annotations

import ipaddress
import os
import socket
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings

from .base import WireTransportError

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

ALLOW_SETTING = "DATELINE_WIRE_ALLOWED_NETWORKS"
ROOT_SETTING = "DATELINE_WIRE_DROP_ROOT"


def allowed_networks() -> list[Network]:
    return [
        ipaddress.ip_network(entry.strip(), strict=False)
        for entry in getattr(settings, ALLOW_SETTING, [])
        if entry.strip()
    ]


def _kind(address: Address) -> str:
    """Why an address is internal ("" when it is a public one)."""
    if address.is_loopback:
        return "a loopback"
    if address.is_link_local:
        return "a link-local (cloud metadata)"
    if address.is_unspecified:
        return "an unspecified"
    if address.is_multicast:
        return "a multicast"
    if address.is_private:
        return "a private"
    if address.is_reserved or not address.is_global:
        return "a reserved or shared"
    return ""


def check_address(host: str, text: str) -> Address:
    """The address, or WireTransportError when an internal one is not allow-listed."""
    address: Address = ipaddress.ip_address(text.split("%", 1)[0])
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    kind = _kind(address)
    if kind and not any(address in network for network in allowed_networks()):
        shown = host if host == str(address) else f"{host} ({address})"
        raise WireTransportError(
            f"Refused {shown}: it is {kind} address, inside this server's network. "
            f"Name it in {ALLOW_SETTING} to poll it."
        )
    return address


def vetted_addresses(host: str, port: int) -> list[tuple]:
    """getaddrinfo's answers for host, each checked (one refused address refuses them all)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    for info in infos:
        check_address(host, info[4][0])
    return infos


def open_vetted_connection(
    address: tuple[str, int],
    timeout: float | object = socket._GLOBAL_DEFAULT_TIMEOUT,
    source_address: tuple[str, int] | None = None,
    **kwargs,
) -> socket.socket:
    """socket.create_connection, connecting only to addresses `vetted_addresses` passed."""
    host, port = address
    error: OSError | None = None
    for family, socktype, proto, _name, sockaddr in vetted_addresses(host, port):
        sock = socket.socket(family, socktype, proto)
        try:
            if timeout is not socket._GLOBAL_DEFAULT_TIMEOUT:
                sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(sockaddr)
            return sock
        except OSError as exc:
            error = exc
            sock.close()
    raise error or OSError(f"{host} has no address")


def check_url(url: str) -> None:
    """For the admin form: refuse a URL whose host is, or resolves to, an internal address.
    A name that does not resolve here is left to the poll, which reports it."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise WireTransportError(f"{url[:200]} has no valid port.") from None
    try:
        vetted_addresses(host, port)
    except (socket.gaierror, UnicodeError):
        return


def drop_root() -> Path:
    return Path(os.path.realpath(getattr(settings, ROOT_SETTING)))


def confined_folder(folder: str) -> Path:
    """The drop folder's real path; WireTransportError when it is outside the root. A
    relative folder is taken under the root."""
    root = drop_root()
    real = Path(os.path.realpath(root / folder))  # an absolute `folder` replaces `root`
    if real != root and root not in real.parents:
        raise WireTransportError(
            f"The drop folder {folder} is outside {ROOT_SETTING} ({root}); "
            "drop folders must live under it."
        )
    return real
