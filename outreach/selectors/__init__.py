"""Reads for outreach, one module per domain:

- outreach.selectors.guard: the contact guard's one door (pitch_verdict) and what it reads;
- outreach.selectors.pitches: the board, one pitch and its conversation, the API's list;
- outreach.selectors.composer: who a pitch is for and their channels;
- outreach.selectors.library: templates, sending identities, a pitch's files;
- outreach.selectors.inbox: inbound messages and who they may be attached to;
- outreach.selectors.inbound_matching: where an arriving message belongs (workspace, sender,
  pitch, influencer);
- outreach.selectors.reminders: reminders and notifications by person, scope and day;
- outreach.selectors.calendar_feeds: a calendar feed's events (ICS).

Inside outreach, import from the module itself. Re-exported here: the names other apps use
(pitch_verdict, guard_context_load), and those outreach's inbox, inbound, reminders and demo
modules read through the package.
"""

from outreach.selectors.composer import influencer_choices
from outreach.selectors.guard import guard_context_load, pitch_verdict
from outreach.selectors.inbox import (
    attach_choices,
    attach_influencer_get,
    inbound_attachment_get,
    inbound_get,
    inbox_counts,
    inbox_messages,
)
from outreach.selectors.pitches import latest_auto_reply, pitch_get

__all__ = [
    "attach_choices",
    "attach_influencer_get",
    "guard_context_load",
    "inbound_attachment_get",
    "inbound_get",
    "inbox_counts",
    "inbox_messages",
    "influencer_choices",
    "latest_auto_reply",
    "pitch_get",
    "pitch_verdict",
]
