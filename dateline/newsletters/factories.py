from __future__ import annotations

import factory
from django.utils import timezone

from .models import Newsletter, Subscriber, Subscription


class NewsletterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Newsletter

    name = factory.Sequence(lambda n: f"Briefing {n}")
    slug = factory.Sequence(lambda n: f"briefing-{n}")
    description = "The day's main stories."
    min_stories = 1
    signup_default = True


class SubscriberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscriber

    email = factory.Sequence(lambda n: f"reader{n}@example.com")


class SubscriptionFactory(factory.django.DjangoModelFactory):
    """A confirmed subscription with its consent record."""

    class Meta:
        model = Subscription

    subscriber = factory.SubFactory(SubscriberFactory)
    newsletter = factory.SubFactory(NewsletterFactory)
    status = Subscription.Status.CONFIRMED
    consent_text = "Send me this newsletter."
    consent_version = "1"
    consented_at = factory.LazyFunction(timezone.now)
    confirmed_at = factory.LazyFunction(timezone.now)
    source_path = "/newsletters/"
