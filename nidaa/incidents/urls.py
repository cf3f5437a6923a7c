"""Public pages of the record (language-prefixed)."""

from django.urls import path

from nidaa.incidents import public_views

app_name = "incidents"

urlpatterns = [
    path("incidents/", public_views.index, name="index"),
    path("incidents/timeline/", public_views.timeline, name="timeline"),
    path("incidents/summary/", public_views.summaries, name="summaries"),
    path("incidents/summary/<str:day>/", public_views.summary_day, name="summary"),
    # Last: a code is any text, and must not shadow the pages above.
    path("incidents/<str:code>/", public_views.detail, name="detail"),
]
