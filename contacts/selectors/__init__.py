"""Reads for contacts, always inside one workspace, one module per domain:

- contacts/selectors/influencers.py: the list's filters and sorts, one influencer, by address
- contacts/selectors/timeline.py: timeline and activity pages, open commitments
- contacts/selectors/profiles.py: the profile page's reads (health history, likely duplicates)
- contacts/selectors/policy.py: the contact policy as it applies
- contacts/selectors/lists.py: named lists and the rows a bulk action touches
- contacts/selectors/duplicates.py: likely duplicates and what a merge would do
- contacts/selectors/person_export.py: everything held about one person (privacy export)
- contacts/selectors/exports.py: the influencer CSV export
- contacts/selectors/search.py: the full-text search document and query (no database access)
- contacts/selectors/dashboard.py with dashboard_scope.py, dashboard_health.py,
  dashboard_followups.py: the account managers' dashboard, section by section
- contacts/selectors/health_panel.py, health_day_counts.py: a profile's health panel, the
  daily band counts behind the trend
- contacts/selectors/imports.py: import jobs and their samples

This package re-exports only the names other apps (outreach, campaigns) and bench/ use
(suppression_match, read by outreach's inbound, lives with the suppression writes in
contacts/services/suppression.py); inside contacts, import from the module itself.
"""

from contacts.selectors.exports import (
    cell_safe,
)
from contacts.selectors.influencers import (
    InfluencerFilters,
    influencer_by_email,
    influencer_get,
    influencer_sort_values,
    influencers_by_agent_email,
    influencers_filtered,
)
from contacts.selectors.lists import (
    influencer_lists,
)
from contacts.selectors.person_export import (
    person_export_build,
    person_export_section_register,
    person_held_counts,
)
from contacts.selectors.policy import (
    POLICY_FIELDS,
    WorkspacePolicy,
    influencer_policy_effective,
    policy_override_get,
    policy_overrides,
    workspace_policy,
)
from contacts.selectors.timeline import (
    open_commitments,
)
from contacts.services.suppression import (
    suppression_match,
)

__all__ = [
    "POLICY_FIELDS",
    "InfluencerFilters",
    "WorkspacePolicy",
    "cell_safe",
    "influencer_by_email",
    "influencer_get",
    "influencer_lists",
    "influencer_policy_effective",
    "influencer_sort_values",
    "influencers_by_agent_email",
    "influencers_filtered",
    "open_commitments",
    "person_export_build",
    "person_export_section_register",
    "person_held_counts",
    "policy_override_get",
    "policy_overrides",
    "suppression_match",
    "workspace_policy",
]
