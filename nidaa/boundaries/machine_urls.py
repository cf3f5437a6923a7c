"""The map's base layer, without a language prefix: /api/v1/boundaries."""

from django.urls import path

from nidaa.boundaries import views

app_name = "boundaries_api"

urlpatterns = [
    path("api/v1/boundaries", views.base_layer, name="base_layer"),
]
