"""The WSGI application the benchmark serves: the site, plus a bare Django view beside it.

``/bench/bare`` goes to a Django ``WSGIHandler`` whose middleware chain is empty and which
calls one view directly (no URL resolving): the cost of the server, the WSGI handler, the
request object and Django's request signals, and nothing else. Every other path goes to
``nidaa.wsgi.application``, the site exactly as production serves it. Both live in the same
gunicorn workers, so the baseline and the pages share processes, cores and load generator.
"""

from collections.abc import Callable, Iterable
from typing import Any

from django.core.handlers.exception import convert_exception_to_response
from django.core.handlers.wsgi import WSGIHandler
from django.http import HttpRequest, HttpResponse

from bench.harness import BARE_PATH
from nidaa.wsgi import application as site  # sets up Django first

StartResponse = Callable[..., Any]


def bare_view(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(b"ok", content_type="text/plain")
    # What CommonMiddleware adds to every page; without it gunicorn sends the body chunked,
    # which costs more on the wire than the page itself and would flatter every ratio.
    response.headers["Content-Length"] = "2"
    return response


class BareHandler(WSGIHandler):
    """Django's WSGI handler with no middleware around one trivial view."""

    def load_middleware(self, is_async: bool = False) -> None:
        self._view_middleware: list[Any] = []
        self._template_response_middleware: list[Any] = []
        self._exception_middleware: list[Any] = []
        self._middleware_chain = convert_exception_to_response(bare_view)


bare = BareHandler()


def application(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
    if environ.get("PATH_INFO") == BARE_PATH:
        return bare(environ, start_response)
    return site(environ, start_response)
