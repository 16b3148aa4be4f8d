"""`manage.py restore`: a backup put back (irm/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from irm.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Put back a backup written by `manage.py backup`: the database is replaced by the "
        "archive's (pg_restore --clean) and so is the media folder's content."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--from", dest="archive", type=Path, required=True, help="backups/rapport-....tar"
        )

    def handle(self, *args, archive: Path, **options) -> None:
        try:
            backup_restore(archive=archive)
        except BackupError as error:
            raise CommandError(error.message) from None
        self.stdout.write(f"Restored the database and media from {archive}")
