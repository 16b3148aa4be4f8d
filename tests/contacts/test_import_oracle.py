"""The set-based run (contacts.services.imports_writer) against the one-by-one reference path
(tests/contacts/import_reference.py): two workspaces set up alike, the same generated files
imported in each, one by each path, then everything the import writes compared row by row:
profiles (every stored field, the search vector included), addresses, accounts and their
snapshots, topics, timeline entries, audit events, the jobs' counts and rejected rows.

The files mix new people (accents, a Windows-1252 file), matches by email and by handle, rows
that combine into one person, invalid rows, addresses and handles of someone erased (a new
profile and an existing one given them), a do-not-contact profile, rows the importer's role may
not change, an owner who left the workspace, stage and topic changes, and rows that change
nothing. Also: a chunk's statements do not grow with its rows."""

import random
from datetime import UTC, datetime

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts.models import (
    ImportJob,
    ImportStatus,
    Influencer,
    InfluencerEmail,
    Interaction,
    MetricSnapshot,
    SocialAccount,
    Topic,
)
from contacts.services import do_not_contact_set, imports, influencer_create
from contacts.services.erasure import influencer_erase
from irm.models import AuditEvent, Membership, Role, Team, Workspace
from irm.services import workspace_create
from tests.contacts.import_reference import import_job_run_one_by_one
from tests.factories import UserFactory

NOW = datetime(2026, 3, 14, 10, 0, tzinfo=UTC)
LATER = datetime(2026, 3, 15, 9, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


# --- two workspaces set up alike -------------------------------------------------------------


def world(slug: str) -> dict:
    """A workspace with its people (admin, manager, member of team PR, a leaver) and the
    profiles the files meet: owned by each, do-not-contact, erased, without an address, ..."""
    users = {"admin": UserFactory(email=f"admin@{slug}.test")}
    workspace = workspace_create(name=slug, slug=slug, admin=users["admin"])
    for role in ("manager", "member", "leaver"):
        users[role] = UserFactory(email=f"{role}@{slug}.test")
        Membership.objects.create(
            workspace=workspace,
            user=users[role],
            role=Role.MANAGER if role == "manager" else Role.MEMBER,
        )
    pr = Team.objects.create(workspace=workspace, name="PR")
    pr.members.add(Membership.objects.get(workspace=workspace, user=users["member"]))

    def add(name, **kwargs):
        return influencer_create(
            workspace=workspace, actor=users["admin"], name=name, now=NOW, **kwargs
        )

    add("Ann Own", owner=users["member"], emails=["ann@ex.test"], country="FR", topics=["Baking"],
        accounts=[{"platform": "instagram", "handle": "ann.own", "followers": 1000}])  # fmt: skip
    add("Pat Team", owner=users["admin"], team=pr, emails=["pat@ex.test"], location="Paris")
    add("Olga Other", owner=users["manager"], emails=["olga@ex.test"], location="Lyon",
        country="FR", time_zone="Europe/Paris")  # fmt: skip
    add("Nia Nobody", accounts=[{"platform": "tiktok", "handle": "nia.nobody"}])
    dee = add("Dee Dnc", emails=["dee@ex.test"])
    do_not_contact_set(influencer=dee, reason="Asked us to stop", actor=users["admin"], now=NOW)
    add("Gus Gone", owner=users["leaver"], emails=["gus@ex.test"])
    eve = add("Eve Erased", emails=["eve@ex.test"],
              accounts=[{"platform": "instagram", "handle": "eve.erased"}])  # fmt: skip
    influencer_erase(workspace=workspace, influencer=eve, actor=users["admin"], now=NOW)
    add("Ida Engaged", stage="aware", time_zone="Asia/Tokyo",
        accounts=[{"platform": "instagram", "handle": "ida", "followers": 5000,
                   "engagement_rate": "3.50"}])  # fmt: skip
    add("Sam Lee")
    add("Sam Lee")
    add("Hal Handle", accounts=[{"platform": "instagram", "handle": "hal"}])
    add("Kim Key", emails=["kim@ex.test"])
    add("Vic Two", emails=["zed.vic@ex.test", "abe.vic@ex.test"], topics=["Yoga", "art"],
        accounts=[{"platform": "youtube", "handle": "vic.yt"},
                  {"platform": "instagram", "handle": "vic.ig", "followers": 10}])  # fmt: skip
    add("Lou Link", accounts=[{"platform": "instagram", "handle": "lou"}])
    Membership.objects.filter(workspace=workspace, user=users["leaver"]).delete()
    return {"workspace": workspace, "users": users}


FIRST_NAMES = ["Zoë", "Léa", "Ana", "Jürgen", "Çelik", "Øyvind", "Chloé", "Noël", "Mia", "Omar"]
LAST_NAMES = ["Saldaña", "Dubois", "Müller", "Ødegaard", "Lefèvre", "Smith", "Nuñez"]
FOLLOWERS = ["12k", "1,2M", "3 400", "15000", "-", "n/a", "2.5K", ""]
TOPICS = ["Baking", "baking", "Vegan", "Running", "Café culture", "Travel"]
COUNTRIES = ["FR", "Spain", "España", "DE", "", "it"]
LANGUAGES = ["fr", "en, es", "Deutsch", "", "pt-br"]
CITIES = ["Lyon", "Osaka", "", "Paris", "Madrid"]
STAGES = ["", "", "Aware", "engaged"]
HEADER = ["Full name", "E-mail", "Instagram", "IG followers", "TikTok", "Topics", "Stage",
          "Country", "Languages", "City", "Time zone", "Bio"]  # fmt: skip


def _new_person(rng: random.Random, n: int) -> list[str]:
    name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} {n}"
    email = f"Creator.{n}@Ex.test" if n % 7 == 0 else f"creator{n}@ex.test"
    handle = f"https://instagram.com/creator.{n}/" if n % 5 == 0 else f"@creator.{n}"
    return [
        name,
        email if n % 11 else "",
        handle,
        rng.choice(FOLLOWERS),
        f"tt_{n}" if n % 3 == 0 else "",
        ", ".join(rng.sample(TOPICS, rng.randint(0, 2))),
        rng.choice(STAGES),
        rng.choice(COUNTRIES),
        rng.choice(LANGUAGES),
        rng.choice(CITIES),
        "Europe/Madrid" if n % 9 == 0 else "",
        f"Bio of {name}" if n % 4 == 0 else "",
    ]


