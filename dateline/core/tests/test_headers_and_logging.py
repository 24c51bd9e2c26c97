"""Security headers on pages and admin, media served safely, request ids and JSON logs."""

from __future__ import annotations

import io
import json
import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import CollectionViewRestriction

from dateline.core.factories import root_collection
from dateline.core.logging import logging_config

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]
DATELINE = Path(sys.executable).with_name("dateline")


def csp_directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def test_reader_pages_forbid_inline_scripts_but_allow_a_nonce(client, home):
    response = client.get("/")
    directives = csp_directives(response)
    # The home page shows ad boxes: the hash-based policy (dateline/ads/tests/test_csp.py).
    # Either way only the site's own scripts: 'self', a nonce, hashes, 'strict-dynamic'.
    assert "'self'" in directives["script-src"]
    for source in directives["script-src"]:
        assert source in ("'self'", "'strict-dynamic'") or source.startswith(
            ("'nonce-", "'sha384-")
        ), source
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'self'"]
    assert response["Permissions-Policy"].startswith("camera=(), microphone=()")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_a_nonce_is_added_only_when_a_template_uses_it(rf, home):
    from csp.middleware import CSPMiddleware  # noqa: F401  (the base our middleware extends)
    from django.http import HttpResponse

    from dateline.core.middleware import SiteCSPMiddleware

    request = rf.get("/")
    middleware = SiteCSPMiddleware(lambda r: HttpResponse(f"<script nonce='{r.csp_nonce}'>"))
    response = middleware(request)
    nonce = str(request.csp_nonce)
    assert f"'nonce-{nonce}'" in csp_directives(response)["script-src"]


