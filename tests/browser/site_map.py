"""The product's pages and the htmx forms on them, in one list that browser sweeps share.

`seed(personas)` puts one of each thing the pages need in "acme" (Ana Rocha, a campaign with her
collaboration, deliverables in four states, a sent pitch, a reminder, a stray email); each
`Page` builds its address from that `Site`, names who visits it, and lists the htmx forms on it
that take input, each with an invalid value for one field and the message that must appear next
to it. A sweep over pages (every page at laptop and phone widths) reads `PAGES`; the
invalid-input sweep (test_errors_in_place.py) reads `FORMS`; test_site_map.py keeps every
address answering 200.

A new page, or a new htmx form that takes input, is added here.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from campaigns.models import Campaign, Collaboration, Deliverable
from campaigns.services.campaigns import brand_create, campaign_create
from campaigns.services.deliverables import (
    deliverable_add,
    deliverable_approve,
    deliverable_publish,
    deliverable_submit_draft,
)
from campaigns.services.pipeline import collaboration_shortlist
from contacts.models import Influencer, Interaction, InteractionKind
from outreach.models import InboundMessage, Pitch
from outreach.services.inbound import inbound_ingest
from outreach.services.reminder_plans import custom_reminder_create
from tests.access import team_of
from tests.browser.journeys import seed_ana
from tests.factories import ProfileFactory
from tests.outreach.inbound_mail import gmail_reply
from tests.outreach.views_support import sent

# A day no test's clock reaches: a date or time that may not be in the future.
FAR_FUTURE = "2099-01-01"
REQUIRED = "This field is required."
AT_LEAST_ZERO = "Ensure this value is greater than or equal to 0."


@dataclass(frozen=True)
class Site:
    """What the pages are about: the personas' workspace "acme" and one of each record."""

    personas: object
    ana: Influencer
    campaign: Campaign
    collaboration: Collaboration
    planned: Deliverable
    published: Deliverable
    pitch: Pitch
    stray: InboundMessage

    @property
    def slug(self) -> str:
        return self.personas.workspace.slug

    @property
    def pitch_entry(self) -> Interaction:
        """The pitch on Ana's timeline, which its author may edit."""
        return Interaction.objects.get(influencer=self.ana, kind=InteractionKind.PITCH)


@dataclass(frozen=True)
class Form:
    """One htmx form that takes input, and a mistake a person may make on it.

    The form is the `within` element holding the button named `submit`; `open` is the text to
    click first when the form is folded away (a <details> summary, an "Edit" link). `field` is
    the label of the input given `value` (None: a file input left empty), and `error` the
    message expected in the form afterwards (or in the `error_in` element, for a form whose
    answer redraws another part of the page, the campaign board).
    """

    name: str
    field: str | re.Pattern
    value: str | None
    submit: str
    error: str
    open: str | None = None
    within: str = "form"
    error_in: str | None = None


@dataclass(frozen=True)
class Page:
    """A page: its name, its address built from the seeded `Site`, who visits it (a persona
    of tests/conftest.py that may use its forms) and its htmx forms."""

    name: str
    url: Callable[[Site], str]
    persona: str = "member"
    forms: tuple[Form, ...] = field(default_factory=tuple)


