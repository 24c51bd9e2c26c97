"""Reader search: what is found, in which order, what never shows, and bad input."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks.signals import task_finished

from dateline.articles.factories import ArticlePageFactory, AuthorFactory
from dateline.articles.models import ArticlePage
from dateline.articles.services import unpublish_article
from dateline.caching.dependencies import recording
from dateline.core.testing import cache_contents
from dateline.listings.factories import make_section
from dateline.search.query import MAX_QUERY_LENGTH, clean_query
from dateline.search.ranking import rank, recency_factor
from dateline.search.sources import Hit

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def days_ago(days: float) -> dt.datetime:
    return NOW - dt.timedelta(days=days)


def titles(response) -> list[str]:
    return [hit.obj.title for hit in response.context["results"].object_list]


@pytest.fixture
def task_errors():
    """Errors of background tasks (the search index is updated by one): a failure is silent."""
    errors: list[str] = []

    def record(sender, task_result, **kwargs):
        errors.extend(error.traceback for error in task_result.errors)

    task_finished.connect(record, weak=False)
    yield errors
    task_finished.disconnect(record)


def test_search_finds_published_stories_only(client, world, task_errors):
    ArticlePageFactory(section=world, title="Monsoon arrives early in Kerala")
    ArticlePageFactory(section=world, title="Monsoon draft not yet out", publish=False)
    assert task_errors == []
    response = client.get("/search/", {"q": "monsoon"})
    assert titles(response) == ["Monsoon arrives early in Kerala"]
    html = response.content.decode()
    assert "<mark>Monsoon</mark> arrives early in Kerala" in html
    assert "Monsoon draft not yet out" not in html
    assert "1 result for" in html


def test_hidden_states_never_appear(client, world):
    visible = ArticlePageFactory(section=world, title="Monsoon visible story")
    ArticlePageFactory(section=world, title="Monsoon draft", publish=False)
    embargoed = ArticlePageFactory(section=world, title="Monsoon embargoed")
    ArticlePage.objects.filter(pk=embargoed.pk).update(embargo_until=NOW + dt.timedelta(hours=2))
    future = ArticlePageFactory(section=world, title="Monsoon dated in the future")
    ArticlePage.objects.filter(pk=future.pk).update(published_at=NOW + dt.timedelta(hours=2))
    scheduled = ArticlePageFactory(section=world, title="Monsoon scheduled", publish=False)
    scheduled.go_live_at = NOW + dt.timedelta(hours=1)
    scheduled.save_revision().publish()  # with a future go-live, Wagtail only schedules it
    withdrawn = ArticlePageFactory(section=world, title="Monsoon withdrawn")
    unpublish_article(withdrawn)

    response = client.get("/search/", {"q": "monsoon"})
    assert titles(response) == [visible.title]
    assert response.context["total"] == 1
    suggest = client.get("/search/suggest/", {"q": "monsoon"}).json()
    assert [h["title"] for h in suggest["headlines"]] == [visible.title]


def test_unpublishing_drops_a_story_and_the_page_recorded_what_would_purge_it(client, world):
    story = ArticlePageFactory(section=world, title="Harbour strike ends")
    with recording() as keys:
        assert titles(client.get("/search/", {"q": "harbour"})) == ["Harbour strike ends"]
    assert {"list:articles", f"page:{story.pk}"} <= keys
    unpublish_article(story)
    assert titles(client.get("/search/", {"q": "harbour"})) == []


def test_recency_blend_puts_a_fresh_story_above_an_old_equal_match(client, world):
    # The new one is created first (lower id): ties broken by id would put the old one first.
    new = ArticlePageFactory(section=world, title="Coastal flood warning", published_at=days_ago(1))
    old = ArticlePageFactory(
        section=world, title="Coastal flood warning", published_at=days_ago(730)
    )
    response = client.get("/search/", {"q": "coastal flood"})
    assert [hit.pk for hit in response.context["results"].object_list] == [new.pk, old.pk]


def test_recency_formula():
    assert recency_factor(NOW, NOW) == 1.0
    assert recency_factor(days_ago(14), NOW) == pytest.approx(0.75)
    assert recency_factor(days_ago(730), NOW) == pytest.approx(0.5, abs=1e-6)
    query = clean_query("coastal flood")
    old = Hit("articles", 1, "x", days_ago(730), relevance=10.0)
    new = Hit("articles", 2, "y", days_ago(1), relevance=6.0)
    # 10 / 10 × 0.5 = 0.5 against 6 / 10 × 0.976 = 0.585: recency wins a 40% relevance gap...
    assert [h.pk for h in rank([old, new], query, now=NOW)] == [2, 1]
    much_better = Hit("articles", 3, "z", days_ago(730), relevance=30.0)
    # ...but not a threefold one.
    assert [h.pk for h in rank([much_better, new], query, now=NOW)] == [3, 2]


def test_exact_title_beats_a_higher_scoring_newer_story(client, world):
    exact = ArticlePageFactory(
        section=world, title="Election results", published_at=days_ago(30), dek="Counting ends."
    )
    wordy = ArticlePageFactory(
        section=world,
        title="Election results: election results across the states",
        dek="Election results, election results and more election results tonight.",
        published_at=days_ago(0.1),
    )
    response = client.get("/search/", {"q": "election results"})
    hits = response.context["results"].object_list
    assert [hit.pk for hit in hits] == [exact.pk, wordy.pk]
    by_pk = {hit.pk: hit for hit in hits}
    # The text score alone prefers the wordy story: the headline bonus is what decides.
    assert by_pk[wordy.pk].relevance > by_pk[exact.pk].relevance


def test_filters_section_kind_author_and_dates(client, home, world):
    sport = make_section(home, "Sport")
    reporter = AuthorFactory(name="Asha Menon")
    in_world = ArticlePageFactory(section=world, title="Cyclone news", published_at=days_ago(2))
    in_sport = ArticlePageFactory(
        section=sport, title="Cyclone stadium roof", published_at=days_ago(20)
    )
    opinion = ArticlePageFactory(
        section=world,
        title="Cyclone opinion",
        article_type="opinion",
        authors=[reporter],
        published_at=days_ago(40),
    )

    def found(**params):
        return sorted(titles(client.get("/search/", {"q": "cyclone", **params})))

    assert found() == sorted([in_world.title, in_sport.title, opinion.title])
    assert found(section="sport") == [in_sport.title]
    assert found(section="world") == sorted([in_world.title, opinion.title])
    assert found(kind="opinion") == [opinion.title]
    assert found(author="asha-menon") == [opinion.title]
    since = timezone.localdate(days_ago(25)).isoformat()
    until = timezone.localdate(days_ago(10)).isoformat()
    assert found(date_from=since) == sorted([in_world.title, in_sport.title])
    assert found(date_from=since, date_to=until) == [in_sport.title]
    assert found(type="topics") == []


def test_bad_filters_are_reported_and_ignored(client, world):
    ArticlePageFactory(section=world, title="Cyclone news")
    response = client.get(
        "/search/",
        {"q": "cyclone", "date_from": "yesterday", "section": "nowhere", "author": "nobody"},
    )
    assert response.status_code == 200
    assert titles(response) == ["Cyclone news"]
    errors = response.context["form"].errors
    assert set(errors) == {"date_from", "section", "author"}
    html = response.content.decode()
    assert "Enter a valid date." in html
    assert "Author filter ignored: No such author." in html
    response = client.get(
        "/search/", {"q": "cyclone", "date_from": "2026-05-02", "date_to": "2026-05-01"}
    )
    assert "The end date is before the start date." in response.content.decode()


def test_misspelt_topic_and_person_get_a_suggestion(client, world):
    ArticlePageFactory(
        section=world,
        title="Rains lash the coast",
        tags=["Monsoon"],
        authors=[AuthorFactory(name="Priya Raman")],
    )
    assert client.get("/search/", {"q": "monsun"}).context["suggestion"] == "Monsoon"
    assert client.get("/search/", {"q": "priya ramen"}).context["suggestion"] == "Priya Raman"
    assert client.get("/search/", {"q": "xqzv"}).context["suggestion"] == ""
    html = client.get("/search/", {"q": "priya ramen"}).content.decode()
    assert 'Did you mean <a href="/search/?q=Priya%20Raman">Priya Raman</a>?' in html


def test_topics_and_people_strip(client, world):
    ArticlePageFactory(
        section=world,
        title="Rains lash the coast",
        tags=["Monsoon", "Kerala"],
        authors=[AuthorFactory(name="Kerala Desk")],
    )
    strips = client.get("/search/", {"q": "kerala"}).context["strips"]
    assert [(s["key"], [i["name"] for i in s["items"]]) for s in strips] == [
        ("topics", ["Kerala"]),
        ("people", ["Kerala Desk"]),
    ]


HOSTILE = [
    '"',
    '"unclosed phrase',
    "*",
    "monsoon*",
    "NEAR(monsoon rain)",
    "title:monsoon",
    "{title body}: monsoon",
    "' OR 1=1 --",
    "monsoon AND NOT rain OR",
    "!monsoon & | rain:*",
    "%_%",
    "\\",
    "()",
    "<script>alert(1)</script>",
    "m" * 10_000,
    "monsoon " * 500,
    "🌧️ monsoon",
]


@pytest.mark.parametrize("raw", HOSTILE)
def test_hostile_queries_get_a_friendly_page(client, world, raw):
    ArticlePageFactory(section=world, title="Monsoon rain arrives")
    response = client.get("/search/", {"q": raw})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert client.get("/search/suggest/", {"q": raw}).status_code == 200


def test_nul_bytes_are_refused_before_the_search_runs(client, world):
    # The security middleware answers 400 to a NUL anywhere in the query string;
    # clean_query drops control characters as well, for any caller that reaches it.
    for raw in ("monsoon\x00rain", "\x00"):
        assert client.get("/search/", {"q": raw}).status_code == 400
        assert client.get("/search/suggest/", {"q": raw}).status_code == 400


def test_query_cleaning():
    assert clean_query('NEAR("monsoon" rain*)').terms == ("monsoon", "rain")
    assert clean_query("a\x00b").terms == ("ab",)
    assert clean_query("title:foo_bar AND baz").terms == ("title", "foo", "bar", "baz")
    assert clean_query("x" * 5000).text == "x" * MAX_QUERY_LENGTH
    assert not clean_query('" * ( ) :')


def _cleaned_the_long_way(raw: str) -> tuple[str, tuple[str, ...]]:
    """`clean_query` as it was before its shortcut for printable text: every character's
    category looked up, every text NFKC-normalised."""
    import unicodedata

    text = "".join(ch for ch in raw if unicodedata.category(ch)[0] != "C" or ch in " \t")
    text = " ".join(text.split())[:MAX_QUERY_LENGTH]
    terms: list[str] = []
    for word in re.findall(r"[^\W_]+", unicodedata.normalize("NFKC", text).lower()):
        word = word[:40]
        if word and word not in {"and", "or", "not", "near"} and word not in terms:
            terms.append(word)
        if len(terms) == 12:
            break
    return text, tuple(terms)


def test_headlines_are_cleaned_as_queries_are_without_a_lookup_per_character(monkeypatch):
    """Ranking cleans each candidate's headline: the shortcut gives what the long way gave
    (control characters, tabs, NFKC forms, other scripts), and a printable headline costs
    no per-character category look-up."""
    samples = [
        "Climate summit in Mumbai stalls",
        "Flood warning – “Kerala” rains",
        "\uff23\uff4c\uff49\uff4d\uff41\uff54\uff45 \ufb01nal",  # full-width, a ligature
        "tab\tand\nnew\x00line\x7f",
        "non\u00a0breaking\u200bzero width \u2028separator",
        "\u092d\u093e\u0930\u0924 \u091a\u0941\u0928\u093e\u0935 election",
        "x" * 300,
        "",
    ]
    for raw in samples:
        cleaned = clean_query(raw)
        assert (cleaned.text, cleaned.terms) == _cleaned_the_long_way(raw), raw

    from dateline.search import query as query_module

    looked_up = []
    real = query_module.unicodedata

    class Counting:
        def __getattr__(self, name):
            return getattr(real, name)

        def category(self, ch):
            looked_up.append(ch)
            return real.category(ch)

    monkeypatch.setattr(query_module, "unicodedata", Counting())
    hits = [
        Hit("articles", n, f"Climate talks in Delhi stall {n}", days_ago(n), relevance=1.0)
        for n in range(200)
    ]
    ranked = rank(hits, clean_query("climate talks"), NOW)
    assert [hit.pk for hit in ranked][:2] == [0, 1]
    assert looked_up == []


def test_empty_unsearchable_and_long_queries(client, world):
    html = client.get("/search/").content.decode()
    assert "Type a few words" in html
    html = client.get("/search/", {"q": '"*()'}).content.decode()
    assert "That search has no words we can look for." in html
    html = client.get("/search/", {"q": "monsoon " * 100}).content.decode()
    assert f"Your search was shortened to its first {MAX_QUERY_LENGTH} characters." in html


def test_no_results_offers_latest_stories(client, world):
    latest = ArticlePageFactory(section=world, title="Budget passes")
    response = client.get("/search/", {"q": "zzzyxw"})
    html = response.content.decode()
    assert "Nothing found for “zzzyxw”" in html
    assert [s.pk for s in response.context["latest_stories"]] == [latest.pk]
    assert "Latest stories" in html


def test_a_result_kicker_names_its_kind_once(client, world):
    """Section · kind, except where the section is named after the kind ("Opinion · Opinion",
    "Explainers · Explainer", "Photostories · Photostory" said one thing twice)."""
    home = world.get_parent()
    sections = {title: make_section(home, title) for title in ("Opinion", "Explainers")}
    sections["Photostories"] = make_section(home, "Photostories")
    for title, kind, section in [
        ("Glacier analysis", "analysis", world),
        ("Glacier opinion", "opinion", sections["Opinion"]),
        ("Glacier explainer", "explainer", sections["Explainers"]),
        ("Glacier pictures", "photostory", sections["Photostories"]),
        ("Glacier news", "news", world),
    ]:
        ArticlePageFactory(section=section, title=title, article_type=kind)
    html = client.get("/search/", {"q": "glacier"}).content.decode()
    kickers = sorted(re.findall(r'<p class="story__kicker">([^<]*)</p>', html))
    assert kickers == ["Explainers", "Opinion", "Photostories", "World", "World · Analysis"]


def test_pagination_is_strict(client, world, settings):
    settings.DATELINE_PAGE_SIZE = 10
    stories = [
        ArticlePageFactory(section=world, title=f"Tariff story {n}", published_at=days_ago(n))
        for n in range(12)
    ]
    first = titles(client.get("/search/", {"q": "tariff"}))
    second = titles(client.get("/search/", {"q": "tariff", "page": "2"}))
    assert len(first) == 10
    assert sorted(first + second) == sorted(story.title for story in stories)
    for bad in ("3", "0", "abc"):
        assert client.get("/search/", {"q": "tariff", "page": bad}).status_code == 404


def test_rate_limit_per_client_without_storing_addresses(client, world, settings, one_rate_window):

    settings.DATELINE_SEARCH_RATE_LIMIT = (3, 60)
    ArticlePageFactory(section=world, title="Monsoon")
    # A new query each time: a search already answered comes from the page cache, costs
    # nothing, and is not counted.
    for n in range(3):
        assert (
            client.get("/search/", {"q": f"monsoon {n}"}, REMOTE_ADDR="203.0.113.9").status_code
            == 200
        )
    limited = client.get("/search/", {"q": "monsoon 3"}, REMOTE_ADDR="203.0.113.9")
    assert limited.status_code == 429
    assert limited["Retry-After"] == "60"
    assert "Please wait a moment and try again." in limited.content.decode()
    assert client.get("/search/", {"q": "monsoon 4"}, REMOTE_ADDR="198.51.100.7").status_code == 200
    stored = cache_contents("counters") + cache_contents("default")
    assert "203.0.113.9" not in stored


@pytest.mark.usefixtures("page_cache_off")  # the cost of an uncached render
def test_ten_results_render_in_a_fixed_number_of_queries(
    client, world, image, django_assert_num_queries
):
    reporters = [AuthorFactory(name=f"Reporter {n}") for n in range(3)]
    for n in range(10):
        ArticlePageFactory(
            section=world,
            title=f"Monsoon update {n}",
            hero_image=image,
            authors=reporters,
            tags=["Monsoon", f"tag{n}"],
        )
    client.get("/search/", {"q": "monsoon"})  # warm site root paths, menus and renditions
    with django_assert_num_queries(results_page_queries()):
        response = client.get("/search/", {"q": "monsoon"})
    assert len(titles(response)) == 10
    for n in range(10, 20):
        ArticlePageFactory(
            section=world,
            title=f"Monsoon update {n}",
            hero_image=image,
            authors=reporters,
        )
    client.get("/search/", {"q": "monsoon"})
    with django_assert_num_queries(results_page_queries()):
        response = client.get("/search/", {"q": "monsoon"})
    assert len(titles(response)) == 20


# The site and its settings (2), the matches (on SQLite the scores, then their rows: 2;
# on PostgreSQL the newest matches from the search documents, all of them here: 1), cards
# (stories, hero images, their renditions, bylines: 4), the topics and people strips (2), the
# section filter's choices (1); and with the page cache off, as in tests, the five menus (5) and the
# restricted pages the public rule leaves out (1, read once per request: core.visibility),
# which caching.cachestore otherwise serves from the cache. "Most searched" and trending come
# from the cache.
# +1: the next moment a waiting story is due, once per request (core.visibility.next_due).
def results_page_queries() -> int:
    return 22 if connection.vendor == "postgresql" else 23


def test_a_fresh_weak_match_joins_when_the_best_matches_are_cut_off(client, world, monkeypatch):
    """More matches than the candidates kept: the newest matches of the last weeks are read
    too, so a fresh story with a modest score still reaches the blend (SQLite scores every
    match instead)."""
    from dateline.search import views

    monkeypatch.setattr(views, "CANDIDATES_PER_SOURCE", 4)
    for n in range(6):
        ArticlePageFactory(
            section=world,
            title=f"Dockers strike at the port, dockers say, day {n}",
            published_at=days_ago(400 + n),
        )
    fresh = ArticlePageFactory(
        section=world, title="Tariff talks resume", dek="Dockers watch.", published_at=days_ago(1)
    )
    response = client.get("/search/", {"q": "dockers"})
    assert fresh.pk in [hit.pk for hit in response.context["results"].object_list]
    assert response.context["total"] == 7


def test_sqlite_single_pass_scores_match_wagtails_own(world):
    """On SQLite every match is scored in one query with Wagtail's own expressions; the
    figures must be the ones Wagtail's search itself gives (negated bm25). Other backends
    use Wagtail's search as it is."""
    from django.db import connection

    from dateline.search.sources import _sqlite_scores

    for n, title in enumerate(["Port strike", "Port strike talks", "Strike at the port gates"]):
        ArticlePageFactory(section=world, title=title, dek=f"Dockers walk out, day {n}.")
    scores = _sqlite_scores(ArticlePage, clean_query("port strike"), 100)
    if connection.vendor != "sqlite":
        assert scores is None
        return
    own = {
        page.pk: -page._score
        for page in ArticlePage.objects.search("port strike", operator="and").annotate_score(
            "_score"
        )
    }
    assert len(own) == 3
    assert scores == pytest.approx(own)


