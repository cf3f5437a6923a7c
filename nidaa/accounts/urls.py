from django.urls import path

from nidaa.accounts import views, webauthn

app_name = "accounts"

urlpatterns = [
    path("login/", views.login, name="login"),
    path("login/verify/", views.verify, name="verify"),
    path("login/enrol/", views.enrol, name="enrol"),
    path("login/passkey/begin/", webauthn.BeginAuthentication.as_view(), name="webauthn-begin"),
    path(
        "login/passkey/complete/",
        webauthn.CompleteAuthentication.as_view(),
        name="webauthn-complete",
    ),
    path("logout/", views.logout, name="logout"),
    path("security/", views.security, name="security"),
    path(
        "security/recovery-codes/",
        views.regenerate_recovery_codes,
        name="regenerate-recovery-codes",
    ),
]
