"""Page instances built without re-listing their model's fields (issue 21 point 3).

modelcluster's `ClusterableModel.__init__` (every Wagtail page) lists the model's child
relations for each instance it builds, to see whether the constructor was given any: two
passes over `_meta.get_fields()` (a story has over a hundred, reverse relations included)
per row loaded. A cold front page builds about a hundred pages (cards, their sections, the
strips): about 2 ms of a 46-card query. The lists depend only on the model class, whose
fields are fixed once the app registry is ready, so they are kept per class; each caller
still gets a list of its own, as before.
"""

from __future__ import annotations

import functools

import modelcluster.models

_original_relations = modelcluster.models.get_all_child_relations
_original_m2m = modelcluster.models.get_all_child_m2m_relations


def _model_class(model) -> type:
    return model if isinstance(model, type) else type(model)


@functools.cache
def _relations(model_class: type) -> tuple:
    return tuple(_original_relations(model_class))


@functools.cache
def _m2m(model_class: type) -> tuple:
    return tuple(_original_m2m(model_class))


def get_all_child_relations(model) -> list:
    """modelcluster's function of the same name, kept per model class."""
    return list(_relations(_model_class(model)))


def get_all_child_m2m_relations(model) -> list:
    """modelcluster's function of the same name, kept per model class."""
    return list(_m2m(_model_class(model)))


def install() -> None:
    """Point `ClusterableModel` (which reads these names from its module) at the kept lists.
    Called once the app registry is ready (`CoreConfig.ready`): no field is added later."""
    modelcluster.models.get_all_child_relations = get_all_child_relations
    modelcluster.models.get_all_child_m2m_relations = get_all_child_m2m_relations
