"""Routing: language-prefixed pages for people, unprefixed endpoints for machines."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.static import serve

from nidaa.accounts.admin_site import staff_site
from nidaa.core import views as core_views
from nidaa.incidents import evidence_urls

urlpatterns = [
    path("health", core_views.health, name="health"),
    path("", include("nidaa.signatures.machine_urls")),
    path("", include("nidaa.incidents.machine_urls")),
    path("", include("nidaa.boundaries.machine_urls")),
    path("", include("nidaa.lobbying.machine_urls")),
    path("", include("nidaa.events.machine_urls")),
    path("", include("nidaa.campaigns.machine_urls")),
    path("", include("nidaa.donations.machine_urls")),
    path("", include((evidence_urls.public_patterns, "evidence_public"))),
    path("webauthn/", include("django_otp_webauthn.urls", namespace="otp_webauthn")),
]

urlpatterns += i18n_patterns(
    path("", include("nidaa.campaigns.urls")),
    path("", include("nidaa.signatures.urls")),
    path("", include("nidaa.lobbying.urls")),
    path("", include("nidaa.incidents.urls")),
    path("", include("nidaa.events.urls")),
    path("", include("nidaa.news.urls")),
    path("", include("nidaa.donations.urls")),
    path("record/evidence/", include((evidence_urls.staff_patterns, "evidence"))),
    path("record/", include("nidaa.incidents.staff_urls")),
    path("privacy/", core_views.privacy, name="privacy"),
    path("accounts/", include("nidaa.accounts.urls")),
    path("staff/", staff_site.urls),
    prefix_default_language=True,
)

# Uploaded campaign artwork. Evidence files never live under MEDIA_ROOT's public part.
urlpatterns += [
    path(
        f"{settings.MEDIA_URL.strip('/')}/<path:path>",
        serve,
        {"document_root": settings.MEDIA_ROOT},
    ),
]
