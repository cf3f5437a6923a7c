"""A real HTTP server on loopback that answers what a test tells it, and counts connections.

Server-side fetching refuses loopback addresses; tests reach this server through the host
name ``localhost``, which the `web_server` fixture puts in NIDAA_FETCH_ALLOW_HOSTS, while
``127.0.0.1`` (the same server) stays refused. `connections` then proves that a refused URL
never reached the server at all.
"""

import gzip
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

HOST = "127.0.0.1"


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    gzip: bool = False
    length: bool = True  # send Content-Length (else the body ends when the connection closes)


@dataclass(frozen=True)
class Seen:
    path: str
    headers: dict[str, str]  # names in lower case


Route = Reply | Callable[[Seen], Reply]


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"

    def do_GET(self) -> None:  # the name http.server calls
        seen = Seen(self.path, {name.lower(): value for name, value in self.headers.items()})
        self.server.owner.requests.append(seen)
        route = self.server.owner.routes.get(self.path.split("?", 1)[0])
        reply = route(seen) if callable(route) else route or Reply(404, b"not found")
        body = gzip.compress(reply.body) if reply.gzip else reply.body
        self.send_response(reply.status)
        headers = {"Content-Length": str(len(body))} if reply.length else {}
        headers.update(reply.headers)
        if reply.gzip:
            headers["Content-Encoding"] = "gzip"
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet tests


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, owner: "WebServer") -> None:
        self.owner = owner
        super().__init__((HOST, 0), _Handler)

    def get_request(self) -> tuple[socket.socket, Any]:
        accepted = super().get_request()
        self.owner.connections += 1
        return accepted


class WebServer:
    """``server.route("/feed.xml", Reply(body=...))``; ``server.url("/feed.xml")``."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Seen] = []
        self.connections = 0
        self._server = _Server(self)
        self.port = int(self._server.server_address[1])
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> "WebServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def reset(self) -> None:
        self.routes.clear()
        self.requests.clear()
        self.connections = 0

    def route(self, path: str, reply: Route) -> str:
        """Serve `reply` at `path`; returns the URL that reaches it through the allowed name."""
        self.routes[path] = reply
        return self.url(path)

    def url(self, path: str, host: str = "localhost") -> str:
        return f"http://{host}:{self.port}{path}"
