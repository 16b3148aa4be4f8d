"""Shared by the privacy tests (export, notice, retention): a person with something in every
section Rapport holds, made through the real services."""

import io
import json
import zipfile
from datetime import UTC, date, datetime, timedelta

from campaigns.services.delivery import payment_schedule
from campaigns.services.offers import offer_create
from campaigns.services.pipeline import brand_create, campaign_create, collaboration_shortlist
from contacts.models import Channel, Direction, InteractionKind, Sentiment
from contacts.services.channels import channel_permission_set
from contacts.services.profiles import influencer_create, social_account_save
from contacts.services.timeline import commitment_open, interaction_record
from outreach.compose import pitch_draft_save
from outreach.inbound.ingest import inbound_ingest
from outreach.services import pitch_send
from tests.outreach.inbound_mail import gmail_reply

# Wednesday 18 Nov 2026, 10:00 UTC: working hours for a person in UTC.
NOW = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)


def ana_with_everything(personas, *, size: int = 1, now: datetime = NOW):
    """Ana Rocha with `size` of each kind of record: accounts (and a measurement each), open
    channels, timeline entries, commitments, pitch drafts, replies, offers and payments, and
    one pitch sent by email."""
    ana = influencer_create(
        workspace=personas.workspace,
        actor=personas.member,
        name="Ana Rocha",
        emails=["ana@trails.example"],
        topics=["Trail running"],
        time_zone="UTC",
        bio='=HYPERLINK("http://evil.example")',
        now=now - timedelta(days=400),
    )
    channel_permission_set(
        influencer=ana,
        channel=Channel.EMAIL,
        is_open=True,
        evidence="Business email on her profile",
        actor=personas.member,
        now=now - timedelta(days=400),
    )
    platforms = ["instagram", "tiktok", "youtube", "blog", "podcast"]
    for index in range(size):
        social_account_save(
            influencer=ana,
            platform=platforms[index],
            handle=f"ana.{index}",
            followers=1000 + index,
            now=now - timedelta(days=index),
        )
        interaction_record(
            influencer=ana,
            kind=InteractionKind.CALL,
            direction=Direction.OUTBOUND,
            channel=Channel.PHONE,
            summary=f"Call number {index}",
            body=f"We talked about trail shoes, part {index}.",
            sentiment=Sentiment.POSITIVE,
            author=personas.member,
            occurred_at=now - timedelta(days=300 + index),
            now=now,
        )
        commitment_open(
            influencer=ana,
            kind="other",
            description=f"Send the photos, batch {index}",
            due_at=now + timedelta(days=3),
            now=now,
        )
        pitch_draft_save(
            influencer=ana,
            author=personas.member,
            channel="email",
            subject=f"Idea {index}",
            body=f"Hi Ana, idea number {index} about the Lavaredo ultra.",
            topics=["Trail running"],
            now=now,
        )
    pitch = pitch_draft_save(
        influencer=ana,
        author=personas.member,
        channel="email",
        subject="Shoes for Lavaredo",
        body="Hi Ana, your write-up of the Lavaredo ultra was wonderful; would you test ours?",
        topics=["Trail running"],
        now=now - timedelta(days=196),
    )
    pitch = pitch_send(
        pitch=pitch, actor=personas.member, actor_role="member", now=now - timedelta(days=196)
    )
    for index in range(size):
        inbound_ingest(
            raw=gmail_reply(
                message_id=f"<reply-{index}@mail.gmail.com>",
                in_reply_to=pitch.message_id,
                text=f"Hi Maya,\n\nYes please, reply {index}.\n\nAna",
                date=(now - timedelta(days=195 - index)),
            ),
            envelope_recipients=(personas.workspace.reply_to_address,),
            now=now - timedelta(days=195 - index),
        )
    brand = brand_create(
        workspace=personas.workspace, actor=personas.manager, name=f"Trailhead {size}"
    )
    campaign = campaign_create(
        workspace=personas.workspace,
        actor=personas.manager,
        brand=brand,
        name="Spring trails",
        starts_on=date(2026, 12, 1),
        ends_on=date(2027, 3, 31),
        budget=10000,
        currency="eur",
        owner=personas.manager,
        now=now,
    )
    collaboration = collaboration_shortlist(
        campaign=campaign, influencer=ana, actor=personas.manager, now=now
    )
    for index in range(size):
        offer_create(
            collaboration=collaboration,
            actor=personas.manager,
            fee=500 + index,
            currency="EUR",
            items=[("instagram_reel", 1 + index)],
            now=now,
        )
        payment_schedule(
            collaboration=collaboration,
            amount=500 + index,
            currency="EUR",
            due_on=date(2026, 12, 10 + index),
            actor=personas.manager,
            now=now,
        )
    ana.refresh_from_db()
    return ana


def unzip(content: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name).decode() for name in archive.namelist()}


def person_json(content: bytes) -> dict:
    return json.loads(unzip(content)["person.json"])
