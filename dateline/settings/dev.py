from .base import *  # noqa: F403
from .base import env, env_bool, env_names

DEBUG = env_bool("DEBUG", True)
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# The demo's published logins must work for a first look without a phone: two-factor is
# optional here unless the environment names groups.
DATELINE_2FA_REQUIRED_GROUPS = env_names("DATELINE_2FA_REQUIRED_GROUPS", "")
# The demo's house ads (dateline.ads.backends.HouseAds) unless the environment names a server.
DATELINE_ADS = {
    **DATELINE_ADS,  # noqa: F405
    "BACKEND": env("DATELINE_ADS_BACKEND", "dateline.ads.backends.HouseAds"),
}
