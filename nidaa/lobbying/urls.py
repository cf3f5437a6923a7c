"""The supporter's pages, under the language prefix (machine_urls.py has the API)."""

from django.urls import path

from nidaa.lobbying import letter_views, views

app_name = "lobbying"

urlpatterns = [
    # Finding your targets, and calling them (views.py)
    path("c/<slug:slug>/lobby/", views.index, name="index"),
    path("c/<slug:slug>/lobby/call/<int:target_id>/", views.call, name="call"),
    path("c/<slug:slug>/lobby/called/", views.called, name="called"),
    # Writing to them (letter_views.py)
    path("c/<slug:slug>/lobby/write/<int:target_id>/", letter_views.write, name="write"),
    path("c/<slug:slug>/lobby/check-email/", letter_views.check_email, name="check_email"),
    path("c/<slug:slug>/lobby/confirm/<int:pk>/<str:token>/", letter_views.confirm, name="confirm"),
    path("c/<slug:slug>/lobby/sent/", letter_views.sent, name="sent"),
    path("c/<slug:slug>/lobby/reply/<int:pk>/<str:token>/", letter_views.reply, name="reply"),
]
