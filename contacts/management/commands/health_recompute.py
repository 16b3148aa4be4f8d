"""Compute relationship health from the command line, in batches, with progress.

    manage.py health_recompute                      today's health for everyone missing it
    manage.py health_recompute --all                everyone again, now
    manage.py health_recompute --backfill-days 90   rebuild the last 90 days (and today)
    ... --workspace <slug>                          one workspace only

The default is what the hourly sweep does (contacts.services.health_sweep), for running it by hand
after a restore or an outage. Each batch is one statement per day in its own transaction, so
an interrupted run keeps what it finished.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from contacts.services.health import health_backfill, health_recompute
from contacts.services.health_sweep import HEALTH_BATCH_SIZE, health_sweep, influencer_id_batches
from irm.models import Workspace

MAX_BACKFILL_DAYS = 730


class Command(BaseCommand):
    help = (
        "Compute relationship health: today's for everyone missing it (the nightly sweep), "
        "everyone now (--all), or the last N days again (--backfill-days N)."
    )

    def add_arguments(self, parser) -> None:
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--all", action="store_true", help="Recompute everyone now, even if done today."
        )
        mode.add_argument(
            "--backfill-days",
            type=int,
            metavar="N",
            help="Rebuild the daily snapshots of the last N days from the timeline.",
        )
        parser.add_argument("--workspace", metavar="SLUG", help="One workspace only.")
        parser.add_argument(
            "--batch-size",
            type=int,
            default=HEALTH_BATCH_SIZE,
            help=f"Influencers per statement (default {HEALTH_BATCH_SIZE}).",
        )

    def handle(self, *args, **options) -> None:
        workspace_id = self._workspace_id(options["workspace"])
        size = options["batch_size"]
        if size < 1:
            raise CommandError("--batch-size must be at least 1.")
        days = options["backfill_days"]
        if days is not None and not 1 <= days <= MAX_BACKFILL_DAYS:
            raise CommandError(f"--backfill-days must be between 1 and {MAX_BACKFILL_DAYS}.")
        now = timezone.now()
        if days is not None:
            done = self._in_batches(
                workspace_id,
                size,
                lambda ids: health_backfill(influencer_ids=ids, days=days, now=now),
            )
            self.stdout.write(f"Rebuilt the last {days} days and today for {done} influencers.")
        elif options["all"]:
            done = self._in_batches(
                workspace_id, size, lambda ids: health_recompute(influencer_ids=ids, now=now)
            )
            self.stdout.write(f"Recomputed health for {done} influencers.")
        else:
            done = health_sweep(
                now=now, batch_size=size, workspace_id=workspace_id, on_batch=self._progress
            )
            self.stdout.write(f"Computed today's health for {done} influencers.")

    def _workspace_id(self, slug: str | None) -> int | None:
        if slug is None:
            return None
        workspace = Workspace.objects.filter(slug=slug).first()
        if workspace is None:
            raise CommandError(f'No workspace "{slug}".')
        return workspace.pk

    def _in_batches(self, workspace_id: int | None, size: int, compute) -> int:
        done = 0
        for batch in influencer_id_batches(workspace_id=workspace_id, size=size):
            compute(batch)
            done += len(batch)
            self._progress(done)
        return done

    def _progress(self, done: int) -> None:
        self.stdout.write(f"  {done} influencers done")
