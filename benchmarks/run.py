"""`make bench`: does every page cost the same at 1,000 stories and at N?

Builds a throw-away database (SQLite in a temporary directory, or a PostgreSQL database
it drops and recreates), loads the demo, tops it up to 1,000 stories with `dateline
generate`, measures every reader page and the newsroom's heavy screens in-process with
Django's test client, generates up to N stories and measures again. Prints a table (with
the date and the machine); `make bench` puts it in docs/benchmarks.md (benchmarks/record.py).

    python -m benchmarks.run [--db sqlite|postgres] [--articles N] [--repeat R]

Everything is chosen before Django starts: DATABASE_URL, DJANGO_SETTINGS_MODULE
(benchmarks.settings) and BENCH_MEDIA_ROOT are set in the environment, then
django.setup() runs; settings are never changed afterwards. The page cache is off.

On PostgreSQL every SELECT of every measured reader page is EXPLAINed at the large size;
plans with a sequential scan over the story tables are printed (and counted in the table).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SMALL = 1_000
READER_LIMIT_MS = 20.0
NEWSROOM_LIMIT_MS = 1000.0
STORY_TABLES = (
    "articles_articlepage",
    "wagtailcore_page",
    "articles_articlepagetag",
    "articles_articlepageauthor",
    "wagtailcore_revision",
    "wagtailsearch_indexentry",
)
SEQ_SCAN = re.compile(r"Seq Scan on (" + "|".join(STORY_TABLES) + r")\b")


@dataclass
class Measured:
    median_ms: float
    queries: int
    seq_scan_plans: list[str] = field(default_factory=list)


# --- set-up, before Django ---------------------------------------------------------------


def _prepare_environment(args: argparse.Namespace, workdir: Path) -> str:
    if args.db == "postgres":
        url = os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/dateline_bench"
        )
        if not args.reuse:
            _recreate_postgres_database(url)
    else:
        url = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    os.environ.setdefault("BENCH_MEDIA_ROOT", str(workdir / "media"))
    return url


def _recreate_postgres_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise SystemExit(f"bench: unusable database name {name!r}")
    maintenance = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


# --- what is measured ----------------------------------------------------------------------


# The same topic and search words at every size, so each row compares like with like. The
# demo tags its stories with this topic and `dateline generate` spreads every topic over its
# stories (2-4 each): about 80,000 stories at 1,000,000. The rare word is in two demo
# headlines and in nothing the generator writes, so it finds the same two stories at any size.
TOPIC_SLUG = "climate"
COMMON_WORD = "climate"
RARE_WORD = "driverless"


def bench_topic():
    """The bench's topic: TOPIC_SLUG, or on a database without it the busiest topic."""
    from django.db.models import Count
    from taggit.models import Tag

    tag = Tag.objects.filter(slug=TOPIC_SLUG).first()
    if tag is None:
        # Busiest by rows of the links' own indexes, not by scanning stories.
        tag = Tag.objects.annotate(n=Count("articles_articlepagetag_items")).order_by("-n").first()
    return tag


