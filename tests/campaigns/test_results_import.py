"""Importing results from a spreadsheet: matched by deliverable id or published URL, forgiving
with how numbers and files are written, every bad row reported by its line, nothing half-saved,
and a second import updates rather than duplicates."""

from datetime import UTC, datetime, timedelta

import pytest

from campaigns.models import (
    Campaign,
    Deliverable,
    DeliverableResult,
    DeliverableStatus,
    ResultSource,
)
from campaigns.services.results_import import parse_count, results_import_csv
from irm.errors import RuleError
from tests.factories import CampaignFactory, CollaborationFactory, ProfileFactory

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)


@pytest.fixture
def campaign(personas):
    return CampaignFactory(workspace=personas.workspace)


def deliverable(campaign, personas, name, url, status=DeliverableStatus.PUBLISHED):
    collaboration = CollaborationFactory(
        campaign=campaign, influencer=ProfileFactory(personas=personas, name=name)
    )
    return Deliverable.objects.create(
        collaboration=collaboration,
        kind="instagram_reel",
        title=f"{name}'s reel",
        status=status,
        published_url=url if status == DeliverableStatus.PUBLISHED else "",
        published_at=NOW - timedelta(days=3) if status == DeliverableStatus.PUBLISHED else None,
    )


@pytest.fixture
def ana(campaign, personas):
    return deliverable(campaign, personas, "Ana", "https://www.instagram.com/reel/CxAna1/")


@pytest.fixture
def marcus(campaign, personas):
    return deliverable(campaign, personas, "Marcus", "https://tiktok.example/@marcus/video/42")


def run(campaign, personas, data):
    return results_import_csv(campaign=campaign, data=data, actor=personas.member, now=NOW)


def result(of):
    return DeliverableResult.objects.get(deliverable=of)


def test_a_good_file_saves_every_row(campaign, personas, ana, marcus):
    # Saved by a spreadsheet as "CSV UTF-8": with a byte-order mark before the header.
    data = (
        "\ufeffPublished URL,Likes,Comments,Shares,Saves,Views,Clicks,Conversions,"
        "Positive,Neutral,Negative\n"
        'https://instagram.com/reel/CxAna1?igsh=abc,1.2K,85,30,12,"45,100",310,14,60,20,5\n'
        "https://tiktok.example/@marcus/video/42,980,40,8,2,3.4M,0,0,30,8,2\n"
    ).encode()

    report = run(campaign, personas, data)

    assert report.errors == [] and (report.created, report.updated) == (2, 0)
    first = result(ana)
    assert (first.likes, first.comments, first.shares, first.saves) == (1200, 85, 30, 12)
    assert (first.views, first.clicks, first.conversions) == (45_100, 310, 14)
    assert (first.positive_comments, first.neutral_comments, first.negative_comments) == (
        60,
        20,
        5,
    )
    assert first.source == ResultSource.CSV and first.measured_at == NOW
    assert result(marcus).views == 3_400_000


def test_rows_are_found_by_deliverable_id(campaign, personas, ana):
    report = run(campaign, personas, f"Deliverable ID,likes\n{ana.public_id},77\n")

    assert report.errors == [] and result(ana).likes == 77


def test_bad_rows_are_reported_by_line_and_good_rows_are_saved(campaign, personas, ana, marcus, db):
    planned = deliverable(campaign, personas, "Lina", "", status=DeliverableStatus.APPROVED)
    elsewhere = Campaign.objects.create(
        workspace=personas.workspace, brand=campaign.brand, name="Autumn"
    )
    stranger = deliverable(elsewhere, personas, "Omar", "https://instagram.com/reel/Omar")
    data = (
        "id,url,likes,views\n"
        f",https://instagram.com/reel/CxAna1,100,2000\n"
        f",https://instagram.com/reel/nobody,5,5\n"
        f"{marcus.public_id},,12,many\n"
        f"{planned.public_id},,3,3\n"
        f"{stranger.public_id},,3,3\n"
        f"not-an-id,,3,3\n"
        f",https://tiktok.example/@marcus/video/42,-4,10\n"
        f",,1,1\n"
        f",https://tiktok.example/@marcus/video/42,,\n"
    )

    report = run(campaign, personas, data)

    assert report.errors == [
        "line 3: no published deliverable of this campaign has this URL",
        "line 4: views “many” is not a whole number",
        "line 5: “Lina's reel” is not published yet",
        "line 6: no deliverable of this campaign has this id",
        "line 7: “not-an-id” is not a deliverable id",
        "line 8: likes “-4” cannot be negative",
        "line 9: no deliverable id or URL",
        "line 10: no metrics in this row",
    ]
    assert report.created == 1 and result(ana).likes == 100
    # Marcus' rows were all bad: nothing of them is saved, not even the good cells.
    assert not DeliverableResult.objects.filter(deliverable=marcus).exists()
    assert not DeliverableResult.objects.filter(deliverable=stranger).exists()


