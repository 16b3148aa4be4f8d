"""An agency's own roster imports with the columns the wizard guesses, nobody remapping
anything: tests/files/agency_roster.csv (UTF-8 with a BOM, semicolons, a title and an export
note above the headers, headers from other tools, countries in several languages, counts as
people write them, a missing count, a bad email) and the same roster as an Excel workbook."""

import codecs
import csv
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.files.base import ContentFile

from contacts.models import ImportJob, ImportStatus, Influencer
from contacts.selectors.imports import import_job_samples
from contacts.services import imports
from irm.errors import RuleError

NOW = datetime(2025, 3, 14, 10, 0, tzinfo=UTC)
FILES = Path(__file__).parent.parent / "files"
CSV = (FILES / "agency_roster.csv").read_bytes()
WORKBOOK = (FILES / "agency_roster.xlsx").read_bytes()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def previewed(personas, raw: bytes, name: str, *, sheet: str = "") -> ImportJob:
    job = imports.import_job_upload(
        workspace=personas.workspace,
        actor=personas.member,
        file=ContentFile(raw, name=name),
        sheet=sheet,
        now=NOW,
    )
    return imports.import_job_map(job=job, mapping={})


def run(job: ImportJob) -> ImportJob:
    job = imports.import_job_queue(job=job)
    return imports.import_job_run(job_id=job.pk, now=NOW)


def accounts(name: str) -> dict[str, int | None]:
    influencer = Influencer.objects.get(name=name)
    return dict(influencer.social_accounts.values_list("platform", "followers"))


def test_the_columns_of_an_agency_roster_are_guessed(personas):
    job = previewed(personas, CSV, "roster.csv")

    fields = {job.headers[int(index)]: field for index, field in job.mapping.items()}
    assert fields == {
        "Full name": "name",
        "E-mail address": "email",
        "IG handle": "instagram_handle",
        "TikTok": "tiktok_handle",
        "YouTube channel": "youtube_handle",
        "Platform": "platform",
        "Followers": "followers",
        "Country/Region": "country",
        "City": "location",
        "Niche": "topics",
        "Audience country": "audience_notes",
        "Phone": "phone",
        "Last contacted": "ignore",
    }


def test_the_dry_run_of_an_agency_roster_skips_only_the_bad_row_and_says_why(personas):
    report = previewed(personas, CSV, "roster.csv").preview

    assert (report["rows"], report["creates"], report["errors"], report["importable"]) == (
        9,
        8,
        1,
        8,
    )
    assert report["error_rows"] == [
        {"line": 12, "reason": "E-mail address: “sam” is not an email address."}
    ]
    assert {where["to"]: where["rows"] for where in report["followers_to"]} == {
        "TikTok, named in “Platform”": 1,
        "Instagram, the row's only account": 1,
        "Instagram, the file's first handle column": 1,
        "YouTube, named in “Platform”": 1,
        "Instagram, named in “Platform”": 2,
    }
    assert report["columns_notes"] == [
        "“Audience country” describes their audience, not them: it goes into their audience "
        "notes, never into their own country."
    ]


def test_an_agency_roster_imports_countries_zones_and_counts_as_the_file_means_them(personas):
    job = run(previewed(personas, CSV, "roster.csv"))

    assert (job.status, job.created_count, job.error_count) == (ImportStatus.DONE, 8, 1)
    people = {
        row.name: (row.country, row.time_zone, row.time_zone_guessed)
        for row in Influencer.objects.all()
    }
    assert people == {
        "Lucía Fernández": ("ES", "Europe/Madrid", True),
        "Yuki Tanaka": ("JP", "Asia/Tokyo", True),
        "Jonas Berger": ("AT", "Europe/Vienna", True),
        "Max Müller": ("DE", "Europe/Berlin", True),
        "Ana Souza": ("BR", "America/Sao_Paulo", True),
        "Emma Clarke": ("GB", "Europe/London", True),
        "Sofía Ramírez": ("MX", "America/Mexico_City", True),
        # The United States without a city: too many zones to guess one.
        "Chris Doe": ("US", "UTC", False),
    }
    # Followers where the file meant them; a missing count is unknown, never 0.
    assert accounts("Lucía Fernández") == {"instagram": None, "tiktok": 48_200}
    assert accounts("Jonas Berger") == {"instagram": 15_300, "tiktok": None}
    assert accounts("Max Müller") == {"youtube": 1_200_000}
    assert accounts("Ana Souza") == {"instagram": None}
    assert Influencer.objects.get(name="Ana Souza").total_followers is None
    assert Influencer.objects.get(name="Lucía Fernández").total_followers == 48_200
    lucia = Influencer.objects.get(name="Lucía Fernández")
    assert lucia.audience_notes == "Audience country: México"
    assert lucia.phone == "+34 612 345 678"


