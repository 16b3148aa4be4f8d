"""The figures, their targets (issue 16, "Targets at SCALE=1 on 2 cores") and the result files
bench/results/latest.json and latest.md."""

import json
import os
import subprocess
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.db import connection

from bench import unmet
from bench.generate import Step
from bench.measure import Figure, Timing

MAX_QUERIES = 12  # every page and endpoint, at every scale
# kind -> (p95 ms at most, peer ratio at least, limit ratio at most)
PAGE_TARGETS = {
    "list": (100, 3.0, 3.0),
    "profile": (80, None, 3.0),
    "dashboard": (200, 1.0, None),
    "api": (80, 3.0, None),
    "page": (None, None, None),
}


@dataclass
class Report:
    scale: float
    repeat: int
    database: str
    pages: list[dict] = field(default_factory=list)
    batches: list[dict] = field(default_factory=list)
    load: dict | None = None
    generated: list[Step] = field(default_factory=list)
    phases: dict[str, float] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    @property
    def judged(self) -> bool:
        """Times and ratios are targets at SCALE=1 only; query counts at every scale."""
        return self.scale >= 1

    def page(
        self, figure: Figure, mine: Timing, theirs, queries: int, sql_ms: float, replay_failed: int
    ) -> dict:
        p95_target, ratio_target, limit_target = PAGE_TARGETS[figure.kind]
        peer_ratio = theirs.median / mine.median if theirs and mine.median else None
        limit_ratio = mine.median / sql_ms if sql_ms else None
        checks = {"queries": queries <= MAX_QUERIES}
        if self.judged:
            if p95_target:
                checks["p95"] = mine.p95 <= p95_target
            if ratio_target and peer_ratio is not None:
                checks["peer_ratio"] = peer_ratio >= ratio_target
            if limit_target and limit_ratio is not None:
                checks["limit_ratio"] = limit_ratio <= limit_target
        row = {
            "name": figure.name,
            "kind": figure.kind,
            "samples": len(mine.samples),
            "median_ms": round(mine.median, 1),
            "p95_ms": round(mine.p95, 1),
            "target": _page_target(p95_target, ratio_target, limit_target),
            "peer": figure.peer_name or None,
            "peer_median_ms": round(theirs.median, 1) if theirs else None,
            "peer_p95_ms": round(theirs.p95, 1) if theirs else None,
            "peer_ratio": round(peer_ratio, 2) if peer_ratio else None,
            "queries": queries,
            "sql_ms": round(sql_ms, 2),
            "replay_failed": replay_failed,
            "limit_ratio": round(limit_ratio, 2) if limit_ratio else None,
            "checks": checks,
            "met": all(checks.values()) if self.judged else None,
        }
        _explain(row, figure.kind)
        self.pages.append(row)
        return row

    def batch(self, name: str, result: dict) -> None:
        self.batches.append({"name": name, **_rounded(result)})

    def judge_batch(self) -> None:
        """The batch targets, scaled to the data (a rate, or seconds per 100,000 people)."""
        for row in self.batches:
            row["target"], checks = _batch_target(row, self.scale)
            row["checks"] = checks
            row["met"] = all(checks.values()) if self.judged and checks else None
            _explain(row)
        self._batch_peer_ratios()

    def _batch_peer_ratios(self) -> None:
        """The burst against the raw claim, the import against COPY: rates, as in the issue."""
        by_start = {row["name"].split(",")[0]: row for row in self.batches}
        burst, claim = (
            by_start.get("reminder burst"),
            by_start.get("raw UPDATE ... RETURNING claim"),
        )
        if burst and claim and claim["per_second"]:
            burst["peer_ratio"] = round(burst["per_second"] / claim["per_second"], 4)
        for row in self.batches:
            if row["name"].startswith("import") and row.get("copy_per_second"):
                row["peer_ratio"] = round(row["per_second"] / row["copy_per_second"], 5)

    def _judged_load(self) -> dict | None:
        if self.load is None:
            return None
        checks = {"errors": self.load["errors"] == 0, "throughput": self.load["throughput"] >= 100}
        met = all(checks.values()) if self.judged else None
        load = {**self.load, "name": "load run", "target": "0 errors, ≥ 100 requests/s"}
        return _explain({**load, "checks": checks, "met": met})

    def write(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        data = {
            "written_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": machine(),
            "scale": self.scale,
            "repeat": self.repeat,
            "judged": self.judged,
            "note": "Targets are the issue's at SCALE=1, where met is judged. Below SCALE=1 met "
            "is null; the query count (checks.queries, bold in the table when over 12) is judged "
            "at every scale, as it must not grow with the data.",
            "phases_seconds": self.phases,
            "generate": {
                "tables": [
                    {**asdict(step), "rows_per_second": round(step.rate)} for step in self.generated
                ],
            },
            "pages": self.pages,
            "load": self._judged_load(),
            "batch": self.batches,
            "failures": self.failures,
        }
        (folder / "latest.json").write_text(json.dumps(data, indent=2, default=str) + "\n")
        (folder / "latest.md").write_text(markdown(data))


def _explain(row: dict, kind: str = "") -> dict:
    """A figure judged "no" carries why (bench/unmet.py)."""
    if row["met"] is False:
        row["why"] = unmet.why(row, kind)
    return row


def _page_target(p95, ratio, limit) -> str:
    parts = [f"≤ {MAX_QUERIES} queries"]
    if p95:
        parts.insert(0, f"p95 ≤ {p95} ms")
    if ratio:
        parts.append(f"≥ {ratio:g}x peer")
    if limit:
        parts.append(f"≤ {limit:g}x own SQL")
    return ", ".join(parts)


def _batch_target(row: dict, scale: float) -> tuple[str, dict]:
    name = row["name"]
    if name.startswith(("health", "keep-in-touch")):
        budget = 30 * max(row.get("influencers", 0), 1) / 100_000
        return f"≤ 30 s per 100,000 (≤ {budget:.1f} s here)", {"time": row["seconds"] <= budget}
    if name.startswith("reminder burst"):
        return "≥ 2,000 fired/s, p99 due→fired ≤ 20 s, each exactly once", {
            "rate": row["per_second"] >= 2000,
            "p99": row["p99_s"] <= 20,
            "exactly_once": bool(row["exactly_once"]),
        }
    if name.startswith("import"):
        return "≥ 3,300 rows/s, ≥ 4% of COPY, ≤ 400 MB, ≤ 0.05 queries/row", {
            "rate": row["per_second"] >= 3300,
            "copy_share": row["per_second"] >= 0.04 * row["copy_per_second"],
            "memory": row["peak_memory_mb"] <= 400,
            "queries": row["queries_per_row"] <= 0.05,
        }
    return "peer", {}


def _rounded(result: dict) -> dict:
    return {k: round(v, 3) if isinstance(v, float) else v for k, v in result.items()}


def machine() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
            cwd=Path(__file__).parent,
        ).stdout.strip()
    except OSError:
        commit = ""
    return {
        "cores": os.cpu_count(),
        "postgresql": version,
        "commit": commit,
        "load_average": [round(x, 1) for x in os.getloadavg()],
    }


