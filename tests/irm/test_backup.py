"""`manage.py backup` / `restore` (behind `make backup` / `make restore`): a round trip through
real pg_dump / pg_restore against the test database."""

import datetime as dt
import io
import subprocess
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from contacts.models import Influencer
from irm.backup import backup_create, postgres_binary, server_major_version
from irm.models import Workspace
from tests.factories import InfluencerFactory

# Rows must be committed for pg_dump (another connection) to see them.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    (tmp_path / "media" / "contracts").mkdir(parents=True)
    return tmp_path / "media"


def test_a_backup_and_a_restore_bring_back_the_rows_and_the_files(personas, media, tmp_path):
    ana = InfluencerFactory(workspace=personas.workspace, name="Ana Bakes")
    contract = media / "contracts" / "ana.pdf"
    contract.write_bytes(b"%PDF signed")
    out = io.StringIO()

    call_command("backup", to=tmp_path / "backups", stdout=out)

    archives = list((tmp_path / "backups").glob("rapport-*.tar"))
    assert len(archives) == 1
    assert f"to {archives[0]}" in out.getvalue()
    with tarfile.open(archives[0]) as tar:
        assert {"database.dump", "media/contracts/ana.pdf"} <= set(tar.getnames())

    # What happens after the backup is undone by the restore.
    Influencer.objects.filter(pk=ana.pk).update(name="Changed")
    InfluencerFactory(workspace=personas.workspace, name="Added later")
    Workspace.objects.filter(slug="globex").delete()
    contract.write_bytes(b"overwritten")
    (media / "later.txt").write_text("added after the backup")

    call_command("restore", archive=archives[0], stdout=out)

    assert list(
        Influencer.objects.filter(workspace=personas.workspace).values_list("name", flat=True)
    ) == ["Ana Bakes"]
    assert Workspace.objects.filter(slug="globex").exists()
    assert contract.read_bytes() == b"%PDF signed"
    assert not (media / "later.txt").exists()
    assert "Restored the database and media" in out.getvalue()


def test_the_archive_is_named_by_its_utc_time(personas, media, tmp_path):
    archive = backup_create(
        folder=tmp_path,
        now=dt.datetime(2026, 3, 29, 3, 30, tzinfo=dt.timezone(dt.timedelta(hours=2))),
    )

    assert archive.name == "rapport-20260329-013000.tar"


def test_the_tools_match_the_servers_major_version(db):
    major = server_major_version()

    for name in ("pg_dump", "pg_restore"):
        binary = postgres_binary(name, major=major)
        version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout
        assert f" {major}." in version


def test_restore_refuses_what_is_not_a_backup(db, media, tmp_path):
    (tmp_path / "notes.tar").write_bytes(b"not a tar at all")
    with tarfile.open(tmp_path / "empty.tar", "w"):
        pass

    with pytest.raises(CommandError, match="There is no backup at"):
        call_command("restore", archive=tmp_path / "missing.tar")
    with pytest.raises(CommandError, match="is not a Rapport backup"):
        call_command("restore", archive=tmp_path / "notes.tar")
    with pytest.raises(CommandError, match=r"has no database\.dump"):
        call_command("restore", archive=tmp_path / "empty.tar")


def test_make_backup_and_restore_run_the_commands(tmp_path):
    """`make backup` / `make restore FROM=...` as the README shows them (a dry run: make prints
    what it would do; `-o install` leaves the virtualenv alone)."""
    root = Path(__file__).resolve().parents[2]

    def make(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["make", "--no-print-directory", "-o", "install", *args],
            cwd=root,
            capture_output=True,
            text=True,
        )

    backup = make("-n", "backup")
    restore = make("-n", "restore", "FROM=backups/rapport-20260329-013000.tar")
    # Without FROM it says how to call it, and stops there.
    forgotten = make("restore")

    assert "manage.py backup" in backup.stdout
    assert 'manage.py restore --from "backups/rapport-20260329-013000.tar"' in restore.stdout
    assert forgotten.returncode != 0
    assert forgotten.stdout.strip() == "make restore FROM=backups/rapport-<time>.tar"
