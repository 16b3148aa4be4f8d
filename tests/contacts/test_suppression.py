"""Suppression: an erased person who comes back (added by hand, by the API, in an import, or by
email) is flagged do-not-contact "erased on <date>" with a minimal profile, and people are told."""

from datetime import UTC, date, datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from contacts.models import Influencer, Suppression
from contacts.services import imports, influencer_create
from contacts.services.erasure import influencer_erase
from contacts.services.profiles import influencer_flag_if_erased
from contacts.services.suppression import suppression_match
from outreach.models import InboundStatus
from outreach.services.inbound import inbound_ingest
from outreach.services.inbox import inbound_attach
from tests.contacts.api_client import api_url, client_for
from tests.outreach.inbound_mail import gmail_reply

NOW = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def erased(personas):
    """Zoë, erased on 18 November 2026."""
    zoe = influencer_create(
        workspace=personas.workspace,
        actor=personas.member,
        name="Zoë Marlowe",
        emails=["zoe@marlowe.test"],
        accounts=[{"platform": "instagram", "handle": "zoe.marlowe"}],
        now=NOW,
    )
    influencer_erase(workspace=personas.workspace, influencer=zoe, actor=personas.admin, now=NOW)
    return zoe


def test_adding_them_again_flags_a_minimal_do_not_contact_profile(personas, erased):
    again = influencer_create(
        workspace=personas.workspace,
        actor=personas.member,
        name="Zoe M.",
        emails=[" ZOE@Marlowe.test "],
        topics=["Sea swimming"],
        bio="Swims in the sea.",
    )

    assert again.erased_on == date(2026, 11, 18)
    assert again.do_not_contact and again.do_not_contact_reason == "erased on 2026-11-18"
    assert again.bio == "" and not again.topics.exists()
    assert list(again.emails.values_list("email", flat=True)) == ["zoe@marlowe.test"]


def test_the_erasure_date_is_the_workspace_s_calendar_day(personas):
    """23:30 in London is already the next morning in Tokyo: a Tokyo workspace reads that day."""
    personas.workspace.time_zone = "Asia/Tokyo"
    personas.workspace.save(update_fields=["time_zone"])
    late = datetime(2026, 11, 18, 23, 30, tzinfo=UTC)
    kai = influencer_create(
        workspace=personas.workspace, actor=personas.member, name="Kai", emails=["kai@ex.test"]
    )
    influencer_erase(workspace=personas.workspace, influencer=kai, actor=personas.admin, now=late)

    kai.refresh_from_db()
    assert kai.do_not_contact_reason == "erased on 2026-11-19"
    assert suppression_match(workspace=personas.workspace, emails=["kai@ex.test"]) == date(
        2026, 11, 19
    )


def test_a_handle_matches_on_its_own_platform_only(personas, erased):
    same = influencer_create(
        workspace=personas.workspace,
        actor=personas.member,
        name="Z",
        accounts=[{"platform": "instagram", "handle": "@Zoe.Marlowe"}],
    )
    elsewhere = influencer_create(
        workspace=personas.workspace,
        actor=personas.member,
        name="Another Zoe",
        accounts=[{"platform": "tiktok", "handle": "zoe.marlowe"}],
    )

    assert same.do_not_contact and same.erased_on == date(2026, 11, 18)
    assert not elsewhere.do_not_contact and elsewhere.erased_on is None


def test_digests_do_not_match_across_workspaces(personas, erased):
    assert suppression_match(workspace=personas.workspace, emails=["zoe@marlowe.test"])
    assert (
        suppression_match(workspace=personas.other_workspace, emails=["zoe@marlowe.test"]) is None
    )
    digest = Suppression.objects.filter(kind="email").get().digest
    assert "zoe" not in digest


