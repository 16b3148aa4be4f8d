"""A member imports a CSV file: upload, columns, dry run, then the job page follows the run
live (htmx polling) and offers the rejected rows. An agency's Excel workbook goes through the
same steps without anyone remapping a column."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from contacts.models import ImportJob, Influencer
from contacts.services import imports, influencer_create
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.browser

CSV = (
    "Full name;E-mail;IG;IG followers;Notes\r\n"
    "Zoë Saldaña;zoe@example.test;zoe.cooks;1,2M;Cooks in Lyon\r\n"
    "Ana Bakes;ana@example.test;anabakes;98,7K;Sourdough\r\n"
    "Tom;tom@;tomruns;12k;\r\n"
).encode("cp1252")


def sign_in(page, base_url, email):
    page.goto(base_url + "/sign-in/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_member_imports_a_file_and_follows_the_run_live(
    live_server, page, personas, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    influencer_create(
        workspace=personas.workspace,
        actor=personas.admin,
        name="Ana B.",
        emails=["ana@example.test"],
    )
    sign_in(page, live_server.url, "member@acme.test")
    page.goto(live_server.url + "/w/acme/import/")

    page.get_by_label("CSV file").set_input_files(
        files=[{"name": "people.csv", "mimeType": "text/csv", "buffer": CSV}]
    )
    page.get_by_role("button", name="Upload and continue").click()

    expect(page.get_by_role("heading", name="What is in each column?")).to_be_visible()
    expect(page.locator(".import-file")).to_contain_text("Windows-1252 (Latin-1) · semicolon")
    expect(page.get_by_label("IG followers")).to_have_value("instagram_followers")
    page.get_by_label("Notes").select_option("bio")
    page.get_by_role("button", name="Check the dry run").click()

    expect(page.get_by_role("heading", name="Dry run")).to_be_visible()
    counts = page.locator(".import-counts")
    expect(counts).to_contain_text(re.compile(r"New influencers\s*1\b"))
    expect(counts).to_contain_text(re.compile(r"Influencers updated\s*1\b"))
    expect(
        page.get_by_role("row", name="4 E-mail: “tom@” is not an email address.")
    ).to_be_visible()
    page.get_by_role("button", name="Import 2 rows; 1 will be skipped").click()

    progress = page.locator("#import-progress")
    expect(progress).to_contain_text("Queued")
    # The worker's part, here in the test process; the page polls and shows the end by itself.
    imports.import_job_run(job_id=ImportJob.objects.get().pk)
    expect(progress).to_contain_text("Done")
    expect(progress).to_contain_text("3 of 3 rows done")
    expect(progress).not_to_have_attribute("hx-trigger", "every 1s")
    assert Influencer.objects.get(name="Zoë Saldaña").bio == "Cooks in Lyon"

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the rejected rows").click()
    assert download.value.suggested_filename == "rejected-people.csv"


def test_an_agency_workbook_imports_without_remapping_anything(
    live_server, page, personas, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    workbook = (Path(__file__).parent.parent / "files" / "agency_roster.xlsx").read_bytes()
    sign_in(page, live_server.url, "member@acme.test")
    page.goto(live_server.url + "/w/acme/import/")

    page.get_by_label("CSV file or Excel workbook").set_input_files(
        files=[{"name": "roster.xlsx", "mimeType": "application/octet-stream", "buffer": workbook}]
    )
    page.get_by_role("button", name="Upload and continue").click()

    expect(page.locator(".import-file")).to_contain_text("Excel workbook, sheet “Roster”")
    expect(page.get_by_label("Platform")).to_have_value("platform")
    expect(page.get_by_label("Audience country")).to_have_value("audience_notes")
    page.get_by_role("button", name="Check the dry run").click()

    # The first dry run of a process reads the city and country data once: allow for it.
    expect(page.get_by_role("heading", name="Dry run")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("“Audience country” describes their audience")).to_be_visible()
    expect(page.get_by_text("TikTok, named in “Platform”: 1 row")).to_be_visible()
    page.get_by_role("button", name="Import 8 rows; 1 will be skipped").click()
    imports.import_job_run(job_id=ImportJob.objects.get().pk)
    expect(page.locator("#import-progress")).to_contain_text("Done")

    yuki = Influencer.objects.get(name="Yuki Tanaka")
    page.goto(f"{live_server.url}/w/acme/influencers/{yuki.public_id}/")
    expect(page.get_by_text("Time zone guessed from Osaka, JP at import")).to_be_visible()


def test_a_member_picks_another_sheet_of_the_workbook_from_its_list(
    live_server, page, personas, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    workbook = (Path(__file__).parent.parent / "files" / "agency_roster.xlsx").read_bytes()
    sign_in(page, live_server.url, "member@acme.test")
    page.goto(live_server.url + "/w/acme/import/")
    page.get_by_label("CSV file or Excel workbook").set_input_files(
        files=[{"name": "roster.xlsx", "mimeType": "application/octet-stream", "buffer": workbook}]
    )
    page.get_by_role("button", name="Upload and continue").click()

    expect(page.get_by_label("Sheet", exact=True)).to_have_value("Roster")
    page.get_by_label("Sheet", exact=True).select_option("Archive")
    page.get_by_role("button", name="Read this sheet").click()

    expect(page.locator(".import-file")).to_contain_text("Excel workbook, sheet “Archive”")
    expect(page.locator(".import-file")).to_contain_text("1 row")
    expect(page.get_by_label("Sheet", exact=True)).to_have_value("Archive")
    expect(page.locator(".import-sample", has_text="23000")).to_be_visible()
    page.get_by_role("button", name="Check the dry run").click()
    expect(page.get_by_role("button", name="Import 1 row")).to_be_visible(timeout=30_000)