def page_line(row: dict) -> str:
    peer = f", peer {row['peer_median_ms']} ms ({row['peer_ratio']}x)" if row["peer"] else ""
    return (
        f"{row['name']}: median {row['median_ms']} ms, p95 {row['p95_ms']} ms, "
        f"{row['queries']} queries, SQL {row['sql_ms']} ms (limit {row['limit_ratio']}x)"
        f"{peer}"
    )


def _cell(value, suffix="") -> str:
    return "—" if value is None else f"{value}{suffix}"


def _queries(row: dict) -> str:
    """The query count is judged at every scale: over the limit shows in bold."""
    return str(row["queries"]) if row["checks"]["queries"] else f"**{row['queries']}**"


def _met(value) -> str:
    return {True: "yes", False: "**no**", None: "n/j"}[value]


def _not_met(data: dict) -> list[str]:
    rows = [*data["pages"], *([data["load"]] if data["load"] else []), *data["batch"]]
    reasons = [f"- **{row['name']}**: {row['why'] or '—'}" for row in rows if "why" in row]
    return ["", "## Not met, and why", "", *reasons] if reasons else []


def markdown(data: dict) -> str:
    m = data["machine"]
    lines = [
        f"# Bench results, SCALE={data['scale']:g}",
        "",
        f"{data['written_at']}; {m['cores']} cores; PostgreSQL {m['postgresql']}; commit "
        f"{m['commit']}; load average at the end {m['load_average']}; {data['repeat']} timed "
        "requests per page and per peer, interleaved (A, B, B, A ...).",
        "",
        data["note"] + " n/j: not judged at this scale.",
        "",
        "## Pages and endpoints",
        "",
        "| figure | median / p95 ms | target | met | peer | peer median | peer ratio "
        "| queries | own SQL ms | limit ratio |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in data["pages"]:
        lines.append(
            f"| {row['name']} | {row['median_ms']} / {row['p95_ms']} | {row['target']} "
            f"| {_met(row['met'])} | {_cell(row['peer'])} | {_cell(row['peer_median_ms'])} "
            f"| {_cell(row['peer_ratio'], 'x')} | {_queries(row)} | {row['sql_ms']} "
            f"| {_cell(row['limit_ratio'], 'x')} |"
        )
    if data["load"]:
        load = data["load"]
        lines += [
            "",
            "## Load run",
            "",
            f"{load['clients']} clients, {load['seconds']} s: {load['requests']} requests, "
            f"{load['errors']} errors, {load['throughput']} requests/s, median "
            f"{load['median_ms']} ms, p95 {load['p95_ms']} ms (target: {load['target']}; met: "
            f"{_met(load['met'])}).",
        ]
    lines += ["", "## Batch work", "", "| figure | result | target | met |", "|---|---|---|---|"]
    for row in data["batch"]:
        shown = {
            k: v
            for k, v in row.items()
            if k not in ("name", "target", "checks", "met", "why", "phases", "generated")
        }
        text = ", ".join(f"{k} {v}" for k, v in shown.items())
        lines.append(
            f"| {row['name']} | {text} | {row.get('target', '')} | {_met(row.get('met'))} |"
        )
    lines += _not_met(data)
    generate = data["generate"]
    phases = ", ".join(f"{name} {seconds} s" for name, seconds in data["phases_seconds"].items())
    lines += [
        "",
        "## Data and run time",
        "",
        f"Phases: {phases}. Tables generated in this run (none when the data was reused):",
        "",
        "| table | rows | seconds | rows/s |",
        "|---|---|---|---|",
    ]
    for step in generate["tables"]:
        lines.append(
            f"| {step['table']} | {step['rows']:,} | {step['seconds']:.1f} "
            f"| {step['rows_per_second']:,} |"
        )
    if data["failures"]:
        lines += ["", "## Failures", ""] + [f"- {failure}" for failure in data["failures"]]
    return "\n".join(lines) + "\n"


def explain_again(folder: Path) -> None:
    """Write the reasons of bench/unmet.py into an existing run's results (the figures are
    left as measured): `python -m bench.results bench/results`."""
    data = json.loads((folder / "latest.json").read_text())
    kinds = {row["name"]: row["kind"] for row in data["pages"]}
    if data["load"]:
        data["load"].setdefault("name", "load run")
    rows = [*data["pages"], *([data["load"]] if data["load"] else []), *data["batch"]]
    for row in rows:
        row.pop("why", None)
        if "met" in row:
            _explain(row, kinds.get(row["name"], ""))
    (folder / "latest.json").write_text(json.dumps(data, indent=2, default=str) + "\n")
    (folder / "latest.md").write_text(markdown(data))


if __name__ == "__main__":
    import sys

    explain_again(Path(sys.argv[1]))
