"""The import services: dry run, matching and combining, the run (batches, savepoints, the
compare-and-set claim, idempotence) and the rejected rows. The task's service is called directly
here; tests/contacts/test_import_worker.py runs it through a real Celery worker."""

import codecs
import csv
import io
from datetime import UTC, datetime

import pytest
from django.core.files.base import ContentFile
from django.db import IntegrityError

from contacts.models import (
    ImportJob,
    ImportStatus,
    Influencer,
    InteractionKind,
    MetricSnapshot,
    SocialAccount,
)
from contacts.selectors.imports import import_job_samples
from contacts.services import imports
from contacts.services import profiles as profile_services
from irm.errors import RuleError
from tests.factories import ProfileFactory

NOW = datetime(2025, 3, 14, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def upload(personas, text, *, mapping=None, name="people.csv") -> ImportJob:
    raw = text.encode() if isinstance(text, str) else text
    return imports.import_job_upload(
        workspace=personas.workspace,
        actor=personas.member,
        file=ContentFile(raw, name=name),
        mapping=mapping,
        now=NOW,
    )


def previewed(personas, text, **kwargs) -> ImportJob:
    return imports.import_job_map(job=upload(personas, text, **kwargs), mapping={})


def run(job: ImportJob) -> ImportJob:
    job = imports.import_job_queue(job=job)
    return imports.import_job_run(job_id=job.pk, now=NOW)


def person(personas, name, *, emails=(), accounts=(), **profile):
    return ProfileFactory(
        workspace=personas.workspace,
        actor=personas.admin,
        name=name,
        emails=emails,
        accounts=[{"platform": p, "handle": h, "followers": 1000} for p, h in accounts],
        now=NOW,
        **profile,
    )


def rejected_rows(job: ImportJob) -> list[list[str]]:
    with job.rejected_file.open("rb") as stored:
        raw = stored.read()
    assert raw.startswith(codecs.BOM_UTF8)
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


FILE = (
    "Name,Email,Instagram,IG followers,Topics\n"
    "Ada Stone,ada@example.test,@ada.bakes,12k,Baking\n"  # 2: new
    "Ben Ray,ben@example.test,benray,1.2M,\n"  # 3: Ben exists (email): update
    'Ada S.,"ada.pro@example.test, ada@example.test",,,"Vegan, baking"\n'  # 4: same as line 2
    "Cy,cy@example.test,dee.runs,,\n"  # 5: Cy's email, Dee's handle
    "Eve,eve@example.test,eve,-12,\n"  # 6: negative count
    "Fay,fay@example.test,fay,lots,\n"  # 7: unreadable count
)


def test_the_dry_run_counts_creates_updates_combined_rows_and_errors(personas):
    person(personas, "Ben Ray", emails=["ben@example.test"])
    person(personas, "Cy", emails=["cy@example.test"])
    person(personas, "Dee", accounts=[("instagram", "dee.runs")])

    job = previewed(personas, FILE)

    report = job.preview
    assert job.status == ImportStatus.PREVIEWED
    assert (report["rows"], report["creates"], report["updates"], report["errors"]) == (6, 1, 1, 3)
    assert report["combined_rows"] == 1
    assert report["duplicates"] == [
        {"lines": [2, 4], "name": "Ada Stone", "by": "ada@example.test"}
    ]
    assert report["update_samples"] == [
        {"line": 3, "name": "Ben Ray", "changes": ["Instagram @benray"]}
    ]
    lines = {row["line"]: row["reason"] for row in report["error_rows"]}
    assert set(lines) == {5, 6, 7}
    assert "Matches two different influencers: “Cy” (by cy@example.test)" in lines[5]
    assert "“Dee” (by Instagram @dee.runs)" in lines[5]
    assert lines[6] == "IG followers “-12”: followers cannot be negative."
    assert lines[7] == "IG followers “lots” is not a number of followers."
    assert Influencer.objects.count() == 3  # a dry run writes nothing


def test_the_run_writes_the_good_rows_and_rejects_the_others_with_reasons(personas):
    ben = person(personas, "Ben Ray", emails=["ben@example.test"])
    person(personas, "Cy", emails=["cy@example.test"])
    person(personas, "Dee", accounts=[("instagram", "dee.runs")])

    job = run(previewed(personas, FILE))

    assert job.status == ImportStatus.DONE
    assert (job.processed_rows, job.total_rows) == (6, 6)
    assert (job.created_count, job.updated_count, job.error_count) == (1, 1, 3)
    assert job.preview["result"] == {
        "unchanged": 0,
        "combined_rows": 1,
        "erased_before": 0,
        "erased_updated": 0,
    }
    ada = Influencer.objects.get(name="Ada Stone")
    assert ada.owner == personas.member
    assert sorted(ada.emails.values_list("email", flat=True)) == [
        "ada.pro@example.test",
        "ada@example.test",
    ]
    assert ada.emails.get(is_primary=True).email == "ada@example.test"
    assert sorted(ada.topics.values_list("name", flat=True)) == ["Baking", "Vegan"]
    assert ada.social_accounts.get().followers == 12_000
    assert ben.social_accounts.get().followers == 1_200_000
    assert Influencer.objects.get(name="Cy").social_accounts.count() == 0  # never merged
    rows = rejected_rows(job)
    assert rows[0] == ["Name", "Email", "Instagram", "IG followers", "Topics", "Line", "Reason"]
    assert [row[5] for row in rows[1:]] == ["5", "6", "7"]
    # "-12" would run as a formula in a spreadsheet: quoted as the export quotes it.
    assert rows[2][:4] == ["Eve", "eve@example.test", "eve", "'-12"]
    assert rows[2][6] == "IG followers “-12”: followers cannot be negative."


def test_reimporting_the_same_file_creates_nothing_new(personas):
    text = (
        "Name;E-mail;Instagram;IG followers;TikTok;Country;Topics;Stage\n"
        "Ada Stone;ada@example.test;ada.bakes;1,2M;ada_tt;fr;Baking;engaged\n"
        "Ben Ray;ben@example.test;;;benray;US;;\n"
        "Cy Lee;;cylee;85 300;;;Running, Travel;\n"
    )
    first = run(previewed(personas, text))
    counts = (
        Influencer.objects.count(),
        SocialAccount.objects.count(),
        MetricSnapshot.objects.count(),
    )

    again = previewed(personas, text)
    assert again.preview["unchanged"] == 3
    assert again.preview["creates"] == again.preview["updates"] == 0
    second = run(again)

    assert first.created_count == 3
    assert (second.created_count, second.updated_count, second.error_count) == (0, 0, 0)
    assert second.preview["result"]["unchanged"] == 3
    assert not second.rejected_file
    assert counts == (
        Influencer.objects.count(),
        SocialAccount.objects.count(),
        MetricSnapshot.objects.count(),
    )


def test_a_changed_file_updates_what_changed_and_keeps_the_rest(personas):
    ada = person(
        personas,
        "Ada Stone",
        emails=["ada@example.test"],
        accounts=[("instagram", "ada.bakes")],
        bio="Bakes in Lyon",
        languages=["fr"],
    )
    profile_services.influencer_set_topics(influencer=ada, names=["Baking"])
    text = (
        "Name,Email,Instagram,IG followers,Bio,Languages,Topics,Stage\n"
        "Ada S.,ada@example.test,ada.bakes,2000,,en,Vegan,collaborating\n"
    )

    job = run(previewed(personas, text))

    ada.refresh_from_db()
    assert job.updated_count == 1
    assert ada.name == "Ada Stone"  # a profile keeps its name
    assert ada.bio == "Bakes in Lyon"  # an empty cell wipes nothing
    assert ada.languages == ["en", "fr"]
    assert sorted(ada.topics.values_list("name", flat=True)) == ["Baking", "Vegan"]
    assert ada.social_accounts.get().followers == 2000
    assert ada.stage == "collaborating"
    assert ada.interactions.filter(kind=InteractionKind.STAGE_CHANGE).count() == 1


def test_rows_with_only_a_name_match_the_one_influencer_of_that_name(personas):
    ada = person(personas, "Ada Stone")
    person(personas, "Sam Lee")
    person(personas, "Sam Lee")

    job = run(previewed(personas, "Name,Country\nada stone,FR\nSam Lee,GB\nNew Person,US\n"))

    ada.refresh_from_db()
    assert (job.created_count, job.updated_count, job.error_count) == (1, 1, 1)
    assert (ada.name, ada.country) == ("Ada Stone", "FR")
    assert "Several influencers are named “Sam Lee”" in rejected_rows(job)[1][3]


def writer_failing_on(name: str, error: Exception):
    """The run's chunk writer, failing as the database would whenever `name` is in the chunk."""
    write = imports.chunk_write

    def failing(*, context, items):
        if any(item.person.name == name for item in items):
            raise error
        return write(context=context, items=items)

    return failing


def test_a_person_the_database_refuses_is_rolled_back_alone(personas, monkeypatch):
    # Someone else gave Bob's handle to another profile between the match and the write: the
    # chunk is undone and tried again in halves, down to Bob alone.
    monkeypatch.setattr(
        imports, "chunk_write", writer_failing_on("Broken Bob", IntegrityError("taken"))
    )
    monkeypatch.setattr(imports, "CHUNK_ROWS", 5)
    text = "Name,Instagram\nAda,ada\nBroken Bob,broken\nCy,cy\nDee,dee\nEve,eve\n"

    job = run(previewed(personas, text))

    assert (job.created_count, job.error_count, job.processed_rows) == (4, 1, 5)
    assert not Influencer.objects.filter(name="Broken Bob").exists()  # not half-created
    assert not SocialAccount.objects.filter(handle="broken").exists()
    assert rejected_rows(job)[1] == ["Broken Bob", "broken", "3", imports.OVERTAKEN]


def test_a_duplicate_task_finds_the_job_claimed_and_does_nothing(personas):
    job = imports.import_job_queue(job=previewed(personas, "Name\nAda\n"))

    first = imports.import_job_run(job_id=job.pk, now=NOW)
    second = imports.import_job_run(job_id=job.pk, now=NOW)

    assert first.status == ImportStatus.DONE
    assert second is None
    assert Influencer.objects.count() == 1
    job.refresh_from_db()
    assert job.created_count == 1


def test_a_job_that_was_not_queued_is_not_run(personas):
    job = previewed(personas, "Name\nAda\n")

    assert imports.import_job_run(job_id=job.pk, now=NOW) is None
    assert not Influencer.objects.exists()


def test_queueing_twice_queues_once(personas, django_capture_on_commit_callbacks):
    job = previewed(personas, "Name\nAda\n")

    with django_capture_on_commit_callbacks() as callbacks:
        imports.import_job_queue(job=job)
        with pytest.raises(RuleError, match="queued already"):
            imports.import_job_queue(job=job)

    assert len(callbacks) == 1


def test_jobs_still_queued_are_asked_for_again_and_run_once(personas, settings):
    # Their first message may be lost (Redis down when they were queued, or restarted empty).
    from irm.redis_client import redis_client

    waiting = imports.import_job_queue(job=previewed(personas, "Name\nAda\n"))
    done = imports.import_job_queue(job=previewed(personas, "Name\nBen\n", name="ben.csv"))
    imports.import_job_run(job_id=done.pk, now=NOW)
    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    before = redis_client().llen(queue)

    assert imports.import_jobs_start_waiting() == 1

    assert redis_client().llen(queue) == before + 1
    # Whichever message a worker takes first runs it; the other finds nothing to claim.
    assert imports.import_job_run(job_id=waiting.pk, now=NOW).status == ImportStatus.DONE
    assert imports.import_job_run(job_id=waiting.pk, now=NOW) is None
    assert imports.import_jobs_start_waiting() == 0


def test_an_import_cannot_start_before_its_dry_run(personas):
    with pytest.raises(RuleError, match="Choose what each column is first"):
        imports.import_job_queue(job=upload(personas, "Name\nAda\n"))


def test_the_mapping_cannot_change_once_the_import_started(personas):
    job = imports.import_job_queue(job=previewed(personas, "Name\nAda\n"))

    with pytest.raises(RuleError, match="queued already"):
        imports.import_job_map(job=job, mapping={"Name": "name"})


def test_an_unexpected_error_fails_the_job_with_a_message(personas, monkeypatch, caplog):
    job = imports.import_job_queue(job=previewed(personas, "Name\nAda\n"))

    def crash(**kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(imports, "plan", crash)
    job = imports.import_job_run(job_id=job.pk, now=NOW)

    assert job.status == ImportStatus.FAILED
    assert "stopped after 0 of 1 rows on an unexpected error" in job.error_message
    assert "disk on fire" in caplog.text


def test_a_failed_import_can_be_tried_again_and_adds_only_what_is_missing(personas, monkeypatch):
    write = imports.chunk_write
    monkeypatch.setattr(imports, "CHUNK_ROWS", 1)
    monkeypatch.setattr(
        imports, "chunk_write", writer_failing_on("Ben", RuntimeError("connection lost"))
    )
    job = run(previewed(personas, "Name,Email\nAda,a@example.test\nBen,b@example.test\n"))
    assert (job.status, job.processed_rows, job.created_count) == (ImportStatus.FAILED, 1, 1)

    monkeypatch.setattr(imports, "chunk_write", write)
    job = run(job)

    assert job.status == ImportStatus.DONE
    assert (job.created_count, job.processed_rows, job.error_message) == (1, 2, "")
    assert job.preview["result"]["unchanged"] == 1  # Ada, written by the first try
    assert sorted(Influencer.objects.values_list("name", flat=True)) == ["Ada", "Ben"]


def test_a_match_on_an_erased_profile_is_an_error(personas):
    ada = person(personas, "Ada Stone", emails=["ada@example.test"])
    Influencer.objects.filter(pk=ada.pk).update(erased_at=NOW)

    job = previewed(personas, "Name,Email\nAda,ada@example.test\n")

    assert job.preview["error_rows"] == [
        {"line": 2, "reason": "This email or handle belonged to a profile that was erased."}
    ]


def test_error_lines_count_quoted_newlines(personas):
    text = 'Name,Bio,Email\nAda,"Line one\nLine two\nLine three",ada@example.test\nBen,,bad@\n'

    job = previewed(personas, text)

    assert job.preview["error_rows"] == [
        {"line": 5, "reason": "Email: “bad@” is not an email address."}
    ]


def test_an_upload_with_a_mapping_has_its_dry_run_at_once(personas):
    job = upload(
        personas, "Who,Mail\nAda,ada@example.test\n", mapping={"Who": "name", "1": "email"}
    )

    assert job.status == ImportStatus.PREVIEWED
    assert job.mapping == {"0": "name", "1": "email"}
    assert job.preview["creates"] == 1


def test_an_upload_guesses_the_mapping_and_keeps_the_file(personas):
    job = upload(
        personas, codecs.BOM_UTF8 + "Nom;Courriel;IG;Pays\nZoë;zoe@example.test;zoe;FR\n".encode()
    )

    assert job.status == ImportStatus.UPLOADED
    assert (job.encoding, job.delimiter, job.total_rows) == ("utf-8-sig", ";", 1)
    assert job.mapping == {"0": "name", "1": "email", "2": "instagram_handle", "3": "country"}
    assert job.original_name == "people.csv"
    with job.file.open("rb") as stored:
        assert stored.read().startswith(codecs.BOM_UTF8)
    assert import_job_samples(job=job) == [["Zoë"], ["zoe@example.test"], ["zoe"], ["FR"]]


def test_a_file_too_big_is_refused_before_it_is_read(personas, monkeypatch):
    monkeypatch.setattr(imports, "MAX_FILE_BYTES", 10)

    with pytest.raises(RuleError, match="larger than"):
        upload(personas, "Name\nAda Stone\n")
    assert not ImportJob.objects.exists()


def test_a_guessed_zone_fills_only_a_zone_nobody_set(personas):
    person(personas, "Ada Stone", emails=["ada@example.test"], time_zone="Europe/Paris")
    person(personas, "Ben Ray", emails=["ben@example.test"])  # the default zone, UTC
    text = (
        "Name,Email,City,Country\n"
        "Ada Stone,ada@example.test,Osaka,Japan\n"
        "Ben Ray,ben@example.test,Osaka,Japan\n"
    )

    run(previewed(personas, text))

    ada, ben = Influencer.objects.order_by("name")
    assert (ada.time_zone, ada.time_zone_guessed, ada.country) == ("Europe/Paris", False, "JP")
    assert (ben.time_zone, ben.time_zone_guessed) == ("Asia/Tokyo", True)
    # A zone the file gives is no guess.
    run(previewed(personas, "Name,Email,Time zone\nBen Ray,ben@example.test,Asia/Seoul\n"))
    ben.refresh_from_db()
    assert (ben.time_zone, ben.time_zone_guessed) == ("Asia/Seoul", False)


def test_reimporting_a_file_without_counts_keeps_unknown_counts_unknown(personas):
    text = "Name,Instagram,IG followers\nAda Stone,ada.bakes,\n"
    run(previewed(personas, text))

    again = previewed(personas, text)

    assert again.preview["unchanged"] == 1
    account = SocialAccount.objects.get()
    assert account.followers is None and account.influencer.total_followers is None