def main_rows(count: int) -> list[list[str]]:
    """New people, some repeated (combined), invalid rows, and rows about the profiles of
    `world`, shuffled the same way for both workspaces."""
    rng = random.Random(16)
    rows = [_new_person(rng, n) for n in range(1, count + 1)]
    for n in range(1, count + 1, 9):  # the same person again: a new city, another topic
        again = _new_person(rng, n)
        rows.append([again[0], f"creator{n}@ex.test", "", "", "", "Travel", "", "", "", "Nice",
                     "", ""])  # fmt: skip
    rows += [
        ["Bad Email", "not-an-email", "", "", "", "", "", "", "", "", "", ""],
        ["Bad Count", "", "@bad.count", "-5", "", "", "", "", "", "", "", ""],
        ["Bad Country", "bc@ex.test", "", "", "", "", "", "Atlantis", "", "", "", ""],
        ["Bad Stage", "bs@ex.test", "", "", "", "", "Famous", "", "", "", "", ""],
        ["Bad Zone", "bz@ex.test", "", "", "", "", "", "", "", "", "Mars/Base", ""],
        ["", "", "", "", "", "", "", "", "", "Lyon", "", "bio only"],
        # by email: owned by the member, who may change it (country, followers, topic, stage)
        ["Ann O.", "ANN@ex.test", "ann.own", "2k", "", "Vegan, baking", "engaged", "DE", "",
         "", "", ""],
        ["Pat Team", "pat@ex.test", "", "", "", "", "", "", "", "Marseille", "", ""],
        ["Olga Other", "olga@ex.test", "", "", "", "", "", "FR", "", "Lyon", "", ""],
        ["Olga Again", "olga.two@ex.test", "", "", "", "", "", "", "", "", "", ""],
        ["Nia Nobody", "nia@ex.test", "", "", "nia.nobody", "Running", "", "", "fr", "", "", ""],
        ["Dee Dnc", "dee@ex.test", "", "", "", "", "", "", "", "", "", "Now a baker"],
        ["Eve Again", "", "eve.erased", "9k", "", "Vegan", "", "FR", "", "Lyon", "", "bio"],
        ["Hal Handle", "eve@ex.test", "@hal", "700", "", "", "", "", "", "", "", ""],
        ["Ida Engaged", "", "ida", "5000", "", "", "", "", "", "Lyon", "", ""],
        ["Ida Engaged", "", "ida", "", "", "", "", "", "", "", "", ""],
        ["Sam Lee", "", "", "", "", "", "", "", "", "Rome", "", ""],
        ["Solo Name", "", "", "", "", "Travel", "", "", "", "Osaka", "", ""],
        ["Mo Multi", "zed@ex.test, Amy@ex.test; bob@ex.test", "@mo.multi", "", "mo_tt",
         "Zebra, apple, Éclair, baking, Ábaco", "", "", "", "", "", ""],
        ["Kim Lou", "kim@ex.test", "lou", "", "", "", "", "", "", "", "", ""],
        ["Vic Two", "ABE.vic@ex.test", "", "", "vic.tt", "Bread, yoga", "", "", "", "", "", ""],
        ["Gus Gone", "gus@ex.test", "", "", "", "", "", "", "", "Berlin", "", ""],
    ]  # fmt: skip
    rng.shuffle(rows)
    return rows


