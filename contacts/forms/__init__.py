"""Forms of contacts' pages, one module per area: they read and check what people type; the
services apply the rules and write.

- contacts/forms/profile.py: creating and editing an influencer, accounts, rates, open
  channels, do-not-contact, the health override
- contacts/forms/timeline.py: the timeline's quick-log composer, its filters and page cursor
"""
