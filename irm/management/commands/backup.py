"""`manage.py backup`: the database and the media folder in one archive (irm/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from irm.backup import DEFAULT_FOLDER, BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Write the database (pg_dump, custom format) and the media folder to one archive, "
        "backups/rapport-<UTC time>.tar. `manage.py restore --from ARCHIVE` puts it back."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--to", type=Path, default=DEFAULT_FOLDER, help="folder for the archive (backups/)"
        )

    def handle(self, *args, to: Path, **options) -> None:
        try:
            archive = backup_create(folder=to, now=timezone.now())
        except BackupError as error:
            raise CommandError(error.message) from None
        self.stdout.write(f"Backed up the database and media to {archive}")