def test_a_latin_1_file_with_semicolons_and_european_numbers(campaign, personas, ana, marcus):
    data = (
        "Published URL;Likes;Views;Comments;Remarque\n"
        "https://instagram.com/reel/CxAna1;1.234;2,5K;12;très bien\n"
        "https://tiktok.example/@marcus/video/42;980;12 500;3;déçu\n"
    ).encode("latin-1")

    report = run(campaign, personas, data)

    assert report.errors == []
    assert report.ignored_columns == ["Remarque"]
    assert (result(ana).likes, result(ana).views, result(ana).comments) == (1234, 2500, 12)
    assert (result(marcus).likes, result(marcus).views) == (980, 12_500)


def test_a_latin_1_header_is_read(campaign, personas, ana):
    data = "URL;likes;Qualité\nhttps://instagram.com/reel/CxAna1;7;élevée\n".encode("latin-1")

    report = run(campaign, personas, data)

    assert report.errors == [] and report.ignored_columns == ["Qualité"]
    assert result(ana).likes == 7


def test_importing_again_updates_rather_than_duplicates(campaign, personas, ana):
    run(campaign, personas, "url,likes,views\nhttps://instagram.com/reel/CxAna1,100,2000\n")

    report = run(campaign, personas, "url,likes\nhttps://instagram.com/reel/CxAna1,150\n")

    assert (report.created, report.updated) == (0, 1)
    assert DeliverableResult.objects.filter(deliverable=ana).count() == 1
    # A column the second file did not have keeps its value.
    assert (result(ana).likes, result(ana).views) == (150, 2000)


def test_a_second_row_for_the_same_post_updates_the_first(campaign, personas, ana):
    report = run(
        campaign,
        personas,
        "url,likes\nhttps://instagram.com/reel/CxAna1,10\nhttps://instagram.com/reel/CxAna1,12\n",
    )

    assert (report.created, report.updated) == (1, 1)
    assert result(ana).likes == 12


def test_a_file_without_a_way_to_find_deliverables_is_refused(campaign, personas):
    with pytest.raises(RuleError) as caught:
        run(campaign, personas, "name,likes\nAna,3\n")

    assert caught.value.message == (
        "The file needs a column with the deliverable id or the published URL."
    )


def test_a_file_without_metrics_is_refused(campaign, personas):
    with pytest.raises(RuleError) as caught:
        run(campaign, personas, "url,notes\nhttps://instagram.com/reel/CxAna1,good\n")

    assert caught.value.message.startswith("The file has no metric columns")


def test_an_empty_file_is_refused(campaign, personas):
    with pytest.raises(RuleError) as caught:
        run(campaign, personas, b"")

    assert caught.value.message == "The file is empty."


@pytest.mark.parametrize(
    ("raw", "count"),
    [
        ("1200", 1200),
        ("1.2K", 1200),
        ("1,2k", 1200),
        ("3.4M", 3_400_000),
        ("12,345", 12_345),
        ("12.345", 12_345),
        ("1 234 567", 1_234_567),
        ("1\u00a0234", 1234),
        ("", None),
        ("-", None),
    ],
)
def test_counts_are_read_as_people_write_them(raw, count):
    assert parse_count(raw) == count


@pytest.mark.parametrize("raw", ["12.5", "1,23", "abc", "-3", "1.2.3K"])
def test_what_is_not_a_count_is_refused(raw):
    with pytest.raises(ValueError):
        parse_count(raw)
