from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from nidaa.core.cache import public_page


@public_page
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


def health(request: HttpRequest) -> HttpResponse:
    """For load balancers and the benchmark: answers without touching the database."""
    return HttpResponse(b"ok", content_type="text/plain")
