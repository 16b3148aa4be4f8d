"""What outreach tells the apps built on it, without importing them.

`pitch_admitted` is sent inside the sending transaction when the guard admits a pitch (sent
now, or scheduled or held for the person's next allowed moment), with `pitch`, `actor` and
`now`. Campaigns listens to move a collaboration whose invitation it was to Invited.
"""

from django.dispatch import Signal

pitch_admitted = Signal()
