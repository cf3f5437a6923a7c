"""Fetching a URL from the server without opening a door into the server's network (SSRF).

Whoever can make the server fetch a URL (a staff member adding a news source, or a feed that
redirects) could otherwise reach what only the server can: the cloud's metadata service at
169.254.169.254, an admin panel on 127.0.0.1, a database on 10.0.0.5. So `fetch()`:

- accepts only http and https URLs, with no user name or password in them;
- resolves the host name itself and refuses it if any of its addresses is not a public one
  (loopback, private, link-local, shared, multicast, reserved; IPv6 forms that embed an IPv4
  address are judged by that address), then connects to exactly the address it checked, so a
  DNS answer that changes between the check and the connection (rebinding) cannot slip by;
- follows at most a few redirects itself, checking every one the same way;
- bounds the time (per socket operation and in all), and the size of the body, both as sent and
  after gzip or deflate decompression (so a small compressed bomb is stopped too);
- sends the caller's conditional headers (If-None-Match, If-Modified-Since) and reports 304.

It uses http.client directly: no proxy from the environment, no cookies, no library that
parses the URL differently from the check.

NIDAA_FETCH_ALLOW_HOSTS lists host names (as written in the URL) that may be reached although
they resolve to a private or loopback address: for tests against a local server. It is empty
by default and must stay so in production.
"""

import http.client
import ipaddress
import socket
import ssl
import time
import zlib
from dataclasses import dataclass, field
from urllib.parse import quote, urljoin, urlsplit

from django.conf import settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

MAX_BYTES = 5 * 1024 * 1024
TIMEOUT_SECONDS = 10.0
TOTAL_SECONDS = 30.0
MAX_REDIRECTS = 5
CHUNK = 64 * 1024
REDIRECTS = {301, 302, 303, 307, 308}
USER_AGENT = "Nidaa/1.0 (news reader)"

# IPv6 ranges that carry an IPv4 address in their last 32 bits (NAT64), and the deprecated
# IPv4-compatible form (::a.b.c.d), which Python counts as global.
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")


class FetchError(Exception):
    """The URL could not be fetched. The message says why, in words staff can act on."""


class Refused(FetchError):
    """A URL or address that server-side fetching must not reach."""


class Unreachable(FetchError):
    """The host could not be resolved or connected to, or did not answer in time."""


class TooLarge(FetchError):
    """The body is larger than allowed, as sent or once decompressed."""


class BadStatus(FetchError):
    """The server answered with a status other than 200, 304 or a redirect."""

    def __init__(self, status: int, url: str) -> None:
        super().__init__(f"the server answered HTTP {status} for {url}")
        self.status = status


@dataclass(frozen=True)
class Response:
    url: str  # where the body came from, after redirects
    status: int  # 200, or 304 (not modified)
    headers: dict[str, str] = field(default_factory=dict)  # names in lower case
    body: bytes = b""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def is_public(address: IPAddress) -> bool:
    """Whether an address is on the public internet, embedded IPv4 addresses included."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:  # ::ffff:a.b.c.d is a.b.c.d
            return is_public(address.ipv4_mapped)
        if address in _IPV4_COMPATIBLE:
            return False
        embedded = address.sixtofour
        if embedded is None and any(address in net for net in _NAT64):
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if address.teredo:
            embedded = address.teredo[1]  # the client's (obfuscated in the address) IPv4
        if embedded is not None and not is_public(embedded):
            return False
    return address.is_global and not (address.is_multicast or address.is_reserved)


def allowed_host(host: str) -> bool:
    """A host that NIDAA_FETCH_ALLOW_HOSTS lets through although it is not public (tests)."""
    allowed = {name.strip().lower().rstrip(".") for name in settings.NIDAA_FETCH_ALLOW_HOSTS}
    return host.lower().rstrip(".") in allowed


@dataclass(frozen=True)
class Target:
    """A checked URL: where to connect, and what to ask for."""

    url: str
    scheme: str
    host: str  # as sent in the Host header and for TLS (IDNA-encoded)
    port: int
    path: str  # path and query, percent-encoded
    addresses: tuple[str, ...]  # the checked addresses, in the resolver's order


def check_url(url: str) -> Target:
    """Parse `url` and resolve its host, or raise Refused/Unreachable saying why."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as error:
        raise Refused(f"not a valid address: {url!r} ({error})") from None
    if parts.scheme not in ("http", "https"):
        raise Refused(f"only http and https addresses may be fetched, not {url!r}")
    if parts.username is not None or parts.password is not None:
        raise Refused(f"an address with a user name or password is not fetched: {url!r}")
    if not parts.hostname:
        raise Refused(f"the address has no host: {url!r}")
    try:
        # "169.254.169.254." names the same host as without the dot; judge it the same way.
        host = parts.hostname.rstrip(".").encode("idna").decode("ascii")
    except UnicodeError:
        raise Refused(f"not a valid host name: {parts.hostname!r}") from None
    port = port or (443 if parts.scheme == "https" else 80)
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    if parts.query:
        path += "?" + quote(parts.query, safe="/%:@!$&'()*+,;=-._~?")
    return Target(url, parts.scheme, host, port, path, resolve(host, port))


