"""The site's URLs plus a stand-in signing route, to test that an installed action is linked."""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from nidaa.urls import urlpatterns as site_urlpatterns


def sign(request: HttpRequest, slug: str) -> HttpResponse:
    return HttpResponse(b"sign")


signing = ([path("c/<slug:slug>/sign/", sign, name="sign")], "signatures")

urlpatterns = [*site_urlpatterns, *i18n_patterns(path("", include(signing)))]
