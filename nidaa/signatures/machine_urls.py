"""Machine endpoints without a language prefix."""

from django.urls import path

from nidaa.signatures import public, views

app_name = "signatures_api"

urlpatterns = [
    path("c/<slug:slug>/count.json", public.count_json, name="count"),
    path("c/<slug:slug>/challenge.json", views.challenge, name="challenge"),
]
