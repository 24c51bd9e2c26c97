"""Settings shared by every environment.

Deployment-specific values come from environment variables (all listed in
`.env.example`); the defaults give the embedded set-up: SQLite, local media,
in-process cache, the ORM task queue and Wagtail's database search.
"""

import os
from pathlib import Path

import dj_database_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in (env(name, default) or "").split(",") if item.strip()]


SECRET_KEY = env("SECRET_KEY", "dateline-insecure-development-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "dateline.core",
    "dateline.articles",
    "dateline.sections",
    "dateline.home",
    "dateline.search",
    "dateline.distribution",
    "dateline.newsroom",
    "dateline.caching",
    "dateline.demo",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.frontend_cache",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions and auth: a hit for an anonymous reader touches nothing else.
    "dateline.caching.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "dateline.core.middleware.SiteTimeZoneMiddleware",
    "dateline.newsroom.middleware.EditorTimeZoneMiddleware",
    # Sees a 404 after the redirects middleware had its turn: a withdrawn story answers 410.
    "dateline.newsroom.middleware.GoneMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "dateline.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "dateline.wsgi.application"

# --- Database: SQLite embedded, anything dj-database-url understands at scale.
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=int(env("DB_CONN_MAX_AGE", "0")))
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the reader site keep serving while the worker writes.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Wagtail's admin filters by "page in (every page the user may see)": with the default
    # 4 MB PostgreSQL cannot hash a million page ids and re-reads them for every row
    # (the site history report took minutes at a million stories; see docs/benchmarks.md).
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "options", f"-c work_mem={env('DB_WORK_MEM', '64MB')}"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: shared by every local process (web workers, scheduler, task worker) without a
# service: DiskCache (SQLite files under var/cache); Redis when REDIS_URL is set.
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "dateline"),
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "diskcache.DjangoCache",
            "LOCATION": env("CACHE_DIR", str(BASE_DIR / "var" / "cache")),
            "TIMEOUT": 3600,
            "SHARDS": 8,  # one SQLite file each: writers to different keys rarely wait
            # Readers never wait long on a busy shard; a miss renders from the database.
            "DATABASE_TIMEOUT": 0.25,
            "OPTIONS": {"size_limit": 2**30},
        }
    }

# --- Background tasks: django-tasks with the ORM queue (`dateline db_worker`).
TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# --- Search: Wagtail's database backend (SQLite FTS5 / PostgreSQL FTS),
# OpenSearch when OPENSEARCH_URL is set.
OPENSEARCH_URL = env("OPENSEARCH_URL")
if OPENSEARCH_URL:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.opensearch3",
            "URLS": [OPENSEARCH_URL],
            "INDEX": env("OPENSEARCH_INDEX", "dateline"),
            "TIMEOUT": 5,
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# --- Internationalisation and time. Stored in UTC; shown in the site's zone.
LANGUAGE_CODE = env("DATELINE_LANGUAGE", "en")
TIME_ZONE = env("DATELINE_TIME_ZONE", "Asia/Kolkata")
USE_I18N = True
USE_TZ = True

# --- Static and media files.
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
MEDIA_URL = env("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if env("AWS_STORAGE_BUCKET_NAME"):
    # Object storage for media (S3 or compatible): `pip install "dateline[s3]"`.
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}

# --- Wagtail.
WAGTAIL_SITE_NAME = env("DATELINE_SITE_NAME", "Dateline")
WAGTAILADMIN_BASE_URL = env("DATELINE_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
WAGTAIL_ENABLE_UPDATE_CHECK = False  # never phone home
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# ISO: Django parses it back in every locale (it always accepts the ISO input formats);
# "%d.%m.%Y" was shown in the admin but refused on save ("Enter a valid date/time").
WAGTAIL_DATE_FORMAT = "%Y-%m-%d"
WAGTAIL_DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"  # to the second, in the site's zone
WAGTAIL_TIME_FORMAT = "%H:%M:%S"
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {"features": ["bold", "italic", "link", "h2", "h3", "ol", "ul", "blockquote"]},
    }
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# The newsroom (dateline.newsroom): an approved story under embargo is scheduled for the
# embargo time instead of being published; edit notifications ping every 10 s.
WAGTAIL_FINISH_WORKFLOW_ACTION = "dateline.newsroom.workflows.finish_approved_workflow"
WAGTAIL_EDITING_SESSION_PING_INTERVAL = 10_000
WAGTAILREDIRECTS_AUTO_CREATE = True  # a slug change leaves a permanent redirect
TAGGIT_CASE_INSENSITIVE = True

# --- Frontend cache purge (a CDN or Varnish in front; nothing by default).
WAGTAILFRONTENDCACHE: dict = {}
if env("VARNISH_PURGE_URL"):
    WAGTAILFRONTENDCACHE["varnish"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": env("VARNISH_PURGE_URL"),
    }

WHITENOISE_USE_FINDERS = True  # serve static files without a collectstatic step in embedded mode

# --- Dateline.
DATELINE_PAGE_SIZE = 20
# Listings stop this many pages deep (OFFSET cost); older stories are reached by month archive.
DATELINE_MAX_PAGES = 50
DATELINE_SERVE_MEDIA = env_bool("DATELINE_SERVE_MEDIA", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "dateline": {"handlers": ["console"], "level": env("DATELINE_LOG_LEVEL", "INFO")},
    },
}

# Who hears about changed dependency keys (dateline.core.dependencies.invalidate): the page
# cache and the front-cache purge register here. Dotted paths of callables taking a set of keys.
DATELINE_INVALIDATORS: list[str] = ["dateline.caching.invalidators.purge_front_caches"]
# The full-page cache for anonymous readers (dateline.caching.middleware).
DATELINE_PAGE_CACHE = {
    "ENABLED": env_bool("DATELINE_PAGE_CACHE", True),
    "CACHE": "default",
    "TIMEOUT": 3600,  # a stored page is dropped after an hour even if nothing changed
    "MAX_AGE": 60,  # browsers
    "S_MAXAGE": 3600,  # shared caches (purged by key or URL on every change)
    "STALE_WHILE_REVALIDATE": 30,
}
# A Varnish with vmod-xkey (deploy/varnish/default.vcl) purged by key: its address.
DATELINE_XKEY_PURGE_URL = env("VARNISH_XKEY_PURGE_URL", "")
# Run by `dateline scheduler` on every pass (dotted callables; failures are logged).
DATELINE_PERIODIC_JOBS: list[str] = ["dateline.caching.jobs.release_due_stories"]
