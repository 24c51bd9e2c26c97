"""Settings shared by every environment.

Deployment-specific values come from environment variables (all listed in
`.env.example`); the defaults give the embedded set-up: SQLite, local media,
in-process cache, the ORM task queue and Wagtail's database search.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

from dateline.core.logging import logging_config

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


def env_names(name: str, default: str) -> list[str]:
    """A comma-separated list where an empty value means none (not the default)."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = env("SECRET_KEY", "dateline-insecure-development-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "dateline.core",
    "dateline.site",
    "dateline.ops",
    "dateline.accounts",
    "dateline.articles",
    "dateline.video",
    "dateline.listings",
    "dateline.home",
    "dateline.search",
    "dateline.trending",
    "dateline.distribution",
    "dateline.newsroom",
    "dateline.wires",
    "dateline.caching",
    "dateline.demo",
    "dateline.shorts",
    "dateline.stories",
    "dateline.live",
    "dateline.ads",
    "dateline.newsletters",
    "dateline.alerts",
    "anymail",
    "dateline.api",
    "ninja",  # its bundled Swagger UI and Redoc for the API docs (nothing from a CDN)
    "corsheaders",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.frontend_cache",
    "wagtail.embeds",
    "wagtail.sites",
    "dateline.accounts.users_app.UsersConfig",  # wagtail.users, bounded by the granter's rights
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
    "axes",
    "csp",
    # Two-factor sign-in for staff (dateline.accounts.twofactor): authenticator apps and
    # backup codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # No django.contrib.admin: Wagtail's admin is the one staff login (a second login
    # surface would need its own throttling and two-factor).
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # First, so every log line of the request (and the 400 below) carries its id.
    "dateline.core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "dateline.core.middleware.PermissionsPolicyMiddleware",
    "dateline.core.middleware.SiteCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A NUL byte in the address is refused before any view or lookup sees it.
    "dateline.core.middleware.RejectMalformedRequestMiddleware",
    # Previews, drafts and signed-in renders never read or write the shared cache.
    "dateline.core.middleware.PrivateRenderMiddleware",
    # /api/: CORS headers on every answer (cached ones too), then keys, scopes and rate
    # limits before the page cache, so a cached answer is still counted and limited.
    "corsheaders.middleware.CorsMiddleware",
    "dateline.api.gate.ApiGateMiddleware",
    # Before sessions and auth: a hit for an anonymous reader touches nothing else.
    "dateline.caching.middleware.PageCacheMiddleware",
    # Inside the page cache: the wider policy of a page showing ads is stored with it.
    "dateline.ads.middleware.AdsCSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # `private` on every response rendered for a signed-in user (one place for all views).
    "dateline.core.middleware.PrivateForSignedInMiddleware",
    # request.user.is_verified(); then the admin is held until a session gave its code.
    "django_otp.middleware.OTPMiddleware",
    "dateline.accounts.twofactor.middleware.AdminTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "dateline.site.middleware.SiteTimeZoneMiddleware",
    "dateline.newsroom.middleware.EditorTimeZoneMiddleware",
    # Sees a 404 after the redirects middleware had its turn: a withdrawn story answers 410.
    "dateline.newsroom.middleware.GoneMiddleware",
    # Wagtail's, recording what each redirect depends on (for the page cache).
    "dateline.newsroom.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lock-out response.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Counts failed logins and refuses a locked-out username from that address first.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# --- Login throttling (django-axes): 5 wrong passwords for one username from one address
