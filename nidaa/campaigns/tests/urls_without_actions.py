"""The site's URLs without any action part, to test a campaign page with nothing to link."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import URLPattern, URLResolver, include, path

from nidaa.core import views as core_views

urlpatterns: list[URLPattern | URLResolver] = [path("", include("nidaa.campaigns.machine_urls"))]
urlpatterns += i18n_patterns(
    path("", include("nidaa.campaigns.urls")),
    path("privacy/", core_views.privacy, name="privacy"),
)
