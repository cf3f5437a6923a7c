"""The donate page, under the language prefix (see machine_urls.py for /go/)."""

from django.urls import path

from nidaa.donations import views

app_name = "donations"

urlpatterns = [
    path("c/<slug:slug>/donate/", views.index, name="index"),
]
