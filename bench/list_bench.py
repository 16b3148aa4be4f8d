"""The influencer list, its search, filters, sorts and deep pages, the API list and the profile
with a long timeline: time per request in this process (Django's test client, the middleware
and templates included), queries per request, the time of those same queries replayed, and the
plans of the list's queries. Not part of the test suite; see bench/README.md.

    DATABASE_URL=postgres://…/rapport_bench python bench/list_bench.py generate --scale 0.1
    DATABASE_URL=postgres://…/rapport_bench python bench/list_bench.py measure [--explain]

`generate` fills one workspace (`list-bench`) with SCALE x 100,000 influencers (varied names,
some accented; 2% archived, 0.5% erased), one or two social accounts each and SCALE x 2,000,000
timeline entries, one person with 5,000 of them, by set-based SQL. `measure` runs every page
`--runs` times (median and p95) in the order A, B, B, A … across pages.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "irm.settings.dev")
# As served: DEBUG off. Connections are kept between requests, as a server's worker keeps them
# (CONN_MAX_AGE), so each request does not pay for connecting.
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("DB_CONN_MAX_AGE", "60")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from contacts.api.pagination import cursor_encode  # noqa: E402
from contacts.models import Influencer  # noqa: E402
from contacts.selectors import (  # noqa: E402
    InfluencerFilters,
    influencer_sort_values,
    influencers_filtered,
)
from irm.models import User, Workspace  # noqa: E402
from irm.services import workspace_create  # noqa: E402

SLUG = "list-bench"
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "timeline"}
BUSIEST_ENTRIES = 5_000

FIRST_NAMES = (
    "Zoë",
    "Zoe",
    "Marie",
    "Mario",
    "Marta",
    "Léa",
    "Lina",
    "Ana",
    "Anaïs",
    "Hugo",
    "Chloé",
    "Noah",
    "Emma",
    "Liam",
    "Olivia",
    "Lucas",
    "Mia",
    "Jules",
    "Inès",
    "Sofia",
    "Élodie",
    "Tom",
    "Sara",
    "Yasmine",
    "Omar",
    "Kenji",
    "Aiko",
    "Priya",
    "Ravi",
    "Maya",
    "Ines",
    "Paul",
    "Julie",
    "Nina",
    "Leo",
    "Eva",
    "Adam",
    "Alice",
    "Louis",
    "Manon",
    "Camille",
    "Théo",
    "Léon",
    "Rose",
    "Jade",
    "Nathan",
    "Clara",
    "Victor",
    "Lola",
    "Arthur",
    "Louise",
    "Gabriel",
    "Ambre",
    "Raphaël",
    "Anna",
    "Ethan",
    "Lou",
    "Sacha",
    "Zélie",
    "Iris",
    "Mathis",
)
LAST_NAMES = (
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefèvre",
    "Michel",
    "García",
    "Saldaña",
    "Müller",
    "Schmidt",
    "Rossi",
    "Russo",
    "Ferrari",
    "Smith",
    "Jones",
    "Brown",
    "Taylor",
    "Wilson",
    "Nguyen",
    "Tanaka",
    "Sato",
    "Kowalski",
    "Nowak",
    "Silva",
    "Santos",
    "Costa",
    "Pereira",
    "Jensen",
    "Hansen",
    "Novak",
    "Horvat",
    "Popescu",
    "Ionescu",
    "Yilmaz",
    "Kaya",
    "Öztürk",
    "Ahmed",
    "Khan",
    "Singh",
    "Patel",
    "Kim",
    "Lee",
    "Park",
    "Chen",
    "Wang",
    "Marchand",
    "Mercier",
    "Zimmermann",
    "Marquez",
    "Fontaine",
    "Rousseau",
    "Vincent",
    "Muller",
    "Lefebvre",
)
ACCENTED, PLAIN = "ëéèêïíöóüúñçàâÉÖ", "eeeeiioouuncaaEO"

INFLUENCERS_SQL = f"""
INSERT INTO contacts_influencer (
    public_id, workspace_id, name, pronouns, avatar_url, bio, background, "values",
    audience_notes, location, country, time_zone, languages, phone, website, shipping_address,
    agent_name, agent_email, total_followers, stage, keep_in_touch_days, do_not_contact,
    do_not_contact_reason, owner_id, health_band, health_reasons, health_override_band,
    health_override_reason, sort_name, time_zone_guessed, version, search_vector,
    archived_at, erased_at, created_at, updated_at
)
SELECT gen_random_uuid(), %(workspace)s, n.name, '', '', '', '', '', '', '', n.country, 'UTC',
    ARRAY['en'], '', '', '', '', '',
    CASE WHEN random() < 0.03 THEN NULL ELSE (500 + power(random(), 3) * 3000000)::bigint END,
    (ARRAY['prospect','aware','engaged','collaborating','ambassador'])[1 + floor(random()*5)],
    NULL, random() < 0.02, '',
    CASE WHEN random() < 0.7 THEN %(owner)s END,
    (ARRAY['thriving','steady','cooling','at_risk','new'])[1 + floor(random()*5)],
    '[]'::jsonb, '', '', lower(translate(n.name, '{ACCENTED}', '{PLAIN}')), false, 1,
    to_tsvector('simple', lower(translate(n.name, '{ACCENTED}', '{PLAIN}'))),
    CASE WHEN n.r < 0.02 THEN %(now)s END,
    CASE WHEN n.r > 0.995 THEN %(now)s END,
    %(now)s - random() * interval '2 years', %(now)s
