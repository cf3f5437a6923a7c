"""Campaign files without a language prefix: the share pictures (their language is in the path)."""

from django.urls import path

from nidaa.campaigns import share_views

app_name = "campaigns_files"

urlpatterns = [
    path(
        "c/<slug:slug>/share/<str:language>/<str:kind>.jpg",
        share_views.share_image,
        name="share_image",
    ),
]