def test_the_workbook_imports_exactly_like_the_csv(personas):
    run(previewed(personas, CSV, "roster.csv"))
    before = list(
        Influencer.objects.order_by("name").values_list(
            "name", "country", "time_zone", "total_followers", "audience_notes", "phone"
        )
    )

    again = previewed(personas, WORKBOOK, "roster.xlsx")

    # Every person of the workbook is found exactly as the CSV left them.
    report = again.preview
    assert (report["unchanged"], report["creates"], report["updates"]) == (8, 0, 0)
    assert report["error_rows"] == [
        {"line": 12, "reason": "E-mail address: “sam” is not an email address."}
    ]
    assert (again.sheet, again.encoding, again.delimiter) == ("Roster", "", "")
    run(again)
    after = list(
        Influencer.objects.order_by("name").values_list(
            "name", "country", "time_zone", "total_followers", "audience_notes", "phone"
        )
    )
    assert after == before


def test_the_mapping_page_samples_a_workbook_as_excel_stores_it(personas):
    job = previewed(personas, WORKBOOK, "roster.xlsx")

    samples = dict(zip(job.headers, import_job_samples(job=job), strict=True))

    assert samples["Followers"] == ["48200", "120000", "15300"]
    assert samples["Last contacted"] == ["2025-02-03", "2025-01-15"]


def test_a_workbook_imports_the_sheet_the_person_picks(personas):
    job = run(previewed(personas, WORKBOOK, "roster.xlsx", sheet="Archive"))

    nina = Influencer.objects.get()
    assert (job.sheet, job.created_count) == ("Archive", 1)
    assert (nina.name, nina.country, nina.time_zone) == ("Nina Rossi", "IT", "Europe/Rome")
    assert accounts("Nina Rossi") == {"instagram": 23_000}


def test_a_sheet_the_workbook_lacks_is_refused_and_no_job_is_kept(personas):
    with pytest.raises(RuleError, match="its sheets are “Roster”, “Archive”, “Notes”"):
        previewed(personas, WORKBOOK, "roster.xlsx", sheet="Sheet1")

    assert not ImportJob.objects.exists()


def _rejected(job: ImportJob) -> list[list[str]]:
    with job.rejected_file.open("rb") as stored:
        raw = stored.read()
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_the_rejected_rows_are_safe_in_a_spreadsheet_and_come_back_as_they_were(personas):
    job = run(previewed(personas, CSV, "roster.csv"))
    header, sam = _rejected(job)

    # Quoted exactly as the export quotes a cell a spreadsheet would run as a formula.
    assert sam[header.index("Phone")] == "'+1 555 0100"
    assert sam[header.index("Line")] == "12"

    # Fixed and uploaded again: the protective quote is taken off.
    sam[header.index("E-mail address")] = "sam@gaming.example"
    fixed = io.StringIO(newline="")
    csv.writer(fixed, delimiter=";").writerows([header, sam])
    raw = codecs.BOM_UTF8 + fixed.getvalue().encode()
    again = run(previewed(personas, raw, "rejected-roster.csv"))

    assert (again.created_count, again.error_count) == (1, 0)
    sam_lee = Influencer.objects.get(name="Sam Lee")
    assert sam_lee.phone == "+1 555 0100"
    assert sam_lee.emails.get().email == "sam@gaming.example"
    assert accounts("Sam Lee") == {"instagram": 9_000}
