from django.urls import path

from nidaa.campaigns import views

app_name = "campaigns"

urlpatterns = [
    path("", views.home, name="home"),
    path("c/<slug:slug>/", views.campaign_page, name="campaign"),
]
