"""The import wizard's pages: upload, columns, dry run, run, the job page and its progress
partial, and the rejected rows' download. With and without htmx; outsiders 404, viewers 403."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contacts.models import ImportJob, ImportStatus, Influencer
from contacts.services import imports
from irm.services import workspace_create
from tests.factories import UserFactory

HTMX = {"HX-Request": "true"}
NOW = datetime(2025, 3, 14, 10, 0, tzinfo=UTC)
START = reverse("contacts:import-start", kwargs={"slug": "acme"})
CSV = "Full name,E-mail,IG,IG followers\nAda Stone,ada@example.test,ada.bakes,12k\nBad,x@,,\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def url(name: str, job: ImportJob) -> str:
    return reverse(name, kwargs={"slug": job.workspace.slug, "public_id": job.public_id})


def make_job(personas, text=CSV, *, workspace=None, status=None) -> ImportJob:
    job = imports.import_job_upload(
        workspace=workspace or personas.workspace,
        actor=personas.member,
        file=ContentFile(text.encode(), name="people.csv"),
        now=NOW,
    )
    if status in (ImportStatus.PREVIEWED, ImportStatus.DONE):
        job = imports.import_job_map(job=job, mapping={})
    if status == ImportStatus.DONE:
        job = imports.import_job_queue(job=job)
        job = imports.import_job_run(job_id=job.pk, now=NOW)
    return job


def csv_upload(content: bytes, name="people.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


# --- upload ----------------------------------------------------------------------------------


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_a_member_uploads_a_file_and_goes_on_to_the_columns(client, personas, headers):
    client.force_login(personas.member)

    response = client.post(START, {"file": csv_upload(CSV.encode())}, headers=headers)

    job = ImportJob.objects.get()
    map_url = url("contacts:import-map", job)
    if headers:
        assert response.status_code == 200
        assert response["HX-Redirect"] == map_url
    else:
        assert response.status_code == 302
        assert response["Location"] == map_url
    assert job.created_by == personas.member
    assert job.headers == ["Full name", "E-mail", "IG", "IG followers"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The submitted file is empty."),
        (b"PK\x03\x04\x14\x00\x06\x00rest of a workbook", "not an Excel workbook we can read"),
        (b"\x00\x01\x02\x03" * 100, "This file is not text"),
        (b"Ada,ada@example.test\n", "looks like data"),
    ],
    ids=["empty", "broken-xlsx", "binary", "no-header"],
)
@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_a_file_that_is_not_a_csv_gets_a_clear_message_and_no_job(
    client, personas, content, message, headers
):
    client.force_login(personas.member)

    response = client.post(START, {"file": csv_upload(content)}, headers=headers)

    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert ('id="import-start"' in html) and (("<html" in html) is not bool(headers))
    assert not ImportJob.objects.exists()


WORKBOOK = (Path(__file__).parent.parent / "files" / "agency_roster.xlsx").read_bytes()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_a_member_uploads_a_workbook_and_picks_its_sheet(client, personas, headers):
    client.force_login(personas.member)
    upload = SimpleUploadedFile("roster.xlsx", WORKBOOK, content_type=XLSX)

    response = client.post(START, {"file": upload, "sheet": "Archive"}, headers=headers)

    job = ImportJob.objects.get()
    assert response.status_code == (200 if headers else 302)
    assert (job.sheet, job.headers[0], job.total_rows) == ("Archive", "Full name", 1)
    page = client.get(url("contacts:import-map", job)).content.decode()
    assert "Excel workbook, sheet “Archive”" in page
    assert '<span class="import-sample">23000</span>' in page


def workbook_job(personas, *, workspace=None) -> ImportJob:
    return imports.import_job_upload(
        workspace=workspace or personas.workspace,
        actor=personas.member,
        file=ContentFile(WORKBOOK, name="roster.xlsx"),
        now=NOW,
    )


def test_the_columns_page_lists_the_workbooks_sheets_with_the_one_in_use_chosen(client, personas):
    job = workbook_job(personas)
    client.force_login(personas.member)

    html = client.get(url("contacts:import-map", job)).content.decode()

    assert url("contacts:import-sheet", job) in html
    assert '<option value="Roster" selected>Roster</option>' in html
    assert '<option value="Archive">Archive</option>' in html
    assert '<option value="Notes">Notes</option>' in html


def test_a_csv_files_columns_page_offers_no_sheets(client, personas):
    job = make_job(personas)
    client.force_login(personas.member)

    html = client.get(url("contacts:import-map", job)).content.decode()

    assert url("contacts:import-sheet", job) not in html


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_a_member_picks_another_sheet_and_its_columns_are_guessed_again(client, personas, headers):
    job = imports.import_job_map(job=workbook_job(personas), mapping={})
    client.force_login(personas.member)

    response = client.post(url("contacts:import-sheet", job), {"sheet": "Archive"}, headers=headers)

    job.refresh_from_db()
    assert response.status_code == (200 if headers else 302)
    assert (job.sheet, job.total_rows, job.status) == ("Archive", 1, ImportStatus.UPLOADED)
    assert job.headers[0] == "Full name"
    assert job.mapping["0"] == "name"
    page = client.get(url("contacts:import-map", job)).content.decode()
    assert "Excel workbook, sheet “Archive”" in page
    assert '<span class="import-sample">23000</span>' in page
    imports.import_job_run(
        job_id=imports.import_job_queue(job=imports.import_job_map(job=job, mapping={})).pk,
        now=NOW,
    )
    assert list(Influencer.objects.values_list("name", flat=True)) == ["Nina Rossi"]


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_a_sheet_the_workbook_lacks_is_refused_on_the_columns_page(client, personas, headers):
    job = workbook_job(personas)
    client.force_login(personas.member)

    response = client.post(url("contacts:import-sheet", job), {"sheet": "Sheet1"}, headers=headers)

    html = response.content.decode()
    job.refresh_from_db()
    assert response.status_code == 400
    assert "Select a valid choice." in html
    assert ('id="import-mapping"' in html) and (("<html" in html) is not bool(headers))
    assert job.sheet == "Roster"


def test_a_started_import_keeps_its_sheet(client, personas):
    job = imports.import_job_queue(
        job=imports.import_job_map(job=workbook_job(personas), mapping={})
    )
    client.force_login(personas.member)

    response = client.post(url("contacts:import-sheet", job), {"sheet": "Archive"})

    job.refresh_from_db()
    assert response.status_code == 400
    assert "This import is queued already." in response.content.decode()
    assert job.sheet == "Roster"


def test_the_sheet_of_another_workspaces_import_answers_404_and_a_viewer_403(client, personas):
    theirs = workbook_job(personas, workspace=personas.other_workspace)
    ours = workbook_job(personas)

    client.force_login(personas.member)
    other_url = reverse(
        "contacts:import-sheet", kwargs={"slug": "acme", "public_id": theirs.public_id}
    )
    assert client.post(other_url, {"sheet": "Archive"}).status_code == 404
    client.force_login(personas.viewer)
    assert client.post(url("contacts:import-sheet", ours), {"sheet": "Archive"}).status_code == 403
    theirs.refresh_from_db()
    ours.refresh_from_db()
    assert (theirs.sheet, ours.sheet) == ("Roster", "Roster")


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_a_sheet_the_workbook_lacks_comes_back_on_the_sheet_field(client, personas, headers):
    client.force_login(personas.member)
    upload = SimpleUploadedFile("roster.xlsx", WORKBOOK, content_type=XLSX)

    response = client.post(START, {"file": upload, "sheet": "Sheet1"}, headers=headers)

    html = response.content.decode()
    assert response.status_code == 400
    assert "its sheets are “Roster”, “Archive”, “Notes”." in html
    assert 'value="Sheet1"' in html  # what they typed is kept
    assert ('id="import-start"' in html) and (("<html" in html) is not bool(headers))
    assert not ImportJob.objects.exists()


def test_the_dry_run_of_an_agency_roster_counts_what_will_really_be_imported(client, personas):
    raw = (Path(__file__).parent.parent / "files" / "agency_roster.csv").read_bytes()
    job = imports.import_job_map(
        job=imports.import_job_upload(
            workspace=personas.workspace,
            actor=personas.member,
            file=ContentFile(raw, name="roster.csv"),
            now=NOW,
        ),
        mapping={},
    )
    client.force_login(personas.member)

    html = client.get(url("contacts:import-preview", job)).content.decode()

    assert "Import 8 rows; 1 will be skipped</button>" in html
    assert "<li>TikTok, named in “Platform”: 1 row</li>" in html
    assert "<li>Instagram, the file&#x27;s first handle column: 1 row</li>" in html
    assert "“Audience country” describes their audience, not them" in html


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_the_start_page_lists_past_imports(client, personas, headers):
    make_job(personas, status=ImportStatus.DONE)
    make_job(personas, workspace=personas.other_workspace)
    client.force_login(personas.member)

    response = client.get(START, headers=headers)

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("people.csv") == 1  # not the other workspace's
    assert "<html" not in html if headers else "<html" in html


@pytest.mark.parametrize("total", [3, 30])
def test_the_start_page_reads_past_imports_in_a_constant_number_of_queries(
    client, personas, django_assert_num_queries, total
):
    for _ in range(total):
        make_job(personas)
    client.force_login(personas.member)

    # session, user, membership with its workspace, the imports with who uploaded them
    with django_assert_num_queries(4):
        assert client.get(START).content.decode().count("people.csv") == min(total, 20)


@pytest.mark.parametrize("page", ["contacts:import-job", "contacts:import-preview"])
def test_the_job_pages_take_a_constant_number_of_queries(
    client, personas, django_assert_num_queries, page
):
    big = "Name,Email\n" + "".join(f"P{n},p{n}@example.test\n" for n in range(30))
    small = make_job(personas, "Name,Email\nA,a@example.test\n", status=ImportStatus.DONE)
    large = make_job(personas, big, status=ImportStatus.DONE)
    client.force_login(personas.member)

    for job in (small, large):
        address = url(page, job)
        # session, user, membership with its workspace, the job with its uploader
        with django_assert_num_queries(4):
            assert client.get(address).status_code == 200


# --- columns and dry run ---------------------------------------------------------------------


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_the_columns_page_shows_samples_and_the_guessed_fields(client, personas, headers):
    job = make_job(personas)
    client.force_login(personas.member)

    response = client.get(url("contacts:import-map", job), headers=headers)

    html = response.content.decode()
    assert response.status_code == 200
    assert '<label for="id_column_3">IG followers</label>' in html
    assert '<option value="instagram_followers" selected>' in html
    assert "ada.bakes" in html
    assert ("<html" in html) is not bool(headers)


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_choosing_the_columns_leads_to_the_dry_run(client, personas, headers):
    job = make_job(personas)
    client.force_login(personas.member)
    data = {"column_0": "name", "column_1": "email", "column_2": "instagram_handle"}
    data["column_3"] = "ignore"

    response = client.post(url("contacts:import-map", job), data, headers=headers)

    preview = url("contacts:import-preview", job)
    assert response.status_code == (200 if headers else 302)
    assert response.get("HX-Redirect" if headers else "Location") == preview
    job.refresh_from_db()
    assert job.status == ImportStatus.PREVIEWED
    assert job.mapping["3"] == "ignore"


def test_a_mapping_that_cannot_work_is_a_400_with_the_reason(client, personas):
    job = make_job(personas)
    client.force_login(personas.member)
    data = {"column_0": "name", "column_1": "name", "column_2": "ignore", "column_3": "ignore"}

    response = client.post(url("contacts:import-map", job), data, headers=HTMX)

    assert response.status_code == 400
    assert "are both imported as Name" in response.content.decode()
    job.refresh_from_db()
    assert job.status == ImportStatus.UPLOADED


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_the_dry_run_page_shows_counts_and_row_errors_with_lines(client, personas, headers):
    job = make_job(personas, status=ImportStatus.PREVIEWED)
    client.force_login(personas.member)

    response = client.get(url("contacts:import-preview", job), headers=headers)

    html = response.content.decode()
    assert response.status_code == 200
    assert "<dt>New influencers</dt><dd>1</dd>" in html
    assert "<td>3</td><td>E-mail: “x@” is not an email address.</td>" in html
    # The button counts what will really be imported: line 3 is skipped.
    assert "Import 1 row; 1 will be skipped</button>" in html
    assert ("<html" in html) is not bool(headers)


def test_the_dry_run_page_sends_an_unmapped_job_to_the_columns(client, personas):
    job = make_job(personas)
    client.force_login(personas.member)

    response = client.get(url("contacts:import-preview", job))

    assert response["Location"] == url("contacts:import-map", job)


def test_user_text_is_escaped_on_every_page(client, personas):
    text = "Name,<b>Email</b>\n<script>alert(1)</script>,x@\n"
    job = make_job(personas, text, status=ImportStatus.PREVIEWED)
    client.force_login(personas.member)

    for name in ("contacts:import-preview", "contacts:import-job"):
        html = client.get(url(name, job)).content.decode()
        assert "<script>alert" not in html
        assert "<b>Email</b>" not in html


# --- run and progress ------------------------------------------------------------------------


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_starting_the_import_queues_it_once_on_commit(
    client, personas, headers, django_capture_on_commit_callbacks
):
    job = make_job(personas, status=ImportStatus.PREVIEWED)
    client.force_login(personas.member)

    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(url("contacts:import-run", job), headers=headers)
        again = client.post(url("contacts:import-run", job), headers=headers)

    assert response.status_code == (200 if headers else 302)
    assert response.get("HX-Redirect" if headers else "Location") == url("contacts:import-job", job)
    assert again.status_code == 400
    assert "queued already" in again.content.decode()
    assert len(callbacks) == 1
    job.refresh_from_db()
    assert job.status == ImportStatus.QUEUED


def test_the_progress_partial_polls_while_the_import_runs(client, personas):
    job = make_job(personas, status=ImportStatus.PREVIEWED)
    job = imports.import_job_queue(job=job)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING, processed_rows=1)
    client.force_login(personas.member)

    partial = client.get(url("contacts:import-job", job), headers=HTMX).content.decode()
    page = client.get(url("contacts:import-job", job)).content.decode()

    assert partial.lstrip().startswith('<section id="import-progress"')
    assert 'hx-trigger="every 1s"' in partial
    assert '<progress id="import-bar" value="1" max="2">50%</progress>' in partial
    assert "<html" not in partial
    assert "<html" in page and 'hx-trigger="every 1s"' in page
    assert "reload the page" in page  # without JavaScript


def test_the_progress_partial_stops_polling_once_done_and_shows_the_summary(client, personas):
    job = make_job(personas, status=ImportStatus.DONE)
    client.force_login(personas.member)

    partial = client.get(url("contacts:import-job", job), headers=HTMX).content.decode()

    assert "hx-trigger" not in partial
    assert "<dt>New influencers</dt><dd>1</dd>" in partial
    assert "<dt>Rows rejected</dt><dd>1</dd>" in partial
    assert url("contacts:import-rejected", job) in partial
    assert Influencer.objects.filter(name="Ada Stone").exists()


def test_a_failed_import_offers_to_try_again(client, personas, django_capture_on_commit_callbacks):
    job = make_job(personas, status=ImportStatus.PREVIEWED)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.FAILED, error_message="The import stopped after 1 of 2 rows."
    )
    client.force_login(personas.member)

    html = client.get(url("contacts:import-job", job)).content.decode()
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(url("contacts:import-run", job))

    assert "The import stopped after 1 of 2 rows." in html
    assert "Try again" in html
    assert response.status_code == 302
    assert len(callbacks) == 1
    job.refresh_from_db()
    assert (job.status, job.error_message) == (ImportStatus.QUEUED, "")


# --- rejected rows ---------------------------------------------------------------------------


def test_the_rejected_rows_download_as_csv_with_reasons(client, personas):
    job = make_job(personas, status=ImportStatus.DONE)
    client.force_login(personas.member)

    response = client.get(url("contacts:import-rejected", job))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="rejected-people.csv"'
    text = response.content.decode("utf-8-sig")
    assert text.splitlines() == [
        "Full name,E-mail,IG,IG followers,Line,Reason",
        "Bad,x@,,,3,E-mail: “x@” is not an email address.",
    ]


def test_an_import_without_rejected_rows_has_nothing_to_download(client, personas):
    job = make_job(personas, "Name\nAda\n", status=ImportStatus.DONE)
    client.force_login(personas.member)

    assert client.get(url("contacts:import-rejected", job)).status_code == 404


# --- who may -----------------------------------------------------------------------------------

PAGES = ["contacts:import-job", "contacts:import-map", "contacts:import-preview"]


@pytest.mark.parametrize("name", [*PAGES, "contacts:import-rejected"])
def test_another_workspaces_import_answers_404(client, personas, name):
    job = make_job(personas, workspace=personas.other_workspace, status=ImportStatus.DONE)
    client.force_login(personas.member)

    response = client.get(
        reverse(name, kwargs={"slug": "acme", "public_id": job.public_id}), headers=HTMX
    )

    assert response.status_code == 404


def test_an_outsider_gets_404_even_with_the_jobs_own_slug(client, personas):
    job = make_job(personas, status=ImportStatus.DONE)
    client.force_login(personas.outsider)

    assert client.get(url("contacts:import-rejected", job)).status_code == 404
    assert client.get(START).status_code == 404


@pytest.mark.parametrize("name", PAGES)
def test_a_viewer_gets_403_on_every_step(client, personas, name):
    job = make_job(personas, status=ImportStatus.PREVIEWED)
    client.force_login(personas.viewer)

    assert client.get(url(name, job)).status_code == 403
    assert client.get(START, headers=HTMX).status_code == 403
    assert client.post(START, {"file": csv_upload(CSV.encode())}).status_code == 403
    assert client.post(url("contacts:import-run", job)).status_code == 403
    assert ImportJob.objects.count() == 1


def test_a_member_of_two_workspaces_sees_each_workspaces_imports_only(client, personas):
    both = UserFactory(email="both@example.test")
    other = workspace_create(name="Initech", slug="initech", admin=both)
    make_job(personas, workspace=other)
    client.force_login(both)

    response = client.get(START)

    assert response.status_code == 404  # not a member of acme
    own = client.get(reverse("contacts:import-start", kwargs={"slug": "initech"}))
    assert own.content.decode().count("people.csv") == 1
