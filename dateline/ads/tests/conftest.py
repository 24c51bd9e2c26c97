import pytest

from dateline.articles.factories import ArticlePageFactory


def paragraphs(count: int) -> list[tuple[str, str]]:
    return [
        ("paragraph", f"<p>Paragraph number {i} of the story.</p>") for i in range(1, count + 1)
    ]


@pytest.fixture
def long_story(world):
    return ArticlePageFactory(section=world, title="A long story", body=paragraphs(6))
