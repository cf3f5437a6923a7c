"""The map's base layer, without a language prefix: /api/v1/boundaries."""


app_name = "boundaries_api"

urlpatterns: list = []
