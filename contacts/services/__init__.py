"""Writes for contacts, one module per domain:

- contacts/services/profiles.py: influencers, their addresses, topics, accounts, rate card
- contacts/services/channels.py: open channels and do-not-contact
- contacts/services/timeline.py: the timeline (interactions) and commitments
- contacts/services/policy.py: the contact policy and per-influencer overrides
- contacts/services/lists.py: named lists and the list page's bulk actions
- contacts/services/merge.py: merging two profiles of the same person
- contacts/services/erasure.py: erasing and archiving a person
- contacts/services/retention.py: the retention sweep
- contacts/services/suppression.py: what is left of an erased person (keyed digests)
- contacts/services/health.py, health_sweep.py, health_overrides.py: relationship health
  computed (one SQL statement), swept daily, and a manager's override
- contacts/services/imports.py, imports_writer.py, imports_matching.py: a spreadsheet import's
  stages, its set-based writes, and who each row is

Every service is one transaction. Callers (views, API, higher apps) check who may act first;
services enforce the rules and raise RuleError with a readable message. Higher apps write
to the timeline and to commitments only through `interaction_record`, `commitment_open` and
`commitment_fulfil`.

This package re-exports only the names other apps (outreach, campaigns) and bench/ use; inside
contacts, import from the module itself.
"""

from contacts.services.channels import (
    channel_permission_set,
    do_not_contact_clear,
    do_not_contact_set,
)
from contacts.services.erasure import (
    Eraser,
    Held,
    Traces,
    eraser_register,
)
from contacts.services.merge import (
    merge_resolver_register,
)
from contacts.services.policy import (
    LIMITS,
    contact_policy_override_clear,
    contact_policy_override_save,
    contact_policy_save,
)
from contacts.services.profiles import (
    email_flag_bounced,
    influencer_add_email,
    influencer_create,
    influencer_privacy_notice_sent,
    influencer_update,
    social_account_save,
    topics_ensure,
)
from contacts.services.retention import (
    purge_in_batches,
    retention_purge_workspace,
    retention_purger_register,
)
from contacts.services.timeline import (
    add_business_days,
    commitment_fulfil,
    commitment_open,
    influencer_refresh_last_contact,
    interaction_delete,
    interaction_record,
    two_way_listener_register,
)

__all__ = [
    "LIMITS",
    "Eraser",
    "Held",
    "Traces",
    "add_business_days",
    "channel_permission_set",
    "commitment_fulfil",
    "commitment_open",
    "contact_policy_override_clear",
    "contact_policy_override_save",
    "contact_policy_save",
    "do_not_contact_clear",
    "do_not_contact_set",
    "email_flag_bounced",
    "eraser_register",
    "influencer_add_email",
    "influencer_create",
    "influencer_privacy_notice_sent",
    "influencer_refresh_last_contact",
    "influencer_update",
    "interaction_delete",
    "interaction_record",
    "merge_resolver_register",
    "purge_in_batches",
    "retention_purge_workspace",
    "retention_purger_register",
    "social_account_save",
    "topics_ensure",
    "two_way_listener_register",
]
