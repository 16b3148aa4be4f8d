"""Writes for contacts: influencer profiles, their accounts and open channels, the timeline.

Every service is one transaction. Callers (views, API, higher apps) check who may act first;
services enforce the rules and raise RuleError with a readable message. Higher apps write
to the timeline and to commitments only through `interaction_record`, `commitment_open` and
`commitment_fulfil`.
"""

from contacts.kinds import (
    CONVERSATION_KINDS,
    PROFILE_FIELDS,
    REPLY_DUE_BUSINESS_DAYS,
    SYSTEM_KINDS,
    TWO_WAY_KINDS,
)
from contacts.services.profiles import (
    DO_NOT_CONTACT_FIELDS,
    channel_permission_set,
    do_not_contact_clear,
    do_not_contact_set,
    email_flag_bounced,
    influencer_add_email,
    influencer_create,
    influencer_flag_if_erased,
    influencer_privacy_notice_sent,
    influencer_refresh_search,
    influencer_refresh_total_followers,
    influencer_remove_email,
    influencer_set_topics,
    influencer_update,
    social_account_delete,
    social_account_save,
    social_account_snapshot,
    topics_ensure,
)
from contacts.services.timeline import (
    add_business_days,
    commitment_fulfil,
    commitment_open,
    influencer_refresh_last_contact,
    interaction_delete,
    interaction_edit,
    interaction_record,
    two_way_listener_register,
)

__all__ = [
    "CONVERSATION_KINDS",
    "DO_NOT_CONTACT_FIELDS",
    "PROFILE_FIELDS",
    "REPLY_DUE_BUSINESS_DAYS",
    "SYSTEM_KINDS",
    "TWO_WAY_KINDS",
    "add_business_days",
    "channel_permission_set",
    "commitment_fulfil",
    "commitment_open",
    "do_not_contact_clear",
    "do_not_contact_set",
    "email_flag_bounced",
    "influencer_add_email",
    "influencer_create",
    "influencer_flag_if_erased",
    "influencer_privacy_notice_sent",
    "influencer_refresh_last_contact",
    "influencer_refresh_search",
    "influencer_refresh_total_followers",
    "influencer_remove_email",
    "influencer_set_topics",
    "influencer_update",
    "interaction_delete",
    "interaction_edit",
    "interaction_record",
    "social_account_delete",
    "social_account_save",
    "social_account_snapshot",
    "topics_ensure",
    "two_way_listener_register",
]
