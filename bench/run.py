"""One harness run (Django set up with bench.settings against the bench database): generate,
serve, measure, load, batch figures, results."""

import re
import shutil
import tempfile
import time
import traceback
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from bench import jobs, measure, results
from bench.generate import BENCH_EMAIL, BENCH_PASSWORD, BIG_SLUG, RARE_WORD, Generator
from bench.harness import fingerprint
from bench.measure import Figure, PageError, Request
from bench.server import Server, same_session, signed_in

LOAD_CLIENTS = 20


@dataclass
class Ids:
    """What the pages are asked about, looked up once after generating."""

    workspace: int
    busiest: str
    busiest_pk: int
    team: str
    owner: str
    campaign: str
    drafts: list[str]


class Run:
    def __init__(self, args, url: str, *, fresh: bool) -> None:
        self.args = args
        self.scale = args.scale
        self.url = url
        self.fresh = fresh
        self.smoke = args.smoke
        self.repeat = args.repeat or (1 if self.smoke else _default_repeat(self.scale))
        self.skip = {item.strip() for item in args.skip.split(",") if item.strip()}
        self.report = results.Report(scale=self.scale, repeat=self.repeat, database=url)
        self.failures: list[str] = []
        self.work = Path(tempfile.mkdtemp(prefix="rapport-bench-"))

    @contextmanager
    def phase(self, name: str):
        started = time.monotonic()
        try:
            yield
        finally:
            self.report.phases[name] = round(time.monotonic() - started, 1)

    def all(self) -> int:
        try:
            self.prepare()
            self.serve_and_measure()
            if "batch" not in self.skip:
                self.batch()
        except Exception as error:  # the harness broke: say where, fail the run
            self.failures.append(f"{type(error).__name__}: {error}")
            traceback.print_exc()
        finally:
            self.report.failures = self.failures
            self.report.write(self.args.output)
            shutil.rmtree(self.work, ignore_errors=True)
        for failure in self.failures:
            print(f"FAILED: {failure}", flush=True)
        return 1 if self.failures else 0

    # --- data ---

    def prepare(self) -> None:
        if self.fresh:
            with self.phase("migrate"):
                call_command("migrate", verbosity=0)
            print(f"generating SCALE={self.scale}", flush=True)
            with self.phase("generate"):
                self.report.generated = Generator(self.scale, timezone.now()).run()
            with connection.cursor() as cursor:
                cursor.execute("CREATE TABLE bench_generated (scale float, fingerprint text)")
                cursor.execute(
                    "INSERT INTO bench_generated VALUES (%s, %s)", [self.scale, fingerprint()]
                )
        else:
            print(f"reusing the SCALE={self.scale} data", flush=True)
        self.ids = self._ids()

    def _ids(self) -> Ids:
        from campaigns.models import Campaign
        from contacts.models import Influencer
        from irm.models import Membership, Team, Workspace

        workspace = Workspace.objects.get(slug=BIG_SLUG)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT influencer_id FROM contacts_interaction WHERE workspace_id = %s "
                "GROUP BY 1 ORDER BY count(*) DESC LIMIT 1",
                [workspace.pk],
            )
            busiest_pk = cursor.fetchone()[0]
        team = Team.objects.filter(workspace=workspace).order_by("pk").first()
        owner = (
            Membership.objects.filter(workspace=workspace, role="member")
            .order_by("pk")
            .select_related("user")
            .first()
        )
        campaign = (
            Campaign.objects.filter(workspace=workspace, collaborations__isnull=False)
            .order_by("pk")
            .first()
        )
        # Pitch drafts to people who may be contacted and have an address, one per send.
        people = (
            Influencer.objects.filter(
                workspace=workspace, do_not_contact=False, channel_permissions__channel="email"
            )
            .exclude(pk=busiest_pk)
            .order_by("-pk")
            .values_list("public_id", flat=True)[: self.repeat + 2]
        )
        return Ids(
            workspace=workspace.pk,
            busiest=str(Influencer.objects.get(pk=busiest_pk).public_id),
            busiest_pk=busiest_pk,
            team=str(team.public_id),
            owner=str(owner.user.public_id),
            campaign=str(campaign.public_id),
            drafts=[str(public_id) for public_id in people],
        )

    # --- pages ---

    def serve_and_measure(self) -> None:
        capture_dir = self.work / "capture"
        capture_dir.mkdir()
        with Server(capture_dir, self.work / "gunicorn.log") as server:
            base = server.base
            session = signed_in(base, BENCH_EMAIL, BENCH_PASSWORD)
            pitches = self._drafts(session, base)
            with self.phase("pages"):
                for figure in self.figures(pitches):
                    self._measure(session, base, figure, capture_dir)
            if "load" not in self.skip:
                with self.phase("load run"):
                    self._load(base, session)
        log = (self.work / "gunicorn.log").read_text(errors="replace")
        if "Traceback" in log:
            self.failures.append("the server logged a traceback:\n" + log[-2000:])

    def _drafts(self, session, base: str) -> list[str]:
        """Drafts written through the API (not timed): the guard check and the sends use them."""
        made = []
        for influencer in self.ids.drafts:
            answer = session.post(
                f"{base}/api/v1/w/{BIG_SLUG}/pitches/",
                json={
                    "influencer": influencer,
                    "channel": "email",
                    "subject": "An idea for you",
                    "body": "Hello {first_name}!",
                },
                timeout=60,
            )
            if answer.status_code != 201:
                raise PageError(f"writing a draft answered {answer.status_code}: {answer.text}")
            made.append(answer.json()["public_id"])
        return made

    def figures(self, pitches: list[str]) -> list[Figure]:
        ids, w = self.ids, f"/w/{BIG_SLUG}"
        api = f"/api/v1/w/{BIG_SLUG}"
        admin = f"/admin/contacts/influencer/?workspace__id__exact={ids.workspace}"
        deep = self._deep_page()
        profile = f"{w}/influencers/{ids.busiest}/"
        send = Request("POST", "", {"override_reason": "Bench: measured send."})

        def page(path, peer=None):
            return Request("GET", path), (Request("GET", peer) if peer else None)

        def figure(name, kind, path, peer=None, peer_name="Django admin changelist", **extra):
            own, other = page(path, peer)
            return Figure(name, kind, own, other, peer_name if peer else "", **extra)

        def sending(number: int) -> Request:
            return Request("POST", f"{api}/pitches/{pitches[number + 1]}/send/", send.data)

        return [
            figure("influencer list, page 1", "list", f"{w}/influencers/", admin),
            figure("search common (mar)", "list", f"{w}/influencers/?q=mar", f"{admin}&q=mar"),
            figure(
                f"search rare ({RARE_WORD.lower()})",
                "list",
                f"{w}/influencers/?q={RARE_WORD.lower()}",
                f"{admin}&q={RARE_WORD.lower()}",
            ),
            figure("search prefix (zo)", "list", f"{w}/influencers/?q=zo", f"{admin}&q=zo"),
            figure(
                "search accent (zoë)", "list", f"{w}/influencers/?q=zo%C3%AB", f"{admin}&q=zo%C3%AB"
            ),
            figure(
                "filter country + stage",
                "list",
                f"{w}/influencers/?country=FR&stage=engaged",
                f"{admin}&country__exact=FR&stage__exact=engaged",
            ),
            figure(
                "sort most followers", "list", f"{w}/influencers/?sort=-followers", f"{admin}&o=-6"
            ),
            figure(
                f"deep page ({deep})",
                "list",
                f"{w}/influencers/?page={deep}",
                f"{admin}&p={max(1, deep // 2)}",
            ),
            figure(
                "busiest profile",
                "profile",
                profile,
                f"/admin/contacts/influencer/{ids.busiest_pk}/change/",
                "Django admin change form",
            ),
            Figure(
                "busiest profile, next timeline page",
                "page",
                lambda n: Request("GET", self._next_timeline),
            ),
            figure(
                "dashboard",
                "dashboard",
                f"{w}/",
                f"{admin}&health_band__exact=at_risk",
                "Django admin at-risk list",
            ),
            figure("dashboard, one team", "dashboard", f"{w}/?team={ids.team}"),
            figure("dashboard, one owner", "dashboard", f"{w}/?owner={ids.owner}"),
            figure("outreach", "page", f"{w}/outreach/"),
            figure("reminders", "page", f"{w}/reminders/"),
            figure("inbox", "page", f"{w}/inbox/"),
            figure("campaign board", "page", f"{w}/campaigns/{ids.campaign}/"),
            figure("campaign report", "page", f"{w}/campaigns/{ids.campaign}/report/"),
            figure(
                "API influencers, 100 rows",
                "api",
                f"{api}/influencers/?page_size=100",
                f"/bench-peer/influencers/?workspace={BIG_SLUG}",
                "plain DRF ModelViewSet",
            ),
            figure("API pitches", "page", f"{api}/pitches/"),
            figure("API reminders", "page", f"{api}/reminders/"),
            figure("API inbox", "page", f"{api}/inbox/"),
            figure("API campaigns", "page", f"{api}/campaigns/"),
            figure("API dashboard", "page", f"{api}/dashboard/"),
            Figure("guard check", "page", Request("POST", f"{api}/pitches/{pitches[0]}/check/")),
            Figure("pitch send to outbox", "page", sending, repeat=len(pitches) - 2),
        ]

    def _deep_page(self) -> int:
        """Page 400 of 50 at SCALE=1 (row 20,000 of 70,000), the same depth below."""
        from contacts.models import Influencer

        people = Influencer.objects.filter(workspace_id=self.ids.workspace).count()
        return max(2, min(round(400 * self.scale), people // 50))

    def _measure(self, session, base: str, figure: Figure, capture_dir: Path) -> None:
        name = re.sub(r"[^a-z0-9]+", "-", figure.name.lower()).strip("-")
        if figure.name.startswith("busiest profile, next"):
            self._next_timeline = self._timeline_cursor(session, base)
        try:
            mine, theirs = measure.time_figure(
                session, base, figure, self.repeat, warm_up=not self.smoke
            )
            request = measure.resolve(figure.request, self.repeat)
            if figure.name == "pitch send to outbox":
                request = measure.resolve(figure.request, -2)
            recorded = measure.capture(session, base, request, name, capture_dir)
            sql_ms, failed = measure.replay(
                self.url, recorded["queries"], runs=1 if self.smoke else 5
            )
        except Exception as error:
            self.failures.append(f"{figure.name}: {error}")
            print(f"  {figure.name}: FAILED {error}", flush=True)
            return
        queries = measure.counted(recorded["queries"])
        row = self.report.page(figure, mine, theirs, queries, sql_ms, failed)
        print(f"  {results.page_line(row)}", flush=True)

    def _timeline_cursor(self, session, base: str) -> str:
        """The profile's "older entries" link, as a person would follow it."""
        path = f"/w/{BIG_SLUG}/influencers/{self.ids.busiest}/timeline/"
        html = session.get(base + path, timeout=60).text
        found = re.search(r'[?&]before=([^"&]+)', html)
        if not found:
            raise PageError("the busiest timeline has no link to older entries")
        return f"{path}?before={found.group(1)}"

    def _load(self, base: str, signed) -> None:
        seconds = self.args.load_seconds or (
            2.0 if self.smoke else max(5.0, min(60.0, 300 * self.scale))
        )
        w, api = f"/w/{BIG_SLUG}", f"/api/v1/w/{BIG_SLUG}"
        mix = [
            f"{w}/influencers/",
            f"{w}/influencers/?q=mar",
            f"{w}/influencers/?sort=-followers",
            f"{w}/influencers/?country=FR&stage=engaged",
            f"{w}/",
            f"{w}/influencers/{self.ids.busiest}/",
            f"{w}/outreach/",
            f"{w}/reminders/",
            f"{api}/influencers/?page_size=100",
            f"{api}/pitches/",
        ]
        sessions = [same_session(signed) for _ in range(LOAD_CLIENTS)]
        print(f"load run: {LOAD_CLIENTS} clients for {seconds:.0f} s", flush=True)
        load = measure.load_run(sessions, base, mix, seconds)
        self.report.load = load
        print(f"  {load}", flush=True)
        if load["errors"]:
            self.failures.append(f"load run: {load['errors']} errors {load['error_examples']}")

    # --- batch figures ---

    def batch(self) -> None:
        burst = max(500, round(5000 * self.scale))
        steps = [("health computation, everyone", jobs.health_everyone)]
        # The burst waits for Celery workers to start and for beat's tick: not in a smoke run.
        # Before the planner, whose reminders falling due at once would join the burst.
        if "burst" not in self.skip and not self.smoke:
            steps += [
                (f"reminder burst, {burst:,}", lambda: jobs.reminder_burst(burst)),
                (f"raw UPDATE ... RETURNING claim, {burst:,}", lambda: jobs.raw_claim(burst)),
            ]
        steps.append(("keep-in-touch planner, everyone", jobs.planner_everyone))
        if "import" not in self.skip:
            rows = 50 if self.smoke else max(1000, round(100_000 * self.scale))
            steps.append((f"import, {rows:,} rows", lambda: jobs.import_in_child(rows)))
        for name, step in steps:
            print(f"{name} ...", flush=True)
            try:
                with self.phase(name):
                    result = step()
            except Exception as error:
                self.failures.append(f"{name}: {error}")
                traceback.print_exc()
                continue
            self.report.batch(name, result)
            print(f"  {result}", flush=True)
        self.report.judge_batch()


def _default_repeat(scale: float) -> int:
    return 30 if scale >= 1 else max(5, min(30, round(5 + 25 * scale / 0.2)))