def test_cached_results_follow_edits_bylines_and_withdrawals(
    client, world, image, settings, django_capture_on_commit_callbacks
):
    """With cached fragments on (as production renders a page), a warm search loads no cards;
    an edited headline or byline shows at once, a withdrawn story is gone at once."""
    from dateline.articles import services

    settings.DATELINE_PAGE_CACHE = {
        **settings.DATELINE_PAGE_CACHE, "ENABLED": False, "FRAGMENTS": True,
    }  # fmt: skip
    reporter = AuthorFactory(name="Ila Sen")
    story = ArticlePageFactory(
        section=world,
        title="Harbour strike ends",
        dek="Dockers return to the harbour after a week.",
        hero_image=image,
        authors=[reporter],
    )
    ArticlePageFactory(section=world, title="Harbour dredging begins")

    def search() -> str:
        response = client.get("/search/", {"q": "harbour"})
        assert response.status_code == 200
        return response.content.decode()

    search()
    with CaptureQueriesContext(connection) as warm:
        assert "<mark>Harbour</mark> strike ends" in search()
    card_tables = ('"articles_articlepage"', "wagtailimages", "articles_articlepageauthor")
    assert not any(t in q["sql"] for q in warm.captured_queries for t in card_tables)

    with django_capture_on_commit_callbacks(execute=True):
        services.revise_article(story, title="Harbour strike over after talks")
    html = search()
    assert "<mark>Harbour</mark> strike over after talks" in html
    assert "Harbour strike ends" not in html

    with django_capture_on_commit_callbacks(execute=True):
        reporter.name = "Ila Sen-Gupta"
        reporter.save()
    assert "Ila Sen-Gupta" in search()

    with django_capture_on_commit_callbacks(execute=True):
        services.unpublish_article(story)
    html = search()
    assert "strike over after talks" not in html
    assert "<mark>Harbour</mark> dredging begins" in html