SECOND_ROWS = [
    ["Gus Gone", "gus@ex.test", "", "", "", "", "", "", "", "Berlin", "", ""],
    ["Olga Other", "olga@ex.test", "", "", "", "", "Collaborating", "", "", "", "", ""],
    ["Dee Dnc", "dee@ex.test", "", "", "dee.tt", "", "", "", "", "", "", ""],
    ["Françoise Noël", "francoise@ex.test", "@françoise", "1 200", "", "Pâtisserie", "", "FR",
     "fr", "Besançon", "", "Crème brûlée"],
    ["Zoë Saldaña 2", "creator2@ex.test", "", "", "", "Running", "", "", "", "", "", ""],
    ["Kim Key", "kim@ex.test", "", "", "", "", "", "", "", "", "", ""],
]  # fmt: skip


def csv_bytes(rows: list[list[str]], *, delimiter: str, encoding: str) -> bytes:
    def cell(value: str) -> str:
        return f'"{value}"' if delimiter in value or '"' in value else value

    lines = [delimiter.join(cell(value) for value in row) for row in [HEADER, *rows]]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def imported(place: dict, who: str, raw: bytes, run) -> ImportJob:
    job = imports.import_job_upload(
        workspace=place["workspace"],
        actor=place["users"][who],
        file=ContentFile(raw, name="people.csv"),
        now=NOW,
    )
    job = imports.import_job_map(job=job, mapping={})
    imports.import_job_queue(job=job)
    return run(job_id=job.pk, now=LATER)


# --- what a workspace holds, comparable across workspaces -------------------------------------

SKIPPED = {"id", "public_id", "workspace_id", "search_vector", "influencer_id",
           "social_account_id", "created_at"}  # fmt: skip
USER_FIELDS = {"owner_id", "created_by_id", "do_not_contact_by_id", "author_id", "actor_id",
               "health_override_by_id", "archived_by_id"}  # fmt: skip


def _row(obj, names: dict, extra_skipped: set = frozenset()) -> tuple:
    values = []
    for field in type(obj)._meta.concrete_fields:
        name = field.attname
        if name in SKIPPED or name in extra_skipped:
            continue
        value = getattr(obj, name)
        if name in USER_FIELDS:
            value = names.get(("user", value), value)
        elif name == "team_id":
            value = names.get(("team", value), value)
        values.append((name, value))
    return tuple(values)


def held(place: dict) -> dict:
    workspace = place["workspace"]
    # Users and teams by kind: a user's id and a team's id may be the same number.
    names = {("user", user.pk): role for role, user in place["users"].items()}
    names.update(
        {("team", team.pk): team.name for team in Team.objects.filter(workspace=workspace)}
    )
    key_of = {}
    people = []
    for influencer in Influencer.objects.filter(workspace=workspace).order_by(
        "created_at", "sort_name"
    ):
        emails = [
            _row(row, names)
            for row in InfluencerEmail.objects.filter(influencer=influencer).order_by("email")
        ]
        accounts = []
        for account in SocialAccount.objects.filter(influencer=influencer).order_by(
            "platform", "handle"
        ):
            snapshots = [
                _row(s, names) for s in MetricSnapshot.objects.filter(social_account=account)
            ]
            accounts.append((_row(account, names), snapshots))
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT search_vector::text FROM contacts_influencer WHERE id = %s", [influencer.pk]
            )
            vector = cursor.fetchone()[0]
        entries = [
            _row(entry, names)
            for entry in Interaction.objects.filter(influencer=influencer).order_by("id")
        ]
        topics = sorted(influencer.topics.values_list("name", flat=True))
        person = (_row(influencer, names), vector, emails, accounts, topics, entries)
        key_of[str(influencer.public_id)] = (influencer.name, tuple(emails), tuple(accounts))
        people.append(person)
    audit = [
        (_row(event, names, {"target_id"}), key_of.get(event.target_id, event.target_id[:0]))
        for event in AuditEvent.objects.filter(workspace=workspace).order_by("id")
    ]
    topics = sorted(Topic.objects.filter(workspace=workspace).values_list("name", flat=True))
    return {"people": sorted(people, key=repr), "audit": audit, "topics": topics}


