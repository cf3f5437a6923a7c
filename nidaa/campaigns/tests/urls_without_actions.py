"""The site's URLs without any action part, to test a campaign page with nothing to link."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from nidaa.core import views as core_views

urlpatterns = i18n_patterns(
    path("", include("nidaa.campaigns.urls")),
    path("privacy/", core_views.privacy, name="privacy"),
)
