"""The demo's live coverage: a Budget day that has ended (46 entries, key events, pictures)
and a cricket final that is live, to which `post_next_match_entry` (a scheduler job under
`make run`: DATELINE_DEMO_JOBS) adds an entry every minute. All text is written for the demo."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from dateline.articles.models import ArticlePageAuthor, Author
from dateline.articles.services import file_article, revise_article
from dateline.live import services as live_services
from dateline.live.models import CoverageStatus, LiveBlogPage, LiveEntry

from . import images

BUDGET_SLUG = "union-budget-2026-live-as-it-happened"
MATCH_SLUG = "cricket-final-live-india-v-australia"
MATCH_EVERY = dt.timedelta(minutes=1)

# (minutes after 10:00, headline, text, key event, picture)
BUDGET_MOMENTS: list[tuple[int, str, str, bool, bool]] = [
    (
        0,
        "Good morning",
        "We are live from Parliament, where the Finance Minister presents the "
        "Union Budget at 11:00. Stay with us for every announcement and the reaction.",
        False,
        True,
    ),
    (
        12,
        "Minister leaves the ministry",
        "The Finance Minister has left North Block with the "
        "red tablet bag, on her way to meet the President before the speech.",
        False,
        True,
    ),
    (
        25,
        "Markets open flat",
        "The Sensex opened 40 points higher and the Nifty barely moved: "
        "traders are waiting for the speech before taking positions.",
        False,
        False,
    ),
    (
        38,
        "Cabinet approves the Budget",
        "The Union Cabinet has met in Parliament House and "
        "cleared the Budget papers, the last formal step before the speech.",
        False,
        False,
    ),
    (
        60,
        "The speech begins",
        "The Finance Minister rises in the Lok Sabha and opens with the "
        "growth estimate for the year: 6.8%, she says, with inflation inside the target band.",
        True,
        True,
    ),
    (
        68,
        "Fiscal deficit target",
        "The deficit is set at 4.4% of GDP for next year, down from "
        "4.8%. The government keeps to the path it announced two years ago.",
        True,
        False,
    ),
    (
        74,
        "Capital spending up",
        "Public capital expenditure rises to 11.2 lakh crore rupees, "
        "with railways, roads and urban transit taking the largest shares.",
        False,
        False,
    ),
    (
        81,
        "Railways",
        "Three new freight corridors and 200 more semi-high-speed trains are "
        "promised over five years.",
        False,
        True,
    ),
    (
        88,
        "Farmers",
        "The farm credit target goes up by a fifth, and a new scheme will pay for "
        "storage near mandis so that growers can wait for better prices.",
        False,
        False,
    ),
    (
        95,
        "Income tax: new slabs",
        "No tax on income up to 12 lakh rupees a year under the new "
        "regime. The standard deduction rises to 75,000 rupees.",
        True,
        True,
    ),
    (
        99,
        "What it means for a salaried earner",
        "Someone earning 15 lakh rupees a year pays "
        "about 31,000 rupees less tax under the new slabs, by our calculation.",
        False,
        False,
    ),
    (
        104,
        "Sensex jumps",
        "The Sensex is up 600 points since the tax announcement; consumer "
        "companies lead the gains.",
        False,
        False,
    ),
    (
        110,
        "Health",
        "The health budget rises 12%, with 200 day-care cancer centres in district "
        "hospitals over three years.",
        False,
        False,
    ),
    (
        117,
        "Education",
        "Fifty thousand new labs for schools, and broadband for every government "
        "secondary school in rural areas.",
        False,
        True,
    ),
    (
        123,
        "Customs duties",
        "Duties on 36 life-saving medicines are removed, and duties on "
        "phone parts are cut to encourage assembly at home.",
        True,
        False,
    ),
    (
        129,
        "Opposition walks out",
        "Opposition members left the House briefly, saying the "
        "speech ignored unemployment among graduates.",
        False,
        False,
    ),
    (
        136,
        "States' share",
        "The states will receive 1.4 lakh crore rupees more in tax devolution than last year.",
        False,
        False,
    ),
    (
        142,
        "Speech ends",
        "The Finance Minister ends a 82-minute speech; the House is adjourned until tomorrow.",
        True,
        False,
    ),
    (
        150,
        "Markets close higher",
        "The Sensex closed 820 points up and the Nifty gained 1.1%, "
        "their best Budget day in four years.",
        True,
        True,
    ),
    (
        165,
        "Industry reacts",
        "Industry bodies welcomed the capital spending and the tax cuts, "
        "but asked for faster approvals for factories.",
        False,
        False,
    ),
    (
        180,
        "Economists' view",
        "Most economists we spoke to called the deficit target "
        "credible; two warned that tax revenue assumptions look optimistic.",
        False,
        False,
    ),
    (
        200,
        "Press conference",
        "At her press conference the Finance Minister said the tax cut "
        "would put money in households' hands and lift consumption.",
        False,
        True,
    ),
    (
        225,
        "That's all for today",
        "Thank you for following our coverage. Our explainers on the "
        "new slabs and the deficit are on the Business page.",
        False,
        False,
    ),
]
# Between the moments above, shorter updates from the desk (filled in order of time).
BUDGET_TICKS = [
    "Sensex at {n} points.",
    "Our reporter in the press gallery says the House is full.",
    "Reader question: does the new regime apply by default? Yes, unless you choose the old one.",
    "Rupee steady at 83.1 to the dollar.",
    "The speech is running longer than last year's.",
    "Bond yields ease slightly after the deficit figure.",
]


def _budget_entries(start: dt.datetime) -> list[tuple[dt.datetime, str, str, bool, bool]]:
    """The moments, with a desk update between each pair: 46 entries."""
    rows = []
    for index, (minutes, headline, text, key, picture) in enumerate(BUDGET_MOMENTS):
        rows.append((start + dt.timedelta(minutes=minutes), headline, text, key, picture))
        if index + 1 < len(BUDGET_MOMENTS):
            gap = BUDGET_MOMENTS[index + 1][0] - minutes
            tick = BUDGET_TICKS[index % len(BUDGET_TICKS)].format(n=f"{81_200 + index * 35:,}")
            rows.append((start + dt.timedelta(minutes=minutes + gap // 2), "", tick, False, False))
    return rows


MATCH_LINES = [
    ("", "Dot ball, beaten outside off stump."),
    ("", "Driven through the covers for four. Lovely timing."),
    ("", "A single to mid-wicket keeps the strike rotating."),
    ("", "Short ball, pulled away for two."),
    ("Drinks break", "Players take drinks; the ground is still full despite the heat."),
    ("", "Appeal for lbw, not given. Australia decide against a review."),
    ("SIX!", "Down the track and over long-on. The crowd is on its feet."),
    ("", "Yorker, dug out for no run."),
    ("", "Edged, but it falls short of first slip."),
    ("Fifty up", "A half-century for the opener, off 47 balls: his third of the tournament."),
    ("", "Quick single, and a direct hit would have been close. It missed."),
    ("", "Leg bye to fine leg."),
    ("WICKET", "Caught at deep square leg. A well-judged catch on the rope."),
    ("", "New batter in, takes guard and leaves the first ball alone."),
    ("", "Wide down the leg side, an extra run."),
    ("", "Flicked off the pads for four to fine leg."),
]


def _byline() -> list[Author]:
    author = Author.objects.filter(slug="rohit-mehra").first() or Author.objects.first()
    return [author] if author else []


def _desk_user():
    return get_user_model().objects.filter(is_superuser=True).order_by("pk").first()


def ensure_live_blogs(sections: dict, now: dt.datetime) -> None:
    """The two demo live blogs, if missing (idempotent)."""
    user = _desk_user()
    if not LiveBlogPage.objects.filter(slug=BUDGET_SLUG).exists():
        _budget(sections["business"], user, now)
    if not LiveBlogPage.objects.filter(slug=MATCH_SLUG).exists():
        _match(sections.get("cricket") or sections["sports"], user, now)


def _budget(section, user, now: dt.datetime) -> None:
    day = (now - dt.timedelta(days=3)).replace(hour=4, minute=30, second=0, microsecond=0)
    palette = images.palette("#5b2a86", "#9a48d0", "#f9c80e")
    blog = file_article(
        section,
        LiveBlogPage(
            title="Union Budget 2026 live: tax cuts, deficit target and the markets' verdict",
            slug=BUDGET_SLUG,
            dek="Every announcement of the Budget speech, the numbers that matter to you and "
            "the reaction, as it happened.",
            hero_image=images.hero_image(BUDGET_SLUG, palette),
            hero_alt="Illustration: the Budget in figures",
            coverage_status=CoverageStatus.LIVE,
            article_authors=[ArticlePageAuthor(author=a) for a in _byline()],
        ),
        published_at=day,
        user=user,
    )
    authors = _byline()
    rows = _budget_entries(day)
    for index, (when, headline, text, key, picture) in enumerate(rows):
        body = [("text", f"<p>{text}</p>")]
        if picture:
            image = images.hero_image(f"{BUDGET_SLUG}-{index}", palette)
            body.append(("image", {"image": image, "alt_text": headline, "caption": headline}))
        entry = LiveEntry.objects.create(
            blog=blog, headline=headline, body=body, is_key_event=key, created_by=user,
            is_pinned=index == len(rows) - 1,
        )  # fmt: skip
        entry.authors.set(authors)
        # freshness: the blog is published right after (its revision purges its pages)
        LiveEntry.objects.filter(pk=entry.pk).update(posted_at=when)
    revise_article(
        blog,
        user=user,
        coverage_status=CoverageStatus.ENDED,
        coverage_ended_at=rows[-1][0] + dt.timedelta(minutes=5),
        minor_edit=True,
    )


def _match(section, user, now: dt.datetime) -> None:
    palette = images.palette("#0b3d20", "#2d6a4f", "#ffd166")
    blog = file_article(
        section,
        LiveBlogPage(
            title="Cricket final live: India v Australia, ball by ball",
            slug=MATCH_SLUG,
            dek="Follow every over of the final with our commentary team at the ground.",
            hero_image=images.hero_image(MATCH_SLUG, palette),
            hero_alt="Illustration: a cricket ground under lights",
            coverage_status=CoverageStatus.LIVE,
            end_after_silence=30,
            article_authors=[ArticlePageAuthor(author=a) for a in _byline()],
        ),
        published_at=now - dt.timedelta(minutes=40),
        user=user,
    )
    for minutes in range(8, 0, -1):
        entry = _post_match_line(blog, user)
        # freshness: the blog is new and is read only after this function (and its purges)
        LiveEntry.objects.filter(pk=entry.pk).update(posted_at=now - dt.timedelta(minutes=minutes))


def _post_match_line(blog: LiveBlogPage, user) -> LiveEntry:
    count = LiveEntry.objects.filter(blog=blog).count()
    headline, text = MATCH_LINES[count % len(MATCH_LINES)]
    over = f"Over {count // 6}.{count % 6 + 1}"
    return live_services.post_entry(
        blog,
        user=user,
        headline=headline,
        body=[("text", f"<p><b>{over}</b> {text}</p>")],
        authors=_byline(),
        is_key_event=headline in {"WICKET", "Fifty up"},
    )


def post_next_match_entry() -> None:
    """A scheduler job (DATELINE_DEMO_JOBS): the demo match gets an entry a minute, and goes
    live again if it ended for silence while the demo was not running."""
    blog = LiveBlogPage.objects.filter(slug=MATCH_SLUG, live=True).first()
    user = _desk_user()
    if blog is None or user is None:
        return
    last = LiveEntry.objects.filter(blog=blog).order_by("-pk").values_list("posted_at", flat=True)
    last_at = last.first()
    if last_at is not None and timezone.now() - last_at < MATCH_EVERY:
        return
    if blog.coverage_status != CoverageStatus.LIVE:
        blog = live_services.set_status(blog, CoverageStatus.LIVE, user=user)
    _post_match_line(blog, user)
