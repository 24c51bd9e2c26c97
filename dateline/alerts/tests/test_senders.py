"""The sender backends' contract, for each backend: a result per message, in order; 2xx
accepted, 404/410 gone, no answer and 429/5xx retryable; never an exception for one
subscription's trouble. And the backend chosen in settings, mistakes named."""

from __future__ import annotations

import json
import socket

import pytest
from django.core.exceptions import ImproperlyConfigured

from dateline.alerts import senders
from dateline.alerts.senders import DummySender, PushMessage, PushResult, WebPushSender

from .pushservice import PushService


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(params=["dummy", "webpush"])
def backend(request, settings):
    """(sender, subscriptions by kind) for each backend, against the same expectations."""
    from dateline.alerts import vapid

    with PushService(vapid.public_key()) as service:
        subs = {
            kind: service.browser(f"{kind}-1").subscription(service)
            for kind in ("ok", "gone", "missing", "busy")
        }
        service.busy.add("busy-1")
        subs["unreachable"] = {**subs["ok"], "endpoint": f"http://127.0.0.1:{closed_port()}/x"}
        if request.param == "dummy":
            status = {
                subs["gone"]["endpoint"]: 410,
                subs["missing"]["endpoint"]: 404,
                subs["busy"]["endpoint"]: 503,
                subs["unreachable"]["endpoint"]: 0,
            }
            yield DummySender({"STATUS_BY_ENDPOINT": status}), subs, None
        else:
            yield WebPushSender({"CONCURRENCY": 3, "TIMEOUT": 2}), subs, service


def test_every_backend_answers_a_result_per_message_in_order(backend):
    sender, subs, service = backend
    order = ["ok", "gone", "missing", "busy", "unreachable", "ok"]
    messages = [
        PushMessage(subs[kind], json.dumps({"n": n}).encode()) for n, kind in enumerate(order)
    ]
    results = sender.send_many(messages)
    assert all(isinstance(result, PushResult) for result in results)
    assert [r.accepted for r in results] == [True, False, False, False, False, True]
    assert [r.gone for r in results] == [False, True, True, False, False, False]
    assert [r.retryable for r in results] == [False, False, False, True, True, False]
    if service is not None:  # the real one: what arrived decrypts to what was sent
        # Sent three at a time: the order of arrival is the network's, not the sender's.
        assert sorted(service.received["ok-1"], key=lambda body: body["n"]) == [{"n": 0}, {"n": 5}]
        assert service.errors == []


def test_the_backend_is_chosen_in_settings(settings):
    senders._sender.cache_clear()
    settings.DATELINE_PUSH_SENDERS = {
        "default": {"BACKEND": "dateline.alerts.senders.DummySender", "STATUS": 202}
    }
    sender = senders.get_sender()
    assert isinstance(sender, DummySender) and sender.params == {"STATUS": 202}
    senders._sender.cache_clear()
    settings.DATELINE_PUSH_SENDERS = {"default": {"BACKEND": "dateline.alerts.models.Alert"}}
    with pytest.raises(ImproperlyConfigured, match="not a push sender backend"):
        senders.get_sender()
    with pytest.raises(ImproperlyConfigured, match="no 'other' entry"):
        senders.get_sender("other")