def reader_pages() -> dict[str, str]:
    """Every kind of reader page, aimed at the busiest instance of each kind (the topic and
    the search words are fixed: see TOPIC_SLUG)."""
    from django.conf import settings
    from django.db.models import Count

    from dateline.articles.models import Agency, ArticlePage, Author, SectionPage

    published = ArticlePage.objects.published()
    section = SectionPage.objects.get(slug="world")
    subsection = SectionPage.objects.child_of(section).live().order_by("path").first()
    story = published.in_section(section).order_by("-published_at").first()
    month = story.get_parent()
    tag = bench_topic()
    author = Author.objects.annotate(n=Count("article_links")).order_by("-n").first()
    agency = Agency.objects.annotate(n=Count("articles")).order_by("-n").first()
    month_start = story.published_at.astimezone(dt.UTC)
    per_page, max_pages = settings.DATELINE_PAGE_SIZE, settings.DATELINE_MAX_PAGES
    listed = published.in_section(section)[: per_page * max_pages].count()
    deepest = max(1, min(max_pages, -(-listed // per_page)))
    common, rare = COMMON_WORD, RARE_WORD
    pages = {
        "home": "/",
        "section": section.url,
        "section, deepest page": f"{section.url}?page={deepest}",
        "sub-section": subsection.url if subsection else section.url,
        f"topic ({tag.name})": f"/topic/{tag.slug}/",
        "author": author.get_absolute_url(),
        "agency": agency.get_absolute_url(),
        "article": story.url,
        "month archive": month.url,
        "latest feed": "/feeds/latest/rss/",
        "section feed": f"/feeds/section/{section.slug}/rss/",
        "sitemap index (cold)": "/sitemap.xml",
        "sitemap index (warm)": "/sitemap.xml",
        "month sitemap": f"/sitemap-articles-{month_start:%Y-%m}.xml",
        "Google News sitemap": "/sitemap-news.xml",
        f"search, common word ({common})": f"/search/?q={common}",
        f"search, rare word ({rare})": f"/search/?q={rare}",
    }
    return pages


def what_was_measured(stories: int) -> str:
    """The sizes behind the fixed rows at one archive size: the topic's stories, the search
    words' matches and the busiest month's stories."""
    from dateline.articles.models import ArchiveMonthPage, ArticlePageTag
    from dateline.search.query import clean_query
    from dateline.search.sources import Filters, articles

    tag = bench_topic()
    tagged = ArticlePageTag.objects.filter(tag=tag).count()
    found = {
        word: articles.count(clean_query(word), Filters()) for word in (COMMON_WORD, RARE_WORD)
    }
    busiest = ArchiveMonthPage.objects.order_by("-numchild").values_list("numchild", flat=True)
    return (
        f"at {stories:,} stories: topic {tag.name} {tagged:,} stories; "
        f"“{COMMON_WORD}” {found[COMMON_WORD]:,} matches, “{RARE_WORD}” {found[RARE_WORD]:,}; "
        f"busiest month {busiest.first():,} stories"
    )


def newsroom_pages() -> dict[str, str]:
    from wagtail.models import Page

    from dateline.articles.models import ArchiveMonthPage, ArticlePage

    busiest = ArchiveMonthPage.objects.order_by("-numchild").first()
    story = ArticlePage.objects.child_of(busiest).order_by("-pk").first()
    section = Page.objects.get(pk=busiest.get_parent().get_parent().pk)
    headline = " ".join(story.title.split()[:4])
    return {
        # Named without its size (a row per page at both sizes); `busiest_month()` has it.
        "explorer, busiest month": f"/admin/pages/{busiest.pk}/",
        "explorer, section": f"/admin/pages/{section.pk}/",
        "page chooser, root": "/admin/choose-page/",
        "page chooser, busiest month": f"/admin/choose-page/{busiest.pk}/",
        "page chooser, search": f"/admin/choose-page/search/?q={headline}",
        "admin search, a headline": f"/admin/pages/search/?q={headline}",
        "edit view of a story": f"/admin/pages/{story.pk}/edit/",
        "dashboard": "/admin/",
        "report: locked pages": "/admin/reports/locked/",
        "report: aging pages": "/admin/reports/aging-pages/",
        "report: site history": "/admin/reports/site-history/",
        "report: page types usage": "/admin/reports/page-types-usage/",
        "report: workflows": "/admin/reports/workflow/",
    }


def measure(client, path: str, repeat: int, *, cold: bool = False, explain: bool = False):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _get_ok(client, path)  # renditions and per-process caches, made once
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as captured:
        _get_ok(client, path)
    queries = [q["sql"] for q in captured.captured_queries]
    timings = []
    for _ in range(repeat):
        if cold:
            cache.clear()
        started = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:  # a refusal (429) is not the page being measured
            raise SystemExit(f"bench: {path} answered {response.status_code}")
    plans = _seq_scans(queries) if explain else []
    return Measured(statistics.median(timings), len(queries), plans)


def _get_ok(client, path: str):
    response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"bench: {path} answered {response.status_code}")
    return response


def _seq_scans(queries: list[str]) -> list[str]:
    from django.db import connection

    found = []
    with connection.cursor() as cursor:
        for sql in queries:
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            if SEQ_SCAN.search(plan):
                found.append(f"{sql[:300]}\n{plan}")
    return found


def profile(client, path: str, destination: Path) -> Path | None:
    """A pyinstrument profile of one request (if pyinstrument is installed: `.[bench]`)."""
    try:
        from pyinstrument import Profiler
    except ImportError:
        return None
    profiler = Profiler(interval=0.001)
    with profiler:
        client.get(path)
    destination.parent.mkdir(parents=True, exist_ok=True)
    destination.write_text(profiler.output_text(unicode=True, color=False, show_all=False))
    return destination


def scheduled_publish_works() -> tuple[bool, float]:
    """Schedule a change to an old generated story in the past and run Wagtail's scheduler."""
    from django.core.management import call_command
    from django.utils import timezone

    from dateline.articles.models import ArticlePage

    story = ArticlePage.objects.order_by("pk").last()
    draft = story.get_latest_revision_as_object()
    # The stem, not the title: a reused database gets this change at every run.
    draft.title = f"{story.title.split(' (')[0]} (scheduled update {timezone.now():%H:%M:%S})"
    draft.go_live_at = timezone.now() - dt.timedelta(minutes=1)
    revision = draft.save_revision(approved_go_live_at=draft.go_live_at)
    started = time.perf_counter()
    call_command("publish_scheduled", stdout=open(os.devnull, "w"))  # noqa: SIM115
    seconds = time.perf_counter() - started
    story.refresh_from_db()
    return story.live_revision_id == revision.pk and story.title == draft.title, seconds


def workflow_works() -> tuple[bool, float]:
    """Edit a generated story, submit it to its section's workflow and approve every task
    as a superuser: the change must end up published."""
    from django.contrib.auth import get_user_model
    from wagtail.models import WorkflowState

    from dateline.articles.models import ArticlePage

    user = get_user_model().objects.filter(is_superuser=True).first()
    story = ArticlePage.objects.order_by("-pk")[1]
    workflow = story.get_workflow()
    if workflow is None or user is None:
        return False, 0.0
    started = time.perf_counter()
    draft = story.get_latest_revision_as_object()
    draft.title = f"{story.title.split(' (')[0]} (desk review {dt.datetime.now():%H:%M:%S})"
    draft.save_revision(user=user)
    state = workflow.start(story, user)
    while state.status == WorkflowState.STATUS_IN_PROGRESS:
        task_state = state.current_task_state
        task_state.task.specific.on_action(task_state, user, "approve")
        state.refresh_from_db()
    seconds = time.perf_counter() - started
    story.refresh_from_db()
    approved = state.status == WorkflowState.STATUS_APPROVED
    return approved and story.live and story.title == draft.title, seconds


# --- the run ------------------------------------------------------------------------------


def _generate_up_to(total: int) -> tuple[int, float]:
    from django.core.management import call_command

    from dateline.articles.models import ArticlePage

    missing = total - ArticlePage.objects.count()
    if missing <= 0:
        return 0, 0.0
    started = time.perf_counter()
    call_command("generate", articles=missing, verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    return missing, time.perf_counter() - started


def _admin_client():
    from django.contrib.auth import get_user_model
    from django.test import Client

    user_model = get_user_model()
    user = user_model.objects.filter(is_superuser=True).first()
    if user is None:
        user = user_model.objects.create_superuser("bench", "bench@example.invalid", "bench")
    client = Client()
    client.force_login(user)
    return client


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        memory = f", {memory_kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, StopIteration):
        memory = ""
    python = platform.python_version()
    return f"{platform.node()}: {cpu}, {os.cpu_count()} cores{memory}, Python {python}"


def database_version() -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--articles", type=int, default=5000, help="stories at the large size")
    parser.add_argument("--repeat", type=int, default=15, help="timed requests per reader page")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure the existing PostgreSQL database (BENCH_DATABASE_URL) instead of "
        "recreating it; generates only what is missing up to --articles",
    )
    parser.add_argument("--profile-dir", default=str(ROOT / "var" / "bench-profiles"))
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="dateline-bench-"))
    _prepare_environment(args, workdir)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from dateline.articles.models import ArticlePage

    run_started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if not ArticlePage.objects.exists():
        call_command("demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    postgres = database_version().startswith("PostgreSQL")
    reader, admin = Client(), _admin_client()

    results: dict[str, dict[int, Measured]] = {}
    newsroom: dict[str, dict[int, Measured]] = {}
    sizes, generated, measured_at = [], [], []
    for size in sorted({min(SMALL, args.articles), args.articles}):
        added, seconds = _generate_up_to(size)
        if added:
            generated.append((added, seconds))
        if ArticlePage.objects.count() > size and size < args.articles:
            continue  # a reused database already holds more than the small size
        count = ArticlePage.objects.count()
        sizes.append(count)
        measured_at.append(what_was_measured(count))
        print(f"measuring {measured_at[-1]} ...", flush=True)
        for name, path in reader_pages().items():
            results.setdefault(name, {})[count] = measure(
                reader,
                path,
                args.repeat,
                cold="(cold)" in name,
                explain=postgres and size == args.articles,
            )
            _progress(name, results[name][count])
        for name, path in newsroom_pages().items():
            newsroom.setdefault(name, {})[count] = measure(admin, path, 3)
            _progress(name, newsroom[name][count])
    if not sizes:
        sizes.append(ArticlePage.objects.count())
    scheduled_ok, scheduled_seconds = scheduled_publish_works()
    workflow = workflow_works()

    large = sizes[-1]
    profiles = []
    for table, limit, client, pages in (
        (results, READER_LIMIT_MS, reader, reader_pages()),
        (newsroom, NEWSROOM_LIMIT_MS, admin, newsroom_pages()),
    ):
        for name, path in pages.items():
            measured = table.get(name, {}).get(large)
            if measured and measured.median_ms > limit:
                slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
                written = profile(client, path, Path(args.profile_dir) / f"{slug}.txt")
                if written:
                    profiles.append(
                        str(written.relative_to(ROOT) if written.is_relative_to(ROOT) else written)
                    )

    report = _report(
        args,
        sizes,
        results,
        newsroom,
        generated,
        (scheduled_ok, scheduled_seconds),
        profiles,
        workflow,
        measured_at,
    )
    report += f"\nWhole run: {(time.perf_counter() - run_started) / 60:.1f} min.\n"
    print(report)
    for name, by_size in results.items():
        for plan in by_size.get(large, Measured(0, 0)).seq_scan_plans:
            print(f"\nSequential scan over a story table on {name}:\n{plan}")
    return 0


def _report(
    args, sizes, results, newsroom, generated, scheduled, profiles, workflow, measured_at
) -> str:
    small, large = sizes[0], sizes[-1]
    engine = database_version()
    now = dt.datetime.now(dt.UTC)
    lines = [
        f"## {now:%Y-%m-%d %H:%M} UTC, {engine}, {small:,} → {large:,} stories",
        "",
        f"`make bench BENCH_DB={args.db} BENCH_ARTICLES={args.articles}"
        f"{' BENCH_REUSE=1' if args.reuse else ''}` on {machine()}; "
        f"load average {_load_average()}.",
        "Median of "
        f"{args.repeat} uncached requests per reader page (3 per newsroom page), in-process.",
        "",
        f"| reader page | {small:,} stories | {large:,} stories | ≤ {READER_LIMIT_MS:.0f} ms "
        "| queries | seq scans |",
        "| --- | ---: | ---: | :---: | --- | ---: |",
    ]
    for name, by_size in results.items():
        first, last = by_size.get(small), by_size.get(large)
        lines.append(
            f"| {name} | {_ms(first)} | {_ms(last)} | "
            f"{'yes' if last and last.median_ms <= READER_LIMIT_MS else 'NO'} | "
            f"{_queries(first)} → {_queries(last)} | {len(last.seq_scan_plans) if last else '-'} |"
        )
    lines += [
        "",
        f"| newsroom page | {small:,} stories | {large:,} stories | < 1 s | queries |",
        "| --- | ---: | ---: | :---: | --- |",
    ]
    for name, by_size in newsroom.items():
        first, last = by_size.get(small), by_size.get(large)
        lines.append(
            f"| {name} | {_ms(first)} | {_ms(last)} | "
            f"{'yes' if last and last.median_ms < NEWSROOM_LIMIT_MS else 'NO'} | "
            f"{_queries(first)} → {_queries(last)} |"
        )
    lines.append("")
    for added, seconds in generated:
        lines.append(
            f"- `dateline generate --articles {added:,}`: {seconds:.1f} s "
            f"({added / seconds:,.0f} stories/s)."
        )
    ok, seconds = scheduled
    lines.append(
        f"- Scheduled publish of a generated story (`publish_scheduled`): "
        f"{'works' if ok else 'FAILED'}, {seconds:.2f} s."
    )
    ok, seconds = workflow
    lines.append(
        "- A generated story's edit through its workflow (submit, every task approved): "
        f"{'published' if ok else 'FAILED'}, {seconds:.2f} s."
    )
    if profiles:
        lines.append(f"- Profiles of the pages over their limit: {', '.join(profiles)}.")
    lines += [f"- Measured {note}." for note in measured_at]
    return "\n".join(lines) + "\n"


def _load_average() -> str:
    """The 1/5/15-minute load average when the table is written: a shared machine's
    other work shows in every figure."""
    try:
        return " / ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def _progress(name: str, measured: Measured) -> None:
    """Each figure as it comes, so an interrupted run still leaves its numbers in the log."""
    print(f"  {name}: {measured.median_ms:.1f} ms, {measured.queries} queries", flush=True)


def _ms(measured: Measured | None) -> str:
    return f"{measured.median_ms:.1f} ms" if measured else "-"


def _queries(measured: Measured | None) -> str:
    return str(measured.queries) if measured else "-"


if __name__ == "__main__":
    sys.exit(main())