def outcome(job: ImportJob) -> dict:
    job.refresh_from_db()
    rejected = []
    if job.rejected_file:
        with job.rejected_file.open("rb") as stored:
            text = stored.read().decode("utf-8-sig")
        rejected = text.splitlines()
    counts = (job.status, job.processed_rows, job.created_count, job.updated_count, job.error_count)
    return {"counts": counts, "result": job.preview["result"], "rejected": rejected}


def test_both_paths_store_the_same(db, django_capture_on_commit_callbacks):
    reference, set_based = world("oracle-one"), world("oracle-set")
    files = [
        ("member", csv_bytes(main_rows(45), delimiter=",", encoding="utf-8-sig")),
        ("manager", csv_bytes(SECOND_ROWS, delimiter=";", encoding="cp1252")),
    ]
    outcomes = {"reference": [], "set": []}
    for who, raw in files:
        # Health is recomputed on commit: run those callbacks as a commit would.
        with django_capture_on_commit_callbacks(execute=True):
            outcomes["reference"].append(
                outcome(imported(reference, who, raw, import_job_run_one_by_one))
            )
        with django_capture_on_commit_callbacks(execute=True):
            outcomes["set"].append(outcome(imported(set_based, who, raw, imports.import_job_run)))

    assert outcomes["set"] == outcomes["reference"]
    first = outcomes["set"][0]
    # The files do what they were written to do (so the comparison covers it).
    assert first["counts"][0] == ImportStatus.DONE
    assert first["result"]["combined_rows"] >= 5 and first["result"]["unchanged"] >= 1
    assert first["result"]["erased_before"] == 1 and first["result"]["erased_updated"] == 1
    reasons = "\n".join(first["rejected"] + outcomes["set"][1]["rejected"])
    for reason in ("is not an email address", "Owned by another member", "Matches two different",
                   "Several influencers are named", "The owner must be a member"):  # fmt: skip
        assert reason in reasons
    ours, theirs = held(set_based), held(reference)
    assert ours["topics"] == theirs["topics"]
    assert ours["audit"] == theirs["audit"]
    assert len(ours["people"]) == len(theirs["people"])
    for mine, expected in zip(ours["people"], theirs["people"], strict=True):
        assert mine == expected


def _run(place: dict, rows: list[list[str]], who: str = "admin") -> ImportJob:
    job = imports.import_job_upload(
        workspace=place["workspace"],
        actor=place["users"][who],
        file=ContentFile(csv_bytes(rows, delimiter=",", encoding="utf-8"), name="p.csv"),
        now=NOW,
    )
    job = imports.import_job_map(job=job, mapping={})
    imports.import_job_queue(job=job)
    return imports.import_job_run(job_id=job.pk, now=LATER)


def test_a_chunks_statements_do_not_grow_with_its_rows(db):
    place = world("oracle-count")

    def statements(first: int, count: int) -> int:
        """An import that updates `count` people (another city, a new topic and handle) and
        creates as many."""
        rng = random.Random(first)
        there = [_new_person(rng, n) for n in range(first, first + count)]
        _run(place, there)
        rows = [[name, email, handle, "", f"tt.new.{first + n}", "Travel", "Engaged", "", "",
                 "Nice", "", ""] for n, (name, email, handle, *_) in enumerate(there)]  # fmt: skip
        rows += [_new_person(rng, n) for n in range(first + count, first + 2 * count)]
        with CaptureQueriesContext(connection) as queries:
            job = _run(place, rows)
        assert (job.status, job.created_count, job.updated_count) == ("done", count, count)
        return len(queries)

    assert statements(1000, 10) == statements(2000, 40)


def test_a_bigger_file_takes_one_chunk_per_chunk_rows(db, monkeypatch):
    place = world("oracle-chunks")
    monkeypatch.setattr(imports, "CHUNK_ROWS", 20)
    rng = random.Random(3)
    rows = [_new_person(rng, n) for n in range(1, 61)]
    job = imports.import_job_upload(
        workspace=place["workspace"],
        actor=place["users"]["admin"],
        file=ContentFile(csv_bytes(rows, delimiter=",", encoding="utf-8"), name="p.csv"),
        now=NOW,
    )
    job = imports.import_job_map(job=job, mapping={})
    imports.import_job_queue(job=job)
    progress = []
    write = imports.chunk_write

    def watched(*, context, items):
        progress.append(ImportJob.objects.get(pk=job.pk).processed_rows)
        return write(context=context, items=items)

    monkeypatch.setattr(imports, "chunk_write", watched)
    job = imports.import_job_run(job_id=job.pk, now=LATER)

    assert (job.created_count, job.processed_rows) == (60, 60)
    assert progress == [0, 20, 40]  # the progress bar moves chunk by chunk
    assert Workspace.objects.filter(pk=place["workspace"].pk).exists()
