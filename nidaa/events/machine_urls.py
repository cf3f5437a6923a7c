"""Machine endpoints without a language prefix."""

from django.urls import path

from nidaa.events import machine

app_name = "events_api"

urlpatterns = [
    path("c/<slug:slug>/events.ics", machine.feed, name="feed"),
    path("c/<slug:slug>/events/<int:pk>.ics", machine.event_ics, name="event_ics"),
    path("c/<slug:slug>/events.geojson", machine.geojson, name="geojson"),
    path("c/<slug:slug>/pamphlet.pdf", machine.pamphlet, name="pamphlet"),
]
