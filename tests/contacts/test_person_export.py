"""Everything about one person (access and portability): the zip's content, its CSV cells safe
for spreadsheets, the audit event, a fixed number of queries, and who may download it from the
profile and the API."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contacts.selectors.person_export import person_export_build, person_export_collect
from irm.models import AuditAction, AuditEvent
from tests.contacts.api_client import (
    client_for,
    globex_influencer,
    make_influencer,
    token_client,
)
from tests.contacts.privacy_support import NOW, ana_with_everything, person_json, unzip

pytestmark = pytest.mark.django_db

CSV_FILES = {
    "profile.csv",
    "emails.csv",
    "accounts.csv",
    "metrics.csv",
    "rates.csv",
    "channels.csv",
    "timeline.csv",
    "commitments.csv",
    "lists.csv",
    "pitches.csv",
    "messages.csv",
    "reminders.csv",
    "collaborations.csv",
    "offers.csv",
    "payments.csv",
    "deliverables.csv",
    "shipments.csv",
    "health.csv",
    "moments.csv",
}


def page_url(influencer, slug="acme"):
    return reverse("contacts:influencer-person-export", args=[slug, influencer.public_id])


def api_url(influencer, slug="acme"):
    return reverse(
        "api:contacts-api:influencer-person-export",
        kwargs={"slug": slug, "public_id": influencer.public_id},
    )


def csv_rows(files: dict[str, str], name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(files[name].lstrip("\ufeff"))))


def test_it_holds_every_section_in_json_and_one_csv_each(personas):
    ana = ana_with_everything(personas, size=2)

    _, content = person_export_build(
        workspace=personas.workspace, influencer=ana, actor=personas.admin, now=NOW
    )
    files = unzip(content)
    data = person_json(content)

    assert set(files) == {"person.json", *CSV_FILES}
    assert data["exported_at"] == "2026-11-18T10:00:00+00:00"
    assert data["profile"][0]["name"] == "Ana Rocha"
    assert data["profile"][0]["emails"] == ["ana@trails.example"]
    assert data["profile"][0]["topics"] == ["Trail running"]
    assert {row["handle"] for row in data["accounts"]} == {"ana.0", "ana.1"}
    assert len(data["metrics"]) == 2
    assert data["channels"] == [
        {
            "channel": "email",
            "open": True,
            "since": "2025-10-14T10:00:00+00:00",
            "evidence": "Business email on her profile",
            "recorded_by": "Member Person",
            "recorded_at": data["channels"][0]["recorded_at"],
        }
    ]
    bodies = [row["body"] for row in data["timeline"]]
    assert "We talked about trail shoes, part 1." in bodies
    # The pitch sent and two drafts; the email sent and the two replies.
    assert len(data["pitches"]) == 3
    assert [row["direction"] for row in data["messages"]] == ["outbound", "inbound", "inbound"]
    assert "Yes please, reply 0." in data["messages"][1]["body"]
    assert {row["description"] for row in data["commitments"]} >= {
        "Send the photos, batch 0",
        "Send the photos, batch 1",
    }
    assert [row["campaign"] for row in data["collaborations"]] == ["Spring trails"]
    assert [row["fee"] for row in data["offers"]] == ["500.00", "501.00"]
    assert [row["amount"] for row in data["payments"]] == ["500.00", "501.00"]
    assert [row["handle"] for row in csv_rows(files, "accounts.csv")] == ["ana.0", "ana.1"]
    assert len(csv_rows(files, "payments.csv")) == 2
    # A cell a spreadsheet would run as a formula is quoted; the JSON keeps the text as held.
    assert csv_rows(files, "profile.csv")[0]["bio"] == '\'=HYPERLINK("http://evil.example")'
    assert data["profile"][0]["bio"] == '=HYPERLINK("http://evil.example")'


def test_it_is_audited_with_ids_and_counts_only(personas):
    ana = make_influencer(personas, "Ana Rocha", emails=["ana@trails.example"])

    person_export_build(workspace=personas.workspace, influencer=ana, actor=personas.admin, now=NOW)

    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert (event.actor, event.workspace, event.created_at) == (
        personas.admin,
        personas.workspace,
        NOW,
    )
    assert (event.target_type, event.target_id) == ("influencer", str(ana.public_id))
    assert event.data["kind"] == "person"
    assert event.data["rows"]["profile"] == 1
    assert event.data["rows"]["payments"] == 0
    assert "Ana" not in str(event.data) and "ana@" not in str(event.data)


def test_it_reads_the_same_number_of_queries_whatever_the_person_holds(personas):
    small = ana_with_everything(personas, size=1)
    with CaptureQueriesContext(connection) as one:
        person_export_collect(influencer=small)
    small.delete()
    large = ana_with_everything(personas, size=3)
    with CaptureQueriesContext(connection) as four:
        data = person_export_collect(influencer=large)

    assert len(data["timeline"]) > 3
    assert len(one.captured_queries) == len(four.captured_queries) == 25


# --- the profile's download ------------------------------------------------------------------


@pytest.mark.parametrize("htmx", [False, True])
def test_an_admin_downloads_the_zip_from_the_profile(client, personas, htmx):
    ana = make_influencer(personas, "Ana Rocha")
    client.force_login(personas.admin)
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}

    response = client.get(page_url(ana), **headers)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="person-{ana.public_id}'
    )
    assert response["Cache-Control"] == "no-store"
    assert person_json(response.content)["profile"][0]["name"] == "Ana Rocha"
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).count() == 1


def test_the_profile_offers_the_download_to_admins_only(client, personas):
    ana = make_influencer(personas, "Ana Rocha")
    profile = reverse("contacts:influencer-detail", args=["acme", ana.public_id])

    client.force_login(personas.admin)
    assert "Download everything about Ana Rocha" in client.get(profile).content.decode()
    client.force_login(personas.manager)
    assert "Download everything about" not in client.get(profile).content.decode()


def test_other_roles_are_refused_and_nothing_is_exported(client, personas):
    ana = make_influencer(personas, "Ana Rocha")

    for role in ("viewer", "member", "manager"):
        client.force_login(getattr(personas, role))
        assert client.get(page_url(ana)).status_code == 403, role

    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_an_outsider_gets_404_for_the_workspace_and_for_another_workspaces_person(client, personas):
    ana = make_influencer(personas, "Ana Rocha")
    gloria = globex_influencer(personas)

    client.force_login(personas.outsider)
    assert client.get(page_url(ana)).status_code == 404
    client.force_login(personas.admin)
    assert client.get(page_url(gloria)).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


# --- the API ---------------------------------------------------------------------------------


def test_the_api_answers_the_zip_to_an_admins_token(personas):
    ana = make_influencer(personas, "Ana Rocha")

    response = token_client(personas, personas.admin).get(
        api_url(ana), HTTP_ACCEPT="application/zip"
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert set(unzip(response.content)) == {"person.json", *CSV_FILES}
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=personas.admin).exists()


def test_the_api_refuses_everyone_else(personas):
    ana = make_influencer(personas, "Ana Rocha")

    for who, status in [("viewer", 403), ("member", 403), ("manager", 403), ("outsider", 404)]:
        response = client_for(getattr(personas, who)).get(api_url(ana))
        assert response.status_code == status, who
        assert response.json()["detail"]
    assert client_for(None).get(api_url(ana)).status_code == 401
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_the_api_answers_404_for_another_workspaces_person(personas):
    gloria = globex_influencer(personas)

    response = client_for(personas.admin).get(api_url(gloria))

    assert response.status_code == 404
