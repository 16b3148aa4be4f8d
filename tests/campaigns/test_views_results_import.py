"""Importing a campaign's results from a CSV file through its page: the report of what was
created and updated and each line left out, a file it cannot read refused on the form, who may
look and who may import, and the htmx variant."""

from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns.models import DeliverableResult, ResultSource
from campaigns.services.deliverables import (
    deliverable_add,
    deliverable_approve,
    deliverable_publish,
    deliverable_submit_draft,
)
from campaigns.services.pipeline import collaboration_shortlist
from tests.campaigns.conftest import NOW

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def reel(campaign, ana, personas):
    collaboration = collaboration_shortlist(
        campaign=campaign, influencer=ana, actor=personas.member, now=NOW
    )
    deliverable = deliverable_add(
        collaboration=collaboration, kind="instagram_reel", actor=personas.member, now=NOW
    )
    deliverable_submit_draft(
        deliverable=deliverable, draft_url="https://drive.example/d", actor=None, now=NOW
    )
    deliverable_approve(deliverable=deliverable, actor=personas.member, now=NOW)
    return deliverable_publish(
        deliverable=deliverable,
        published_url="https://www.instagram.example/p/ana-reel/",
        published_at=NOW - timedelta(hours=2),
        actor=personas.member,
        now=NOW,
    )


def import_url(campaign):
    return reverse("campaigns:results-import", args=["acme", campaign.public_id])


def csv_file(text: str, name="results.csv"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def test_a_member_imports_results_and_sees_what_happened_line_by_line(
    client, personas, campaign, reel
):
    client.force_login(personas.member)
    text = (
        "url,likes,views,comments\n"
        "https://instagram.example/p/ana-reel,1.2k,40000,35\n"
        "https://instagram.example/p/nobody,10,100,1\n"
        "https://instagram.example/p/ana-reel,lots,40000,35\n"
    )

    response = client.post(import_url(campaign), {"file": csv_file(text)})

    body = response.content.decode()
    assert response.status_code == 200
    assert "1 result created, 0 updated, 2 lines left out." in body
    assert "line 3:" in body and "line 4:" in body
    result = DeliverableResult.objects.get(deliverable=reel)
    assert (result.likes, result.views, result.source) == (1200, 40000, ResultSource.CSV)


def test_importing_again_updates_the_results(client, personas, campaign, reel):
    client.force_login(personas.member)
    text = f"deliverable,likes\n{reel.public_id},10\n"
    client.post(import_url(campaign), {"file": csv_file(text)})

    response = client.post(
        import_url(campaign),
        {"file": csv_file(f"deliverable,likes\n{reel.public_id},25\n")},
        headers=HTMX,
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="import-body"' in body and "<html" not in body
    assert "0 results created, 1 updated." in body
    assert DeliverableResult.objects.get(deliverable=reel).likes == 25


def test_a_file_without_an_id_or_url_column_is_refused_on_the_form(
    client, personas, campaign, reel
):
    client.force_login(personas.member)

    response = client.post(import_url(campaign), {"file": csv_file("likes,views\n3,4\n")})

    body = response.content.decode()
    assert response.status_code == 400
    assert "The file needs a column with the deliverable id or the published URL." in body
    assert not DeliverableResult.objects.exists()


def test_an_import_without_a_file_is_refused(client, personas, campaign):
    client.force_login(personas.member)

    response = client.post(import_url(campaign), {}, headers=HTMX)

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


def test_a_viewer_sees_the_page_without_the_form_and_may_not_import(
    client, personas, campaign, reel
):
    client.force_login(personas.viewer)

    page = client.get(import_url(campaign))
    post = client.post(
        import_url(campaign), {"file": csv_file(f"deliverable,likes\n{reel.public_id},10\n")}
    )

    assert page.status_code == 200 and 'type="file"' not in page.content.decode()
    assert post.status_code == 403
    assert not DeliverableResult.objects.exists()


def test_another_workspace_cannot_import(client, personas, campaign, reel):
    client.force_login(personas.outsider)

    response = client.post(
        import_url(campaign), {"file": csv_file(f"deliverable,likes\n{reel.public_id},10\n")}
    )

    assert response.status_code == 404
    assert not DeliverableResult.objects.exists()
