"""The compiled INSERT writes what the ORM writes, and fails as the ORM fails."""

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction

from nidaa.core import inserts

pytestmark = pytest.mark.django_db


def test_it_writes_the_row_and_sets_the_primary_key() -> None:
    group = Group(name="moderators-bench")

    pk = inserts.insert(group)

    assert pk == group.pk and not group._state.adding
    assert Group.objects.get(pk=pk).name == "moderators-bench"


def test_a_second_row_gets_the_next_key() -> None:
    first, second = Group(name="one"), Group(name="two")
    inserts.insert(first)
    inserts.insert(second)
    assert second.pk > first.pk
    assert list(Group.objects.filter(name__in=["one", "two"]).values_list("pk", flat=True)) == [
        first.pk,
        second.pk,
    ]


def test_a_duplicate_raises_the_orms_integrity_error_and_writes_nothing() -> None:
    inserts.insert(Group(name="unique"))
    with pytest.raises(IntegrityError), transaction.atomic():
        inserts.insert(Group(name="unique"))
    assert Group.objects.filter(name="unique").count() == 1
