"""The WSGI application the benchmark serves: the site, plus bare Django views beside it.

``/bench/bare`` goes to a Django ``WSGIHandler`` whose middleware chain is empty and which
calls one view directly (no URL resolving): the cost of the server, the WSGI handler, the
request object and Django's request signals, and nothing else. Every other path goes to
``nidaa.wsgi.application``, the site exactly as production serves it. Both live in the same
gunicorn workers, so the baseline and the pages share processes, cores and load generator.

``/bench/insert`` is a reference for the signing endpoint: the same bare handler, but its view
reads the signing form's fields without checking them and stores one signature row the way
signing does (nidaa.core.inserts), then redirects. It is the least any signing endpoint that
stores each signature in the request can do on this server and database, so `insert_floor`
says how much of `sign`'s cost is the write itself.
"""

from collections.abc import Callable, Iterable
from typing import Any

from django.core.handlers.exception import convert_exception_to_response
from django.core.handlers.wsgi import WSGIHandler
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone

from bench.harness import BARE_PATH, INSERT_PATH
from nidaa.core import inserts
from nidaa.core.forms import normalise_email
from nidaa.wsgi import application as site  # sets up Django first

StartResponse = Callable[..., Any]


def bare_view(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(b"ok", content_type="text/plain")
    # What CommonMiddleware adds to every page; without it gunicorn sends the body chunked,
    # which costs more on the wire than the page itself and would flatter every ratio.
    response.headers["Content-Length"] = "2"
    return response


_campaign_ids: dict[str, int] = {}


def insert_view(request: HttpRequest) -> HttpResponse:
    # Models are imported here: importing them at the top would come before nidaa.wsgi has
    # set Django up (the import sorter puts them first).
    from nidaa.campaigns.models import Campaign
    from nidaa.signatures.models import Signature

    if "save-idlib" not in _campaign_ids:
        _campaign_ids["save-idlib"] = Campaign.objects.get(slug="save-idlib").pk
    form = request.POST
    signature = Signature(
        campaign_id=_campaign_ids["save-idlib"],
        name=form["name"],
        email=form["email"],
        email_key=normalise_email(form["email"]),
        country=form["country"],
        city=form.get("city", ""),
        show_publicly=bool(form.get("show_publicly")),
        language="en",
        mail_due_at=timezone.now(),
    )
    inserts.insert(signature)
    return HttpResponseRedirect("/en/c/save-idlib/signed/")


class BareHandler(WSGIHandler):
    """Django's WSGI handler with no middleware around one view (by default, a trivial one)."""

    def __init__(self, view: Any = bare_view) -> None:
        self.view = view
        super().__init__()

    def load_middleware(self, is_async: bool = False) -> None:
        self._view_middleware: list[Any] = []
        self._template_response_middleware: list[Any] = []
        self._exception_middleware: list[Any] = []
        self._middleware_chain = convert_exception_to_response(self.view)


bare = BareHandler()
insert = BareHandler(insert_view)


def application(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
    path = environ.get("PATH_INFO")
    if path == BARE_PATH:
        return bare(environ, start_response)
    if path == INSERT_PATH:
        return insert(environ, start_response)
    return site(environ, start_response)
