"""The record's machine interface, without a language prefix: /api/v1/incidents…"""

from django.urls import path

from nidaa.incidents import api

app_name = "incidents_api"

urlpatterns = [
    path("api/v1/incidents", api.incident_list, name="list"),
    path("api/v1/incidents/summary", api.day_summary, name="summary"),
]
