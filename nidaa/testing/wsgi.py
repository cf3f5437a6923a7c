"""A test client that enters the site where gunicorn does: `nidaa.wsgi.application`.

Django's test client starts at Django's request handler, so it never sees what is answered
before it (nidaa/core/early_answers.py: count.json and stored public pages). This one sends a
plain WSGI request through the whole application.
"""

import io
import json
import sys
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.http.response import ResponseHeaders


@dataclass
class WSGIResponse:
    status_code: int
    headers: ResponseHeaders
    content: bytes
    cookies: list[str] = field(default_factory=list)  # Set-Cookie values

    def __getitem__(self, name: str) -> str:
        return self.headers[name]

    def json(self) -> Any:
        return json.loads(self.content)


class WSGIClient:
    """Each client gets a new application, which reads the settings as they are now (Django's
    middleware reads some when it is built)."""

    def __init__(self) -> None:
        from nidaa.wsgi import make_application

        self.application: Any = make_application()

    def get(self, path: str, secure: bool = False, **environ: str) -> WSGIResponse:
        return self.request("GET", path, secure=secure, environ=environ)

    def post(self, path: str, body: bytes = b"", **environ: str) -> WSGIResponse:
        return self.request("POST", path, body=body, environ=environ)

    def request(
        self,
        method: str,
        path: str,
        body: bytes = b"",
        secure: bool = False,
        environ: dict[str, str] | None = None,
    ) -> WSGIResponse:
        url = urlsplit(path)
        env: dict[str, Any] = {
            "REQUEST_METHOD": method,
            "PATH_INFO": url.path,
            "QUERY_STRING": url.query,
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "443" if secure else "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "testserver",
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.url_scheme": "https" if secure else "http",
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr,
            "CONTENT_LENGTH": str(len(body)),
            **(environ or {}),
        }
        started: list[tuple[str, list[tuple[str, str]]]] = []

        def start_response(status: str, headers: list[tuple[str, str]], *_: Any) -> None:
            started.append((status, headers))

        # As Django's test client does: the request signals must not close the database
        # connection, which holds the test's transaction.
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            result = self.application(env, start_response)
            try:
                content = b"".join(result)
            finally:
                close = getattr(result, "close", None)
                if close is not None:
                    close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        status, headers = started[-1]
        plain = [(name, value) for name, value in headers if name.lower() != "set-cookie"]
        cookies = [value for name, value in headers if name.lower() == "set-cookie"]
        return WSGIResponse(int(status.split()[0]), ResponseHeaders(dict(plain)), content, cookies)
