"""ImageGallery JSON-LD on stories with photo galleries."""

from dateline.articles.factories import ArticlePageFactory
from dateline.articles.models import ArticleType
from dateline.articles.tests.test_gallery import gallery_body
from dateline.core.factories import ImageFactory

from .test_head_meta import HeadParser


def _json_ld(client, url):
    parser = HeadParser()
    parser.feed(client.get(url).content.decode())
    return parser.json_ld


def test_story_with_a_gallery_carries_image_gallery_markup(client, world):
    images = [ImageFactory(title=f"G{n}") for n in range(2)]
    story = ArticlePageFactory(
        section=world,
        title="Boats at first light",
        dek="Fishing crews head out.",
        article_type=ArticleType.PHOTOSTORY,
        body=gallery_body(images),
    )
    blocks = _json_ld(client, story.url)
    galleries = [b for b in blocks if b["@type"] == "ImageGallery"]
    assert len(galleries) == 1
    gallery = galleries[0]
    assert gallery["name"] == "Boats at first light"
    assert gallery["description"] == "Fishing crews head out."
    assert gallery["url"] == f"http://localhost{story.url}"
    media = gallery["associatedMedia"]
    assert [m["caption"] for m in media] == ["Caption 1", "Caption 2"]
    assert [m.get("creditText") for m in media] == ["Staff photographer", None]
    assert all(m["@type"] == "ImageObject" for m in media)
    assert all(m["contentUrl"].startswith("http://localhost/media/images/") for m in media)
    assert [m["description"] for m in media] == ["Picture 1", "Picture 2"]
    # The story's own article markup is still there.
    assert [b["@type"] for b in blocks][0] == "ReportageNewsArticle"


def test_story_without_a_gallery_has_no_image_gallery(client, world):
    story = ArticlePageFactory(section=world)
    assert "ImageGallery" not in [b["@type"] for b in _json_ld(client, story.url)]
