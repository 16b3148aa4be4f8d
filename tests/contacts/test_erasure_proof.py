"""The proof that erasure leaves nothing: a person seeded across every table and file that can
hold them, committed for real (another process, pg_dump, sees it), is found by a scan of every
text column, the media folder and a dump of the database; after erasure the same scan finds
none of their name, addresses, handles, phone number or a phrase only their note held."""

import importlib.util
import os
import shutil
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from campaigns.models import Payment
from campaigns.services.campaigns import brand_create, campaign_create
from campaigns.services.deliverables import moment_add
from campaigns.services.delivery import payment_schedule
from campaigns.services.pipeline import collaboration_shortlist
from contacts.models import Channel, Direction, ImportJob, InteractionKind
from contacts.services import channel_permission_set, influencer_create, interaction_record
from contacts.services.erasure import influencer_erase
from contacts.services.imports import import_job_upload
from irm.models import OutboxEmail
from irm.outbox import ERASED_ADDRESS
from outreach.services import attachment_add, pitch_draft_save, pitch_send
from outreach.services.inbound import inbound_ingest
from outreach.services.notifications import notification_send
from tests.outreach.inbound_mail import message_with_attachments

NOW = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
NAME = "Zephyrine Quillfeather"
EMAIL = "zephyrine@quill.example"
HANDLE = "zephy.quillfeather"
PHONE = "+33 6 98 76 54 32"
PHRASE = "saffron lighthouse marmalade"
# What must not survive. The name's stems also catch the search document ('zephyrin').
NEEDLES = ("Zephyrin", "Quillfeath", EMAIL, HANDLE, PHONE, PHRASE)
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\n% Zephyrine Quillfeather's rider\ntrailer <<>>\n%%EOF\n"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def _seed(personas) -> object:
    workspace, member = personas.workspace, personas.member
    person = influencer_create(
        workspace=workspace,
        actor=member,
        name=NAME,
        emails=[EMAIL],
        accounts=[{"platform": "instagram", "handle": HANDLE, "followers": 4200}],
        topics=["Lighthouses"],
        phone=PHONE,
        shipping_address="12 Quay of Zephyrine Quillfeather, Brest",
        bio=f"Writes about {PHRASE}.",
        time_zone="UTC",
        now=NOW,
    )
    channel_permission_set(
        influencer=person,
        channel=Channel.EMAIL,
        is_open=True,
        evidence=f"Wrote to us from {EMAIL}",
        actor=member,
        now=NOW,
    )
    interaction_record(
        influencer=person,
        kind=InteractionKind.NOTE,
        direction=Direction.INTERNAL,
        summary="Coffee notes",
        body=f"She loves {PHRASE}; call {PHONE}.",
        author=member,
        occurred_at=NOW,
        now=NOW,
    )
    pitch = pitch_draft_save(
        influencer=person,
        author=member,
        channel="email",
        subject="Lighthouse tour for Zephyrine Quillfeather",
        body=f"Hi Zephyrine, your piece on {PHRASE} was wonderful; would you join our tour?",
        topics=["Lighthouses"],
        now=NOW,
    )
    attachment_add(
        pitch=pitch, upload=SimpleUploadedFile("zephyrine-brief.pdf", PDF, "application/pdf")
    )
    pitch = pitch_send(pitch=pitch, actor=member, actor_role="member", now=NOW)
    inbound_ingest(
        raw=message_with_attachments(
            message_id="<reply-zq-1@quill.example>",
            in_reply_to=pitch.message_id,
            from_address=EMAIL,
            from_name=NAME,
            to=(workspace.reply_to_address,),
            subject="Re: Lighthouse tour",
            text=f"Yes! Here is my rider. {PHRASE}.\n\nZephyrine",
            attachments=(("zephyrine-rider.pdf", "application/pdf", PDF),),
        ),
        envelope_recipients=(workspace.reply_to_address,),
        now=NOW,
    )
    csv = f"name,email,instagram,phone\n{NAME},{EMAIL},@{HANDLE},{PHONE}\nBo Other,bo@x.test,,\n"
    import_job_upload(
        workspace=workspace,
        actor=personas.admin,
        file=SimpleUploadedFile("press-list.csv", csv.encode(), "text/csv"),
        now=NOW,
    )
    brand = brand_create(workspace=workspace, actor=personas.manager, name="Beacon", now=NOW)
    campaign = campaign_create(
        workspace=workspace,
        actor=personas.manager,
        brand=brand,
        name="Lighthouse spring",
        starts_on=date(2026, 12, 1),
        ends_on=date(2027, 3, 31),
        budget=5000,
        currency="eur",
        owner=personas.manager,
        now=NOW,
    )
    collaboration = collaboration_shortlist(
        campaign=campaign, influencer=person, actor=personas.manager, now=NOW
    )
    payment_schedule(
        collaboration=collaboration,
        amount=800,
        currency="EUR",
        due_on=date(2026, 12, 15),
        note=f"Invoice from {NAME}",
        actor=personas.manager,
        now=NOW,
    )
    moment_add(
        collaboration=collaboration,
        text=f"Zephyrine filmed the {PHRASE} scene",
        actor=personas.manager,
        now=NOW,
    )
    notification_send(
        workspace=workspace,
        user=member,
        kind="reminder",
        title=f"Zephyrine Quillfeather replied about {PHRASE}",
        body="Answer her today.",
        url=f"/w/{workspace.slug}/outreach/{pitch.public_id}/",
        dedupe_key="proof:reply",
        email=True,
        now=NOW,
    )
    return person


