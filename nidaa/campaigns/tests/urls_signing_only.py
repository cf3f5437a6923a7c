"""The site's URLs with signing as the only action part, to test a page that links some."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import URLPattern, URLResolver, include, path

from nidaa.core import views as core_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("nidaa.campaigns.machine_urls")),
    path("", include("nidaa.signatures.machine_urls")),
]
urlpatterns += i18n_patterns(
    path("", include("nidaa.campaigns.urls")),
    path("", include("nidaa.signatures.urls")),
    path("privacy/", core_views.privacy, name="privacy"),
)