def seed(personas) -> Site:
    """Ana Rocha, who opened email to us, pitched once, and in the campaign "Spring trails"
    with a reel planned, a post's draft in review, a video approved and a story published; Ben
    Okafor shortlisted beside her; the member's reminder to call her back tomorrow; an email
    from Bo Lind, whom nobody knows, waiting in the inbox."""
    now = timezone.now()
    ana = seed_ana(personas)
    member = personas.member
    # Pitched first: what the campaign records next counts as contact for the cooldown.
    pitch = sent(ana, member, now=now)
    brand = brand_create(
        workspace=personas.workspace, actor=personas.manager, name="Trailhead", values=""
    )
    campaign = campaign_create(
        workspace=personas.workspace,
        actor=personas.manager,
        brand=brand,
        name="Spring trails",
        starts_on=timezone.localdate(now),
        ends_on=timezone.localdate(now) + timedelta(days=120),
        budget=10000,
        currency="eur",
        owner=personas.manager,
        # The member's team: members change the campaigns they or their team own.
        team=team_of(personas, "PR", personas.member),
    )
    collaboration = collaboration_shortlist(campaign=campaign, influencer=ana, actor=member)
    # Ben stays Shortlisted: his card offers to skip ahead, which needs a reason.
    collaboration_shortlist(
        campaign=campaign,
        influencer=ProfileFactory(personas=personas, trail_runner=True, name="Ben Okafor"),
        actor=member,
    )
    planned = deliverable_add(
        collaboration=collaboration,
        kind="instagram_reel",
        title="Trail reel",
        actor=member,
        now=now,
    )
    published = deliverable_add(
        collaboration=collaboration,
        kind="instagram_story",
        title="Summit story",
        actor=member,
        now=now,
    )
    deliverable_submit_draft(
        deliverable=published, draft_url="https://drafts.example/story", actor=member, now=now
    )
    deliverable_approve(deliverable=published, actor=member, now=now)
    deliverable_publish(
        deliverable=published,
        published_url="https://instagram.example/p/summit",
        published_at=now,
        actor=member,
        now=now,
    )
    # A draft to review and an approved video: their forms ask for changes and a publication.
    in_review = deliverable_add(
        collaboration=collaboration,
        kind="instagram_post",
        title="Ridge post",
        actor=member,
        now=now,
    )
    deliverable_submit_draft(
        deliverable=in_review, draft_url="https://drafts.example/post", actor=member, now=now
    )
    approved = deliverable_add(
        collaboration=collaboration, kind="youtube_video", title="Trail film", actor=member, now=now
    )
    deliverable_submit_draft(
        deliverable=approved, draft_url="https://drafts.example/film", actor=member, now=now
    )
    deliverable_approve(deliverable=approved, actor=member, now=now)
    custom_reminder_create(
        workspace=personas.workspace,
        actor=member,
        title="Call Ana back about the route",
        due_at=now + timedelta(days=1),
        influencer=ana,
        now=now,
    )
    stray = inbound_ingest(
        raw=gmail_reply(
            message_id="<stray@lind.example>",
            in_reply_to=None,
            from_address="bo@lind.example",
            from_name="Bo Lind",
            subject="Collab idea",
            text="Hi, I run a trail blog and would love to work with you.",
            date=now - timedelta(hours=1),
        ),
        envelope_recipients=(personas.workspace.reply_to_address,),
        now=now,
    ).message
    return Site(
        personas=personas,
        ana=ana,
        campaign=campaign,
        collaboration=collaboration,
        planned=planned,
        published=published,
        pitch=pitch,
        stray=stray,
    )


def _url(name: str, *records: str) -> Callable[[Site], str]:
    """The address of route `name` in the site's workspace, with the public ids of the named
    records of the Site ("collaboration")."""

    def build(site: Site) -> str:
        return reverse(name, args=[site.slug, *(getattr(site, r).public_id for r in records)])

    return build


COLLABORATION_CONTRACT = Form(
    name="contract",
    field="Signed on",
    value=FAR_FUTURE,
    submit="Save the file or date",
    error="A signing date belongs to a signed contract only.",
)