# lock that pair out for an hour; the right password is refused while locked.
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(env("AXES_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Failures are cleared once every factor is given (dateline.accounts.twofactor.policy), not by a
# right password alone: otherwise password, four wrong codes, password... would never lock.
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"
# --- Who the client is behind a reverse proxy (dateline.core.clients): X-Forwarded-For is read
# only on requests from these addresses or CIDR ranges (comma-separated; none by default, so
# the header is ignored). Every limit and django-axes use the same answer.
DATELINE_TRUSTED_PROXIES = env_list("DATELINE_TRUSTED_PROXIES")
AXES_CLIENT_IP_CALLABLE = "dateline.core.clients.client_address"

# --- Two-factor sign-in (dateline.accounts.twofactor). Members of these groups (comma-separated
# names; superusers too whenever one is named) must enrol an authenticator before using the
# admin; anyone may enrol. Set it to an empty value to make two-factor optional for everyone.
DATELINE_2FA_REQUIRED_GROUPS = env_names("DATELINE_2FA_REQUIRED_GROUPS", "Administrator")
OTP_TOTP_ISSUER = env("DATELINE_SITE_NAME", "Dateline")

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
    # Health checks: a persistent connection the server dropped (PostgreSQL restarted, backend
    # terminated) is replaced before the request uses it, instead of failing the request.
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=int(env("DB_CONN_MAX_AGE", "0")), conn_health_checks=True
    )
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
def guarded_cache(config: dict, retry_after: float = 5.0) -> dict:
    """`config` (any Django cache) behind dateline.caching.cache.GuardedCache: whatever the cache
    raises (a read-only or corrupted file, a full Redis) is a miss, never a failed page. Every
    alias is guarded, so Wagtail's rendition cache, sessions and django-axes are too."""
    return {
        "BACKEND": "dateline.caching.cache.GuardedCache",
        "GUARDED": config,
        "OPTIONS": {"RETRY_AFTER": retry_after},
    }


REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    REDIS_CACHE = {
        # django-redis with a circuit breaker: a frozen Redis costs one timeout, not one
        # per cache call (dateline.caching.cache).
        "BACKEND": "dateline.caching.cache.ResilientRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", "dateline"),
        "OPTIONS": {
            # An unreachable or frozen Redis must never take pages down: fail fast,
            # log, and let the caller compute from the database (a cache miss).
            "CLIENT_CLASS": "django_redis.client.DefaultClient",
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": float(env("REDIS_CONNECT_TIMEOUT", "0.25")),
            "SOCKET_TIMEOUT": float(env("REDIS_TIMEOUT", "0.25")),
            "RETRY_AFTER": float(env("REDIS_RETRY_AFTER", "5")),
        },
    }
    # Pages and fragments (the default alias) fall back to the process's own memory while
    # the breaker is open, so renders stay off the database during an outage
    # (dateline.caching.cache.LocalFallback): what is read or rendered meanwhile is kept
    # there, so each page renders once per process and lifetime. Copies made before the
    # outage without their dependency keys live REDIS_FALLBACK_SECONDS at most: the bound on
    # how long a purge another process made through Redis just before the outage goes unseen.
    # Pages and fragments copied with their keys (all of them while the outage tracking is
    # on) live up to REDIS_FALLBACK_OUTAGE_SECONDS instead: the outage's first poll replays
    # the outbox's recent purges on them (caching.fallback). 30 s: half the 60 s a browser
    # may keep any page (MAX_AGE) and six breaker windows; 5 s made every page of the soak
    # render again and again (docs/benchmarks.md, "Redis outage"). Entries rendered during
    # the outage are indexed in the process and live up to REDIS_FALLBACK_OUTAGE_SECONDS
    # (spread over its last quarter): purges made meanwhile wait in the database's outbox,
    # which each process
    # reads at most every REDIS_FALLBACK_POLL seconds while Redis is away, so such an entry
    # reflects every purge committed a second before it is served (0 turns this off:
    # everything lives REDIS_FALLBACK_SECONDS). They go when Redis answers again.
    # A purge in this process clears what it concerned at once (and the generation,
    # PURGE_KEY) and is replayed to Redis when it answers. Pages Redis answers while healthy
    # ("dateline:page:", caching.middleware.page_entry_key) are copied in, so an outage
    # starts with the pages being read. MAX_BYTES bounds the memory (the demo's pages are
    # some 35 KB pickled, fragments and Wagtail's rendition entries far less: 64 MB holds
    # about 1,800 pages), MAX_ENTRIES the number (a page renders with a few fragments and a
    # few renditions, all of them entries here). The counters alias has none: counts kept in one
    # process's memory would never reach the roll-up. REDIS_FALLBACK_SECONDS=0 turns it off.
    CACHES = {
        "default": guarded_cache(
            {
                **REDIS_CACHE,
                "OPTIONS": {
                    **REDIS_CACHE["OPTIONS"],
                    "FALLBACK": {
                        "SECONDS": float(env("REDIS_FALLBACK_SECONDS", "30")),
                        "OUTAGE_SECONDS": float(env("REDIS_FALLBACK_OUTAGE_SECONDS", "600")),
                        "POLL_EVERY": float(env("REDIS_FALLBACK_POLL", "1")),
                        "PAGE_PREFIX": "dateline:page:",
                        "PURGE_KEY": "dateline:purge-generation",
                        "MAX_ENTRIES": int(env("REDIS_FALLBACK_ENTRIES", "10000")),
                        "MAX_BYTES": int(env("REDIS_FALLBACK_MB", "64")) * 1024 * 1024,
                        # The host's processes share their copies of pages (a DiskCache
                        # here, 256 MB at most; caching.fallback_shared): each page renders
                        # once per host, not once per process. Empty: each its own.
                        "SHARED_DIR": env(
                            "REDIS_FALLBACK_DIR", str(BASE_DIR / "var" / "redis-fallback")
                        ),
                    },
                },
            }
        )
    }
    # The breaker logs each outage once (with the error); django-redis would log every
    # skipped call of every page.
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = False
else:
    CACHES = {
        "default": guarded_cache(
            {
                "BACKEND": "dateline.caching.cache.DiskCache",
                "LOCATION": env("CACHE_DIR", str(BASE_DIR / "var" / "cache")),
                "TIMEOUT": 3600,
                "SHARDS": 8,  # one SQLite file each: writers to different keys rarely wait
                # Readers never wait long on a busy shard; a miss renders from the database.
                "DATABASE_TIMEOUT": 0.25,
                "OPTIONS": {"size_limit": 2**30},
            }
        )
    }

