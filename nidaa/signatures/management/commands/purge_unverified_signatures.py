"""Delete unverified signatures, and with them their personal data, after the retention period.

Safe to repeat; the clock runs the same job every hour (see README, "Periodic jobs").
"""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from nidaa.signatures.actions import delete_unverified


def positive(value: str) -> int:
    days = int(value)
    if days < 1:
        raise ValueError(value)
    return days


class Command(BaseCommand):
    help = "Delete unverified signatures older than the retention period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=positive,
            default=None,
            help="retention in days (default: NIDAA_UNVERIFIED_RETENTION_DAYS)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"] or settings.NIDAA_UNVERIFIED_RETENTION_DAYS
        deleted = delete_unverified(days)
        self.stdout.write(f"Deleted {deleted} unverified signatures older than {days} days.")
