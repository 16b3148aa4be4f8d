"""Writes for outreach, one module per domain:

- outreach.services.drafts: merge fields and their values, a pitch created, a draft saved;
- outreach.services.attachments: files kept with a draft;
- outreach.services.library: templates and sending identities;
- outreach.services.sending: sending, scheduling, releasing and cancelling, behind the guard;
- outreach.services.answers: their answer, logged or read from their email;
- outreach.services.follow_ups: the one polite follow-up and when it is due;
- outreach.services.notifications: the bell (and its email), sent once per event;
- outreach.services.inbound, inbox: an arriving message ingested and threaded; the inbox's
  attach / discard / restore;
- outreach.services.reminders, reminder_plans, follow_up_reminders, keep_in_touch,
  owed_replies, reminder_checks, reminder_sweep: reminders written, planned and fired;
- outreach.services.digests, calendar_feeds: the daily digest and the calendar feed tokens.

Inside outreach, import from the module itself. Re-exported here: the names other apps use
(campaigns' pipeline and demo, other apps' tests), and those outreach.demo builds its story with.
"""

from outreach.services.answers import pitch_log_answer
from outreach.services.attachments import attachment_add
from outreach.services.drafts import pitch_create, pitch_draft_save
from outreach.services.follow_ups import follow_up_start
from outreach.services.library import identity_save, template_create
from outreach.services.reminder_plans import source_reminder_plan, source_reminders_cancel
from outreach.services.sending import pitch_cancel, pitch_mark_sent, pitch_release, pitch_send

__all__ = [
    "attachment_add",
    "follow_up_start",
    "identity_save",
    "pitch_cancel",
    "pitch_create",
    "pitch_draft_save",
    "pitch_log_answer",
    "pitch_mark_sent",
    "pitch_release",
    "pitch_send",
    "source_reminder_plan",
    "source_reminders_cancel",
    "template_create",
]