# --- Background tasks: django-tasks with the ORM queue (`dateline worker`).
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
# Uploaded agency files: private, outside MEDIA_ROOT (dateline/wires/storage.py); at scale a
# private bucket (for example S3Storage with default_acl "private" and querystring_auth).
DATELINE_WIRE_UPLOAD_ROOT = Path(
    env("DATELINE_WIRE_UPLOAD_ROOT", str(BASE_DIR / "var" / "wire-uploads"))
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "wire_uploads": {"BACKEND": "dateline.wires.storage.WireUploadStorage"},
}
if env("AWS_STORAGE_BUCKET_NAME"):
    # Object storage for media (S3 or compatible): `pip install "dateline[s3]"`.
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}

# --- Wagtail.
WAGTAIL_SITE_NAME = env("DATELINE_SITE_NAME", "Dateline")
WAGTAILADMIN_BASE_URL = env("DATELINE_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
# Video files (mp4, m4v, webm) are uploaded as documents and played by dateline.video.
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_EXTENSIONS += ["mp4", "m4v", "webm", "vtt"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
# A newsroom photo is at most ~50 MP; a decompression bomb (11,000 x 11,000 PNG in 32 KB) is
# refused at upload with a form error instead of costing a gigabyte per rendition.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = int(env("DATELINE_MAX_IMAGE_PIXELS", str(40_000_000)))
WAGTAILIMAGES_MAX_UPLOAD_SIZE = int(env("DATELINE_MAX_IMAGE_BYTES", str(20 * 1024 * 1024)))
WAGTAILDOCS_MAX_UPLOAD_SIZE = int(env("DATELINE_MAX_DOCUMENT_BYTES", str(20 * 1024 * 1024)))
# An unwritable media folder is a form error, not a 500 (dateline.core.uploads).
WAGTAILIMAGES_IMAGE_FORM_BASE = "dateline.core.uploads.ImageUploadForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "dateline.core.uploads.DocumentUploadForm"
# Documents (private ones included) are streamed through Wagtail's view, which checks the
# collection's privacy; never a redirect to, or a link into, /media/.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf", "text/plain"]
WAGTAIL_ENABLE_UPDATE_CHECK = False  # never phone home
# No Gravatar: the admin would tell a third party which staff are signed in (and load the
# picture over http, which the admin's policy refuses). Staff upload an avatar if they want one.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
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
# A month archive's cap (10,000 stories of one section in a month at 20 a page): deeper than
# any real month, and an unbounded ?page= never reaches the database's OFFSET.
DATELINE_ARCHIVE_MAX_PAGES = 500
DATELINE_SERVE_MEDIA = env_bool("DATELINE_SERVE_MEDIA", True)

# Errors with tracebacks (and the request id) to stderr; JSON lines where a log collector
# reads them (the production default), plain text for a developer's terminal.
LOGGING = logging_config(
    json_lines=env_bool("DATELINE_LOG_JSON", False),
    level=env("DATELINE_LOG_LEVEL", "INFO"),
    task_level=env("DATELINE_TASK_LOG_LEVEL", "WARNING"),
)

# --- Security headers. HSTS and the HTTPS redirect are for deployments behind TLS
# (production.py reads them from the environment); these apply everywhere.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"  # Wagtail's preview frames the site inside the admin
# Content-Security-Policy (django-csp). Reader pages run only the site's own scripts, each
# written with its SRI hash ({% static_script %}, dateline.core.scripts), or an inline one
# carrying `{{ request.csp_nonce }}`; JSON-LD blocks are data, not scripts. Pages showing ads
# get a hash-based policy with 'strict-dynamic' instead (dateline.ads.middleware). Inline
# style attributes stay allowed (responsive embeds use them). One view can widen its own
# policy with django-csp's `csp_update` decorator, or a page's `serve()` by setting
# `response._csp_update = {"script-src": [...]}` (a web story adding the AMP runtime).
# Media on another origin (object storage, a CDN) is named in img-src and media-src.
_MEDIA_ORIGIN = ["/".join(MEDIA_URL.split("/", 3)[:3])] if MEDIA_URL.startswith("http") else []
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", *_MEDIA_ORIGIN],
        "media-src": [SELF, *_MEDIA_ORIGIN],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        # oEmbed players (video, social posts) in story bodies.
        "frame-src": [SELF, "https:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}
# Wagtail's admin still ships inline scripts (panels, date pickers): its own, wider policy,
# applied by dateline.core.middleware.SiteCSPMiddleware to everything under /admin/.
DATELINE_ADMIN_CSP = {
    **CONTENT_SECURITY_POLICY["DIRECTIVES"],
    "script-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:", "https:"],
    "connect-src": [SELF],
}
# The ad server (dateline.ads.backends): Google Publisher Tag unless set; the house ads
# (dateline.ads.backends.HouseAds) need no other host. Its script loads only after consent.
DATELINE_ADS = {
    "ENABLED": env_bool("DATELINE_ADS", True),
    "BACKEND": env("DATELINE_ADS_BACKEND", "dateline.ads.backends.GooglePublisherTag"),
    "OPTIONS": {},
    # A certified CMP speaking IAB TCF v2.2 in place of our own notice: its script's address.
    # ads/consent.js loads it on every page and talks to it only through `__tcfapi`.
    "TCF_CMP_SCRIPT": env("DATELINE_ADS_TCF_CMP_SCRIPT", ""),
}
if DATELINE_ADS["TCF_CMP_SCRIPT"].startswith("https://"):
    # The CMP shows on every page: its origin may load scripts and be talked to site-wide
    # (its consent screens may be framed: frame-src already allows https:).
    _CMP_ORIGIN = "/".join(DATELINE_ADS["TCF_CMP_SCRIPT"].split("/", 3)[:3])
    for _directive in ("script-src", "connect-src"):
        CONTENT_SECURITY_POLICY["DIRECTIVES"][_directive].append(_CMP_ORIGIN)
DATELINE_PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "interest-cohort=(), browsing-topics=()"
)

# Who hears about changed dependency keys (dateline.caching.dependencies.invalidate): the page
# cache and the front-cache purge register here. Dotted paths of callables taking a set of keys.
DATELINE_INVALIDATORS: list[str] = ["dateline.caching.invalidators.purge_front_caches"]
# The full-page cache for anonymous readers (dateline.caching.middleware).
DATELINE_PAGE_CACHE = {
    "ENABLED": env_bool("DATELINE_PAGE_CACHE", True),
    # Cached fragments (rails, menus, head tags) follow ENABLED unless set here.
    # "FRAGMENTS": True,
    "CACHE": "default",
    "TIMEOUT": 3600,  # a stored page is dropped after an hour even if nothing changed
    "MAX_AGE": 60,  # browsers
    "S_MAXAGE": 3600,  # shared caches (purged by key or URL on every change)
    "STALE_WHILE_REVALIDATE": 30,
    # Concurrent misses of one page in a process: one renders, the others wait up to this
    # many seconds, then read the cache (caching.coalesce). 0: each renders its own.
    "COALESCE_WAIT": 2.0,
}
# A Varnish with vmod-xkey (deploy/varnish/default.vcl) purged by key: its address.
DATELINE_XKEY_PURGE_URL = env("VARNISH_XKEY_PURGE_URL", "")
# The one response header naming what a page shows, for the front cache that purges by it:
# "xkey" (Varnish), "Surrogate-Key" (Fastly) or "Cache-Tag" (Cloudflare). Kept under the
# budget in bytes by collapsing to coarser keys (dateline.caching.keysheader).
DATELINE_KEYS_HEADER = env("DATELINE_KEYS_HEADER", "xkey")
DATELINE_KEYS_HEADER_BUDGET = 2048
# Run by `dateline scheduler` on every pass (dotted callables; failures are logged).
DATELINE_PERIODIC_JOBS: list[str] = [
    "dateline.newsroom.jobs.release_due_stories",
    # Purges a crash or a failure left in the outbox, and the reverse index's expired
    # members (dateline.caching.outbox).
    "dateline.caching.outbox.retry_pending_purges",
    "dateline.caching.outbox.prune_index",
    "dateline.wires.tasks.enqueue_due_polls",  # due wire polls, run by the task worker
]

# Wire ingestion (dateline.wires): backends in Wagtail's frontend-cache shape; see
# dateline/wires/backends.py for the defaults.
DATELINE_WIRE_TRANSPORTS = {
    "http": {
        "BACKEND": "dateline.wires.transports.http.HTTPTransport",
        "TIMEOUT": float(env("DATELINE_WIRE_HTTP_TIMEOUT", "15")),
    },
    "folder": {"BACKEND": "dateline.wires.transports.folder.FolderTransport"},
    "upload": {"BACKEND": "dateline.wires.transports.upload.UploadTransport"},
}
DATELINE_WIRE_PARSERS = {
    "ninjs": {"BACKEND": "dateline.wires.parsers.ninjs.NinjsParser"},
    "newsml-g2": {"BACKEND": "dateline.wires.parsers.newsml.NewsMLG2Parser"},
    "rss": {"BACKEND": "dateline.wires.parsers.feeds.FeedParser"},
    "atom": {"BACKEND": "dateline.wires.parsers.feeds.FeedParser"},
}
# Where wire transports may reach (dateline.wires.transports.confine): internal addresses
# (loopback, private, link-local, metadata) only when listed here (addresses or networks),
# and drop folders only under this root.
DATELINE_WIRE_ALLOWED_NETWORKS = env_list("DATELINE_WIRE_ALLOWED_NETWORKS", "")
DATELINE_WIRE_DROP_ROOT = Path(env("DATELINE_WIRE_DROP_ROOT", str(BASE_DIR / "var" / "wire-drop")))
DATELINE_WIRES_DUPLICATE_THRESHOLD = 0.6  # estimated Jaccard similarity of 5-word shingles
DATELINE_WIRES_DUPLICATE_HOURS = 48


# --- Counters (page views, searches, rate limits): a cache every web process and the roll-up
# worker share. Redis at scale; on the embedded set-up a directory of small files (the
# worker must see the counts): DiskCache files of their own, as the default cache, so
# culling pages never drops a count.
if REDIS_URL:
    CACHES["counters"] = guarded_cache(REDIS_CACHE)
else:
    CACHES["counters"] = guarded_cache(
        {
            "BACKEND": "dateline.caching.cache.DiskCache",
            "LOCATION": env("DATELINE_COUNTERS_DIR", str(BASE_DIR / "var" / "counters")),
            "TIMEOUT": None,
            "SHARDS": 4,
            "DATABASE_TIMEOUT": 0.25,
            "OPTIONS": {"size_limit": 2**28},
        }
    )

# --- Search (dateline.search): what it finds, and how hard one client may press it.
DATELINE_SEARCH_TYPES = [
    "dateline.search.sources.articles",
    "dateline.search.sources.topics",
    "dateline.search.sources.people",
]
# Searches per client per window of seconds (the outage benchmark, one client, raises it).
DATELINE_SEARCH_RATE_LIMIT = (int(env("DATELINE_SEARCH_RATE_LIMIT", "30")), 60)
DATELINE_BEACON_RATE_LIMIT = (120, 600)  # view beacons per client per window of seconds
# Roll-ups of search and view counts, queued at most once a minute (docs/search-and-trending.md).
DATELINE_PERIODIC_JOBS += [
    "dateline.newsletters.jobs.run_due",  # daily/weekly newsletters, stalled sends resumed
    "dateline.search.tasks.enqueue_roll_up",
    "dateline.trending.tasks.enqueue_roll_up",
    "dateline.live.jobs.end_silent_blogs",  # live blogs silent past their limit end
]
# The demo's own jobs (its live match gets an entry a minute): `make run` turns them on.
if env("DATELINE_DEMO_JOBS", "").lower() in {"1", "true", "yes"}:
    DATELINE_PERIODIC_JOBS += ["dateline.demo.live.post_next_match_entry"]
# Summariser backends for drafting Shorts from stories (dateline.shorts.summarisers).
DATELINE_SUMMARISERS = {
    "default": {"BACKEND": "dateline.shorts.summarisers.extractive.ExtractiveSummariser"},
}

# --- Outgoing mail (Django's usual variables; .env.example) and newsletters (dateline.newsletters).
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))  # the file backend's
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Dateline <newsletters@localhost>")
# A provider instead of SMTP: EMAIL_BACKEND=anymail.backends.<esp>.EmailBackend and its
# keys here; WEBHOOK_SECRET guards the bounce/complaint webhooks (user:password).
ANYMAIL = {"WEBHOOK_SECRET": env("ANYMAIL_WEBHOOK_SECRET", "")}
DATELINE_NEWSLETTER_BATCH_SIZE = int(env("DATELINE_NEWSLETTER_BATCH_SIZE", "1000"))
DATELINE_NEWSLETTER_RATE_PER_SECOND = float(env("DATELINE_NEWSLETTER_RATE_PER_SECOND", "0"))
# Messages in flight per worker, one SMTP connection each. 1 (the default): a killed worker
# leaves at most one message whose acceptance it did not write down; N: at most N (sent again
# on resume, with the same Message-ID). A mail server's round trips bound one connection.
DATELINE_NEWSLETTER_CONCURRENCY = int(env("DATELINE_NEWSLETTER_CONCURRENCY", "1"))
# Warm-up of a new sending domain: daily caps from a start date (e.g. "50,100,500,1000").
DATELINE_NEWSLETTER_WARMUP = [int(n) for n in env_list("DATELINE_NEWSLETTER_WARMUP", "")]
DATELINE_NEWSLETTER_WARMUP_START = env("DATELINE_NEWSLETTER_WARMUP_START", "")
DATELINE_NEWSLETTER_STALE_MINUTES = int(env("DATELINE_NEWSLETTER_STALE_MINUTES", "10"))
DATELINE_NEWSLETTER_CONFIRM_HOURS = 48
DATELINE_NEWSLETTER_UNSUBSCRIBE_MAILBOX = env("DATELINE_NEWSLETTER_UNSUBSCRIBE_MAILBOX", "")
DATELINE_DKIM_SELECTOR = env("DATELINE_DKIM_SELECTOR", "")
DATELINE_DKIM_DOMAIN = env("DATELINE_DKIM_DOMAIN", "")
DATELINE_DKIM_PRIVATE_KEY_FILE = env("DATELINE_DKIM_PRIVATE_KEY_FILE", "")

