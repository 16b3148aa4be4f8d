"""The bench harness's own rules (the harness itself runs end to end in `make test` after the
suite, at SCALE=0.01): where its data goes, what counts as a query, how figures are judged,
and that the SQL recorder writes only where and what it is asked."""

import json

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory

from bench.harness import bench_database_url
from bench.measure import Figure, Request, Timing, counted
from bench.middleware import QueryCaptureMiddleware
from bench.results import Report


def test_the_bench_database_is_the_configured_ones_name_plus_bench():
    assert (
        bench_database_url("postgres://postgres@127.0.0.1:5432/rapport")
        == "postgres://postgres@127.0.0.1:5432/rapport_bench"
    )
    # The embedded server's socket folder stays as it is.
    assert (
        bench_database_url("postgresql://postgres@%2Ftmp%2Fpg/rapport")
        == "postgresql://postgres@%2Ftmp%2Fpg/rapport_bench"
    )
    # make test's smoke run keeps apart from a full run's data.
    assert (
        bench_database_url("postgres://postgres@127.0.0.1:5432/rapport", smoke=True)
        == "postgres://postgres@127.0.0.1:5432/rapport_bench_smoke"
    )


def test_transaction_control_is_not_counted_as_a_query():
    statements = ["BEGIN", 'SELECT 1', 'SAVEPOINT "s1"', "UPDATE x SET y = 1",
                  'RELEASE SAVEPOINT "s1"', "COMMIT"]  # fmt: skip
    assert counted(statements) == 2


def _figure(kind="list"):
    return Figure("influencer list, page 1", kind, Request("GET", "/"), Request("GET", "/a"))


def test_at_scale_1_a_list_is_judged_on_p95_peer_ratio_limit_ratio_and_queries():
    report = Report(scale=1, repeat=3, database="")
    fast = report.page(_figure(), Timing([40, 50, 60]), Timing([200, 210, 220]), 9, 25.0, 0)
    slow = report.page(_figure(), Timing([90, 120, 150]), Timing([200, 210, 220]), 14, 20.0, 0)
    assert fast["met"] is True
    assert fast["peer_ratio"] == pytest.approx(4.2)
    assert slow["met"] is False
    assert slow["checks"] == {
        "queries": False,
        "p95": False,
        "peer_ratio": False,
        "limit_ratio": False,
    }


def test_below_scale_1_only_the_query_count_is_judged():
    report = Report(scale=0.01, repeat=3, database="")
    row = report.page(_figure(), Timing([90, 120, 150]), Timing([100, 110, 120]), 14, 20.0, 0)
    assert row["met"] is None
    assert row["checks"] == {"queries": False}


def test_batch_targets_scale_with_the_data_and_burst_is_compared_with_the_raw_claim():
    report = Report(scale=1, repeat=3, database="")
    report.batch("health computation, everyone", {"influencers": 100_000, "seconds": 31.0})
    report.batch("reminder burst, 5,000", {"per_second": 2500.0, "p99_s": 12.0,
                                           "exactly_once": True})  # fmt: skip
    report.batch("raw UPDATE ... RETURNING claim, 5,000", {"per_second": 20_000.0})
    report.judge_batch()
    health, burst, _ = report.batches
    assert health["met"] is False
    assert burst["met"] is True
    assert burst["peer_ratio"] == 0.125


def test_a_figure_not_met_says_why_for_each_failed_check_and_the_summary_lists_it():
    from bench.results import markdown
    from bench.unmet import BY_FIGURE, BY_KIND

    report = Report(scale=1, repeat=3, database="")
    fast = report.page(_figure(), Timing([40, 50, 60]), Timing([200, 210, 220]), 9, 25.0, 0)
    slow = report.page(_figure(), Timing([90, 120, 150]), Timing([200, 210, 220]), 9, 20.0, 0)
    report.batch("health computation, everyone", {"influencers": 100_000, "seconds": 31.0})
    report.judge_batch()

    assert "why" not in fast
    assert slow["why"].startswith("p95: an absolute figure")
    assert f"peer_ratio: {BY_KIND['list']['peer_ratio']}" in slow["why"]
    assert f"limit_ratio: {BY_KIND['list']['limit_ratio']}" in slow["why"]
    health = report.batches[0]["why"]
    assert health.startswith("time: an absolute figure")
    assert health.endswith(f"cause: {BY_FIGURE['health computation, everyone']['cause']}")
    data = {
        "machine": {"cores": 2, "postgresql": "15", "commit": "", "load_average": [0]},
        "written_at": "", "scale": 1, "repeat": 3, "note": "", "phases_seconds": {},
        "generate": {"tables": []}, "pages": report.pages, "load": None,
        "batch": report.batches, "failures": [],
    }  # fmt: skip
    summary = markdown(data).split("## Not met, and why")[1]
    assert f"- **influencer list, page 1**: {slow['why']}" in summary
    assert f"- **health computation, everyone**: {health}" in summary
    assert "**influencer list, page 1**: p95" in summary and summary.count("- **") == 2


@pytest.mark.django_db
def test_the_recorder_writes_a_requests_sql_only_when_asked_and_under_a_safe_name(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("BENCH_CAPTURE_DIR", str(tmp_path))

    def view(request):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 42")
        return HttpResponse("ok")

    recorder = QueryCaptureMiddleware(view)
    factory = RequestFactory()
    recorder(factory.get("/", headers={"X-Bench-Capture": "dashboard"}))
    recorder(factory.get("/", headers={"X-Bench-Capture": "../escape"}))
    recorder(factory.get("/"))

    assert [path.name for path in tmp_path.iterdir()] == ["dashboard.json"]
    record = json.loads((tmp_path / "dashboard.json").read_text())
    assert record["status"] == 200
    assert record["queries"] == ["SELECT 42"]
    assert not connection.force_debug_cursor
