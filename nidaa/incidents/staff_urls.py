"""Staff pages for recording and verifying incidents (language-prefixed, under /record/)."""

from django.urls import path

from nidaa.incidents import staff_views

app_name = "record"

urlpatterns = [
    path("", staff_views.index, name="index"),
    path("new/", staff_views.new, name="new"),
    path("<str:code>/", staff_views.detail, name="detail"),
    path("<str:code>/edit/", staff_views.edit, name="edit"),
    path("<str:code>/status/", staff_views.transition, name="transition"),
]
