"""Rows that are their own outbox: mail is owed while a row's `mail_due_at` has come.

A part whose rows owe mail (a signature its link, a letter its confirmation) writes one
column, never a task per message. Every second the clock's wake-up job enqueues one task when
mail is due and no such task is waiting, and the task worker sends up to BATCH due messages
per task. A worker claims what it sends by moving `mail_due_at` to the end of a lease, so
several workers never send the same message twice, and mail claimed by a worker that died is
due again when the lease runs out.

A mail server that is down delays mail and loses none: a failed message is due again after a
growing delay (1, 2, 4 … minutes, at most an hour), up to NIDAA_MAIL_ATTEMPTS attempts.

The model needs `mail_due_at` (a nullable DateTimeField, indexed where not null) and
`mail_attempts` (a small integer).
"""

import logging
import smtplib
import time
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

MAIL_ERRORS = (smtplib.SMTPException, OSError)
# Mails one task sends at most; the clock enqueues another task for the rest.
BATCH = 100
# A claimed mail is due again after this long, in case its worker dies while sending.
LEASE = timedelta(minutes=10)
# A task stops sending after this long and gives back the rest, so that a mail server that
# times out on every message (EMAIL_TIMEOUT each) never keeps a batch past its lease.
BUDGET_SECONDS = 120

# send_one(pk, claimed_until) sends one row's mail and says how it went ("sent", …).
SendOne = Callable[[int, datetime], str]


def retry_delay(attempt: int) -> timedelta:
    return timedelta(minutes=min(2 ** (attempt - 1), 60))


def wake(model: type[models.Model], task: Any) -> bool:
    """Clock job body: enqueue one `task` if `model` owes mail and no such task is waiting.

    One waiting task at a time, so a worker that is down finds one task, not thousands, when
    it comes back. Returns whether a task was enqueued."""
    if not model._default_manager.filter(mail_due_at__lte=timezone.now()).exists():
        return False
    if DBTaskResult.objects.ready().filter(task_path=task.module_path).exists():
        return False
    task.enqueue()
    return True


def send_batch(model: type[models.Model], send_one: SendOne) -> str:
    """Claim up to BATCH due rows and send each one's mail, for at most BUDGET_SECONDS; what
    happened, for the task's result (e.g. "2 sent, 1 retrying")."""
    claimed_until = timezone.now() + LEASE
    claimed = claim(model, timezone.now(), claimed_until, BATCH)
    outcomes: Counter[str] = Counter()
    deadline = time.monotonic() + BUDGET_SECONDS
    for index, pk in enumerate(claimed):
        if time.monotonic() > deadline:
            give_back(model, claimed[index:], claimed_until)
            outcomes["given back"] = len(claimed) - index
            break
        outcomes[send_one(pk, claimed_until)] += 1
    return ", ".join(f"{n} {outcome}" for outcome, n in sorted(outcomes.items())) or "none due"


def claim(
    model: type[models.Model], now: datetime, claimed_until: datetime, batch: int = BATCH
) -> list[int]:
    """Take up to `batch` due rows, oldest first, by moving them to `claimed_until`: another
    worker running at the same time skips them, and they are due again if this one dies."""
    rows = model._default_manager
    with transaction.atomic():
        due = rows.filter(mail_due_at__lte=now).order_by("mail_due_at")
        # SQLite ignores FOR UPDATE: its transactions (IMMEDIATE) already write one at a time.
        ids = list(due.select_for_update(skip_locked=True).values_list("pk", flat=True)[:batch])
        rows.filter(pk__in=ids).update(mail_due_at=claimed_until)
    return ids


def give_back(model: type[models.Model], ids: list[int], claimed_until: datetime) -> None:
    """Claimed rows this task will not send are due again at once."""
    claimed = model._default_manager.filter(pk__in=ids, mail_due_at=claimed_until)
    claimed.update(mail_due_at=timezone.now())


def settle(
    row: models.Model,
    claimed_until: datetime,
    due: datetime | None,
    attempts: int,
    **changes: Any,
) -> bool:
    """Record how the mail went, only while the row is still claimed: someone who asked again
    meanwhile is owed a fresh mail. Returns whether the row was still claimed."""
    claimed = type(row)._default_manager.filter(pk=row.pk, mail_due_at=claimed_until)
    return bool(claimed.update(mail_due_at=due, mail_attempts=attempts, **changes))


def failed(
    row: Any, claimed_until: datetime, error: Exception, logger: logging.Logger, what: str
) -> str:
    """A mail could not be sent: due again later, or given up after NIDAA_MAIL_ATTEMPTS."""
    attempts = row.mail_attempts + 1
    if attempts >= settings.NIDAA_MAIL_ATTEMPTS:
        logger.error("Giving up on mail for %s after %s attempts: %s", what, attempts, error)
        settle(row, claimed_until, due=None, attempts=attempts)
        return "given up"
    logger.warning("Mail for %s failed (attempt %s), retrying: %s", what, attempts, error)
    settle(row, claimed_until, due=timezone.now() + retry_delay(attempts), attempts=attempts)
    return "retrying"
