"""Quiet hours and weekends are judged in the influencer's zone, and for someone imported from a
spreadsheet that names their city and country but no zone, that zone is theirs, not UTC."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile

from contacts.models import Influencer
from contacts.services import imports
from outreach.guard import Rule, evaluate
from outreach.selectors.guard import guard_context_load

OSAKA = ZoneInfo("Asia/Tokyo")
# Wednesday 18 Nov 2026, 01:00 in Osaka: 16:00 the day before in UTC, a decent hour there.
ONE_AM_IN_OSAKA = datetime(2026, 11, 18, 1, 0, tzinfo=OSAKA)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def test_a_person_imported_from_osaka_is_held_at_one_in_the_morning_osaka_time(personas):
    job = imports.import_job_upload(
        workspace=personas.workspace,
        actor=personas.member,
        file=ContentFile(b"Name,Email,City,Country\nYuki Tanaka,yuki@eats.example,Osaka,Japan\n"),
        now=ONE_AM_IN_OSAKA - timedelta(days=1),
    )
    job = imports.import_job_queue(job=imports.import_job_map(job=job, mapping={}))
    imports.import_job_run(job_id=job.pk, now=ONE_AM_IN_OSAKA - timedelta(days=1))
    yuki = Influencer.objects.get(name="Yuki Tanaka")

    context = guard_context_load(influencer=yuki, now=ONE_AM_IN_OSAKA)
    verdict = evaluate(context, channel="email", topics=(), body="", now=ONE_AM_IN_OSAKA)

    assert (yuki.time_zone, yuki.time_zone_guessed) == ("Asia/Tokyo", True)
    held = [finding for finding in verdict.findings if finding.rule == Rule.QUIET_HOURS]
    assert held and verdict.held_until == datetime(2026, 11, 18, 8, 0, tzinfo=OSAKA)
    assert "(Asia/Tokyo)" in held[0].message
