"""The schema is the contract: valid OpenAPI 3.1, and the running API keeps to it."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from openapi_spec_validator import validate
from schemathesis.specs.openapi.checks import positive_data_acceptance

from dateline.api.endpoints import MAX_LIMIT, api

OPAQUE = {"cursor", "since"}
# Search's date range follows the site's search form: a year from 1900 to 2200, the end not
# before the start. The schema says so in words (JSON Schema has no bounds for a date), so a
# date outside them is refused (400) although its type is right.
RANGED = {"date_from", "date_to"}


@pytest.mark.django_db
def test_the_schema_is_valid_openapi_3_1(client, home):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"] == "3.1.0"
    validate(schema)


def test_the_page_size_cap_is_stated_in_the_schema():
    schema = api.get_openapi_schema()
    paged = (
        "/api/v1/stories/",
        "/api/v1/changes/",
        "/api/v1/shorts/",
        "/api/v1/web-stories/",
        "/api/v1/videos/",
        "/api/v1/search/",
        "/api/v1/live-blogs/{blog_id}/entries/",
    )
    for path in paged:
        (limit,) = [p for p in schema["paths"][path]["get"]["parameters"] if p["name"] == "limit"]
        assert limit["schema"]["maximum"] == MAX_LIMIT


@pytest.mark.django_db
def test_the_schema_and_docs_are_served_at_stable_urls(client, home):
    served = client.get("/api/v1/openapi.json").json()
    assert served["openapi"] == "3.1.0"
    assert served["paths"].keys() == api.get_openapi_schema()["paths"].keys()
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    assert b"/api/v1/openapi.json" in docs.content
    assert b"cdn." not in docs.content  # the bundled viewer, nothing from other hosts


@pytest.fixture
def running_api(transactional_db, live_server, image):
    """The live server with a few stories (committed: it reads them in its own thread)."""
    from wagtail.models import Site

    from dateline.articles.factories import AgencyFactory, ArticlePageFactory, AuthorFactory
    from dateline.home.factories import make_home
    from dateline.listings.factories import make_section

    home = make_home()
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "localhost", live_server.thread.port
    site.save()
    world = make_section(home, "World")
    author, agency = AuthorFactory(name="Asha Rao"), AgencyFactory()
    for _ in range(3):
        ArticlePageFactory(
            section=world, authors=[author], agency=agency, tags=["Climate"], hero_image=image
        )
    _other_surfaces(home, world, image, author)
    return schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")


def _other_surfaces(home, world, image, author) -> None:
    """One of each other reader surface, so every serialiser meets the schema."""
    import datetime as dt

    from django.utils import timezone

    from dateline.live.factories import LiveBlogPageFactory, LiveEntryFactory
    from dateline.shorts.factories import make_short, make_shorts_index
    from dateline.stories.factories import make_web_story, make_web_story_index
    from dateline.video import factories as video

    make_short(make_shorts_index(home), image=image, tags=("Climate",))
    make_web_story(make_web_story_index(home), image=image)
    show = video.make_show(video.make_show_index(home), "Morning", hosts=[author], artwork=image)
    video.make_episode(show, "One", thumbnail=image, tags=("Climate",))
    video.make_episode(video.make_video_index(home), "Two", youtube_id="dQw4w9WgXcQ")
    now = timezone.now()
    hour = dt.timedelta(hours=1)
    video.make_live_tv(
        home, slots=[("News", now - hour, now + hour, show), ("Later", now + hour, now + 2 * hour)]
    )
    blog = LiveBlogPageFactory(section=world)
    LiveEntryFactory(blog=blog).authors.set([author])


def test_the_running_api_keeps_to_its_schema(running_api):
    """No 5xx, and every answer (status, content type, headers, body) is one the schema
    describes, for inputs schemathesis generates from the schema (valid and invalid).

    Its pytest plugin does not load under pytest 9, so its Python API drives Hypothesis."""
    operations = [result.ok() for result in running_api.get_all_operations()]
    assert len(operations) == 22  # every operation of the schema, each run below

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
        def keeps_to_schema(case):
            # A cursor is opaque: a string the API never gave out is refused (400) although
            # its type is right; a search date is bounded in words (RANGED). Every other
            # check runs on those cases too.
            worded = (OPAQUE | RANGED) & set(case.query or ())
            case.call_and_validate(excluded_checks=[positive_data_acceptance] if worded else [])

        keeps_to_schema()
