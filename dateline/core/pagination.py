"""Strict pagination: a page number past the end or not a number is a 404, not page 1."""

from django.core.paginator import InvalidPage, Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest


def paginate(request: HttpRequest, queryset: QuerySet, per_page: int) -> Page:
    paginator = Paginator(queryset, per_page, allow_empty_first_page=True)
    raw = request.GET.get("page", "1")
    try:
        number = int(raw)
        if number < 1:
            raise ValueError
        return paginator.page(number)
    except (ValueError, InvalidPage) as exc:
        raise Http404(f"No page {raw!r} in this listing.") from exc
