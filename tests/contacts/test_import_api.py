"""The import jobs API: upload with an optional mapping and get the dry run, follow a job,
start it. Members and above; viewers 403, outsiders and other workspaces' jobs 404."""

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contacts.models import ImportJob, ImportStatus, Influencer
from contacts.services import imports
from irm.services import api_token_create

LIST = reverse("api:contacts-api:import-list", kwargs={"slug": "acme"})
CSV = b"Who,Mail,IG,IG followers\nAda Stone,ada@example.test,ada.bakes,12k\nBen,ben@,,\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def detail(job: ImportJob, action: str = "detail") -> str:
    return reverse(
        f"api:contacts-api:import-{action}",
        kwargs={"slug": job.workspace.slug, "public_id": job.public_id},
    )


def csv_file(content: bytes = CSV, name: str = "people.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


@pytest.fixture
def member_token(personas):
    _, plain = api_token_create(membership=personas.membership(personas.member), name="Sync")
    return {"Authorization": f"Bearer {plain}"}


def test_a_workbook_uploads_from_the_sheet_named_with_its_dry_run(client, personas, member_token):
    workbook = (Path(__file__).parent.parent / "files" / "agency_roster.xlsx").read_bytes()
    upload = SimpleUploadedFile("roster.xlsx", workbook)

    response = client.post(LIST, {"file": upload, "sheet": "Archive"}, headers=member_token)

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["sheet"], body["encoding"], body["delimiter"]) == ("Archive", "", "")
    preview = body["preview"]
    assert (preview["creates"], preview["errors"], preview["columns_notes"]) == (1, 0, [])
    assert preview["followers_to"] == []  # only a per-platform column here


def test_a_sheet_the_workbook_lacks_is_a_400_on_the_sheet(client, personas, member_token):
    workbook = (Path(__file__).parent.parent / "files" / "agency_roster.xlsx").read_bytes()
    upload = SimpleUploadedFile("roster.xlsx", workbook)

    response = client.post(LIST, {"file": upload, "sheet": "Sheet1"}, headers=member_token)

    assert response.status_code == 400
    assert "its sheets are “Roster”, “Archive”, “Notes”." in json.dumps(
        response.json(), ensure_ascii=False
    )
    assert not ImportJob.objects.exists()


def test_an_upload_with_a_mapping_answers_with_headers_and_the_dry_run(
    client, personas, member_token
):
    mapping = json.dumps({"Who": "name", "Mail": "email"})

    response = client.post(LIST, {"file": csv_file(), "mapping": mapping}, headers=member_token)

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "previewed"
    assert body["headers"] == ["Who", "Mail", "IG", "IG followers"]
    assert body["columns"] == [
        {"index": 0, "header": "Who", "field": "name"},
        {"index": 1, "header": "Mail", "field": "email"},
        {"index": 2, "header": "IG", "field": "instagram_handle"},
        {"index": 3, "header": "IG followers", "field": "instagram_followers"},
    ]
    preview = body["preview"]
    assert (preview["rows"], preview["creates"], preview["errors"]) == (2, 1, 1)
    assert preview["error_rows"] == [{"line": 3, "reason": "Mail: “ben@” is not an email address."}]
    assert (body["encoding"], body["delimiter"], body["total_rows"]) == ("utf-8", ",", 2)
    assert body["mapping_problem"] is None


def test_an_upload_without_a_usable_guess_says_what_is_missing(client, personas, member_token):
    response = client.post(LIST, {"file": csv_file(b"Who,Where\nAda,Lyon\n")}, headers=member_token)

    body = response.json()
    assert response.status_code == 201
    assert body["status"] == "uploaded"
    assert body["preview"] is None
    assert "Choose the column with their name" in body["mapping_problem"]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, "file", "No file was submitted."),
        ({"file": "not a file"}, "file", "The submitted data was not a file."),
        ({"file": b"\x00\x01" * 50}, "file", "This file is not text"),
        ({"file": CSV, "mapping": '{"Who": "shoe_size"}'}, "mapping", "is not a field"),
        ({"file": CSV, "mapping": '["name"]'}, "mapping", "Give the mapping as"),
        ({"file": CSV, "mapping": "{nope"}, "mapping", "Value must be valid JSON."),
    ],
    ids=["no-file", "not-a-file", "binary", "unknown-field", "not-a-dict", "bad-json"],
)
def test_bad_uploads_answer_400_with_a_message_per_field(
    client, personas, member_token, data, field, message
):
    if isinstance(data.get("file"), bytes):
        data = {**data, "file": csv_file(data["file"])}

    response = client.post(LIST, data, headers=member_token)

    assert response.status_code == 400
    assert message in response.json()["errors"][field][0]
    assert not ImportJob.objects.exists()


