"""Staff pages for recording and verifying incidents (language-prefixed, under /record/)."""


app_name = "record"

urlpatterns: list = []
