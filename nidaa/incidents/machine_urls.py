"""The record's machine interface, without a language prefix: /api/v1/incidents…"""


app_name = "incidents_api"

urlpatterns: list = []