def test_the_admin_gets_its_own_policy_and_the_same_permissions_policy(client, home):
    user = get_user_model().objects.create_superuser("boss", "boss@example.com", "x")
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    directives = csp_directives(response)
    assert directives["script-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["object-src"] == ["'none'"]
    assert response["Permissions-Policy"].startswith("camera=()")


def test_every_response_carries_a_request_id_and_keeps_a_valid_incoming_one(client, home):
    generated = client.get("/")["X-Request-ID"]
    assert len(generated) == 32 and int(generated, 16) >= 0
    assert client.get("/", HTTP_X_REQUEST_ID="edge-42.a")["X-Request-ID"] == "edge-42.a"
    forged = client.get("/", HTTP_X_REQUEST_ID="bad id\nX-Injected: 1")["X-Request-ID"]
    assert len(forged) == 32 and " " not in forged


def test_an_error_is_logged_as_one_json_line_with_traceback_and_request_id(client, home):
    stream = io.StringIO()
    config = logging_config(json_lines=True)
    handler = logging.StreamHandler(stream)
    formatter_config = dict(config["formatters"]["default"])
    formatter_class = formatter_config.pop("()")
    module, _, name = formatter_class.rpartition(".")
    formatter = getattr(__import__(module, fromlist=[name]), name)(**formatter_config)
    handler.setFormatter(formatter)
    from dateline.core.logging import RequestContextFilter

    handler.addFilter(RequestContextFilter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    client.raise_request_exception = False
    try:
        from unittest import mock

        with mock.patch(
            "dateline.search.views.search_terms", side_effect=RuntimeError("boom in search")
        ):
            response = client.get("/search/", {"q": "x"}, HTTP_X_REQUEST_ID="req-7")
    finally:
        logger.removeHandler(handler)
    assert response.status_code == 500
    [line] = [line for line in stream.getvalue().splitlines() if line.strip()]
    record = json.loads(line)
    assert record["level"] == "ERROR"
    assert record["logger"] == "django.request"
    assert record["request_id"] == "req-7"
    assert record["path"] == "/search/"
    assert "RuntimeError: boom in search" in record["exc_info"]
    assert "request" not in record


def test_django_request_errors_go_to_stderr_not_only_to_mail_admins(settings):
    django_request = settings.LOGGING["loggers"]["django.request"]
    assert django_request["handlers"] == ["stderr"]
    assert settings.LOGGING["handlers"]["stderr"]["stream"] == "ext://sys.stderr"


# --- media and documents


@pytest.fixture
def private_document(settings, tmp_path, home):
    settings.MEDIA_ROOT = str(tmp_path)
    root = root_collection()
    private = root.add_child(name="Legal")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = get_document_model().objects.create(
        title="Settlement", collection=private, file=ContentFile(b"%PDF secret", name="deal.pdf")
    )
    return document


def test_a_private_document_is_never_served_from_media(client, private_document):
    direct = client.get(f"/media/{private_document.file.name}")
    assert direct.status_code == 404
    through_wagtail = client.get(private_document.url)
    assert through_wagtail.status_code == 302
    assert "login" in through_wagtail["Location"]


@pytest.mark.parametrize(
    "spelling",
    [
        "/media/./{name}",
        "/media/images/../{name}",
        "/media/%2e/{name}",
        "/media//{name}",
        "/media/original_images/%2e%2e/{name}",
        "/media/{upper}",
    ],
)
def test_no_spelling_of_a_document_path_serves_it_from_media(client, private_document, spelling):
    name = private_document.file.name
    response = client.get(spelling.format(name=name, upper=name.replace("documents", "DOCUMENTS")))
    assert response.status_code == 404
    assert b"%PDF secret" not in b"".join(getattr(response, "streaming_content", [b""]))


def test_normalised_media_paths_still_serve_images(client, settings, tmp_path, home):
    settings.MEDIA_ROOT = str(tmp_path)
    (tmp_path / "original_images").mkdir()
    (tmp_path / "original_images" / "x.png").write_bytes(b"\x89PNG\r\n")
    assert client.get("/media/./original_images/x.png").status_code == 200
    assert client.get("/media/../../etc/passwd").status_code == 404


# The media view's own policy, completed by SiteCSPMiddleware as every policy is.
MEDIA_POLICY = "default-src 'none'; sandbox; frame-ancestors 'self'; form-action 'self'"


def test_media_files_are_sandboxed_and_non_images_are_downloads(client, settings, tmp_path, home):
    settings.MEDIA_ROOT = str(tmp_path)
    (tmp_path / "original_images").mkdir()
    (tmp_path / "original_images" / "x.png").write_bytes(b"\x89PNG\r\n")
    (tmp_path / "misc").mkdir()
    (tmp_path / "misc" / "page.html").write_text("<script>alert(1)</script>")
    image = client.get("/media/original_images/x.png")
    assert image.status_code == 200
    assert image["X-Content-Type-Options"] == "nosniff"
    assert image["Content-Security-Policy"] == MEDIA_POLICY
    assert image["Content-Disposition"].startswith("inline")
    html = client.get("/media/misc/page.html")
    assert html["Content-Disposition"] == "attachment"
    assert html["Content-Security-Policy"] == MEDIA_POLICY


# --- production settings


def production_env(**extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SECURE_", "DATELINE_SERVE_MEDIA", "DJANGO_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="dateline.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="news.example",
        **extra,
    )
    return env


def test_check_deploy_is_clean_with_a_tls_deployments_environment():
    result = subprocess.run(
        [str(DATELINE), "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=180,
        env=production_env(
            SECURE_SSL_REDIRECT="true",
            SECURE_HSTS_SECONDS="31536000",
            SECURE_HSTS_INCLUDE_SUBDOMAINS="true",
            SECURE_HSTS_PRELOAD="true",
        ),
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (1 silenced)." in result.stdout


def test_production_defaults_serve_no_media_and_log_json():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings as s; import django; django.setup();"
            "print(s.DATELINE_SERVE_MEDIA, s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT,"
            " s.LOGGING['formatters']['default'].get('()'), s.WAGTAILDOCS_SERVE_METHOD,"
            " s.DATABASES['default']['CONN_HEALTH_CHECKS'])",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        env=production_env(),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "0",
        "False",
        "pythonjsonlogger.json.JsonFormatter",
        "serve_view",
        "True",
    ]
