"""The news pages, under the language prefix."""

from django.urls import path

from nidaa.news import views

app_name = "news"

urlpatterns = [
    path("c/<slug:slug>/news/", views.index, name="index"),
    path("c/<slug:slug>/news/<int:pk>/", views.item, name="item"),
]