def test_a_frequent_word_is_searched_over_all_time_and_counted_in_full(client, world, monkeypatch):
    """More matches than the candidates kept: SQLite scores every match in one pass; on
    PostgreSQL the newest matches and the best headline matches of all time are ranked
    (search documents), and every match is counted. No window, no "older stories" step."""
    from dateline.search import views

    monkeypatch.setattr(views, "CANDIDATES_PER_SOURCE", 4)
    for n in range(5):
        ArticlePageFactory(section=world, title=f"Ferry strike, day {n}", published_at=days_ago(n))
    for n in range(3):
        ArticlePageFactory(
            section=world, title=f"Ferry strike of old, year {n}", published_at=days_ago(400 + n)
        )
    old_mention = ArticlePageFactory(
        section=world,
        title="Harbour history",
        dek="A ferry once ran here.",
        published_at=days_ago(900),
    )
    response = client.get("/search/", {"q": "ferry"})
    shown = [hit.title for hit in response.context["results"].object_list]
    assert response.context["total"] == 9
    assert response.context["recent_weeks"] == 0
    assert "older_url" not in response.context or not response.context["older_url"]
    if connection.vendor == "sqlite":
        assert len(shown) == 9
        return
    # The newest four, and the best four headlines of all time (however old); the old
    # mention in a dek alone is left out.
    assert {f"Ferry strike, day {n}" for n in range(4)} <= set(shown)
    assert 4 < len(shown) <= 8 and old_mention.title not in shown
    archive = client.get("/search/", {"q": "ferry", "date_to": days_ago(300).date().isoformat()})
    assert sorted(hit.title for hit in archive.context["results"].object_list) == sorted(
        [old_mention.title, *(f"Ferry strike of old, year {n}" for n in range(3))]
    )


def test_a_snippet_keeps_the_space_between_paragraphs_of_one_block():
    from types import SimpleNamespace

    from dateline.search.snippets import plain_texts

    class Body:
        raw_data = [{"type": "paragraph", "value": "<p>The office said.</p><p>Rain follows.</p>"}]

    page = SimpleNamespace(dek="", body=Body())
    assert plain_texts(page) == ["The office said. Rain follows."]
