"""Picking people for the demo campaigns' stories (campaigns/demo/people.py): the first free
person whom the contact guard lets through at the moment of their invitation, and their
personal invitation's words."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from campaigns.demo.base import Demo
from campaigns.models import Campaign
from contacts.models import Channel, Influencer
from irm.models import User
from outreach.selectors import pitch_verdict


def first_name(influencer: Influencer) -> str:
    return (influencer.name.split() or [influencer.name])[0]


def topics(influencer: Influencer) -> list[str]:
    return [topic.name for topic in influencer.topics.order_by("name")[:1]]


def local_ten(influencer: Influencer, day: date) -> datetime:
    """10:00 on that day in their time zone, moved back to Friday from a weekend."""
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return datetime.combine(day, time(10, 0), tzinfo=ZoneInfo(influencer.time_zone or "UTC"))


def invitation_body(influencer: Influencer, campaign: Campaign, author: User) -> str:
    topic = (topics(influencer) or ["your work"])[0].lower()
    # The first part of what the brand stands for: "gear made to last and to be mended".
    stands_for = campaign.brand.values.split(":")[0].rstrip(".").lower()
    return (
        f"Hi {first_name(influencer)},\n\nWhat you share about {topic} is exactly the spirit "
        f"of {campaign.brand.name}: {stands_for}. We are "
        f"planning “{campaign.name}” and would love to shape it with you, on your terms and "
        f"at a fair fee.\n\nCould we talk about it? If it is not for you, just say so.\n\n"
        f"{author.name or author.email}"
    )


def may_invite(influencer: Influencer, campaign: Campaign, moment: datetime) -> bool:
    """Would the guard let their invitation go at `moment`, as it stands then?"""
    verdict = pitch_verdict(
        now=moment,
        influencer=influencer,
        channel=Channel.EMAIL,
        topics=topics(influencer),
        body=invitation_body(influencer, campaign, campaign.owner),
    )
    return verdict.allowed and verdict.held_until is None


def pick_free(demo: Demo, campaign: Campaign, invite_days_ago: int | None):
    """The first free person whom the guard lets through at the invitation's moment (anyone
    free, for someone only shortlisted). Returns them and the moment."""
    for influencer in demo.people:
        if invite_days_ago is None:
            demo.people.remove(influencer)
            return influencer, None
        moment = local_ten(influencer, demo.day(invite_days_ago))
        if moment < demo.now and may_invite(influencer, campaign, moment):
            demo.people.remove(influencer)
            return influencer, moment
    return None, None
