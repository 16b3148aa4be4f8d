"""The outreach pages, under /w/<slug>/outreach/ (namespace "outreach"): the outreach board and
one pitch (board.py), the composer with its live verdict and attachments (compose.py), templates
and sending identities (library.py). Views are thin: reads in outreach.selectors, writes in
outreach.services (drafts, sending behind the guard, the library)."""
