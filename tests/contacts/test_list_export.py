"""CSV export of the influencer list: streamed, filtered like the page, safe in spreadsheets,
audited with numbers only, member or above."""

import csv
import io
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from contacts.models import Influencer
from contacts.selectors.exports import HEADER, cell_safe
from contacts.services.channels import do_not_contact_set
from contacts.services.profiles import influencer_create
from irm.models import AuditAction, AuditEvent, Team

pytestmark = pytest.mark.django_db

EXPORT = reverse("contacts:influencer-export", kwargs={"slug": "acme"})


def read(response) -> list[dict[str, str]]:
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


@pytest.fixture
def zoe(personas):
    team = Team.objects.create(workspace=personas.workspace, name="PR")
    zoe = influencer_create(
        workspace=personas.workspace,
        actor=personas.admin,
        name="Zoë Saldaña",
        emails=["zoe@studio.test", "bookings@zoe.test"],
        accounts=[
            {"platform": "instagram", "handle": "@zoe.cooks", "followers": 1_200_000},
            {"platform": "tiktok", "handle": "zoetok", "followers": 50_000},
        ],
        topics=["vegan baking", "travel"],
        owner=personas.member,
        team=team,
        country="US",
        languages=["en", "es"],
        time_zone="America/New_York",
    )
    Influencer.objects.filter(pk=zoe.pk).update(
        last_outbound_at=datetime(2025, 3, 2, 10, tzinfo=UTC),
        last_inbound_at=datetime(2025, 3, 4, 10, tzinfo=UTC),
    )
    return zoe


def test_a_manager_exports_every_column(client, personas, zoe):
    influencer_create(workspace=personas.workspace, actor=personas.admin, name="Ana Bakes")
    client.force_login(personas.manager)
    response = client.get(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="influencers-acme-')
    rows = read(response)
    assert [row["name"] for row in rows] == ["Ana Bakes", "Zoë Saldaña"]
    row = rows[1]
    assert list(row) == HEADER
    assert row["emails"] == "zoe@studio.test; bookings@zoe.test"
    assert row["Instagram handle"] == "zoe.cooks"
    assert row["TikTok handle"] == "zoetok"
    assert row["YouTube handle"] == ""
    assert row["total followers"] == "1250000"
    assert row["topics"] == "travel; vegan baking"
    assert row["stage"] == "Prospect"
    assert row["owner email"] == "member@acme.test"
    assert row["team"] == "PR"
    assert (row["country"], row["languages"], row["time zone"]) == (
        "US",
        "en es",
        "America/New_York",
    )
    assert row["do not contact"] == "no"
    assert (row["last inbound"], row["last outbound"], row["last two-way"]) == (
        "2025-03-04",
        "2025-03-02",
        "",
    )


def test_the_export_follows_the_list_filters(client, personas, zoe):
    ana = influencer_create(workspace=personas.workspace, actor=personas.admin, name="Ana Bakes")
    do_not_contact_set(influencer=ana, reason="Asked", actor=personas.member)
    client.force_login(personas.manager)
    assert [r["name"] for r in read(client.get(EXPORT, {"q": "zoe"}))] == ["Zoë Saldaña"]
    rows = read(client.get(EXPORT, {"do_not_contact": "yes"}))
    assert [(r["name"], r["do not contact"]) for r in rows] == [("Ana Bakes", "yes")]
    rows = read(client.get(EXPORT, {"sort": "-followers"}))
    assert [r["name"] for r in rows] == ["Zoë Saldaña", "Ana Bakes"]
    rows = read(client.get(EXPORT, {"ids": [str(ana.public_id), "junk"]}))
    assert [r["name"] for r in rows] == ["Ana Bakes"]


def test_a_filter_error_is_a_400(client, personas, zoe):
    client.force_login(personas.manager)
    response = client.get(EXPORT, {"min_followers": "abc"})
    assert response.status_code == 400
    assert "Enter a whole number of followers" in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_another_workspace_is_never_exported(client, personas, zoe):
    influencer_create(workspace=personas.other_workspace, actor=personas.outsider, name="Zed")
    client.force_login(personas.manager)
    assert [r["name"] for r in read(client.get(EXPORT))] == ["Zoë Saldaña"]
    client.force_login(personas.outsider)
    assert client.get(EXPORT).status_code == 404


@pytest.mark.parametrize("persona", ["viewer", "member"])
def test_only_managers_and_admins_export(client, personas, zoe, persona):
    client.force_login(personas.by_name(persona))
    assert client.get(EXPORT).status_code == 403
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()
    page = client.get(reverse("contacts:influencer-list", kwargs={"slug": "acme"}))
    assert "Export these as CSV" not in page.content.decode()
    assert "Export selected (CSV)" not in page.content.decode()


def test_the_export_is_audited_with_the_row_count_only(client, personas, zoe):
    client.force_login(personas.manager)
    read(client.get(EXPORT))
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.actor == personas.manager
    assert event.workspace == personas.workspace
    assert event.data == {"rows": 1}
    assert "Zo" not in str(event.data)


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tstarts with a tab", "'\tstarts with a tab"),
        ("\rstarts with a return", "'\rstarts with a return"),
        ("Plain name", "Plain name"),
        ("a=b", "a=b"),
        (12, 12),
    ],
)
def test_cells_that_would_run_as_formulas_are_quoted(value, safe):
    assert cell_safe(value) == safe


def test_hostile_names_and_topics_arrive_quoted_in_the_file(client, personas):
    influencer_create(
        workspace=personas.workspace,
        actor=personas.admin,
        name="=cmd|' /C calc'!A0",
        topics=["+topic", "@mention"],
        accounts=[{"platform": "x", "handle": "-minus", "followers": 3}],
    )
    client.force_login(personas.manager)
    (row,) = read(client.get(EXPORT))
    assert row["name"] == "'=cmd|' /C calc'!A0"
    assert row["topics"] == "'+topic; @mention"
    assert row["X handle"] == "'-minus"


def test_the_export_streams_many_rows_in_a_fixed_number_of_queries(
    client, personas, django_assert_max_num_queries
):
    Influencer.objects.bulk_create(
        Influencer(workspace=personas.workspace, name=f"Person {index:04d}")
        for index in range(1200)
    )
    client.force_login(personas.manager)
    response = client.get(EXPORT)
    # 3 chunks of 500 rows: each one query for the rows and three for the prefetches.
    with django_assert_max_num_queries(3 * 4 + 1):
        rows = read(response)
    assert len(rows) == 1200
