"""A persistent database connection the server dropped is replaced, not a 500.

PostgreSQL only (SQLite has no server). Nothing shared is restarted: the test terminates its
own backend from a second connection with pg_terminate_backend(), as a PostgreSQL restart or
an idle-connection reaper would, then serves the next request through Django's real WSGI
handler (which runs the request-boundary connection checks the test client skips).
"""

from __future__ import annotations

import io

import psycopg
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import RequestFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a PostgreSQL server"),
]


def wsgi_get(path: str) -> int:
    environ = RequestFactory().get(path).environ
    environ["wsgi.input"] = io.BytesIO(b"")
    statuses: list[str] = []
    response = WSGIHandler()(
        environ, lambda status, headers, exc_info=None: statuses.append(status)
    )
    b"".join(response)
    response.close()  # request_finished: the connection is kept (CONN_MAX_AGE) or closed
    return int(statuses[0].split()[0])


def terminate_backend_of_this_connection() -> None:
    backend_pid = connection.connection.info.backend_pid
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params.pop("prepare_threshold", None)
    with psycopg.connect(**params, autocommit=True) as other:
        terminated = other.execute("SELECT pg_terminate_backend(%s)", [backend_pid]).fetchone()
    assert terminated == (True,)


@pytest.fixture
def persistent_connections():
    settings_dict = connection.settings_dict
    saved = settings_dict["CONN_MAX_AGE"], settings_dict["CONN_HEALTH_CHECKS"]
    settings_dict["CONN_MAX_AGE"] = 600
    yield settings_dict
    settings_dict["CONN_MAX_AGE"], settings_dict["CONN_HEALTH_CHECKS"] = saved
    connection.close()


def test_the_next_request_after_a_terminated_backend_is_served(home, persistent_connections):
    assert persistent_connections["CONN_HEALTH_CHECKS"] is True  # settings.base
    assert wsgi_get("/") == 200
    assert connection.connection is not None  # kept open for the next request

    terminate_backend_of_this_connection()

    assert wsgi_get("/") == 200


@pytest.mark.usefixtures("page_cache_off")  # a database failure, not a cached answer
def test_without_health_checks_the_same_request_fails(home, persistent_connections):
    """The test above can fail: the same steps, health checks off, answer 500."""
    persistent_connections["CONN_HEALTH_CHECKS"] = False
    assert wsgi_get("/") == 200
    terminate_backend_of_this_connection()
    assert wsgi_get("/") == 500
