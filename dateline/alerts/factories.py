"""Test data for alerts: subscriptions with well-formed keys (not usable to decrypt: the
end-to-end tests make real ones with `tests/pushservice.Browser`)."""

from __future__ import annotations

import factory

from .models import AlertTopic, PushSubscription

# A valid P-256 point and a 16-byte secret, base64url (any browser's look like these).
P256DH = "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM"
AUTH = "tBHItJI5svbpez7KI4CCXg"


class PushSubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PushSubscription

    endpoint = factory.Sequence(lambda n: f"https://push.example.com/push/ok-{n}")
    p256dh = P256DH
    auth = AUTH
    topics = factory.LazyFunction(list)


class AlertTopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AlertTopic
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")
