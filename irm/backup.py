"""`make backup` / `make restore`: the database and the media folder in one archive.

An archive is a plain tar holding `database.dump` (pg_dump's custom format, already
compressed) and `media/` (the uploaded files under MEDIA_ROOT). It is written to
`backups/rapport-<UTC time>.tar`.

pg_dump and pg_restore must match the server's major version: the embedded server is the
PostgreSQL bundled in PyPI's pgserver, a machine's server is usually the distribution's, so
the binaries are chosen by asking the server (`SHOW server_version_num`).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection

from irm.env import BASE_DIR

DATABASE_MEMBER = "database.dump"
MEDIA_MEMBER = "media"
DEFAULT_FOLDER = BASE_DIR / "backups"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def server_major_version() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        return int(cursor.fetchone()[0]) // 10000


def _candidate_folders(major: int) -> list[Path]:
    folders = []
    try:
        import pgserver  # the embedded server's own binaries

        folders.append(Path(pgserver.__file__).parent / "pginstall" / "bin")
    except ImportError:
        pass
    folders.append(Path(f"/usr/lib/postgresql/{major}/bin"))  # Debian / Ubuntu
    folders += [Path(folder) for folder in os.environ.get("PATH", "").split(os.pathsep) if folder]
    return folders


def _binary_major(binary: Path) -> int | None:
    try:
        output = subprocess.run(
            [str(binary), "--version"], capture_output=True, text=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    found = re.search(r"(\d+)(?:\.\d+)?", output)
    return int(found.group(1)) if found else None


def postgres_binary(name: str, *, major: int) -> Path:
    """pg_dump or pg_restore of the server's major version."""
    for folder in _candidate_folders(major):
        binary = folder / name
        if binary.is_file() and _binary_major(binary) == major:
            return binary
    raise BackupError(
        f"No {name} for PostgreSQL {major} was found (looked in pgserver's binaries, "
        f"/usr/lib/postgresql/{major}/bin and PATH); install the PostgreSQL {major} client tools."
    )


def _postgres_env() -> dict[str, str]:
    """libpq's variables for the configured database (a socket folder works as PGHOST)."""
    database = connection.settings_dict
    values = {
        "PGDATABASE": database["NAME"],
        "PGUSER": database.get("USER") or "",
        "PGPASSWORD": database.get("PASSWORD") or "",
        "PGHOST": database.get("HOST") or "",
        "PGPORT": str(database.get("PORT") or ""),
    }
    return {**os.environ, **{key: value for key, value in values.items() if value}}


def _run(command: list[str]) -> None:
    result = subprocess.run(command, env=_postgres_env(), capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")


def backup_create(*, folder: Path = DEFAULT_FOLDER, now: dt.datetime) -> Path:
    """1. Dump the database (custom format). 2. Put it and the media folder in one tar,
    written under a temporary name and renamed, so a half-written archive never looks done."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    archive = folder / f"rapport-{now.astimezone(dt.UTC):%Y%m%d-%H%M%S}.tar"
    pg_dump = postgres_binary("pg_dump", major=server_major_version())
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as scratch:
        dump = Path(scratch) / DATABASE_MEMBER
        _run([str(pg_dump), "--format=custom", "--no-owner", "--no-acl", f"--file={dump}"])
        partial = archive.with_suffix(".tar.partial")
        with tarfile.open(partial, "w") as tar:
            tar.add(dump, arcname=DATABASE_MEMBER)
            if media_root.is_dir():
                tar.add(media_root, arcname=MEDIA_MEMBER)
            else:
                tar.addfile(_folder_entry(MEDIA_MEMBER))
        partial.replace(archive)
    return archive


def _folder_entry(name: str) -> tarfile.TarInfo:
    entry = tarfile.TarInfo(name)
    entry.type = tarfile.DIRTYPE
    entry.mode = 0o755
    return entry


def backup_restore(*, archive: Path) -> None:
    """1. Check the archive holds a dump. 2. pg_restore it over the configured database in one
    transaction (--clean --if-exists: tables are dropped and recreated, so rows added since are
    gone). 3. Replace the media folder's contents with the archive's."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"There is no backup at {archive}.")
    pg_restore = postgres_binary("pg_restore", major=server_major_version())
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        try:
            with tarfile.open(archive) as tar:
                # The "data" filter refuses absolute paths, links out of the folder and devices.
                tar.extractall(scratch, filter="data")
        except tarfile.TarError as error:
            raise BackupError(f"{archive} is not a Rapport backup ({error}).") from None
        dump = scratch / DATABASE_MEMBER
        if not dump.is_file():
            raise BackupError(f"{archive} is not a Rapport backup (it has no {DATABASE_MEMBER}).")
        # Django's own idle connection would otherwise hold nothing, but close it anyway so
        # the DROP statements never wait on this process.
        connection.close()
        _run(
            [
                str(pg_restore),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-acl",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={connection.settings_dict['NAME']}",
                str(dump),
            ]
        )
        _replace_media(scratch / MEDIA_MEMBER)


def _replace_media(restored: Path) -> None:
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    for entry in media_root.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    if restored.is_dir():
        for entry in restored.iterdir():
            shutil.move(str(entry), media_root / entry.name)
