"""The areas in the staff site: readable, never editable by hand."""

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from nidaa.boundaries.models import AdminArea

pytestmark = pytest.mark.django_db

LIST = "/en/staff/boundaries/adminarea/"


def test_staff_can_read_the_areas_but_not_change_them(client: Client, admin_user: User, sign_in: Any) -> None:  # fmt: skip
    governorate = AdminArea.objects.create(pcode="SY07", level=1, name_en="Idleb", name_ar="إدلب", source="OCHA")  # fmt: skip
    sign_in(client, admin_user)

    listing = client.get(LIST)
    detail = client.get(f"{LIST}{governorate.pk}/change/")

    assert listing.status_code == 200
    assert "SY07" in listing.content.decode() and "إدلب" in listing.content.decode()
    assert detail.status_code == 200 and "OCHA" in detail.content.decode()
    assert client.get(f"{LIST}add/").status_code == 403
    assert client.post(f"{LIST}{governorate.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AdminArea.objects.filter(pk=governorate.pk).exists()


def test_the_areas_are_closed_to_an_outsider(client: Client, outsider: User, sign_in: Any) -> None:  # fmt: skip
    sign_in(client, outsider)

    assert client.get(LIST).status_code in (302, 403)