PAGES: tuple[Page, ...] = (
    # Pages whose forms only filter, search or act without input (nothing typed can be wrong).
    Page(name="dashboard", url=_url("contacts:home")),
    Page(name="influencers", url=_url("contacts:influencer-list")),
    Page(name="new influencer", url=_url("contacts:influencer-create")),
    Page(name="duplicates", url=_url("contacts:duplicates")),
    Page(name="how health is computed", url=_url("contacts:health-how")),
    Page(name="activity", url=_url("contacts:activity")),
    Page(name="outreach", url=_url("outreach:index")),
    Page(name="new pitch", url=_url("outreach:pitch-new")),
    Page(name="pitch templates", url=_url("outreach:templates")),
    Page(name="inbox", url=_url("outreach:inbox")),
    Page(name="notifications", url=_url("outreach:notifications")),
    Page(name="calendar feed", url=_url("outreach:calendar-feed")),
    Page(name="campaigns", url=_url("campaigns:campaign-list")),
    Page(name="brands", url=_url("campaigns:brand-list")),
    Page(name="workspaces", url=lambda site: reverse("irm:workspaces")),
    Page(
        name="collaboration",
        url=_url("campaigns:collaboration", "collaboration"),
        forms=(
            Form(
                name="offer",
                open="Propose an offer",
                field="Fee",
                value="-5",
                submit="Propose the offer",
                error=AT_LEAST_ZERO,
            ),
            COLLABORATION_CONTRACT,
            Form(
                name="payment",
                open="Schedule a payment",
                field="Amount",
                value="-5",
                submit="Schedule the payment",
                error=AT_LEAST_ZERO,
            ),
            Form(
                name="product seeding",
                field="Value",
                value="-1",
                submit="Save the shipment",
                error=AT_LEAST_ZERO,
            ),
            Form(
                name="draft review",
                field="Link to the draft",
                value="drafts on my phone",
                submit="Draft submitted",
                error="This is not a web address (https://...).",
            ),
            Form(
                name="request changes",
                field="What should change",
                value="",
                submit="Request changes",
                error=REQUIRED,
            ),
            Form(
                name="publication",
                field="Published at (URL)",
                value="",
                submit="Published",
                error=REQUIRED,
            ),
            Form(
                name="results",
                open="Enter the results",
                field="Likes",
                value="-3",
                submit="Save the results",
                error=AT_LEAST_ZERO,
            ),
            Form(
                name="moment",
                open="Keep a moment",
                field="The moment, in words",
                value="",
                submit="Keep the moment",
                error=REQUIRED,
            ),
        ),
    ),
    Page(
        name="campaign board",
        url=_url("campaigns:campaign-detail", "campaign"),
        forms=(
            Form(
                name="invitations",
                field="Subject",
                value="Spring trails, {first_name}?",
                submit="Draft the invitations",
                error="Choose who to invite.",
                error_in="#board",
            ),
            Form(
                name="skip ahead",
                open="Skip ahead with Ben Okafor",
                field="Why it skips stages for Ben Okafor",
                value="",
                submit="Move Ben Okafor with this reason",
                error="say why (for example",
                error_in="#board",
            ),
        ),
    ),
    Page(
        name="campaign report",
        url=_url("campaigns:report", "campaign"),
        persona="manager",
        forms=(
            Form(
                name="share link",
                field="Link works for (days)",
                value="0",
                submit="Create a share link",
                error="Ensure this value is greater than or equal to 1.",
            ),
        ),
    ),
    Page(
        name="results import",
        url=_url("campaigns:results-import", "campaign"),
        forms=(
            Form(
                name="results file",
                field="CSV file",
                value=None,
                submit="Import",
                error=REQUIRED,
            ),
        ),
    ),
    Page(
        name="erase an influencer",
        url=_url("contacts:influencer-erase", "ana"),
        persona="admin",
        forms=(
            # The box left unticked: nothing is erased, and the form says why.
            Form(
                name="erasure",
                field="I understand this cannot be undone",
                value=None,
                submit="Erase Ana Rocha for good",
                error="Tick the box to confirm: erasure cannot be undone.",
            ),
        ),
    ),
    Page(
        name="exchange rates",
        url=_url("campaigns:exchange-rates"),
        persona="admin",
        forms=(
            Form(
                name="exchange rate",
                field="Rate",
                value="-2",
                submit="Set the rate",
                error=REQUIRED,
            ),
        ),
    ),
    Page(
        name="profile",
        url=_url("contacts:influencer-detail", "ana"),
        persona="manager",
        forms=(
            Form(
                name="email addresses",
                open="Edit email addresses",
                field="Email addresses",
                value="ana at trails",
                submit="Save",
                error="“ana at trails” is not an email address.",
            ),
            Form(
                name="social account",
                open="Edit social accounts",
                field="Handle",
                value="",
                submit="Save",
                error=REQUIRED,
            ),
            Form(
                name="rate card",
                open="Edit rate card",
                field="Amount",
                value="-5",
                submit="Save",
                error=AT_LEAST_ZERO,
            ),
            Form(
                name="identity",
                open="Edit name, stage and owner",
                field="Name",
                value="",
                submit="Save",
                error=REQUIRED,
            ),
            Form(
                name="details",
                open="Edit details",
                field="Agent's email",
                value="agent at example",
                submit="Save",
                error="Enter a valid email address.",
            ),
            Form(
                name="preferences",
                open="Edit contact preferences",
                field="Keep in touch every (days)",
                value="0",
                submit="Save",
                error="Ensure this value is greater than or equal to 1.",
            ),
            Form(
                name="channel",
                open="Record an open or closed channel",
                field="How do we know?",
                value="",
                submit="Record channel",
                error=REQUIRED,
            ),
            Form(
                name="do not contact",
                open="Stop all contact with Ana Rocha",
                field="Why should nobody contact them?",
                value="",
                submit="Mark as do not contact",
                error=REQUIRED,
            ),
            Form(
                name="health override",
                open="Override the band",
                field="Why?",
                value="She told us she needs a break",
                submit="Set the override",
                error="Choose the last day the override counts.",
            ),
        ),
    ),
    Page(
        name="timeline",
        url=_url("contacts:timeline", "ana"),
        forms=(
            Form(
                name="log an interaction",
                field="Summary",
                value="",
                submit="Log it",
                error=REQUIRED,
            ),
        ),
    ),
    Page(
        name="named lists",
        url=_url("contacts:lists"),
        forms=(
            Form(name="new list", field="Name", value="", submit="Create list", error=REQUIRED),
        ),
    ),
    Page(
        name="import",
        url=_url("contacts:import-start"),
        forms=(
            Form(
                name="spreadsheet",
                field="CSV file",
                value=None,
                submit="Upload and continue",
                error=REQUIRED,
            ),
        ),
    ),
    Page(
        name="contact policy",
        url=_url("contacts:policy"),
        persona="admin",
        forms=(
            Form(
                name="policy",
                field="Days between two contacts",
                value="-1",
                submit="Save the contact policy",
                error=AT_LEAST_ZERO,
            ),
        ),
    ),
    Page(
        name="contact policy of one person",
        url=_url("contacts:policy-override", "ana"),
        persona="admin",
        forms=(
            Form(
                name="their rules",
                field="Days between two contacts",
                value="-1",
                submit="Save their rules",
                error=AT_LEAST_ZERO,
            ),
        ),
    ),
    Page(
        name="pitch",
        url=_url("outreach:pitch-detail", "pitch"),
        forms=(
            Form(
                name="their answer",
                # The label names the zone or not (the form says it next to the field).
                field=re.compile(r"^When \("),
                value=f"{FAR_FUTURE}T10:00",
                submit="Log the answer",
                error="This has not happened yet: pick a moment in the past.",
            ),
        ),
    ),
    Page(
        name="timeline entry",
        url=_url("contacts:interaction-edit", "pitch_entry"),
        forms=(
            Form(
                name="edit an entry",
                field="Summary",
                value="",
                submit="Save changes",
                error=REQUIRED,
            ),
        ),
    ),
    Page(
        name="inbox message",
        url=_url("outreach:inbox-message", "stray"),
        forms=(
            Form(
                # Nobody chosen: a radio button, nothing typed.
                name="attach",
                field="Attach to",
                value=None,
                submit="Attach to influencer",
                error="Choose an influencer, or a name to create one.",
            ),
            Form(
                name="someone new",
                field="Someone new? Their name",
                value="",
                submit="Create influencer from this message",
                error="Choose an influencer, or a name to create one.",
            ),
        ),
    ),
    Page(
        name="reminders",
        url=_url("outreach:reminders"),
        forms=(
            Form(
                name="new reminder",
                field="What to remember",
                value="",
                submit="Add reminder",
                error=REQUIRED,
            ),
            Form(
                # The reminder to call Ana back; the message shows on its row.
                name="snooze until a day",
                field=re.compile(r"^Snooze until"),
                value="",
                submit="Until this day",
                error="Pick the day it should come back.",
                error_in="li.reminder",
            ),
            Form(
                name="snooze until a past day",
                field=re.compile(r"^Snooze until"),
                value="2020-01-06",
                submit="Until this day",
                error="is still ahead.",
                error_in="li.reminder",
            ),
        ),
    ),
    Page(
        name="sending identity",
        url=_url("outreach:identity"),
        forms=(Form(name="identity", field="From name", value="", submit="Save", error=REQUIRED),),
    ),
    Page(
        name="account",
        url=lambda site: reverse("irm:account"),
        # Nothing typed here can be wrong: the name is optional, the rest is chosen from lists.
    ),
    Page(
        name="members",
        url=_url("irm:members"),
        persona="admin",
        forms=(
            Form(
                name="invitation",
                field="Email address",
                value="ana at trails",
                submit="Send invitation",
                error="Enter a valid email address.",
            ),
        ),
    ),
    Page(
        name="teams",
        url=_url("irm:teams"),
        persona="admin",
        forms=(
            Form(
                name="new team", field="Team name", value="", submit="Create team", error=REQUIRED
            ),
        ),
    ),
    Page(
        name="privacy settings",
        url=_url("irm:privacy"),
        persona="admin",
        forms=(
            Form(
                name="privacy settings",
                field=re.compile("Keep message bodies"),
                value="0",
                submit="Save privacy settings",
                error="Keep bodies for 1 to 600 months, or leave it empty to keep them.",
            ),
        ),
    ),
    Page(
        name="API tokens",
        url=_url("irm:tokens"),
        forms=(
            Form(
                name="new token",
                field="Token name",
                value="",
                submit="Create token",
                error=REQUIRED,
            ),
        ),
    ),
)

# Every form with its page, for the sweeps: (page, form).
FORMS: tuple[tuple[Page, Form], ...] = tuple((p, f) for p in PAGES for f in p.forms)
