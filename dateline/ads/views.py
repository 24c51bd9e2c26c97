"""ads.txt and app-ads.txt, the consent notice as JSON, and the consent beacon.

The first three are ordinary cached GETs: the page cache stores them with what they read (the
setting's row), so a save in the admin purges them like pages. The beacon is a POST that
writes one ledger row; it reads and sets no cookie. It takes the decisions of our own notice
and, where a deployment uses a certified CMP instead, those the CMP reports (`source: tcf`).
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from dateline.core.counters import rate_limited

from .models import (
    ADVERTISING,
    MAX_TC_STRING,
    TC_STRING_RE,
    TCF_PURPOSES,
    AdsTxt,
    ConsentNotice,
    ConsentRecord,
)

MAX_BEACON_BYTES = 8192  # a CMP's TC string with its vendors' bits is about a kilobyte
BEACON_LIMIT_PER_MINUTE = 30


def _text_file(request: HttpRequest, field: str) -> HttpResponse:
    text = getattr(AdsTxt.for_request(request), field).strip()
    if not text:
        raise Http404("No such file has been written in the admin.")
    return HttpResponse(text + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def ads_txt(request: HttpRequest) -> HttpResponse:
    return _text_file(request, "ads_txt")


@require_safe
def app_ads_txt(request: HttpRequest) -> HttpResponse:
    return _text_file(request, "app_ads_txt")


@require_safe
def consent_notice(request: HttpRequest, language: str | None = None) -> JsonResponse:
    """What the consent script shows, in the page's language (`/consent/notice/hi.json`;
    the main text at `/consent/notice.json`): the same for every reader, so it is cached."""
    return JsonResponse(ConsentNotice.for_request(request).in_language(language))


class BadBeacon(ValueError):
    pass


def parse_decision(raw: bytes, notice: ConsentNotice) -> dict[str, Any]:
    """The ledger row a beacon's body asks for; BadBeacon says what is wrong with it."""
    if len(raw) > MAX_BEACON_BYTES:
        raise BadBeacon("body too large")
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BadBeacon("body is not JSON") from error
    if not isinstance(data, dict):
        raise BadBeacon("body is not a JSON object")
    try:
        consent_id = uuid.UUID(str(data.get("id", "")))
    except ValueError as error:
        raise BadBeacon("id is not a UUID") from error
    source = data.get("source", ConsentRecord.Source.NOTICE)
    if source == ConsentRecord.Source.TCF:
        return {"consent_id": consent_id, **parse_tcf_decision(data)}
    if source != ConsentRecord.Source.NOTICE:
        raise BadBeacon("source is not notice or tcf")
    decision = data.get("decision")
    if decision not in ConsentRecord.Decision.values:
        raise BadBeacon("decision is not accept or reject")
    version = data.get("version")
    if type(version) is not int or not 1 <= version <= notice.version:  # bool is not a version
        raise BadBeacon("version is not a version of the notice")
    purposes = data.get("purposes")
    known = {p["key"] for p in notice.purpose_list()}
    if not isinstance(purposes, list) or not all(isinstance(p, str) for p in purposes):
        raise BadBeacon("purposes is not a list of names")
    if set(purposes) - known:
        raise BadBeacon("purposes names one the notice does not have")
    if decision == ConsentRecord.Decision.REJECT and purposes:
        raise BadBeacon("a rejection agrees to no purpose")
    return {
        "consent_id": consent_id,
        "decision": decision,
        "purposes": sorted(set(purposes)),
        "notice_version": version,
    }


def parse_tcf_decision(data: dict[str, Any]) -> dict[str, Any]:
    """A decision made in a certified CMP, as its TC data reported it: the TC string and the
    TCF purposes consented to. What it means for us is worked out here, by the rule that
    starts the ads (ads/consent.js): TCF purpose 1, storing and reading on the device, is our
    advertising purpose."""
    tc_string = data.get("tcString")
    if (
        not isinstance(tc_string, str)
        or len(tc_string) > MAX_TC_STRING
        or not TC_STRING_RE.match(tc_string)
    ):
        raise BadBeacon("tcString is not a TC string")
    tcf_purposes = data.get("tcfPurposes")
    if not isinstance(tcf_purposes, list) or not all(
        type(p) is int and p in TCF_PURPOSES for p in tcf_purposes
    ):
        raise BadBeacon("tcfPurposes is not a list of TCF purpose numbers")
    ours = [ADVERTISING] if 1 in tcf_purposes else []
    return {
        "source": ConsentRecord.Source.TCF,
        "decision": ConsentRecord.Decision.ACCEPT if ours else ConsentRecord.Decision.REJECT,
        "purposes": ours,
        "notice_version": None,
        "tc_string": tc_string,
        "tcf_purposes": sorted(set(tcf_purposes)),
    }


def already_recorded(row: dict[str, Any]) -> bool:
    """A CMP reports a returning reader's decision on every page: it is in the ledger when
    this browser's latest CMP decision there is the same TC string (the string is the whole
    decision: purposes, vendors, CMP and the day it was made)."""
    if row.get("source") != ConsentRecord.Source.TCF:
        return False
    latest = (
        ConsentRecord.objects.filter(consent_id=row["consent_id"], source=row["source"])
        .order_by("-pk")
        .values_list("tc_string", flat=True)
        .first()
    )
    return latest == row["tc_string"]


@csrf_exempt  # no cookie is read or set: there is no session to forge
@require_POST
@never_cache
def consent_record(request: HttpRequest) -> HttpResponse:
    """One decision into the append-only ledger: 204, or 400 saying what was wrong."""
    if rate_limited(request, "consent", BEACON_LIMIT_PER_MINUTE, 60):
        return JsonResponse({"error": "too many decisions from here"}, status=429)
    try:
        row = parse_decision(request.body, ConsentNotice.for_request(request))
    except BadBeacon as error:
        return JsonResponse({"error": str(error)}, status=400)
    if not already_recorded(row):
        ConsentRecord.objects.create(**row)
    return HttpResponse(status=204)
