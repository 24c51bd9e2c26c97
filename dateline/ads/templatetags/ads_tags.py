"""The boxes and the consent script of the reader pages.

`{% ad_slot "article-top" "leaderboard" %}` renders the box a position shows (or nothing);
`{% body_ad page forloop.counter0 %}` the story's in-body box after the block where the
placement's paragraph N ends; `{% between_blocks_ad "home-between" forloop.counter %}` and
`{% every_n_ad "listing-inline" forloop.counter %}` the counted positions of home and listings.
"""

from __future__ import annotations

import json
from typing import Any

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse

from dateline.core.scripts import integrity, script_tag

from ..backends import ad_server
from ..models import Position
from ..placement import box_for, paragraph_break_index

register = template.Library()

# A gallery-like story: its pictures are the body, an ad between them would sit inside one.
NO_BODY_ADS_TYPES = {"photostory"}


def _render(context: template.Context, position: str, size: str) -> str:
    box = box_for(context.get("request"), context.get("page"), position, size)
    if box is None:
        return ""
    return render_to_string("ads/box.html", {"box": box})


@register.simple_tag(takes_context=True)
def ad_slot(context: template.Context, position: str, size: str = "rectangle") -> str:
    return _render(context, position, size)


@register.simple_tag(takes_context=True)
def body_ad(context: template.Context, page: Any, index: int) -> str:
    """After body block `index` when that is where paragraph N of the placement ends."""
    if getattr(page, "article_type", None) in NO_BODY_ADS_TYPES:
        return ""
    request = context.get("request")
    # Worked out once per story and request (the tag runs after every block of the body).
    plans = getattr(request, BODY_AD_ATTRIBUTE, None) if request is not None else None
    if plans is None:
        plans = {}
        if request is not None:
            setattr(request, BODY_AD_ATTRIBUTE, plans)
    story = getattr(page, "pk", None) or id(page)
    if story not in plans:
        plans[story] = _body_ad_plan(request, page)
    after, html = plans[story]
    return html if after == index else ""


BODY_AD_ATTRIBUTE = "dateline_body_ads"


@register.simple_tag(takes_context=True)
def body_ad_policy(context: template.Context, page: Any) -> str:
    """Outside a cached story fragment: a fragment hit does not run `body_ad`, whose box
    look-up is what tells `AdsCSPMiddleware` the page shows ads. The same look-up here (the
    placements are already on the request), so the header does not depend on the cache."""
    if getattr(page, "article_type", None) not in NO_BODY_ADS_TYPES:
        box_for(context.get("request"), page, Position.ARTICLE_INLINE, "inline")
    return ""


def _body_ad_plan(request: Any, page: Any) -> tuple[int | None, str]:
    """(the body block the in-body box follows, the box's HTML), or (None, "")."""
    box = box_for(request, page, Position.ARTICLE_INLINE, "inline")
    if box is None or box.n is None:
        return None, ""
    after = paragraph_break_index(getattr(page, "body", None), box.n)
    if after is None:
        return None, ""
    return after, render_to_string("ads/box.html", {"box": box})


@register.simple_tag(takes_context=True)
def between_blocks_ad(
    context: template.Context, position: str, counter: int, is_last: bool = False
) -> str:
    """After block N of a run of blocks (never after the last one)."""
    if is_last:
        return ""
    box = box_for(context.get("request"), context.get("page"), position, "rectangle")
    if box is None or box.n != counter:
        return ""
    return render_to_string("ads/box.html", {"box": box})


@register.simple_tag(takes_context=True)
def every_n_ad(
    context: template.Context, position: str, counter: int, is_last: bool = False
) -> str:
    """After every Nth card of a listing (never after the last card)."""
    if is_last:
        return ""
    box = box_for(context.get("request"), context.get("page"), position, "rectangle")
    if box is None or not box.n or counter % box.n:
        return ""
    return render_to_string("ads/box.html", {"box": box, "list_item": True})


@register.simple_tag
def consent_script() -> str:
    """The consent script, the same on every page: it reads the reader's choice in the
    browser, shows the notice when there is none, and loads the ad server's script only
    after the reader agreed to advertising (with the integrity given here, so only those
    bytes run)."""
    server = ad_server()
    return script_tag(
        "ads/consent.js",
        data_notice=reverse("consent_notice"),
        data_notice_language=reverse("consent_notice_language", args=["xx"]).replace("xx", "LANG"),
        data_ledger=reverse("consent_record"),
        data_cmp=getattr(settings, "DATELINE_ADS", {}).get("TCF_CMP_SCRIPT", ""),
        data_adapter=static(server.script) if server.script else "",
        data_adapter_integrity=integrity(server.script) if server.script else "",
        data_adapter_options=json.dumps(
            server.client_options(), separators=(",", ":"), sort_keys=True
        ),
        defer=True,
    )
