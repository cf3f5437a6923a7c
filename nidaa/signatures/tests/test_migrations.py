"""Migrations that move data: mail queued before the outbox existed is not lost."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from nidaa.campaigns.models import Campaign
from nidaa.signatures.models import Signature

BEFORE = ("signatures", "0001_initial")
OUTBOX = ("signatures", "0002_signature_mail_due")
OLD_TASK = "nidaa.signatures.tasks.send_signature_email"


def migrate(*targets: tuple[str, str]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(list(targets))
    return executor


@pytest.mark.django_db(transaction=True)
def test_mail_queued_as_a_task_per_signature_becomes_owed_on_the_signature(
    demo_campaign: Campaign,
) -> None:
    executor = migrate(BEFORE)
    tasks_app = [node for node in executor.loader.graph.leaf_nodes() if node[0] == "django_tasks_database"]  # fmt: skip
    old = executor.loader.project_state([BEFORE, *tasks_app]).apps
    signatures = old.get_model("signatures", "Signature").objects
    tasks = old.get_model("django_tasks_database", "DBTaskResult").objects
    owed, sent = (
        signatures.create(campaign_id=demo_campaign.pk, name="S", email=email, email_key=email)
        for email in ("owed@example.org", "sent@example.org")
    )
    for signature, status in ((owed, "READY"), (sent, "SUCCESSFUL")):
        tasks.create(
            task_path=OLD_TASK, status=status, args_kwargs={"args": [signature.pk], "kwargs": {}},
            backend_name="default", run_after=timezone.now(), exception_class_path="", traceback="",
        )  # fmt: skip

    try:
        migrate(OUTBOX)
        assert list(Signature.objects.filter(mail_due_at__isnull=False).values_list("pk", flat=True)) == [owed.pk]  # fmt: skip
        assert list(tasks.values_list("status", flat=True)) == ["SUCCESSFUL"]
    finally:
        executor = MigrationExecutor(connection)
        migrate(*executor.loader.graph.leaf_nodes())
