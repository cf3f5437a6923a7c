"""manage.py check_directories: which target directories are stale (for cron or by hand)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from nidaa.lobbying.models import Directory


class Command(BaseCommand):
    help = (
        "List the target directories whose data is older than their 'stale after' days (or "
        "never imported), and exit with status 1 if there is any; safe to run from cron."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        directories = list(Directory.objects.all())
        stale = [d for d in directories if d.is_stale]
        for directory in stale:
            when = directory.imported_at.date().isoformat() if directory.imported_at else "never"
            self.stdout.write(
                f"{directory.slug}: stale (updated {when}, stale after "
                f"{directory.stale_after_days} days; source: {directory.source_file or directory.kind})"
            )
        if stale:
            raise CommandError(f"{len(stale)} of {len(directories)} directories are stale.")
        self.stdout.write(f"All {len(directories)} directories are up to date.")
