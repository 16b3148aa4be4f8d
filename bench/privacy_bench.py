"""Privacy benchmark: one person with a long history (5,000 timeline entries, 1,000 pitches and
emails, two years of daily follower counts on three accounts by default). Prints how long the
per-person export takes (and its queries and size), then how long the retention sweep takes to
blank the bodies older than 6 months. Not part of the test suite; see bench/README.md."""

import argparse
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "irm.settings.dev")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from contacts.models import Interaction, MetricSnapshot, SocialAccount  # noqa: E402
from contacts.selectors import person_export_build  # noqa: E402
from contacts.services import (  # noqa: E402
    influencer_create,
    retention_purge_workspace,
)
from irm.models import User  # noqa: E402
from irm.services import workspace_create  # noqa: E402
from outreach.models import Pitch  # noqa: E402

BODY = "Hi Ana, we loved your piece about the Lavaredo ultra. " * 8


def seed(*, entries: int, pitches: int, days: int):
    stamp = int(time.time())
    admin = User.objects.create_user(f"bench-{stamp}@example.test")
    workspace = workspace_create(name="Bench", slug=f"bench-{stamp}", admin=admin)
    now = timezone.now()
    ana = influencer_create(workspace=workspace, actor=admin, name="Ana Bench", now=now)
    Interaction.objects.bulk_create(
        [
            Interaction(
                workspace=workspace,
                influencer=ana,
                occurred_at=now - timedelta(hours=6 * index),
                kind="email",
                direction="outbound" if index % 2 else "inbound",
                summary=f"Message {index}",
                body=BODY,
            )
            for index in range(entries)
        ],
        batch_size=2000,
    )
    Pitch.objects.bulk_create(
        [
            Pitch(
                workspace=workspace,
                influencer=ana,
                author=admin,
                channel="email",
                subject=f"Idea {index}",
                body=BODY,
                status="sent",
                sent_at=now - timedelta(days=index),
            )
            for index in range(pitches)
        ],
        batch_size=2000,
    )
    for platform in ("instagram", "tiktok", "youtube"):
        account = SocialAccount.objects.create(
            workspace=workspace, influencer=ana, platform=platform, handle=f"ana.{stamp}"
        )
        MetricSnapshot.objects.bulk_create(
            [
                MetricSnapshot(
                    social_account=account,
                    captured_on=(now - timedelta(days=day)).date(),
                    followers=10_000 + day,
                )
                for day in range(days)
            ],
            batch_size=2000,
        )
    return workspace, admin, ana


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--pitches", type=int, default=1000)
    parser.add_argument("--days", type=int, default=730)
    parser.add_argument("--keep", action="store_true", help="keep the bench workspace")
    options = parser.parse_args()
    workspace, admin, ana = seed(
        entries=options.entries, pitches=options.pitches, days=options.days
    )
    try:
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            _, content = person_export_build(workspace=workspace, influencer=ana, actor=admin)
            took = time.perf_counter() - started
        print(
            f"export: {took:.2f} s, {len(queries.captured_queries)} queries, "
            f"{len(content) / 1024:.0f} KB zip"
        )
        workspace.retention_months = 6
        workspace.save(update_fields=["retention_months"])
        started = time.perf_counter()
        counts = retention_purge_workspace(workspace=workspace, now=timezone.now())
        took = time.perf_counter() - started
        print(f"retention: {took:.2f} s, purged {counts}")
    finally:
        if not options.keep:
            workspace.delete()
            admin.delete()


if __name__ == "__main__":
    main()
