"""Pages for people, under the language prefix (see machine_urls.py for count.json)."""

from django.urls import path

from nidaa.signatures import exports, public, views

app_name = "signatures"

urlpatterns = [
    # Signing (views.py)
    path("c/<slug:slug>/sign/", views.sign, name="sign"),
    path("c/<slug:slug>/sign/check-email/", views.check_email, name="check_email"),
    path("c/<slug:slug>/sign/resend/", views.resend, name="resend"),
    path("c/<slug:slug>/verify/<int:pk>/<str:token>/", views.verify, name="verify"),
    path("c/<slug:slug>/thanks/", views.thanks, name="thanks"),
    path("c/<slug:slug>/withdraw/<int:pk>/<str:token>/", views.withdraw, name="withdraw"),
    # What the public sees of the signatures (public.py)
    path("c/<slug:slug>/signatures/", public.signature_list, name="list"),
    # Staff: exports and the delivery document (exports.py)
    path("c/<slug:slug>/signatures/export.csv", exports.download, name="export"),
    path("c/<slug:slug>/signatures/delivery.pdf", exports.delivery, name="delivery"),
]
