import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dateline.settings.production")
django_application = get_wsgi_application()

# Cached pages for anonymous readers are answered in front of Django's handler, with the same
# bytes and headers (dateline.core.fasthit); everything else goes to Django.
from dateline.core.fasthit import FastHitApp  # noqa: E402  (needs the settings loaded)

application = FastHitApp(django_application)
