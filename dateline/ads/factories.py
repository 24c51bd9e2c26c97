"""Ad slots and placements for tests (and the demo's desk-managed slots)."""

from __future__ import annotations

import factory

from .models import AdPlacement, AdSlot


class AdSlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdSlot

    name = factory.Sequence(lambda n: f"Medium rectangle {n}")
    ad_unit_path = factory.Sequence(lambda n: f"/1234567/dateline/slot_{n}")
    sizes_small = "300x250"
    sizes_large = "300x250, 336x280"
    height_small = 250
    height_large = 280
    lazy_margin = 300


class AdPlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdPlacement
        django_get_or_create = ("position",)

    position = "article-sidebar"
    slot = factory.SubFactory(AdSlotFactory)
    n = None
    enabled = True
