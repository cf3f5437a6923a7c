"""The lobbying part's machine interface, without a language prefix: /api/v1/targets/…"""

app_name = "lobbying_api"

urlpatterns: list = []