def test_run_starts_the_import_once_and_the_job_reports_progress(
    client, personas, member_token, django_capture_on_commit_callbacks
):
    job = client.post(LIST, {"file": csv_file()}, headers=member_token).json()
    job = ImportJob.objects.get(public_id=job["public_id"])

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            detail(job, "run"),
            {"mapping": {"Who": "name", "Mail": "email"}},
            content_type="application/json",
            headers=member_token,
        )
        again = client.post(
            detail(job, "run"), content_type="application/json", headers=member_token
        )

    assert response.status_code == 202, response.json()
    assert response.json()["status"] == "queued"
    assert again.status_code == 400
    assert again.json()["errors"]["non_field_errors"] == ["This import is queued already."]
    assert len(callbacks) == 1

    imports.import_job_run(job_id=job.pk)
    body = client.get(detail(job), headers=member_token).json()
    assert body["status"] == "done"
    assert (body["processed_rows"], body["total_rows"]) == (2, 2)
    assert (body["created_count"], body["updated_count"], body["error_count"]) == (1, 0, 1)
    assert body["result"] == {
        "unchanged": 0,
        "combined_rows": 0,
        "erased_before": 0,
        "erased_updated": 0,
    }
    assert Influencer.objects.get().name == "Ada Stone"


def test_the_list_shows_this_workspaces_imports(client, personas, member_token):
    client.post(LIST, {"file": csv_file()}, headers=member_token)
    client.force_login(personas.outsider)
    client.post(
        reverse("api:contacts-api:import-list", kwargs={"slug": "globex"}), {"file": csv_file()}
    )
    client.logout()

    response = client.get(LIST, headers=member_token)

    assert response.status_code == 200
    assert [job["original_name"] for job in response.json()["results"]] == ["people.csv"]


def test_another_workspaces_job_answers_404(client, personas, member_token):
    client.force_login(personas.outsider)
    client.post(
        reverse("api:contacts-api:import-list", kwargs={"slug": "globex"}), {"file": csv_file()}
    )
    client.logout()
    job = ImportJob.objects.get()
    path = reverse(
        "api:contacts-api:import-detail", kwargs={"slug": "acme", "public_id": job.public_id}
    )

    assert client.get(path, headers=member_token).status_code == 404
    assert client.post(path + "run/", headers=member_token).status_code == 404


def test_an_outsider_gets_404(client, personas):
    client.force_login(personas.outsider)

    assert client.get(LIST).status_code == 404
    assert client.post(LIST, {"file": csv_file()}).status_code == 404


def test_a_viewer_gets_403_before_the_file_is_read(client, personas):
    client.force_login(personas.viewer)

    assert client.get(LIST).status_code == 403
    assert client.post(LIST, {"file": csv_file()}).status_code == 403
    assert not ImportJob.objects.exists()


def test_a_job_before_its_dry_run_is_mapped_when_run(client, personas, member_token):
    response = client.post(LIST, {"file": csv_file(b"Who,Where\nAda,Lyon\n")}, headers=member_token)
    job = ImportJob.objects.get(public_id=response.json()["public_id"])

    refused = client.post(detail(job, "run"), content_type="application/json", headers=member_token)
    started = client.post(
        detail(job, "run"),
        {"mapping": {"0": "name"}},
        content_type="application/json",
        headers=member_token,
    )

    assert refused.status_code == 400
    assert "Choose the column with their name" in refused.json()["errors"]["mapping"][0]
    assert started.status_code == 202
    job.refresh_from_db()
    assert job.status == ImportStatus.QUEUED
    assert job.mapping == {"0": "name", "1": "ignore"}


@pytest.mark.parametrize("body", ["5", "[]", '"mapping"', "null"])
def test_run_refuses_a_body_that_is_not_an_object(client, personas, member_token, body):
    job = client.post(LIST, {"file": csv_file()}, headers=member_token).json()

    response = client.post(
        f"{LIST}{job['public_id']}/run/",
        body,
        content_type="application/json",
        headers=member_token,
    )

    assert response.status_code == 400
    assert ImportJob.objects.get(public_id=job["public_id"]).status != "queued"