# The content API (dateline.api): the public rate limit per client per minute (partner keys
# carry their own, set in the admin), and how long a change waits before the change feed
# lists it (a transaction that commits late must not be passed over by a client's cursor).
DATELINE_API = {
    "PUBLIC_RATE_LIMIT": int(env("DATELINE_API_PUBLIC_RATE_LIMIT", "60")),
    "CHANGES_SETTLE_SECONDS": int(env("DATELINE_API_CHANGES_SETTLE_SECONDS", "5")),
}
DATELINE_PERIODIC_JOBS += ["dateline.api.gate.record_usage"]  # keys' usage counts
# CORS (django-cors-headers) for the API only; "*" by default, or a list of origins.
CORS_URLS_REGEX = r"^/api/.*$"
_api_origins = env_list("DATELINE_API_CORS_ORIGINS", "*")
CORS_ALLOW_ALL_ORIGINS = _api_origins == ["*"]
CORS_ALLOWED_ORIGINS = [] if CORS_ALLOW_ALL_ORIGINS else _api_origins
CORS_ALLOW_HEADERS = ["accept", "content-type", "if-none-match", "x-api-key"]
CORS_EXPOSE_HEADERS = ["etag"]

# --- Breaking-news alerts by Web Push (dateline.alerts; docs/alerts.md). The VAPID key pair
# is made by `dateline vapid-keys`: its private half here (base64url) or in a PEM file.
DATELINE_ALERTS = {
    "VAPID_PRIVATE_KEY": env("DATELINE_VAPID_PRIVATE_KEY", ""),
    "VAPID_KEY_FILE": env("DATELINE_VAPID_KEY_FILE", ""),
    "VAPID_SUBJECT": env("DATELINE_VAPID_SUBJECT", "mailto:newsroom@localhost"),
    "DAILY_CAP": int(env("DATELINE_ALERTS_DAILY_CAP", "6")),  # alerts a day, all editors
    "BATCH_SIZE": int(env("DATELINE_ALERTS_BATCH_SIZE", "1000")),  # subscriptions a task
    "TTL": int(env("DATELINE_ALERTS_TTL", "14400")),  # seconds a push service keeps it
    "MAX_ATTEMPTS": int(env("DATELINE_ALERTS_MAX_ATTEMPTS", "5")),
    "RETRY_SECONDS": int(env("DATELINE_ALERTS_RETRY_SECONDS", "30")),  # doubled each try
    "STALE_MINUTES": int(env("DATELINE_ALERTS_STALE_MINUTES", "10")),
    "SUBSCRIBE_RATE_LIMIT": int(env("DATELINE_ALERTS_SUBSCRIBE_RATE_LIMIT", "20")),  # an hour
    # The push services a browser's endpoint may name (host or a parent domain); the server
    # posts to the endpoint, so an arbitrary one would let anyone aim it at any address.
    "ENDPOINT_HOSTS": env_list(
        "DATELINE_ALERTS_ENDPOINT_HOSTS",
        "fcm.googleapis.com,updates.push.services.mozilla.com,push.apple.com,notify.windows.com",
    ),
}
DATELINE_PUSH_SENDERS = {
    "default": {
        "BACKEND": env("DATELINE_PUSH_SENDER", "dateline.alerts.senders.WebPushSender"),
        "CONCURRENCY": int(env("DATELINE_PUSH_CONCURRENCY", "16")),
        "TIMEOUT": 10,
    },
}
DATELINE_PERIODIC_JOBS += ["dateline.alerts.sending.run_due"]  # retries due, stalled sends
