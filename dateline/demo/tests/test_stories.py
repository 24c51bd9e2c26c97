"""The demo's written content, checked as plain data (no database)."""

from collections import Counter

from dateline.demo.content.site import AUTHORS, SECTIONS, TAGS
from dateline.demo.content.specs import Facts, Picture
from dateline.demo.stories import demo_stories, story_slug

WORLD_GROUP = {"world", "us-news", "asia", "europe"}


def _section_slugs() -> set[str]:
    slugs = set()
    for spec in SECTIONS:
        slugs.add(spec.slug)
        slugs.update(child.slug for child in spec.children)
    return slugs


def test_there_are_120_stories_with_unique_headlines_slugs_and_deks():
    stories = demo_stories()
    assert len(stories) == 120
    assert len({story.headline for story in stories}) == 120
    assert len({story_slug(story.headline) for story in stories}) == 120
    assert len({story.dek for story in stories}) == 120


def test_every_story_is_complete():
    author_slugs = {author.slug for author in AUTHORS}
    for story in demo_stories():
        assert story.section in _section_slugs(), story.headline
        assert 3 <= len(story.body) <= 7, story.headline
        assert 2 <= len(story.tags) <= 4, story.headline
        assert set(story.tags) <= set(TAGS), story.headline
        assert story.authors or story.agency, story.headline
        assert set(story.authors) <= author_slugs, story.headline
        assert 1 <= len(story.authors) + bool(story.agency) <= 3, story.headline
        assert story.place and story.dek, story.headline
        assert 0 < story.hours_ago < 30 * 24, story.headline


def test_stories_cover_every_section_type_and_the_last_two_days():
    stories = demo_stories()
    per_section = Counter(story.section for story in stories)
    assert set(per_section) == _section_slugs()
    assert sum(per_section[slug] for slug in WORLD_GROUP) >= 45
    kinds = Counter(story.kind for story in stories)
    assert set(kinds) == {"news", "explainer", "opinion", "analysis", "photostory"}
    assert all(s.kind == "opinion" for s in stories if s.section == "opinion")
    assert all(s.kind == "explainer" for s in stories if s.section == "explainers")
    assert all(s.kind == "photostory" for s in stories if s.section == "photostories")
    assert sum(1 for story in stories if story.hours_ago < 48) == 12
    assert sum(1 for story in stories if story.updated_after_hours) >= 10


def test_explainers_carry_fact_boxes_and_photostories_several_pictures():
    for story in demo_stories():
        if story.kind == "explainer":
            assert any(isinstance(block, Facts) for block in story.body), story.headline
        if story.kind == "photostory":
            pictures = [block for block in story.body if isinstance(block, Picture)]
            assert len(pictures) >= 3, story.headline


def test_thirty_topics_all_in_use():
    used = {tag for story in demo_stories() for tag in story.tags}
    assert len(TAGS) == 30
    assert used == set(TAGS)