def resolve(host: str, port: int) -> tuple[str, ...]:
    """Every address of `host`; Refused if any is not public (unless the host is allowed)."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise Unreachable(f"the host {host} could not be found ({error})") from None
    addresses = tuple(dict.fromkeys(str(info[4][0]) for info in found))
    if not addresses:
        raise Unreachable(f"the host {host} has no address")
    if allowed_host(host):
        return addresses
    for address in addresses:
        if not is_public(ipaddress.ip_address(address.split("%", 1)[0])):
            raise Refused(f"{host} resolves to {address}, which is not a public internet address")
    return addresses


def fetch(
    url: str,
    headers: dict[str, str] | None = None,
    max_bytes: int = MAX_BYTES,
    timeout: float = TIMEOUT_SECONDS,
    total_seconds: float = TOTAL_SECONDS,
    max_redirects: int = MAX_REDIRECTS,
) -> Response:
    """GET `url` safely (see the module's docstring). Raises a FetchError subclass."""
    deadline = time.monotonic() + total_seconds
    for _ in range(max_redirects + 1):
        target = check_url(url)
        status, response_headers, body = _request(
            target, headers or {}, max_bytes, timeout, deadline
        )
        if status in REDIRECTS:
            location = response_headers.get("location", "").strip()
            if not location:
                raise BadStatus(status, url)
            url = urljoin(url, location)
            continue
        if status not in (200, 304):
            raise BadStatus(status, url)
        return Response(url, status, response_headers, body)
    raise FetchError(f"more than {max_redirects} redirects, the last to {url}")


def _request(
    target: Target, headers: dict[str, str], max_bytes: int, timeout: float, deadline: float
) -> tuple[int, dict[str, str], bytes]:
    connection = _connect(target, timeout)
    try:
        connection.putrequest("GET", target.path, skip_accept_encoding=True)
        sent = {
            "User-Agent": USER_AGENT,
            "Accept-Encoding": "gzip, deflate",
            "Connection": "close",
            **headers,
        }
        for name, value in sent.items():
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        response_headers = {name.lower(): value for name, value in response.getheaders()}
        if response.status != 200:
            return response.status, response_headers, b""
        body = _read_body(response, response_headers, max_bytes, deadline, target.url)
        return response.status, response_headers, body
    except (OSError, http.client.HTTPException) as error:
        raise Unreachable(f"{target.url}: {error or type(error).__name__}") from None
    except zlib.error as error:
        raise FetchError(f"{target.url}: the compressed body is damaged ({error})") from None
    finally:
        connection.close()


def _connect(target: Target, timeout: float) -> http.client.HTTPConnection:
    """A connection to the first checked address that answers, never to a new look-up."""
    problem: OSError | None = None
    for address in target.addresses:
        try:
            sock = socket.create_connection((address, target.port), timeout)
        except OSError as error:
            problem = error
            continue
        return _Pinned(target, sock, timeout)
    raise Unreachable(f"could not connect to {target.host}:{target.port} ({problem})")


class _Pinned(http.client.HTTPConnection):
    """An http.client connection over a socket that is already connected to a checked address
    (with TLS for https, verified against the host name)."""

    def __init__(self, target: Target, sock: socket.socket, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        if target.scheme == "https":
            try:
                sock = ssl.create_default_context().wrap_socket(sock, server_hostname=target.host)
            except (OSError, ssl.SSLError):
                sock.close()
                raise
        self.sock = sock

    def connect(self) -> None:
        raise Refused("a pinned connection never connects again")


def _read_body(
    response: http.client.HTTPResponse,
    headers: dict[str, str],
    max_bytes: int,
    deadline: float,
    url: str,
) -> bytes:
    declared = headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise TooLarge(f"{url} is {int(declared):,} bytes; at most {max_bytes:,} are read")
    decoder = _decoder(headers.get("content-encoding", "").strip().lower(), url)
    parts: list[bytes] = []
    size = 0
    raw_size = 0
    while chunk := response.read(CHUNK):
        raw_size += len(chunk)
        if raw_size > max_bytes:
            raise TooLarge(f"{url} sent more than {max_bytes:,} bytes")
        if time.monotonic() > deadline:
            raise Unreachable(f"{url} took too long to send its body")
        data = decoder.decompress(chunk, max_bytes + 1 - size) if decoder else chunk
        size += len(data)
        if size > max_bytes or (decoder and decoder.unconsumed_tail):
            raise TooLarge(f"{url} is larger than {max_bytes:,} bytes once decompressed")
        parts.append(data)
    if decoder:
        parts.append(decoder.flush())
    return b"".join(parts)


def _decoder(encoding: str, url: str) -> "zlib._Decompress | None":
    if encoding in ("", "identity"):
        return None
    if encoding in ("gzip", "x-gzip"):
        return zlib.decompressobj(zlib.MAX_WBITS | 16)
    if encoding == "deflate":
        # "deflate" is zlib-wrapped by the standard; MAX_WBITS | 32 also accepts gzip headers.
        return zlib.decompressobj(zlib.MAX_WBITS | 32)
    raise FetchError(f"{url} came in an encoding that is not supported: {encoding!r}")
