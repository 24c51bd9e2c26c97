from .base import *  # noqa: F403
from .base import env_bool, env_names

DEBUG = env_bool("DEBUG", True)
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# The demo's published logins must work for a first look without a phone: two-factor is
# optional here unless the environment names groups.
DATELINE_2FA_REQUIRED_GROUPS = env_names("DATELINE_2FA_REQUIRED_GROUPS", "")