FROM (
    SELECT g, random() AS r,
        (%(first)s::text[])[1 + floor(random() * cardinality(%(first)s::text[]))] || ' '
        || (%(last)s::text[])[1 + floor(random() * cardinality(%(last)s::text[]))] AS name,
        (ARRAY['FR','FR','US','GB','DE','ES','IT','JP'])[1 + floor(random() * 8)] AS country
    FROM generate_series(1, %(count)s) g
) n
"""

ACCOUNTS_SQL = """
INSERT INTO contacts_socialaccount (
    public_id, workspace_id, influencer_id, platform, handle, url, followers, engagement_rate,
    verified, last_updated_at
)
SELECT gen_random_uuid(), i.workspace_id, i.id, p.platform, 'h' || i.id || p.platform, '',
    (i.total_followers * p.share)::bigint, round((random() * 8)::numeric, 2), false, %(now)s
FROM contacts_influencer i
JOIN (VALUES ('instagram', 0.7, 1.0), ('tiktok', 0.3, 0.5)) p(platform, share, taking)
    ON random() < p.taking
WHERE i.workspace_id = %(workspace)s
"""

# The busiest person first (5,000 entries), then the rest spread over everyone else.
INTERACTIONS_SQL = """
INSERT INTO contacts_interaction (
    public_id, workspace_id, influencer_id, occurred_at, kind, direction, channel, summary,
    body, sentiment, source_id, contact_rule_overridden, off_topic, respect_findings, created_at,
    author_id
)
SELECT gen_random_uuid(), %(workspace)s, p.id,
    %(now)s - random() * interval '730 days',
    k.kind, k.direction, k.channel, initcap(k.kind) || ' about the spring launch', '', '', '',
    false, false, '{}', %(now)s, %(owner)s
FROM (
    SELECT CASE WHEN g <= %(busiest_entries)s THEN %(busiest)s
        ELSE (SELECT min(id) FROM contacts_influencer WHERE workspace_id = %(workspace)s)
            + floor(random() * %(people)s)::bigint END AS id, random() AS r
    FROM generate_series(1, %(count)s) g
) p
JOIN LATERAL (
    SELECT * FROM (VALUES ('pitch', 'outbound', 'email', 0.4), ('reply', 'inbound', 'email', 0.7),
        ('note', 'internal', '', 0.85), ('call', 'outbound', 'phone', 1.01))
        k(kind, direction, channel, upto)
    WHERE p.r < k.upto ORDER BY k.upto LIMIT 1
) k ON true
"""


def generate(scale: float) -> None:
    now = timezone.now()
    people = round(100_000 * scale)
    entries = round(2_000_000 * scale)
    owner, _ = User.objects.get_or_create(email="list-bench@bench.invalid")
    workspace = Workspace.objects.filter(slug=SLUG).first() or workspace_create(
        name="List bench", slug=SLUG, admin=owner
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.16)")
        started = time.monotonic()
        params = {
            "workspace": workspace.pk, "owner": owner.pk, "count": people, "now": now,
            "first": list(FIRST_NAMES), "last": list(LAST_NAMES),
        }  # fmt: skip
        cursor.execute(INFLUENCERS_SQL, params)
        report("influencers", people, started)
        started = time.monotonic()
        cursor.execute(ACCOUNTS_SQL, {"workspace": workspace.pk, "now": now})
        report("social accounts", cursor.rowcount, started)
        busiest = Influencer.objects.filter(
            workspace=workspace, erased_at__isnull=True, archived_at__isnull=True
        ).order_by("id")[0]
        started = time.monotonic()
        cursor.execute(
            INTERACTIONS_SQL,
            {
                "workspace": workspace.pk, "owner": owner.pk, "now": now, "count": entries,
                "busiest": busiest.pk, "busiest_entries": BUSIEST_ENTRIES, "people": people,
            },
        )  # fmt: skip
        report("interactions", entries, started)
        # What the services keep on the row: the last outbound moment the list sorts on.
        cursor.execute(
            """UPDATE contacts_influencer i SET last_outbound_at = x.last
            FROM (SELECT influencer_id, max(occurred_at) AS last FROM contacts_interaction
                  WHERE workspace_id = %s AND direction = 'outbound' GROUP BY 1) x
            WHERE x.influencer_id = i.id""",
            [workspace.pk],
        )
        for table in ("contacts_influencer", "contacts_socialaccount", "contacts_interaction"):
            cursor.execute(f"VACUUM ANALYZE {table}")


def report(what: str, rows: int, started: float) -> None:
    elapsed = time.monotonic() - started
    print(f"{what}: {rows:,} in {elapsed:.1f} s ({rows / elapsed:,.0f} rows/s)")


# --- measuring -------------------------------------------------------------------------------


def pages(workspace: Workspace) -> dict[str, str]:
    busiest = (
        Influencer.objects.filter(workspace=workspace, erased_at__isnull=True)
        .order_by("id")
        .values_list("public_id", flat=True)[0]
    )
    base = f"/w/{SLUG}/influencers/"
    api = f"/api/v1/w/{SLUG}/influencers/"
    deep = max(1, Influencer.objects.filter(workspace=workspace).count() // 50 * 4 // 5)
    return {
        "list, page 1": base,
        f"list, page {deep}": f"{base}?page={deep}",
        "search “mar”": f"{base}?q=mar",
        "search “zoe”": f"{base}?q=zoe",
        "search “saldana”": f"{base}?q=saldana",
        "filter country + stage": f"{base}?country=FR&stage=engaged",
        "sort most followers": f"{base}?sort=-followers",
        "sort most followers, deep": f"{base}?sort=-followers&page={deep}",
        "API list of 100": f"{api}?page_size=100",
        f"API page {deep // 2}": f"{api}?page_size=100&page={deep // 2}",
        "API cursor, as deep": f"{api}?page_size=100&cursor={_cursor_at(workspace, deep * 50)}",
        "API search “zoe”": f"{api}?q=zoe&page_size=100",
        "profile (5,000 entries)": f"/w/{SLUG}/influencers/{busiest}/",
        # As the profile loads it (htmx).
        "its timeline (htmx)": f"/w/{SLUG}/influencers/{busiest}/timeline/",
    }


def _cursor_at(workspace: Workspace, position: int) -> str:
    """The API's cursor after the row at `position` of the list by name."""
    filters = InfluencerFilters()
    row = influencers_filtered(workspace=workspace, filters=filters)[position - 1]
    return cursor_encode(sort="name", values=influencer_sort_values(row, sort="name"))


