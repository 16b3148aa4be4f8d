"""Demo outreach for `manage.py demo_data` (after contacts' demo people), one module per story:
a sending identity for each demo user, then outreach/demo/pitches.py (templates and pitches in
every state), outreach/demo/inbound.py (their mail coming in) and outreach/demo/reminders.py
(reminders and the bell). Idempotent: templates and identities are saved again, the pitches are
made only while the workspace has none.
"""

from django.db import transaction
from django.utils import timezone

from contacts.models import Influencer
from irm.models import Membership, Role, User, Workspace
from outreach import services
from outreach.demo import inbound as inbound_demo
from outreach.demo import reminders as reminders_demo
from outreach.demo.pitches import (
    CANDIDATES,
    STORIES,
    delivered_back_then,
    story_play,
    templates_ensure,
)
from outreach.models import Pitch


@transaction.atomic
def create_demo_data(*, workspace: Workspace, users: dict[str, User], stdout) -> None:
    now = timezone.now()
    members = {
        m.role: m.user
        for m in Membership.objects.filter(workspace=workspace, user__in=list(users.values()))
        .select_related("user")
        .order_by("-created_at")
    }
    admin = members.get(Role.ADMIN)
    if admin is None:
        stdout.write("demo outreach skipped: the demo workspace has no admin")
        return
    for user in users.values():
        services.identity_save(
            workspace=workspace,
            user=user,
            from_name=user.name or user.email,
            signature=f"{user.name or user.email}\n{workspace.name}",
        )
    templates = templates_ensure(workspace, admin, now)
    if Pitch.objects.filter(workspace=workspace).exists():
        stdout.write("demo pitches already there")
        reminders_demo.create_reminder_demo(
            workspace=workspace, members=members, now=now, stdout=stdout
        )
        return
    people = list(
        Influencer.objects.filter(
            workspace=workspace,
            erased_at__isnull=True,
            do_not_contact=False,
            do_not_disturb_until__isnull=True,
            emails__isnull=False,
        )
        .distinct()
        .order_by("name", "pk")[:CANDIDATES]
    )
    if not people:
        stdout.write("demo outreach: no influencers with an email address, no pitches made")
        return
    made = {}
    for story in STORIES:
        author = members.get(story.author, admin)
        role = story.author if story.author in members else Role.ADMIN
        pitch = story_play(
            story, people=people, author=author, role=role, templates=templates, now=now
        )
        if pitch is not None:
            made[story.name] = pitch
    delivered_back_then(workspace, now)
    states = ", ".join(sorted({pitch.status for pitch in made.values()}))
    stdout.write(f"demo pitches: {len(made)} ({states}) and {len(templates)} templates")
    inbound_demo.create_inbound_demo(
        workspace=workspace, pitches=made, members=members, people=people, now=now, stdout=stdout
    )
    reminders_demo.create_reminder_demo(
        workspace=workspace, members=members, now=now, stdout=stdout
    )
