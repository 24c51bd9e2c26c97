"""Claiming rows of a send ledger (newsletters' deliveries, alerts' deliveries): one UPDATE
moves the rows a run will send from pending to sending under a token of its own, so a batch
queued twice, or resumed while a slow worker still runs it, sends nobody twice; whatever the
run did not finish goes back to pending under the same token.

The ledger model has `state`, `claim` (16 characters) and `claimed_at` fields."""

from __future__ import annotations

import secrets

from django.db.models import QuerySet
from django.utils import timezone


def claim(rows: QuerySet, pending: str, sending: str) -> str:
    """Take the pending rows of `rows` for this run; returns the run's token."""
    token = secrets.token_hex(8)
    # freshness: a send ledger is bookkeeping (never shown to readers)
    rows.filter(state=pending).update(state=sending, claim=token, claimed_at=timezone.now())
    return token


def claimed(model, token: str, sending: str) -> QuerySet:
    """The rows this run holds (still sending), in order."""
    return model.objects.filter(claim=token, state=sending).order_by("pk")


def release(model, token: str, sending: str, pending: str) -> int:
    """What the run claimed and did not settle goes back to pending for the next run."""
    # freshness: a send ledger is bookkeeping
    return model.objects.filter(claim=token, state=sending).update(state=pending)
