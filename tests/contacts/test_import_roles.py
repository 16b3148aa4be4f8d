"""An import changes only what the person who started it may change (irm/access.py): a member's
file updates the profiles they own, their team owns or nobody owns; a row about anyone else's
is skipped with the reason, in the dry run and in the run, and counted with the other skipped
rows. A manager's file updates everyone. The run asks with the role the importer has then."""

import codecs
import csv
import io
from datetime import UTC, datetime

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contacts import imports
from contacts.models import ImportJob, ImportStatus, Influencer
from contacts.services.profiles import influencer_create
from irm.models import Role
from tests.access import team_of
from tests.contacts.api_client import client_for, token_client

NOW = datetime(2026, 3, 14, 10, 0, tzinfo=UTC)
HTMX = {"HX-Request": "true"}
OTHER_TEAM = "Owned by another team: a manager may import changes to it."
OTHER_MEMBER = "Owned by another member: a manager may import changes to it."
FILE = (
    "name,email,city\n"
    "Ann Own,ann@example.test,Lyon\n"
    "Pat Team,pat@example.test,Lyon\n"
    "Nia Nobody,nia@example.test,Lyon\n"
    "Dan Digital,dan@example.test,Lyon\n"
    "Olga Other,olga@example.test,Lyon\n"
    "Newt New,newt@example.test,Lyon\n"
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def people(personas):
    """Whose each profile is, as the member (of team PR only) sees it."""
    pr = team_of(personas, "PR", personas.member)
    digital = team_of(personas, "Digital marketing", personas.manager)
    owners = {
        "Ann Own": {"owner": personas.member},
        "Pat Team": {"owner": personas.admin, "team": pr},
        "Nia Nobody": {},
        "Dan Digital": {"owner": personas.manager, "team": digital},
        "Olga Other": {"owner": personas.manager},
    }
    return {
        name: influencer_create(
            workspace=personas.workspace,
            actor=personas.admin,
            name=name,
            emails=[f"{name.split()[0].lower()}@example.test"],
            location="Paris",
            now=NOW,
            **whose,
        )
        for name, whose in owners.items()
    }


def upload(personas, user, text: str = FILE) -> ImportJob:
    return imports.import_job_upload(
        workspace=personas.workspace,
        actor=user,
        file=ContentFile(text.encode(), name="people.csv"),
        now=NOW,
    )


def run(job: ImportJob) -> ImportJob:
    imports.import_job_queue(job=job)
    return imports.import_job_run(job_id=job.pk, now=NOW)


def cities() -> dict[str, str]:
    return dict(Influencer.objects.values_list("name", "location"))


def rejected_rows(job: ImportJob) -> list[tuple[str, str]]:
    with job.rejected_file.open("rb") as stored:
        text = stored.read().decode("utf-8").removeprefix(codecs.BOM_UTF8.decode())
    return [(row["name"], row["Reason"]) for row in csv.DictReader(io.StringIO(text))]


def test_a_members_dry_run_skips_other_peoples_profiles_with_the_reason(personas, people):
    job = imports.import_job_map(job=upload(personas, personas.member), mapping={})

    report = job.preview
    assert (report["creates"], report["updates"], report["errors"]) == (1, 3, 2)
    assert report["error_rows"] == [
        {"line": 5, "reason": OTHER_TEAM},
        {"line": 6, "reason": OTHER_MEMBER},
    ]
    assert report["importable"] == 4
    assert cities()["Dan Digital"] == "Paris"  # a dry run writes nothing


def test_a_members_run_updates_theirs_their_teams_and_nobodys_and_skips_the_rest(personas, people):
    job = run(imports.import_job_map(job=upload(personas, personas.member), mapping={}))

    assert job.status == ImportStatus.DONE
    assert (job.created_count, job.updated_count, job.error_count) == (1, 3, 2)
    assert job.processed_rows == 6
    assert cities() == {
        "Ann Own": "Lyon",
        "Pat Team": "Lyon",
        "Nia Nobody": "Lyon",
        "Dan Digital": "Paris",
        "Olga Other": "Paris",
        "Newt New": "Lyon",
    }
    assert Influencer.objects.get(name="Newt New").owner == personas.member
    assert rejected_rows(job) == [("Dan Digital", OTHER_TEAM), ("Olga Other", OTHER_MEMBER)]


def test_a_managers_import_updates_everyone(personas, people):
    job = run(imports.import_job_map(job=upload(personas, personas.manager), mapping={}))

    assert job.preview["errors"] == 0
    assert (job.created_count, job.updated_count, job.error_count) == (1, 5, 0)
    assert set(cities().values()) == {"Lyon"}


def test_a_row_that_changes_nothing_is_not_skipped(personas, people):
    text = "name,email\nDan Digital,dan@example.test\n"
    job = run(imports.import_job_map(job=upload(personas, personas.member, text), mapping={}))

    assert (job.updated_count, job.error_count) == (0, 0)
    assert job.preview["result"]["unchanged"] == 1


@pytest.mark.parametrize("change", ["now a viewer", "left the workspace"])
def test_the_run_asks_with_the_role_the_importer_has_then(personas, people, change):
    job = imports.import_job_map(job=upload(personas, personas.member), mapping={})
    membership = personas.membership(personas.member)
    if change == "now a viewer":
        membership.role = Role.VIEWER
        membership.save(update_fields=["role"])
    else:
        membership.delete()

    job = run(job)

    assert (job.created_count, job.updated_count, job.error_count) == (0, 0, 6)
    reasons = {reason for _, reason in rejected_rows(job)}
    if change == "now a viewer":
        assert reasons == {
            "Your role (Viewer) may not add influencers.",
            "Your role (Viewer) may not change influencers.",
        }
    else:
        assert reasons == {imports.NO_LONGER_A_MEMBER}
    assert cities()["Ann Own"] == "Paris"


def test_through_the_api_run_without_a_dry_run_first(client, personas, people):
    api = token_client(personas, personas.member)
    created = api.post(
        reverse("api:contacts-api:import-list", kwargs={"slug": "acme"}),
        {"file": ContentFile(FILE.encode(), name="people.csv")},
        format="multipart",
    )
    job = ImportJob.objects.get(public_id=created.json()["public_id"])
    detail = reverse(
        "api:contacts-api:import-detail", kwargs={"slug": "acme", "public_id": job.public_id}
    )

    started = api.post(
        detail + "run/", {"mapping": {"0": "name", "1": "email", "2": "location"}}, format="json"
    )
    assert started.status_code == 202, started.json()
    imports.import_job_run(job_id=job.pk, now=NOW)

    body = api.get(detail).json()
    assert (body["created_count"], body["updated_count"], body["error_count"]) == (1, 3, 2)
    assert cities()["Olga Other"] == "Paris"
    assert token_client(personas, personas.viewer).post(detail + "run/").status_code == 403
    assert client_for(personas.outsider).get(detail).status_code == 404


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_the_dry_run_page_shows_the_reason(client, personas, people, headers):
    job = imports.import_job_map(job=upload(personas, personas.member), mapping={})
    url = reverse("contacts:import-preview", kwargs={"slug": "acme", "public_id": job.public_id})
    run_url = reverse("contacts:import-run", kwargs={"slug": "acme", "public_id": job.public_id})

    client.force_login(personas.outsider)
    assert client.get(url, headers=headers).status_code == 404
    client.force_login(personas.viewer)
    assert client.post(run_url, headers=headers).status_code == 403
    client.force_login(personas.member)
    page = client.get(url, headers=headers).content.decode()

    assert OTHER_TEAM in page and OTHER_MEMBER in page
    assert "Import 4 rows; 2 will be skipped" in page
    assert ("<html" in page) is not bool(headers)
    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.PREVIEWED


def _run_queries(personas, user, text: str) -> int:
    job = imports.import_job_map(job=upload(personas, user, text), mapping={})
    imports.import_job_queue(job=job)
    with CaptureQueriesContext(connection) as captured:
        imports.import_job_run(job_id=job.pk, now=NOW)
    return len(captured)


def test_a_members_rights_are_read_once_per_run_not_per_row(personas, people):
    """A member's run of updates to their team's profiles asks what a manager's asks: the
    member's teams are loaded with their membership, once."""
    pr = people["Pat Team"].team
    for name in ("Ann Own", "Nia Nobody"):
        Influencer.objects.filter(name=name).update(team=pr, owner=personas.admin)
    names = ("Ann Own", "Pat Team", "Nia Nobody")

    def file(city: str) -> str:
        rows = [f"{name},{name.split()[0].lower()}@example.test,{city}" for name in names]
        return "\n".join(["name,email,city", *rows]) + "\n"

    member = _run_queries(personas, personas.member, file("Lyon"))
    manager = _run_queries(personas, personas.manager, file("Nice"))

    assert member == manager
    assert {cities()[name] for name in names} == {"Nice"}
