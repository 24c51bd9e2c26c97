"""/healthz: the site's and its background services' health, for monitoring."""

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from .health import health_report


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """For monitoring: 200 when the site and its background services are healthy, else 503,
    with the details as JSON. Never cached, by anyone."""
    report = health_report()
    return JsonResponse(report.as_dict(), status=200 if report.ok else 503)
