"""The test harness itself: the cast, signing in with both factors, and real mail."""

from typing import Any

from django.contrib.auth.models import User
from django.core.mail import EmailMultiAlternatives, send_mail
from django.test import Client
from django.urls import reverse

from nidaa.testing.base import BaseTestCase, People, is_verified


def test_every_named_person_has_the_role_their_name_says(people: People) -> None:
    assert people.editor.groups.get().name == "editor"
    assert people.moderator.groups.get().name == "moderator"
    assert people.documenter.groups.get().name == "documenter"
    assert people.admin.groups.get().name == "admin"
    assert all(user.is_staff for user in people.staff())


def test_the_outsider_is_signed_in_material_but_has_no_role(outsider: User) -> None:
    assert not outsider.is_staff
    assert not outsider.is_superuser
    assert not outsider.groups.exists()
    assert not outsider.get_all_permissions()


def test_the_supporter_is_not_an_account(supporter: Any, people: People) -> None:
    assert not User.objects.filter(email=supporter.email).exists()


def test_sign_in_leaves_the_user_verified_with_both_factors(
    client: Client, editor: User, sign_in: Any
) -> None:
    sign_in(client, editor)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert is_verified(response.wsgi_request)


def test_sign_in_without_the_second_factor_is_not_verified(
    client: Client, editor: User, sign_in: Any
) -> None:
    sign_in(client, editor, verified=False)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert not is_verified(response.wsgi_request)


def test_a_mail_sent_by_django_arrives_at_the_smtp_server(smtp: Any, supporter: Any) -> None:
    send_mail("Thank you", "Your name is on the statement.", None, [supporter.email])

    [mail] = smtp.messages
    assert mail.rcpt_tos == [supporter.email]
    assert mail.mail_from == "noreply@localhost"
    assert mail.subject == "Thank you"
    assert mail.text().strip() == "Your name is on the statement."


def test_the_smtp_server_keeps_html_and_arabic_intact(smtp: Any, supporter: Any) -> None:
    message = EmailMultiAlternatives("شكراً", "نص", to=[supporter.email])
    message.attach_alternative("<p>نص</p>", "text/html")
    message.send()

    [mail] = smtp.to(supporter.email)
    assert mail.subject == "شكراً"
    assert mail.text().strip() == "نص"
    assert mail.html().strip() == "<p>نص</p>"


class BaseTestCaseTests(BaseTestCase):
    def test_the_cast_is_in_place(self) -> None:
        assert self.editor.username == "eman"
        assert self.outsider.username == "omar"
        assert self.supporter.email == "samira@example.org"

    def test_sign_in_opens_the_staff_site_to_staff(self) -> None:
        self.sign_in(self.moderator)
        assert self.client.get(reverse("admin:index")).status_code == 200

    def test_the_outsider_is_refused_the_staff_site_even_with_both_factors(self) -> None:
        self.sign_in(self.outsider)
        assert self.client.get(reverse("admin:index")).status_code == 302