def test_a_workspace_that_never_erased_anyone_asks_once(personas, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert suppression_match(workspace=personas.workspace, emails=["a@b.test"]) is None


def test_the_page_says_they_were_erased(client, personas, erased):
    client.force_login(personas.member)

    response = client.post(
        reverse("contacts:influencer-create", args=["acme"]),
        {
            "name": "Zoë Again",
            "email": "zoe@marlowe.test",
            "owner": str(personas.member.public_id),
            "stage": "prospect",
            "time_zone": "UTC",
        },
        follow=True,
    )

    page = response.content.decode()
    assert "was added as do-not-contact" in page
    assert "belongs to a person erased on 18 November 2026" in page
    assert Influencer.objects.get(name="Zoë Again").do_not_contact


def test_the_api_answers_with_the_flag(personas, erased):
    response = client_for(personas.member).post(
        api_url("influencer-list"),
        {"name": "Zoë", "emails": ["zoe@marlowe.test"], "bio": "Kept?"},
        format="json",
    )

    assert response.status_code == 201
    body = response.json()
    assert body["do_not_contact"] is True
    assert body["do_not_contact_reason"] == "erased on 2026-11-18"
    assert body["bio"] == ""


def test_an_import_row_with_their_address_comes_in_flagged(client, personas, erased):
    job = imports.import_job_upload(
        workspace=personas.workspace,
        actor=personas.member,
        file=ContentFile(
            b"name,email,bio\nZoe Marlowe,zoe@marlowe.test,Long bio\nBo,bo@x.test,Hi\n",
            name="people.csv",
        ),
        now=NOW,
    )
    job = imports.import_job_map(job=job, mapping={})
    imports.import_job_queue(job=job)
    job = imports.import_job_run(job_id=job.pk, now=NOW)

    zoe = Influencer.objects.get(name="Zoe Marlowe", erased_at__isnull=True)
    assert zoe.do_not_contact and zoe.do_not_contact_reason == "erased on 2026-11-18"
    assert zoe.bio == ""
    assert not Influencer.objects.get(name="Bo").do_not_contact
    assert job.created_count == 2 and job.preview["result"]["erased_before"] == 1
    client.force_login(personas.member)
    page = client.get(reverse("contacts:import-job", args=["acme", job.public_id]))
    assert "1 of the new influencers were erased before" in page.content.decode()


def test_an_email_from_them_stays_unmatched_with_a_note(personas, erased):
    result = inbound_ingest(
        raw=gmail_reply(
            from_address="zoe@marlowe.test",
            from_name="Zoë Marlowe",
            to=(personas.workspace.reply_to_address,),
            in_reply_to=None,
        ),
        envelope_recipients=(personas.workspace.reply_to_address,),
        now=NOW,
    )

    message = result.message
    assert message.status == InboundStatus.UNMATCHED and message.influencer is None
    assert "belongs to a person erased on 18 November 2026: do not contact them" in message.note


# --- an erased address or handle added to someone already here --------------------------------

HTMX = {"HX-Request": "true"}


@pytest.fixture
def bo(personas):
    return influencer_create(
        workspace=personas.workspace,
        actor=personas.admin,
        name="Bo Lind",
        emails=["bo@lind.test"],
        now=NOW,
    )


def edit_url(influencer, section: str) -> str:
    return reverse("contacts:influencer-edit", args=["acme", influencer.public_id, section])


def flagged(influencer) -> tuple[bool, str]:
    influencer.refresh_from_db()
    return influencer.do_not_contact, influencer.do_not_contact_reason


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_their_address_added_on_the_page_flags_the_profile_and_says_so(
    client, personas, erased, bo, headers
):
    client.force_login(personas.member)

    response = client.post(
        edit_url(bo, "emails"),
        {"emails-emails": "bo@lind.test\nZoe@Marlowe.test"},
        headers=headers,
        follow=not headers,
    )

    assert response.status_code == 200
    assert flagged(bo) == (True, "erased on 2026-11-18")
    assert bo.do_not_contact_by == personas.member
    page = response.content.decode()
    assert "Bo Lind is now do-not-contact" in page
    assert "belongs to a person erased on 18 November 2026" in page
    assert ("<html" in page) is not bool(headers)
    if headers:
        assert response["HX-Trigger"] == "profileChanged"  # the timeline shows the flag


def test_their_handle_added_on_the_page_flags_the_profile(client, personas, erased, bo):
    client.force_login(personas.member)

    response = client.post(
        edit_url(bo, "accounts"),
        {"accounts-platform": "instagram", "accounts-handle": "@Zoe.Marlowe"},
        follow=True,
    )

    assert flagged(bo) == (True, "erased on 2026-11-18")
    assert "belongs to a person erased on 18 November 2026" in response.content.decode()


def test_another_address_saves_as_before(client, personas, erased, bo):
    client.force_login(personas.member)

    response = client.post(
        edit_url(bo, "emails"), {"emails-emails": "bo@lind.test\nbo@work.test"}, follow=True
    )

    assert flagged(bo) == (False, "")
    assert "Saved the" in response.content.decode()


def test_the_outsider_and_the_viewer_add_nothing(client, personas, erased, bo):
    for user, status in ((personas.outsider, 404), (personas.viewer, 403)):
        client.force_login(user)
        response = client.post(edit_url(bo, "emails"), {"emails-emails": "zoe@marlowe.test"})
        assert response.status_code == status
    assert flagged(bo) == (False, "")
    assert not bo.emails.filter(email="zoe@marlowe.test").exists()


def test_their_address_added_through_the_api_answers_with_the_flag(personas, erased, bo):
    url = api_url("influencer-detail", public_id=bo.public_id)

    response = client_for(personas.member).patch(
        url, {"emails": ["bo@lind.test", "zoe@marlowe.test"]}, format="json"
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["do_not_contact"] is True
    assert body["do_not_contact_reason"] == "erased on 2026-11-18"
    assert (
        client_for(personas.outsider).patch(url, {"emails": []}, format="json").status_code == 404
    )
    assert client_for(personas.viewer).patch(url, {"emails": []}, format="json").status_code == 403
    assert bo.emails.count() == 2


def test_their_handle_added_through_the_api_flags_the_profile(personas, erased, bo):
    response = client_for(personas.member).post(
        api_url("social-account-list", public_id=bo.public_id),
        {"platform": "instagram", "handle": "zoe.marlowe"},
        format="json",
    )

    assert response.status_code == 201
    assert flagged(bo) == (True, "erased on 2026-11-18")
    read = client_for(personas.viewer).get(api_url("influencer-detail", public_id=bo.public_id))
    assert read.json()["do_not_contact_reason"] == "erased on 2026-11-18"


def test_an_import_row_giving_someone_their_address_flags_them(client, personas, erased, bo):
    job = imports.import_job_upload(
        workspace=personas.workspace,
        actor=personas.member,
        file=ContentFile(b"name,email\nBo Lind,bo@lind.test; zoe@marlowe.test\n", name="p.csv"),
        now=NOW,
    )
    job = imports.import_job_map(job=job, mapping={})
    assert job.preview["updates"] == 1
    imports.import_job_queue(job=job)
    job = imports.import_job_run(job_id=job.pk, now=NOW)

    assert job.updated_count == 1 and job.preview["result"]["erased_updated"] == 1
    assert flagged(bo) == (True, "erased on 2026-11-18")
    client.force_login(personas.member)
    page = client.get(reverse("contacts:import-job", args=["acme", job.public_id]))
    assert "1 of the updated influencers were given an address or handle of a person erased" in (
        page.content.decode()
    )


def test_an_inbox_message_from_them_attached_to_someone_flags_them(personas, erased, bo):
    result = inbound_ingest(
        raw=gmail_reply(
            from_address="zoe@marlowe.test",
            from_name="Zoë Marlowe",
            to=(personas.workspace.reply_to_address,),
            in_reply_to=None,
        ),
        envelope_recipients=(personas.workspace.reply_to_address,),
        now=NOW,
    )

    inbound_attach(
        message=result.message,
        actor=personas.member,
        influencer=bo,
        remember_address=True,
        now=NOW,
    )

    assert flagged(bo) == (True, "erased on 2026-11-18")


def test_an_address_added_in_a_workspace_that_never_erased_anyone_asks_once_more(
    personas, bo, django_assert_num_queries
):
    bo = Influencer.objects.select_related("workspace").get(pk=bo.pk)
    with django_assert_num_queries(1):
        assert (
            influencer_flag_if_erased(influencer=bo, emails=["a@b.test"], actor=personas.member)
            is None
        )
