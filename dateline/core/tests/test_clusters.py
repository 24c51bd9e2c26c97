"""Child relations kept per model class (`core.clusters`) are modelcluster's own answer."""

import modelcluster.models
import pytest
from django.apps import apps

from dateline.articles.models import ArticlePage, ArticlePageAuthor, Author
from dateline.core import clusters


def test_installed_and_the_same_lists_as_modelclusters_for_every_model():
    assert modelcluster.models.get_all_child_relations is clusters.get_all_child_relations
    for model in apps.get_models():
        for ours, theirs in (
            (clusters.get_all_child_relations, clusters._original_relations),
            (clusters.get_all_child_m2m_relations, clusters._original_m2m),
        ):
            assert ours(model) == theirs(model)
            assert ours(model.__new__(model)) == theirs(model)  # an instance: its class
    relations = clusters.get_all_child_relations(ArticlePage)
    relations.clear()  # a caller's list is its own
    assert clusters.get_all_child_relations(ArticlePage)


@pytest.mark.django_db
def test_children_given_to_the_constructor_still_become_the_pages_children():
    link = ArticlePageAuthor(author=Author(name="Ana"))
    story = ArticlePage(title="A story", article_authors=[link])
    assert list(story.article_authors.all()) == [link]
