"""factory_boy factories for the tests: one place that knows how to build each kind of row.

- UserFactory, WorkspaceFactory (through irm's workspace_create, so its admin membership and
  audit entry exist), MembershipFactory.
- InfluencerFactory: a bare profile row (name and sort name only), for tests that write the rest
  themselves. ProfileFactory: a profile made the way the product makes one, through
  contacts.services.influencer_create (normalized emails, accounts, total_followers, the search
  document), optionally with email opened to us (the `email_open` trait) and the usual people as
  traits (`ana`, `ben`, `trail_runner`).
- PitchFactory: a draft through the composer's save (merge fields filled); `sent=True` sends
  it through the guard (outbox row and timeline entry too).
- ReminderFactory: a custom reminder row in whatever state a test needs, no planner involved;
  `due_reminders` writes many in one statement.
- BrandFactory, CampaignFactory, CollaborationFactory, DeliverableFactory: campaign rows written
  straight to the tables (no timeline, no audit), the brand shared by name within a workspace.
"""

import factory
from factory.django import DjangoModelFactory

from campaigns.models import Brand, Campaign, Collaboration, Deliverable, DeliverableStatus
from contacts.models import Channel, Influencer, Stage
from contacts.normalize import sort_key
from contacts.services import channel_permission_set, influencer_create
from irm.models import Membership, Role, User, Workspace
from irm.services import workspace_create
from outreach.models import Pitch, Reminder, ReminderKind, ReminderStatus
from outreach.services import pitch_draft_save, pitch_send

TEST_PASSWORD = "correct-horse-battery"
PITCH_BODY = "Hi {name}, your write-up of the Lavaredo ultra was wonderful; would you test them?"


# --- people and workspaces -----------------------------------------------------------------------


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    name = factory.Faker("name")
    time_zone = "Europe/Paris"
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save_password(self, create, extracted, **kwargs):
        if create:
            self.save(update_fields=["password"])


class WorkspaceFactory(DjangoModelFactory):
    """A workspace with its admin, made by irm.services.workspace_create."""

    class Meta:
        model = Workspace

    name = factory.Sequence(lambda n: f"Workspace {n}")
    slug = factory.Sequence(lambda n: f"workspace-{n}")
    admin = factory.SubFactory(UserFactory)
    time_zone = "UTC"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return workspace_create(**kwargs)


