from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SECRET_KEY, env, env_bool, logging_config

if SECRET_KEY.startswith("dateline-insecure"):
    raise ImproperlyConfigured("Set SECRET_KEY in the environment for production.")

DEBUG = False
DATELINE_ENVIRONMENT = "production"  # the demo refuses to load here unless forced
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
}
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto. A deployment served over HTTPS
# sets SECURE_SSL_REDIRECT=true and SECURE_HSTS_SECONDS (e.g. 31536000) once HTTPS works.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
# Without a mail server named (EMAIL_HOST, or a backend chosen), nothing is sent and the
# start-up log says so once (dateline.core.apps), instead of Wagtail logging a connection
# ERROR on every workflow submission and approval.
EMAIL_HOST = env("EMAIL_HOST", "")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DATELINE_MAIL_CONFIGURED = bool(EMAIL_HOST or env("EMAIL_BACKEND", ""))
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.dummy.EmailBackend",
)

# Uploaded media is not served by Django in production: object storage or the front web
# server does. Documents always go through Wagtail's view, which checks privacy.
DATELINE_SERVE_MEDIA = env_bool("DATELINE_SERVE_MEDIA", False)

# JSON lines on stderr unless a deployment asks for plain text.
LOGGING = logging_config(
    json_lines=env_bool("DATELINE_LOG_JSON", True), level=env("DATELINE_LOG_LEVEL", "INFO")
)

# Wagtail's live preview frames the site inside the admin (same origin), so frames stay
# allowed from this origin only (X-Frame-Options SAMEORIGIN, CSP frame-ancestors 'self').
SILENCED_SYSTEM_CHECKS = ["security.W019"]
