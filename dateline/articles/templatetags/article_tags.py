from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from wagtail.rich_text import RichText

register = template.Library()


@register.simple_tag
def paragraph_with_dateline(value: RichText, place: str) -> SafeString:
    """The first paragraph with "TOKYO:" run into its first line, as print does."""
    html = str(value)
    lead = format_html('<span class="article__dateline">{}:</span> ', place)
    if html.startswith("<p"):
        end = html.find(">") + 1
        html = html[:end] + lead + html[end:]
    else:
        html = f"<p>{lead}</p>{html}"
    return mark_safe(f'<div class="block-paragraph">{html}</div>')  # noqa: S308 - both parts escaped
