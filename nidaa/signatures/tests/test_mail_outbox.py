"""The signature as its own outbox: the clock wakes the worker, which sends due mail in batches,
each mail once, retried with growing delays, and never lost to a worker that stops."""

import io
import logging
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from nidaa.campaigns.models import Campaign
from nidaa.core import outbox
from nidaa.signatures import actions, tasks
from nidaa.signatures.models import Signature
from nidaa.signatures.tests.factories import make_signature
from nidaa.signatures.tests.sign_helpers import SIGN_URL, individual, queued_mail
from nidaa.testing.smtp import free_port

pytestmark = pytest.mark.django_db

EN_SIGN = SIGN_URL.format(language="en")


def claim(now: datetime, claimed_until: datetime) -> list[int]:
    """What a worker claims of the signatures' mail."""
    return outbox.claim(Signature, now, claimed_until)


def owed(campaign: Campaign, email: str) -> Signature:
    """A signature whose owner is owed mail, as signing leaves it."""
    return make_signature(campaign, email, verified_at=None, mail_due_at=timezone.now())


def test_one_task_sends_every_due_mail_once(demo_campaign: Campaign, smtp: Any) -> None:
    for number in range(3):
        owed(demo_campaign, f"signer{number}@example.org")

    assert tasks.send_due_mail.call() == "3 sent"
    assert tasks.send_due_mail.call() == "none due"

    assert sorted(address for mail in smtp.messages for address in mail.rcpt_tos) == [
        "signer0@example.org", "signer1@example.org", "signer2@example.org",
    ]  # fmt: skip
    assert queued_mail() == []


def test_a_task_sends_at_most_a_batch_and_leaves_the_rest_due(
    demo_campaign: Campaign, smtp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(outbox, "BATCH", 2)
    for number in range(3):
        owed(demo_campaign, f"signer{number}@example.org")

    assert tasks.send_due_mail.call() == "2 sent"
    assert len(queued_mail()) == 1
    assert tasks.send_due_mail.call() == "1 sent"


def test_two_workers_at_once_never_take_the_same_mail(demo_campaign: Campaign) -> None:
    signature = owed(demo_campaign, "samira@example.org")
    now = timezone.now()

    first = claim(now, now + outbox.LEASE)
    second = claim(now, now + outbox.LEASE)

    assert (first, second) == ([signature.pk], [])


def test_mail_claimed_by_a_worker_that_stopped_is_due_again_after_the_lease(
    demo_campaign: Campaign, smtp: Any
) -> None:
    signature = owed(demo_campaign, "samira@example.org")
    now = timezone.now()
    claim(now, now + outbox.LEASE)  # and then the worker is killed

    later = now + outbox.LEASE + timedelta(seconds=1)
    assert claim(later, later + outbox.LEASE) == [signature.pk]


def test_asking_again_while_the_mail_is_being_sent_owes_another(
    demo_campaign: Campaign, smtp: Any
) -> None:
    signature = owed(demo_campaign, "samira@example.org")
    now = timezone.now()
    [claimed] = claim(now, now + outbox.LEASE)
    actions.request_mail(signature)  # "send the email again", while the worker is at it

    assert tasks.send_one(claimed, now + outbox.LEASE) == "sent"

    assert queued_mail() == [signature.pk]


def test_a_signature_withdrawn_before_its_mail_went_out_gets_none(
    demo_campaign: Campaign, smtp: Any
) -> None:
    signature = owed(demo_campaign, "samira@example.org")
    now = timezone.now()
    claim(now, now + outbox.LEASE)
    signature.delete()

    assert tasks.send_one(signature.pk, now + outbox.LEASE) == "gone"
    assert not smtp.messages


def test_a_task_past_its_time_gives_back_what_it_did_not_send(
    demo_campaign: Campaign, smtp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(outbox, "BUDGET_SECONDS", -1)  # out of time before the first mail
    owed(demo_campaign, "samira@example.org")

    assert tasks.send_due_mail.call() == "1 given back"

    assert not smtp.messages
    assert queued_mail() == [Signature.objects.get().pk]
    assert Signature.objects.filter(mail_due_at__lte=timezone.now()).exists()  # due at once
    monkeypatch.setattr(outbox, "BUDGET_SECONDS", 60)
    assert tasks.send_due_mail.call() == "1 sent"


def test_retries_wait_longer_each_time_up_to_an_hour() -> None:
    delays = [outbox.retry_delay(attempt) for attempt in (1, 2, 3, 7, 8, 20)]
    assert delays == [timedelta(minutes=m) for m in (1, 2, 4, 60, 60, 60)]


def test_the_last_failed_attempt_gives_up_loudly_and_staff_see_it(
    demo_campaign: Campaign, settings: Any, smtp: Any, caplog: pytest.LogCaptureFixture
) -> None:
    settings.NIDAA_MAIL_ATTEMPTS = 2
    settings.EMAIL_PORT = free_port()  # nothing listens there
    signature = owed(demo_campaign, "samira@example.org")
    Signature.objects.filter(pk=signature.pk).update(mail_attempts=1)

    with caplog.at_level(logging.ERROR, logger="nidaa.signatures.tasks"):
        assert tasks.send_due_mail.call() == "1 given up"

    signature.refresh_from_db()
    assert (signature.mail_due_at, signature.mail_attempts) == (None, 2)
    assert f"Giving up on mail for signature {signature.pk} after 2 attempts" in caplog.text


def test_signing_again_after_giving_up_tries_afresh(
    client: Client, demo_campaign: Campaign
) -> None:
    signature = make_signature(demo_campaign, "samira@example.org", verified_at=None)
    Signature.objects.filter(pk=signature.pk).update(mail_attempts=8)

    client.post(EN_SIGN, individual(email="samira@example.org"))

    signature.refresh_from_db()
    assert signature.mail_due_at is not None and signature.mail_attempts == 0


def test_the_clock_wakes_the_worker_once_while_mail_is_due(demo_campaign: Campaign) -> None:
    assert not tasks.wake_mail_worker()  # nothing due
    owed(demo_campaign, "samira@example.org")

    assert tasks.wake_mail_worker()
    assert not tasks.wake_mail_worker()  # one task waiting is enough

    [waiting] = DBTaskResult.objects.all()
    assert waiting.task_path == tasks.send_due_mail.module_path


@pytest.mark.django_db(transaction=True)
def test_the_clock_and_the_worker_send_a_new_signers_mail(
    demo_campaign: Campaign, smtp: Any
) -> None:
    Client().post(EN_SIGN, individual(email="samira@example.org"))

    call_command("clock", "--once", stdout=io.StringIO())
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO())

    [mail] = smtp.to("samira@example.org")
    assert mail.subject.startswith("Confirm your signature")
    assert DBTaskResult.objects.get().return_value == "1 sent"
    assert queued_mail() == []
