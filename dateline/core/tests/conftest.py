import pytest

from dateline.core.testing import RedisProcess, spare_redis_port


@pytest.fixture
def redis_server():
    """A Redis of the test's own, on a spare port: a test may stop and start it (an outage)."""
    server = RedisProcess(spare_redis_port())
    server.start()
    yield server
    server.close()
