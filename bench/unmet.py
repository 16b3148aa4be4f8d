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
    "50 rows of about 25 values each (about 2,200 template lookups, 12 ms). Where its SQL takes "
    "10 to 20 ms, 3x leaves little for the rest. Meeting it means drawing the rows in Python "
    "instead of the template, which the conventions keep in templates."
)

# Per figure, else per kind: the cause of each check that fails ("cause" for any, and for the
# figure whose absolute target fails for a known reason too).
BY_FIGURE = {
    "filter country + stage": {
        "peer_ratio": (
            "the Django admin's changelist answers this filter from one index in 46 to 63 ms, "
            "so 3x faster would be 15 to 21 ms for the whole request: about what a signed-in "
            "page here costs before its SQL (session, membership, navigation, the rows' template)."
        ),
        "limit_ratio": _REQUEST_FLOOR,
    },
    "busiest profile": {
        "cause": (
            "template time: the profile draws identity, health with its 90-day table, channels, "
            "the timeline's first page and three forms that are always shown (about 1,200 "
            "template lookups and 50 includes), against 12 queries of 5 to 12 ms. Drawing the "
            "forms only when they are opened (htmx) is the next step."
        )
    },
    "dashboard": {
        "cause": (
            "the SQL left grows with the messages of the last 30 days, not with days x "
            "influencers: outreach per team and owner and 'near the contact cap' read every "
            "outbound contact of the window (about 34,000 at SCALE=1) and match them to the "
            "replies (about 14,000) in one statement, about 150 ms, and keep-in-touch finds the "
            "35,000 overdue people to count them (about 70 ms). Exact counters would have to be "
            "kept per message as replies arrive up to 14 days later; they are not built. The "
            "admin at-risk list reads one index."
        )
    },
    "load run": {
        "cause": (
            "2 sync gunicorn workers on 2 cores shared with PostgreSQL and the load clients: "
            "the mix's requests cost 40 to 350 ms each of Python and SQL (the dashboard, "
            "outreach and the pitches API most), so the machine runs out of CPU far below 100 "
            "requests/s, which would need about 20 ms of CPU per request in all."
        )
    },
    "import, 100,000 rows": {
        "cause": (
            "memory and queries per row are met. Speed: about half the CPU is PostgreSQL "
            "keeping contacts_influencer's 29 indexes (two GIN, for search) and the deferred "
            "foreign-key checks at each chunk's commit; Python reads every row twice (dry run, "
            "then run). Keeping the dry run's packed plan for the run would save about a fifth."
        )
    },
    "health computation, everyone": {
        "cause": (
            "copying each person's health onto their influencer row rewrites all of that "
            "table's indexes (almost no update stays on its page: about 26 MB of WAL per 1,000 "
            "people), and each batch sorts its people's timeline windows; picking the batches "
            "no longer costs anything."
        )
    },
}

BY_KIND = {
    "list": {
        "peer_ratio": (
            "the admin's changelist answers from one index and our page costs more in Python "
            "than in SQL."
        ),
        "limit_ratio": _REQUEST_FLOOR,
    }
}

# An absolute figure: the issue calls times guides, because machines differ; the ratios
# beside them, measured in the same run on the same data, decide.
_ABSOLUTE = (
    "an absolute figure, which depends on the machine (the issue calls it a guide; bench/"
    "README.md compares this machine with the one of the run before)."
)
ABSOLUTE_CHECKS = ("p95", "time", "rate", "throughput")


def why(row: dict, kind: str = "") -> str:
    """The reason written beside a figure that is not met: per failed check, the known cause
    (BY_FIGURE, else the kind's) or, for an absolute figure, that it depends on the machine."""
    failed = [check for check, passed in row["checks"].items() if not passed]
    known = BY_FIGURE.get(row["name"]) or BY_KIND.get(kind, {})
    absolute = [check for check in failed if check in ABSOLUTE_CHECKS]
    reasons = [f"{', '.join(absolute)}: {_ABSOLUTE}"] if absolute else []
    for check in failed:
        if check not in ABSOLUTE_CHECKS:
            reasons.append(f"{check}: {known.get(check) or known.get('cause', 'not known yet.')}")
    if absolute and len(reasons) == 1 and "cause" in known:
        reasons.append(f"cause: {known['cause']}")
    return " ".join(reasons)
