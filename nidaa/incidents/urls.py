"""Public pages of the record (language-prefixed)."""


app_name = "incidents"

urlpatterns: list = []
