"""Pages for people, under the language prefix (see machine_urls.py for calendars and PDFs)."""

from django.urls import path

from nidaa.events import machine, views

app_name = "events"

urlpatterns = [
    path("c/<slug:slug>/events/", views.index, name="index"),
    path("c/<slug:slug>/events/new/", views.submit, name="submit"),
    path("c/<slug:slug>/events/new/check-email/", views.submitted, name="submitted"),
    path("c/<slug:slug>/events/<int:pk>/", views.detail, name="detail"),
    path("c/<slug:slug>/events/<int:pk>/check-email/", views.rsvp_sent, name="rsvp_sent"),
    path("c/<slug:slug>/events/<int:pk>/flyer.pdf", machine.flyer, name="flyer"),
    path("c/<slug:slug>/events/attending/<int:pk>/<str:token>/", views.attending, name="attending"),
    path("c/<slug:slug>/events/host/<int:pk>/<str:token>/", views.host, name="host"),
    path("c/<slug:slug>/events/host/<int:pk>/<str:token>/edit/", views.host_edit, name="host_edit"),
    path("c/<slug:slug>/events/host/<int:pk>/<str:token>/message/", views.host_message, name="host_message"),
    path("c/<slug:slug>/events/host/<int:pk>/<str:token>/cancel/", views.host_cancel, name="host_cancel"),
]  # fmt: skip
