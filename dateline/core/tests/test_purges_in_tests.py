"""The test harness runs dependency purges when the code's own transaction ends, as a commit
would in production (dateline.core.testing.purges_as_in_production, on for every test)."""

from __future__ import annotations

import pytest
from django.db import transaction

from dateline.caching.dependencies import batch, invalidate

pytestmark = pytest.mark.django_db


def test_a_purge_outside_any_block_of_the_codes_own_runs_at_once(invalidated):
    invalidate("page:1")
    assert invalidated == [{"page:1"}]


def test_a_purge_waits_for_the_outermost_block_of_the_codes_own(invalidated):
    with transaction.atomic():
        invalidate("page:1")
        with transaction.atomic():
            invalidate("page:2")
        assert invalidated == []  # the inner block is only a savepoint
    assert invalidated == [{"page:1"}, {"page:2"}]


def test_a_block_rolled_back_purges_nothing(invalidated):
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        invalidate("page:1")
        raise ZeroDivisionError
    with transaction.atomic():
        invalidate("page:2")
        with pytest.raises(ZeroDivisionError), transaction.atomic():
            invalidate("page:3")
            raise ZeroDivisionError
    assert invalidated == [{"page:2"}]


def test_a_block_left_to_roll_back_purges_nothing(invalidated):
    with transaction.atomic():
        invalidate("page:1")
        transaction.set_rollback(True)
    assert invalidated == []


def test_a_batch_purges_once_when_its_block_ends(invalidated):
    with transaction.atomic(), batch():
        invalidate("page:1")
        invalidate("page:2")
    assert invalidated == [{"page:1", "page:2"}]


def test_other_callbacks_still_wait_for_a_commit(invalidated, django_capture_on_commit_callbacks):
    ran = []
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        transaction.on_commit(lambda: ran.append("other"))
        invalidate("page:1")
    assert ran == [] and len(callbacks) == 1  # captured, not run; the purge is not among them
    assert invalidated == [{"page:1"}]
