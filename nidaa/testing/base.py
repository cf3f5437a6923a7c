"""Named people for tests, and signing staff in with both factors without the sign-in pages.

Every test that asks "who may do this?" uses the same cast, so that a reader knows who is who:

- Samira, a **supporter**: a member of the public. Not an account, only what she types into
  public forms.
- Eman, an **editor**; Musa, a **moderator**; Dana, a **documenter**; Huda, a **verifier**;
  Adel, an **admin**.
- Omar, an **outsider**: signed in, even with a second factor, but in no staff role. Every staff
  page must refuse him.
"""

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.test import Client, TestCase
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from nidaa.accounts import roles

PASSWORD = "correct horse battery staple 7"  # noqa: S105 - a test password, never deployed


@dataclass(frozen=True)
class Supporter:
    """A member of the public: what they type into a public form, nothing more."""

    name: str = "Samira Haddad"
    email: str = "samira@example.org"
    country: str = "GB"
    postcode: str = "SW1A 1AA"
    organisation: str = "Idlib Solidarity Network"


@dataclass(frozen=True)
class People:
    supporter: Supporter
    editor: User
    moderator: User
    documenter: User
    verifier: User
    admin: User
    outsider: User

    def staff(self) -> list[User]:
        return [self.editor, self.moderator, self.documenter, self.verifier, self.admin]


def make_user(username: str, role: str | None = None) -> User:
    """A user who can sign in with PASSWORD; staff in `role` when one is given."""
    user = User.objects.create_user(username, f"{username}@example.org", PASSWORD)
    if role is not None:
        roles.assign_role(user, role)
    return user


def make_people() -> People:
    return People(
        supporter=Supporter(),
        editor=make_user("eman", roles.EDITOR),
        moderator=make_user("musa", roles.MODERATOR),
        documenter=make_user("dana", roles.DOCUMENTER),
        verifier=make_user("huda", roles.VERIFIER),
        admin=make_user("adel", roles.ADMIN),
        outsider=make_user("omar"),
    )


def totp_device(user: User) -> TOTPDevice:
    """The user's confirmed authenticator app (made on first use)."""
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="test phone", defaults={"confirmed": True}
    )
    return device


def sign_in(client: Client, user: User, verified: bool = True) -> Client:
    """Sign `user` in on `client`; with `verified`, as if they had also passed the second factor.

    This sets the session exactly as ``django_otp.login`` does after a good code, so tests of
    staff pages need not walk through the sign-in pages (which have tests of their own).
    """
    client.force_login(user)
    if verified:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = totp_device(user).persistent_id
        session.save()
    return client


def is_verified(request: HttpRequest) -> bool:
    """Whether the request's user passed both factors (django_otp's OTPMiddleware decides)."""
    check = getattr(request.user, "is_verified", None)
    return bool(check and check())


class BaseTestCase(TestCase):
    """A unittest-style base with the cast in place: ``self.editor``, ``self.outsider``, …"""

    people: People
    supporter: Supporter
    editor: User
    moderator: User
    documenter: User
    verifier: User
    admin: User
    outsider: User

    @classmethod
    def setUpTestData(cls) -> None:
        cls.people = make_people()
        for name in (
            "supporter",
            "editor",
            "moderator",
            "documenter",
            "verifier",
            "admin",
            "outsider",
        ):
            setattr(cls, name, getattr(cls.people, name))

    def sign_in(self, user: User, verified: bool = True) -> Client:
        return sign_in(self.client, user, verified)
