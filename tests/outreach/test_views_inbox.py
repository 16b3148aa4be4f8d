"""The inbox: email that found no pitch and no influencer, read by anyone in the workspace and
attached, created from, discarded or put back by members."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts.models import Direction, Influencer, InfluencerEmail, Interaction, InteractionKind
from contacts.services import influencer_create
from outreach.models import InboundAttachment, InboundMessage, InboundStatus
from tests.outreach.inbound_mail import gmail_reply, message_with_attachments, raw_message
from tests.outreach.views_support import HX, NOW, frozen, ingest, media, url  # noqa: F401

pytestmark = pytest.mark.usefixtures("frozen", "media")

BO = {"from_address": "bo@lind.example", "from_name": "Bo Lind", "in_reply_to": None}


def stray(personas, index: int = 0, **values) -> InboundMessage:
    """A message from someone nobody knows yet: it lands in the inbox."""
    fields = {
        **BO,
        "message_id": f"<stray-{index}@lind.example>",
        "subject": f"Collab idea {index}",
        "text": f"Hi, I run a trail blog and would love to work with you ({index}).",
        "date": NOW - timedelta(hours=index + 1),
    }
    fields.update(values)
    message = ingest(personas, gmail_reply(**fields), now=NOW - timedelta(minutes=index))
    assert message.status == InboundStatus.UNMATCHED
    return message


HX_PANEL = {**HX, "HTTP_HX_TARGET": "inbox-message"}
HX_LIST = {**HX, "HTTP_HX_TARGET": "inbox-list"}
HX_CHOICES = {**HX, "HTTP_HX_TARGET": "influencer-choices"}


# --- reading ---------------------------------------------------------------------------------


def test_the_inbox_lists_unmatched_mail_newest_first_with_why(client, personas):
    older = stray(personas, 2, subject="An older idea")
    newer = stray(personas, 1, subject="A newer idea")
    client.force_login(personas.viewer)

    response = client.get(url("inbox"))

    page = response.content.decode()
    assert response.status_code == 200
    assert page.index(newer.subject) < page.index(older.subject)
    assert "Bo Lind" in page and "bo@lind.example" in page
    assert "I run a trail blog" in page  # the snippet
    assert "Message from them" in page  # its kind
    assert "No influencer uses bo@lind.example." in page  # why it is here
    assert 'Unmatched <span class="count">2</span>' in page
    assert 'Discarded <span class="count">0</span>' in page


def test_htmx_gets_the_list_alone(client, personas):
    stray(personas)
    client.force_login(personas.viewer)

    page = client.get(url("inbox") + "?tab=discarded", **HX).content.decode()

    assert 'id="inbox-list"' in page and "<html" not in page
    assert "Nothing was discarded." in page


def test_the_message_page_shows_headers_escaped_text_and_folded_history(client, personas):
    raw = gmail_reply(
        **BO,
        cc=("press@lind.example",),
        subject="Our <b>collab</b>",
        text="I love <script>alert(1)</script> your shoes.",
        quoted_text="The pitch we sent, quoted back.",
        date=NOW - timedelta(hours=2),
    )
    message = ingest(personas, raw)
    client.force_login(personas.viewer)

    response = client.get(url("inbox-message", message.public_id))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Bo Lind &lt;bo@lind.example&gt;" in page
    assert "press@lind.example" in page
    assert "<dt>To</dt><dd>maya@acme.test</dd>" in page
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Our &lt;b&gt;collab&lt;/b&gt;" in page
    details = page.index("<details")
    assert page.index("Show quoted history") > details
    assert page.index("The pitch we sent, quoted back.") > details


def test_a_viewer_reads_but_cannot_act(client, personas, ana):
    message = stray(personas)
    client.force_login(personas.viewer)

    page = client.get(url("inbox-message", message.public_id)).content.decode()
    listing = client.get(url("inbox")).content.decode()

    assert "Attach to influencer" not in page and "/discard/" not in page
    assert "/discard/" not in listing
    choice = {"influencer": str(ana.public_id)}
    assert client.post(url("inbox-attach", message.public_id), choice).status_code == 403
    assert client.post(url("inbox-discard", message.public_id)).status_code == 403
    assert InboundMessage.objects.get(pk=message.pk).status == InboundStatus.UNMATCHED


def test_an_outsider_gets_404_everywhere(client, personas, ana):
    message = stray(personas)
    client.force_login(personas.outsider)

    assert client.get(url("inbox")).status_code == 404
    assert client.get(url("inbox-message", message.public_id)).status_code == 404
    for name in ("inbox-attach", "inbox-discard", "inbox-restore", "inbound-away"):
        assert client.post(url(name, message.public_id)).status_code == 404
        # Their own workspace does not have it either.
        assert client.post(url(name, message.public_id, workspace="globex")).status_code == 404
    assert (
        client.get(url("inbox-message", message.public_id, workspace="globex")).status_code == 404
    )
    assert InboundMessage.objects.get(pk=message.pk).status == InboundStatus.UNMATCHED


# --- attaching -------------------------------------------------------------------------------


def test_a_member_attaches_a_message_and_it_lands_on_the_timeline(client, personas, ana):
    message = stray(personas)
    stray(personas, 1)
    client.force_login(personas.member)

    response = client.post(
        url("inbox-attach", message.public_id),
        {"action": "attach", "influencer": str(ana.public_id)},
    )

    assert response.status_code == 302
    assert response.url == url("inbox-message", message.public_id)
    message.refresh_from_db()
    assert message.status == InboundStatus.MATCHED and message.influencer == ana
    assert message.handled_by == personas.member
    entry = Interaction.objects.get(influencer=ana, kind=InteractionKind.REPLY)
    assert entry.direction == Direction.INBOUND and entry.summary == message.subject
    page = client.get(response.url).content.decode()
    assert "Attached to Ana Rocha." in page
    timeline = f"/w/acme/influencers/{ana.public_id}/timeline/"
    assert f'href="{timeline}"' in page
    assert message.subject in client.get(timeline).content.decode()
    # One message left: the list, its tab and the navigation say so.
    assert 'Unmatched <span class="count">1</span>' in client.get(url("inbox")).content.decode()
    assert ">1<" in client.get(url("inbox-count")).content.decode()
    # The address is not remembered unless asked.
    assert not InfluencerEmail.objects.filter(email="bo@lind.example").exists()


def test_an_htmx_attach_answers_with_the_message_panel(client, personas, ana):
    message = stray(personas)
    client.force_login(personas.member)

    response = client.post(
        url("inbox-attach", message.public_id),
        {"action": "attach", "influencer": str(ana.public_id)},
        **HX_PANEL,
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="inbox-message"' in page and "<html" not in page
    assert "Attached to Ana Rocha." in page and "Open Ana Rocha" in page
    assert "Attach to influencer" not in page  # on a timeline now: nothing left to decide
    assert response["HX-Trigger"] == "inbox-changed"


def test_remembering_the_address_puts_it_on_their_profile(client, personas, ana):
    message = stray(personas)
    client.force_login(personas.member)

    page = client.get(url("inbox-message", message.public_id)).content.decode()
    assert "Remember bo@lind.example on their profile" in page
    response = client.post(
        url("inbox-attach", message.public_id),
        {"action": "attach", "influencer": str(ana.public_id), "remember_address": "on"},
    )

    assert response.status_code == 302
    assert InfluencerEmail.objects.get(email="bo@lind.example").influencer == ana


def test_creating_an_influencer_from_a_message(client, personas):
    message = stray(personas)
    client.force_login(personas.member)

    page = client.get(url("inbox-message", message.public_id)).content.decode()
    assert (
        'name="new_influencer_name" id="new-influencer-name" maxlength="200" value="Bo Lind"'
        in page
    )
    response = client.post(
        url("inbox-attach", message.public_id),
        {"action": "create", "new_influencer_name": "Bo Lind"},
    )

    assert response.status_code == 302
    bo = Influencer.objects.get(name="Bo Lind")
    assert [row.email for row in bo.emails.all()] == ["bo@lind.example"]
    message.refresh_from_db()
    assert message.status == InboundStatus.MATCHED and message.influencer == bo
    assert Interaction.objects.filter(influencer=bo, kind=InteractionKind.REPLY).exists()
    assert "Bo Lind was created from this message." in client.get(response.url).content.decode()


def test_attaching_without_a_choice_says_so_and_keeps_what_was_typed(client, personas, ana):
    message = stray(personas)
    client.force_login(personas.member)

    response = client.post(
        url("inbox-attach", message.public_id),
        {"action": "attach", "q": "Ana", "remember_address": "on"},
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "Choose an influencer, or a name to create one." in page
    assert 'id="attach-q" value="Ana"' in page  # the search stays
    assert f'value="{ana.public_id}"' in page  # and its results
    assert 'id="remember-address" value="on" checked' in page
    assert InboundMessage.objects.get(pk=message.pk).status == InboundStatus.UNMATCHED


def test_creating_without_a_name_says_so_on_the_name(client, personas):
    message = stray(personas)
    client.force_login(personas.member)

    response = client.post(
        url("inbox-attach", message.public_id),
        {"action": "create", "new_influencer_name": "  "},
        **HX_PANEL,
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="inbox-message"' in page and "<html" not in page
    name_field = page.index('id="new-influencer-name"')
    assert page.index("Choose an influencer, or a name to create one.") > name_field
    assert not Influencer.objects.filter(name="Bo Lind").exists()


def test_an_influencer_of_another_workspace_cannot_be_chosen(client, personas):
    message = stray(personas)
    theirs = influencer_create(
        workspace=personas.other_workspace, actor=personas.outsider, name="Ana Elsewhere"
    )
    client.force_login(personas.member)

    response = client.post(
        url("inbox-attach", message.public_id),
        {"action": "attach", "influencer": str(theirs.public_id)},
    )

    assert response.status_code == 400
    assert "Choose an influencer of this workspace." in response.content.decode()
    assert InboundMessage.objects.get(pk=message.pk).status == InboundStatus.UNMATCHED


def test_remembering_an_address_someone_else_has_is_refused_whole(client, personas, ana):
    message = stray(personas)
    influencer_create(
        workspace=personas.workspace,
        actor=personas.member,
        name="Bo Lind",
        emails=["bo@lind.example"],
    )
    client.force_login(personas.member)

    response = client.post(
        url("inbox-attach", message.public_id),
        {"action": "attach", "influencer": str(ana.public_id), "remember_address": "on"},
    )

    assert response.status_code == 400
    assert "bo@lind.example belongs to Bo Lind already." in response.content.decode()
    assert InboundMessage.objects.get(pk=message.pk).status == InboundStatus.UNMATCHED
    assert not Interaction.objects.filter(influencer=ana, kind=InteractionKind.REPLY).exists()


def test_the_search_suggests_influencers_with_and_without_htmx(client, personas, ana):
    message = stray(personas)
    client.force_login(personas.member)

    suggestions = client.get(url("inbox-message", message.public_id) + "?q=Ana", **HX_CHOICES)
    plain = client.get(url("inbox-message", message.public_id) + "?q=Ana")

    fragment = suggestions.content.decode()
    assert fragment.lstrip().startswith('<fieldset id="influencer-choices"')
    assert f'value="{ana.public_id}"' in fragment and "ana@trails.example" in fragment
    assert "<html" not in fragment
    assert f'value="{ana.public_id}"' in plain.content.decode()
    nobody = client.get(url("inbox-message", message.public_id) + "?q=Zed", **HX_CHOICES)
    assert "Nobody matches “Zed”" in nobody.content.decode()


# --- discarding ------------------------------------------------------------------------------


def test_discard_and_put_back(client, personas):
    message = stray(personas)
    client.force_login(personas.member)

    discarded = client.post(url("inbox-discard", message.public_id))

    assert discarded.status_code == 302 and discarded.url == url("inbox")
    assert InboundMessage.objects.get(pk=message.pk).status == InboundStatus.DISCARDED
    unmatched = client.get(url("inbox")).content.decode()
    assert "Collab idea 0" not in unmatched.split('id="inbox-list"')[1]
    assert "it is kept under Discarded" in unmatched
    tab = client.get(url("inbox") + "?tab=discarded").content.decode()
    assert "Collab idea 0" in tab and "Put back" in tab and "Discarded by Member Person" in tab

    restored = client.post(url("inbox-restore", message.public_id))

    assert restored.status_code == 302 and restored.url == url("inbox-message", message.public_id)
    assert InboundMessage.objects.get(pk=message.pk).status == InboundStatus.UNMATCHED
    assert "Put back in the Unmatched inbox." in client.get(restored.url).content.decode()


def test_htmx_discard_from_the_list_redraws_the_list(client, personas):
    message = stray(personas)
    stray(personas, 1, subject="Keep me")
    client.force_login(personas.member)

    response = client.post(
        url("inbox-discard", message.public_id), {"tab": "unmatched", "page": "1"}, **HX_LIST
    )

    page = response.content.decode()
    assert response.status_code == 200 and response["HX-Trigger"] == "inbox-changed"
    assert page.lstrip().startswith('<section id="inbox-list"')
    assert "Keep me" in page and "Collab idea 0" not in page.split("</nav>", 1)[1]
    assert 'Discarded <span class="count">1</span>' in page


def test_htmx_put_back_on_the_message_redraws_the_message(client, personas):
    message = stray(personas)
    client.force_login(personas.member)
    client.post(url("inbox-discard", message.public_id))

    response = client.post(url("inbox-restore", message.public_id), **HX_PANEL)

    page = response.content.decode()
    assert response.status_code == 200 and 'id="inbox-message"' in page
    assert ">Discard<" in page and "Put back in the Unmatched inbox." in page


def test_putting_back_a_message_that_was_not_discarded_is_refused(client, personas):
    message = stray(personas)
    client.force_login(personas.member)

    response = client.post(url("inbox-restore", message.public_id))

    assert response.status_code == 400
    assert "Only discarded messages can be put back." in response.content.decode()


# --- files -----------------------------------------------------------------------------------


def test_kept_files_download_after_the_workspace_check_and_others_have_no_link(client, personas):
    message = ingest(personas, message_with_attachments(**BO))
    kept = InboundAttachment.objects.get(message=message, name="media-kit.pdf")
    refused = InboundAttachment.objects.get(message=message, name="invoice.exe")
    assert kept.file and not refused.file
    client.force_login(personas.viewer)

    page = client.get(url("inbox-message", message.public_id)).content.decode()
    download = client.get(url("inbox-attachment", kept.public_id))

    assert url("inbox-attachment", kept.public_id) in page
    assert url("inbox-attachment", refused.public_id) not in page
    assert "invoice.exe" in page and refused.not_kept_reason in page
    assert "application/pdf" in page
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="media-kit.pdf"'
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download.content.startswith(b"%PDF-1.4")
    assert client.get(url("inbox-attachment", refused.public_id)).status_code == 404
    client.force_login(personas.outsider)
    assert client.get(url("inbox-attachment", kept.public_id)).status_code == 404
    assert (
        client.get(url("inbox-attachment", kept.public_id, workspace="globex")).status_code == 404
    )


# --- navigation and query counts ---------------------------------------------------------------


def test_the_navigation_links_the_inbox_and_loads_its_count(client, personas):
    client.force_login(personas.viewer)

    home = client.get(url("index")).content.decode()
    assert f'href="{url("inbox")}"' in home
    assert f'hx-get="{url("inbox-count")}"' in home
    assert 'class="count nav-count"' not in client.get(url("inbox-count")).content.decode()

    stray(personas)
    stray(personas, 1)

    count = client.get(url("inbox-count"), **HX).content.decode()
    assert '<span class="count nav-count">2<' in count


def _inbox_queries(client, personas, count: int) -> tuple[int, int, str]:
    InboundMessage.objects.all().delete()
    for index in range(count):
        raw = message_with_attachments(
            **BO,
            message_id=f"<many-{count}-{index}@lind.example>",
            subject=f"Idea {index}",
            date=NOW - timedelta(hours=index + 1),
        )
        ingest(personas, raw, now=NOW - timedelta(minutes=index))
    client.force_login(personas.member)
    with CaptureQueriesContext(connection) as listing:
        response = client.get(url("inbox"))
        assert response.status_code == 200
    first = InboundMessage.objects.order_by("received_at").first()
    with CaptureQueriesContext(connection) as detail:
        assert client.get(url("inbox-message", first.public_id) + "?q=Ana").status_code == 200
    return len(listing), len(detail), response.content.decode()


def test_the_inbox_takes_the_same_queries_for_3_and_30_messages(client, personas, ana):
    few, few_detail, _ = _inbox_queries(client, personas, 3)
    many, many_detail, page = _inbox_queries(client, personas, 30)

    assert few == many
    assert few_detail == many_detail
    assert page.count('class="inbox-row"') == 25
    assert "Page 1 of 2" in page
    second = client.get(url("inbox") + "?page=2").content.decode()
    assert second.count('class="inbox-row"') == 5


def test_a_message_with_no_text_reads_as_such(client, personas):
    raw = raw_message(
        [
            ("From", "Bo Lind <bo@lind.example>"),
            ("To", personas.workspace.reply_to_address),
            ("Subject", "Empty"),
            ("Message-ID", "<empty@lind.example>"),
            ("Date", "Tue, 17 Nov 2026 10:00:00 +0000"),
        ],
        "",
    )
    message = ingest(personas, raw)
    client.force_login(personas.viewer)

    page = client.get(url("inbox-message", message.public_id)).content.decode()

    assert "(no text)" in page


def test_a_message_on_a_timeline_already_cannot_be_attached_again(client, personas, ana):
    message = stray(personas)
    bo = influencer_create(workspace=personas.workspace, actor=personas.member, name="Bo Lind")
    client.force_login(personas.member)
    client.post(url("inbox-attach", message.public_id), {"influencer": str(ana.public_id)})

    # A second tab still showed the form.
    response = client.post(
        url("inbox-attach", message.public_id), {"influencer": str(bo.public_id)}, **HX_PANEL
    )

    assert response.status_code == 400
    assert "This message is on a timeline already." in response.content.decode()
    assert InboundMessage.objects.get(pk=message.pk).influencer == ana
