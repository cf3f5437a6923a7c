"""The lobbying part's machine interface, without a language prefix: /api/v1/targets/…"""

from django.urls import path

from nidaa.lobbying import api

app_name = "lobbying_api"

urlpatterns = [
    path("api/v1/targets/lookup", api.lookup_targets, name="lookup"),
]
