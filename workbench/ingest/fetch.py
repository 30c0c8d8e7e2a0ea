"""The guarded HTTP client of URL import: http(s) only, every redirect checked, connections pinned to
addresses that were vetted as public, and a size and time limit on the whole transfer."""
from __future__ import annotations

import http.client
import ipaddress
import os
import socket
import time
import urllib.error
import urllib.request
from http.client import HTTPException
from typing import NamedTuple
from urllib.parse import urljoin, urlsplit

from workbench.errors import FetchFailed, ImportRefused

_READ_CHUNK = 64 * 1024
# Importing from loopback, private, link-local (cloud metadata) and other non-public addresses is refused
# unless this variable is 1 (or from_url is called with allow_private=True): server-side request forgery.
ALLOW_PRIVATE_URLS_ENV = "WORKBENCH_ALLOW_PRIVATE_URLS"
_NAT64_PREFIX = ipaddress.IPv6Network("64:ff9b::/96")  # DNS64 networks map IPv4 addresses into it


class Fetched(NamedTuple):
    """A downloaded page: its bytes, the URL after redirects, its HTTP status and declared type."""

    data: bytes
    final_url: str
    content_type: str | None
    charset: str | None
    status: int


def fetch(url: str, *, timeout: float, max_bytes: int,
          guard: bool) -> tuple[bytes, str, str | None, str | None]:
    """Download a URL, enforcing the size limit while reading and the timeout for the whole transfer."""
    return fetch_page(url, timeout=timeout, max_bytes=max_bytes, guard=guard)[:4]