class MembershipFactory(DjangoModelFactory):
    """Someone's role in a workspace (a member unless `role` says otherwise)."""

    class Meta:
        model = Membership

    workspace = factory.SubFactory(WorkspaceFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.MEMBER


# --- influencers ---------------------------------------------------------------------------------


class InfluencerFactory(DjangoModelFactory):
    """A bare profile row; tests that need emails, accounts or the search document use
    ProfileFactory instead."""

    class Meta:
        model = Influencer

    name = factory.Faker("name")
    # What contacts.services keep from the name.
    sort_name = factory.LazyAttribute(lambda person: sort_key(person.name))
    time_zone = "Europe/Paris"
    country = "FR"


_UNSET = object()


def _admin_of(workspace: Workspace) -> User:
    return Membership.objects.filter(workspace=workspace, role=Role.ADMIN).first().user


def _email_from_name(name: str) -> str:
    return f"{name.replace(' ', '.').lower()}@example.test"


class ProfileFactory(DjangoModelFactory):
    """A profile made through contacts.services.influencer_create, by `actor` (the workspace's
    admin unless said). Pass `personas=` to put it in "acme", made by its member. Any other
    keyword goes to influencer_create (emails, accounts as dicts, topics, owner, stage, now, ...).

    `total_followers`: written on the row after the service, for tests of the arithmetic.
    `open_email`: the evidence with which they opened email to us (channel_permission_set by the
    same actor, at the same `now`); the `email_open` trait says "Business email on the profile".
    Traits: `trail_runner` (email open, in UTC, writing about trail running), `kept_in_touch` (a
    trail runner, engaged, owned by the actor), `ana` (Ana Rocha, ana@trails.example, a trail
    runner) and `ben` (Ben Okafor, ben@wheels.example, cycling)."""

    class Meta:
        model = Influencer

    class Params:
        personas = None
        # An address made from their name, and email opened to us with it.
        email_open = factory.Trait(
            emails=factory.LazyAttribute(lambda o: [_email_from_name(o.name)]),
            open_email="Business email on the profile",
        )
        # Someone who opened email to us, in UTC, writing about trail running.
        trail_runner = factory.Trait(email_open=True, topics=["Trail running"], time_zone="UTC")
        # An engaged trail runner the actor owns (keep-in-touch and owed-reply reminders go to
        # them), who opened email to us.
        kept_in_touch = factory.Trait(
            trail_runner=True,
            stage=Stage.ENGAGED,
            owner=factory.SelfAttribute("actor"),
            open_email="Business email on their profile",
        )
        ana = factory.Trait(
            trail_runner=True,
            name="Ana Rocha",
            emails=["ana@trails.example"],
            open_email="Business email on her profile",
        )
        ben = factory.Trait(
            email_open=True,
            name="Ben Okafor",
            emails=["ben@wheels.example"],
            topics=["Cycling"],
            time_zone="UTC",
        )

    workspace = factory.LazyAttribute(
        lambda o: o.personas.workspace if o.personas else WorkspaceFactory()
    )
    actor = factory.LazyAttribute(
        lambda o: o.personas.member if o.personas else _admin_of(o.workspace)
    )
    name = factory.Faker("name")
    now = None
    open_email = None

    @classmethod
    def _create(cls, model_class, *args, open_email=None, total_followers=_UNSET, **kwargs):
        influencer = influencer_create(**kwargs)
        if total_followers is not _UNSET:
            # Summed from their accounts by the service; a test of arithmetic sets the sum.
            Influencer.objects.filter(pk=influencer.pk).update(total_followers=total_followers)
            influencer.total_followers = total_followers
        if open_email:
            channel_permission_set(
                influencer=influencer,
                channel=Channel.EMAIL,
                is_open=True,
                evidence=open_email,
                actor=kwargs["actor"],
                now=kwargs["now"],
            )
        return influencer


# --- outreach ------------------------------------------------------------------------------------


class PitchFactory(DjangoModelFactory):
    """A draft email pitch saved by its author (the workspace's admin unless said) through the
    composer (outreach.services.drafts), with the usual subject, body and topic, to a trail
    runner unless `influencer` says; `sent=True` sends it through the guard as a member at
    `sent_now` (the draft's `now` unless said), its outbox row and timeline entry too."""

    class Meta:
        model = Pitch

    influencer = factory.SubFactory(ProfileFactory, trail_runner=True)
    author = factory.LazyAttribute(lambda o: _admin_of(o.influencer.workspace))
    channel = "email"
    subject = "Shoes for Lavaredo"
    body = factory.LazyAttribute(lambda o: PITCH_BODY.format(name=o.influencer.name.split()[0]))
    topics = factory.List(["Trail running"])
    now = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return pitch_draft_save(**kwargs)

    @classmethod
    def create(cls, *, sent: bool = False, sent_now=None, **kwargs):
        """`sent`: send it too, at `sent_now` (the draft's `now` unless said)."""
        pitch = super().create(**kwargs)
        if sent:
            now = sent_now or kwargs.get("now")
            pitch = pitch_send(pitch=pitch, actor=pitch.author, actor_role="member", now=now)
        return pitch


class ReminderFactory(DjangoModelFactory):
    """A custom reminder written straight to the table in whatever state a test needs (pending
    unless `status` says otherwise), no planner involved; `written_at` is when it was created and
    last changed (now, by default). Its unique key is new each time."""

    class Meta:
        model = Reminder

    kind = ReminderKind.CUSTOM
    status = ReminderStatus.PENDING
    title = factory.Sequence(lambda n: f"Reminder {n}")
    dedupe_key = factory.LazyAttributeSequence(lambda o, n: f"test:{n}:{o.title}")

    @classmethod
    def create(cls, *, written_at=None, **kwargs):
        if written_at is not None:
            kwargs.setdefault("created_at", written_at)
            kwargs.setdefault("updated_at", written_at)
        return super().create(**kwargs)


def due_reminders(
    workspace: Workspace,
    *,
    assignee: User,
    count: int,
    due_at,
    kind: str = ReminderKind.CUSTOM,
    prefix: str = "bulk",
    **fields,
) -> list[Reminder]:
    """`count` pending reminders due at `due_at`, written in one statement (sweeps at scale)."""
    rows = [
        ReminderFactory.build(
            workspace=workspace,
            assignee=assignee,
            kind=kind,
            title=f"Reminder {n}",
            due_at=due_at,
            dedupe_key=f"{prefix}:{n}",
            created_at=due_at,
            updated_at=due_at,
            **fields,
        )
        for n in range(count)
    ]
    return Reminder.objects.bulk_create(rows, batch_size=1000)


# --- campaigns -----------------------------------------------------------------------------------


class BrandFactory(DjangoModelFactory):
    """A brand row, "Trailhead" unless named; the same name in a workspace is the same brand."""

    class Meta:
        model = Brand
        django_get_or_create = ("workspace", "name")

    workspace = factory.SubFactory(WorkspaceFactory)
    name = "Trailhead"


class CampaignFactory(DjangoModelFactory):
    """A campaign row ("Spring trails") of a brand ("Trailhead") of the same workspace."""

    class Meta:
        model = Campaign

    workspace = factory.SubFactory(WorkspaceFactory)
    brand = factory.SubFactory(BrandFactory, workspace=factory.SelfAttribute("..workspace"))
    name = "Spring trails"


class CollaborationFactory(DjangoModelFactory):
    """An influencer in a campaign (shortlisted unless `stage` says), in its workspace."""

    class Meta:
        model = Collaboration

    campaign = factory.SubFactory(CampaignFactory)
    workspace = factory.SelfAttribute("campaign.workspace")
    influencer = factory.SubFactory(
        InfluencerFactory, workspace=factory.SelfAttribute("..workspace")
    )


class DeliverableFactory(DjangoModelFactory):
    """An Instagram post owed in a collaboration; `published=True` (a trait): published at a
    link (set `published_at` and `due_on` as the test needs)."""

    class Meta:
        model = Deliverable

    class Params:
        published = factory.Trait(
            status=DeliverableStatus.PUBLISHED,
            published_url="https://instagram.example/p/1",
        )

    collaboration = factory.SubFactory(CollaborationFactory)
    kind = "instagram_post"
