"""/go/<id>/, the way out to an appeal, without a language prefix."""

from django.urls import path

from nidaa.donations import views

app_name = "donations_go"

urlpatterns = [
    path("go/<int:pk>/", views.go, name="go"),
]