def fetch_page(url: str, *, timeout: float, max_bytes: int, guard: bool) -> Fetched:
    """fetch, with the HTTP status; an error answer raises FetchFailed with its status."""
    host = urlsplit(url).hostname
    request = urllib.request.Request(url, headers={"User-Agent": "ClaimWorkbench/0.1 (article import)"})
    deadline = time.monotonic() + timeout
    too_slow = ImportRefused(
        f"The server at {host} did not send the page within {timeout:g} seconds. "
        "Try again later, or save the page in your browser and upload the file."
    )
    try:
        with _opener(guard).open(request, timeout=timeout) as response:
            final_url = response.geturl()
            declared_length = response.headers.get("Content-Length", "")
            if declared_length.isdigit() and int(declared_length) > max_bytes:
                raise _too_big(final_url, max_bytes)
            chunks, received = [], 0
            while chunk := response.read1(_READ_CHUNK):
                received += len(chunk)
                if received > max_bytes:
                    raise _too_big(final_url, max_bytes)
                if time.monotonic() > deadline:
                    raise too_slow
                chunks.append(chunk)
            has_type = response.headers.get("Content-Type") is not None
            content_type = response.headers.get_content_type() if has_type else None
            charset = response.headers.get_content_charset()
            status = response.status
    except urllib.error.HTTPError as error:
        error.close()
        raise FetchFailed(
            f"The server answered {error.code} {error.reason} for {error.filename}. Check the address; "
            "if the page needs a login, save it in your browser and upload the file.",
            status=error.code, gone=error.code in (404, 410)
        ) from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise too_slow from None
        if isinstance(error.reason, socket.gaierror):
            raise _host_not_found(host) from None
        raise ImportRefused(
            f"Could not connect to {host}: {error.reason}. Check the address and the network connection."
        ) from None
    except TimeoutError:
        raise too_slow from None
    except (HTTPException, OSError, ValueError) as error:
        raise ImportRefused(
            f"Downloading {url} failed: {error or type(error).__name__}. Try again, or save the page "
            "in your browser and upload the file."
        ) from None
    return Fetched(b"".join(chunks), final_url, content_type, charset, status)


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects only to http(s) addresses (urllib would also follow ftp) and, when guarded, only to
    hosts whose addresses are all public."""

    def __init__(self, guard: bool):
        super().__init__()
        self.guard = guard

    def http_error_302(self, req, fp, code, msg, headers):
        target = headers.get("Location") or headers.get("URI")
        if target and urlsplit(urljoin(req.full_url, target)).scheme.lower() not in ("http", "https"):
            fp.close()
            raise ImportRefused(
                f"{req.full_url} redirects to {target}, which is not an http(s) address; "
                "the redirect was not followed."
            )
        if target and self.guard:
            new_url = urljoin(req.full_url, target)
            try:
                vetted_addresses(urlsplit(new_url).hostname or "")
            except ImportRefused as refusal:
                fp.close()
                raise ImportRefused(
                    f"{req.full_url} redirects to {new_url}; the redirect was not followed. {refusal}"
                ) from None
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def _opener(guard: bool) -> urllib.request.OpenerDirector:
    # Built by hand rather than with build_opener so that no file:, ftp: or data: handler exists.
    opener = urllib.request.OpenerDirector()
    if guard:
        http_handlers = (_PinnedHTTPHandler(), _PinnedHTTPSHandler())
    else:
        http_handlers = (urllib.request.HTTPHandler(), urllib.request.HTTPSHandler())
    for handler in (urllib.request.ProxyHandler(), *http_handlers, _HttpOnlyRedirects(guard),
                    urllib.request.HTTPDefaultErrorHandler(), urllib.request.HTTPErrorProcessor()):
        opener.add_handler(handler)
    return opener


def private_urls_allowed(allow_private: bool | None) -> bool:
    if allow_private is not None:
        return allow_private
    return os.environ.get(ALLOW_PRIVATE_URLS_ENV, "").strip().lower() in ("1", "true", "yes", "on")


def _resolve(host: str) -> list[str]:
    """The IP addresses of a host name (an IP address stands for itself), in getaddrinfo's order."""
    name = host.rstrip(".").lower()
    if name == "invalid" or name.endswith(".invalid"):  # RFC 6761: answer "no such name" without asking DNS
        raise socket.gaierror(socket.EAI_NONAME, "reserved name that never resolves")
    infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _is_public_address(address: str) -> bool:
    """True when an address is on the public internet; an IPv6 address wrapping IPv4 is judged by both."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    candidates = [ip]
    if ip.version == 6:
        if ip.ipv4_mapped is not None:  # ::ffff:a.b.c.d is a.b.c.d
            candidates = [ip.ipv4_mapped]
        elif ip in _NAT64_PREFIX:  # 64:ff9b::a.b.c.d reaches a.b.c.d through the NAT64 gateway
            candidates = [ipaddress.IPv4Address(int(ip) & 0xFFFF_FFFF)]
        elif ip.sixtofour is not None:
            candidates.append(ip.sixtofour)
    return all(candidate.is_global and not (candidate.is_multicast or candidate.is_reserved
                                            or getattr(candidate, "is_site_local", False))
               for candidate in candidates)


def vetted_addresses(host: str) -> list[str]:
    """Resolve a host, refusing it when it cannot be found or when any of its addresses is not public."""
    try:
        addresses = _resolve(host) if host else []
    except (socket.gaierror, UnicodeError):
        addresses = []
    if not addresses:
        raise _host_not_found(host)
    for address in addresses:
        if not _is_public_address(address):
            raise ImportRefused(
                f"The address {host} points inside this network ({address}); importing from private or "
                f"local addresses is switched off. Ask your administrator to set {ALLOW_PRIVATE_URLS_ENV}=1 "
                "if the desk needs it."
            )
    return addresses


def _host_not_found(host: str | None) -> ImportRefused:
    return FetchFailed(
        f'Could not find the host "{host}". Check the spelling of the address; if it is right, the site '
        "or the network may be down, so try again later.", gone=True
    )


def _connect_vetted(address: tuple[str, int], timeout, source_address=None) -> socket.socket:
    """socket.create_connection, but only to addresses of the host vetted just now (no DNS rebinding)."""
    host, port = address
    last_error: OSError | None = None
    for ip in vetted_addresses(host):
        try:
            return socket.create_connection((ip, port), timeout, source_address)
        except OSError as error:
            last_error = error
    raise last_error  # vetted_addresses never returns an empty list


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = _connect_vetted


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    # The TLS certificate is still checked against the host name: only the TCP connection is pinned.
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = _connect_vetted


def _through_proxy(req: urllib.request.Request) -> bool:
    # Through a configured proxy the connection goes to the proxy, which resolves the host itself.
    return req.has_proxy() or bool(getattr(req, "_tunnel_host", None))


class _PinnedHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        if _through_proxy(req):
            return super().http_open(req)
        return self.do_open(_PinnedHTTPConnection, req)


class _PinnedHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        if _through_proxy(req):
            return super().https_open(req)
        return self.do_open(_PinnedHTTPSConnection, req, context=self._context)


def _too_big(url: str, max_bytes: int) -> ImportRefused:
    return ImportRefused(
        f"The page at {url} is larger than the limit of {max_bytes:,} bytes; the download was stopped. "
        "Save the article text in your browser and paste or upload it instead."
    )

