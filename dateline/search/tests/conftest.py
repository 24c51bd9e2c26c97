import pytest
from django.core.cache import caches


@pytest.fixture(autouse=True)
def _clear_counters():
    caches["counters"].clear()
    yield
    caches["counters"].clear()