def replay(queries: list[dict]) -> float:
    """The time of the request's queries run again directly, in ms."""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for query in queries:
            cursor.execute(query["sql"])
            if cursor.description:
                cursor.fetchall()
    return (time.perf_counter() - started) * 1000


def measure(runs: int, explain: bool, only: str) -> None:
    workspace = Workspace.objects.get(slug=SLUG)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(email="list-bench@bench.invalid"))
    chosen = {name: url for name, url in pages(workspace).items() if only in name}
    times = {name: [] for name in chosen}
    cpu_times = {name: [] for name in chosen}
    sql_times = {name: [] for name in chosen}
    counts = {}
    order = list(chosen.items())
    for run in range(runs):
        for name, url in order if run % 2 == 0 else reversed(order):
            with CaptureQueriesContext(connection) as captured:
                started, cpu_started = time.perf_counter(), time.process_time()
                response = client.get(url, **(HTMX if "htmx" in name else {}))
                times[name].append((time.perf_counter() - started) * 1000)
                cpu_times[name].append((time.process_time() - cpu_started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            counts[name] = len(captured.captured_queries)
            sql_times[name].append(replay(captured.captured_queries))
            if explain and run == 0:
                explain_slowest(name, captured.captured_queries)
    # Python's own time (CPU) is steadier than the wall clock on a shared machine.
    header = ("median", "p95", "SQL", "ratio", "queries", "CPU")
    print(f"\n{'page':32} " + " ".join(f"{title:>8}" for title in header))
    for name in chosen:
        median, p95 = statistics.median(times[name]), percentile(times[name], 95)
        sql = statistics.median(sql_times[name])
        print(
            f"{name:32} {median:7.1f}ms {p95:7.1f}ms {sql:6.1f}ms {median / sql:5.1f}x "
            f"{counts[name]:8} {statistics.median(cpu_times[name]):5.1f}ms"
        )


def percentile(values: list[float], share: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share / 100 * (len(ordered) - 1)))]


def explain_slowest(name: str, queries: list[dict]) -> None:
    """EXPLAIN ANALYZE of the request's slowest queries (those over 1 ms)."""
    slow = sorted(queries, key=lambda query: float(query["time"]), reverse=True)[:2]
    with connection.cursor() as cursor:
        for query in slow:
            if float(query["time"]) < 0.001:
                continue
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
            plan = [row[0] for row in cursor.fetchall()]
            print(f"\n== {name}: {query['sql'][:160]}…")
            print("\n".join(line[:150] for line in plan))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("generate")
    make.add_argument("--scale", type=float, default=0.1)
    run = commands.add_parser("measure")
    run.add_argument("--runs", type=int, default=30)
    run.add_argument("--explain", action="store_true")
    run.add_argument("--only", default="", help="only the pages whose name contains this")
    arguments = parser.parse_args()
    if arguments.command == "generate":
        generate(arguments.scale)
    else:
        measure(arguments.runs, arguments.explain, arguments.only)


if __name__ == "__main__":
    main()
