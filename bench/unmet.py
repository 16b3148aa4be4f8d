"""Why a target is not met: what the query plans and profiles of issue 16 showed, written into
latest.json ("why") and latest.md ("Not met, and why") beside each figure judged "no". The
text names the cause and the change that would meet it; it is attached only when the run's own
checks fail, so a figure that starts meeting its target loses it."""

# The fixed cost every signed-in page pays before its own work, from cProfile of the product
# at SCALE=1 (bench/README.md, "Influencer list ..."): the session, the user and the membership
# read through the ORM, and the navigation drawn.
_REQUEST_FLOOR = (
    "Python's own time, not SQL: every signed-in page pays about 8 ms of CPU before its own "
    "work (session, user and membership through the ORM, the navigation), and a list page draws "
    "50 rows of about 25 values each (about 2,200 template lookups, 12 ms). Its SQL is 3 to 10 "
    "ms, so 3x its own SQL would leave 9 to 30 ms for the whole request. Meeting it means "
    "drawing the rows in Python instead of the template, which the conventions keep in "
    "templates."
)

BY_FIGURE = {
    "filter country + stage": (
        "The Django admin's changelist answers this filter from one index in about 46 ms, so "
        "3x faster would be 15 ms for the whole request, under the fixed cost of a signed-in "
        "page here (about 20 ms with the template). " + _REQUEST_FLOOR
    ),
    "busiest profile": (
        "Template time: the profile draws identity, health with its 90-day table, channels, "
        "the timeline's first page and three forms that are always shown (about 1,200 template "
        "lookups and 50 includes); its 12 queries take 5 to 6 ms, so 3x would leave 18 ms. "
        "Drawing the forms only when they are opened (htmx) is the next step."
    ),
    "dashboard": (
        "The SQL left grows with the messages of the last 30 days, not with days x "
        "influencers: outreach per team and owner and 'near the contact cap' read every "
        "outbound contact of the window (about 34,000 at SCALE=1) and match them to the "
        "replies (about 14,000) in one statement, about 150 ms, and keep-in-touch finds the "
        "35,000 overdue people to count them (about 70 ms). Exact counters would have to be "
        "kept per message as replies arrive up to 14 days later; they are not built. The admin "
        "at-risk list reads one index."
    ),
    "load run": (
        "2 sync gunicorn workers on 2 cores shared with PostgreSQL and the load clients: the "
        "mix's requests cost 40 to 300 ms each of Python and SQL (the dashboard, outreach and "
        "the pitches API most), so the machine runs out of CPU far below 100 requests/s, which "
        "would need about 20 ms of CPU per request in all."
    ),
    "import, 100,000 rows": (
        "Memory and queries per row are met. Speed: about half the CPU is PostgreSQL keeping "
        "contacts_influencer's 29 indexes (two GIN, for search) and the deferred foreign-key "
        "checks at each chunk's commit; Python reads every row twice (dry run, then run). "
        "Keeping the dry run's packed plan for the run would save about a fifth."
    ),
    "health computation, everyone": (
        "Copying each person's health onto their influencer row rewrites all of that table's "
        "indexes (almost no update stays on its page: about 26 MB of WAL per 1,000 people), "
        "and each batch sorts its people's timeline windows; picking the batches no longer "
        "costs anything."
    ),
}

BY_KIND = {
    "list": (
        "Where the peer ratio fails, the admin's changelist answers from one index and our page "
        "costs more in Python than in SQL; where the limit ratio fails: " + _REQUEST_FLOOR
    )
}


def why(name: str, kind: str = "") -> str:
    """The reason written beside a figure that is not met ("" when none is known)."""
    return BY_FIGURE.get(name) or BY_KIND.get(kind, "")