def _text_columns() -> list[tuple[str, str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.table_name, c.column_name, c.data_type
            FROM information_schema.columns c
            JOIN information_schema.tables t
              ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
              AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb',
                                  'bytea', 'ARRAY', 'tsvector')
            ORDER BY 1, 2
            """
        )
        return cursor.fetchall()


def found_in_database() -> set[str]:
    """Every needle some text, JSON, array, bytea or search column of any table holds."""
    found = set()
    with connection.cursor() as cursor:
        for table, column, data_type in _text_columns():
            value = (
                f"encode(\"{column}\", 'escape')" if data_type == "bytea" else f'"{column}"::text'
            )
            cursor.execute(
                f'SELECT n FROM unnest(%s::text[]) n WHERE EXISTS (SELECT 1 FROM "{table}" '
                f"WHERE strpos(lower({value}), lower(n)) > 0)",
                [list(NEEDLES)],
            )
            found |= {row[0] for row in cursor.fetchall()}
    return found


def found_in_media(root: Path) -> set[str]:
    """Needles in any file's name or bytes under the media folder."""
    found = set()
    for path in root.rglob("*") if root.exists() else ():
        if path.is_file():
            text = (str(path.relative_to(root)).encode() + b"\n" + path.read_bytes()).lower()
            found |= {n for n in NEEDLES if n.lower().encode() in text}
    return found


def _pg_dump() -> str:
    """The pg_dump of the server's major version: pgserver's own for the embedded 16, Debian's
    for a machine's server (a pg_dump older than the server refuses to dump it)."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        major = int(cursor.fetchone()[0]) // 10000
    candidates = [Path(f"/usr/lib/postgresql/{major}/bin/pg_dump")]
    spec = importlib.util.find_spec("pgserver")
    if spec is not None and spec.origin:
        candidates.append(Path(spec.origin).parent / "pginstall" / "bin" / "pg_dump")
    on_path = shutil.which("pg_dump")
    candidates += [Path(on_path)] if on_path else []
    for candidate in candidates:
        if candidate.exists():
            out = subprocess.run(
                [str(candidate), "--version"], capture_output=True, text=True, check=True
            ).stdout
            if int(out.split()[-1].split(".")[0]) == major:
                return str(candidate)
    pytest.fail(f"No pg_dump for PostgreSQL {major} among {candidates}")


def found_in_dump() -> set[str]:
    """Needles in a plain dump of the whole test database, taken by another process."""
    settings = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": settings.get("PASSWORD") or ""}
    command = [_pg_dump(), "--no-owner", "--dbname", settings["NAME"]]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings.get(key):
            command += [flag, str(settings[key])]
    dump = subprocess.run(command, capture_output=True, env=env, check=True).stdout.lower()
    return {n for n in NEEDLES if n.lower().encode() in dump}


def test_erasure_leaves_nothing_of_them_in_the_database_the_media_or_a_dump(personas, media):
    person = _seed(personas)

    # The scan works: before erasure it finds every one of them, in each place it looks.
    assert found_in_database() == set(NEEDLES)
    assert found_in_media(media) >= {"Zephyrin", PHRASE}
    assert found_in_dump() == set(NEEDLES)

    influencer_erase(workspace=personas.workspace, influencer=person, actor=personas.admin, now=NOW)

    assert found_in_database() == set()
    assert found_in_media(media) == set()
    assert found_in_dump() == set()
    person.refresh_from_db()
    assert person.erased_at == NOW
    # What is the team's own record stays, without a word about them.
    payment = Payment.objects.get(collaboration__influencer=person)
    assert payment.amount == 800 and payment.note == ""
    assert OutboxEmail.objects.filter(kind="pitch", to_address=ERASED_ADDRESS).count() == 1
    job = ImportJob.objects.get()
    assert job.file.name == "" and job.preview == {}
