import pytest


@pytest.fixture
def api_key(db):
    """A partner key with both scopes: (the row, its plain key)."""
    from dateline.api.models import ApiKey

    key = ApiKey(name="Partner app", can_submit=True, rate_limit=5)
    key.save()
    return key, key.plain_key


@pytest.fixture(autouse=True)
def _no_usage_left_over():
    """Usage counts live in the shared counters cache, which outlives a test's database:
    a key of an earlier test (the same id on SQLite) must not add to this one's."""
    from dateline.api import gate

    gate.usage_counter.drain()
    yield
    gate.usage_counter.drain()
