"""Ads and consent in Chromium (dateline.ads), with the house ads of the test settings:

nothing of the ad server before consent; after it the boxes fill from this origin only; no
layout shift while they do (home and article, 375 and 1280 px); the cached HTML is the same
bytes whatever the reader chose; withdrawing is one click; GPT is driven the documented way.
"""

from __future__ import annotations

import json
import uuid

import pytest

from dateline.ads.factories import AdPlacementFactory, AdSlotFactory
from dateline.ads.models import ConsentRecord
from dateline.articles.factories import ArticlePageFactory
from dateline.core.factories import ImageFactory
from dateline.home.models import HomePageSectionBlock
from dateline.listings.factories import make_section

from .conftest import refuse_other_hosts

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FILLED = '.ad-slot[data-ad-filled="house"] img'
# Every layout shift of the page, from its first paint (buffered), into window.__shifts.
CLS_OBSERVER = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.__shifts.push({value: entry.value,
      nodes: entry.sources.map(s => s.node ? (s.node.className || s.node.nodeName) : '?')});
  }
}).observe({type: 'layout-shift', buffered: true});
"""


def consent_given(version: int = 1) -> str:
    choice = {
        "id": str(uuid.uuid4()),
        "decision": "accept",
        "purposes": ["advertising"],
        "version": version,
        "time": "2026-01-01T00:00:00Z",
    }
    return f"localStorage.setItem('dateline.consent', {json.dumps(json.dumps(choice))});"


@pytest.fixture
def newsroom(live_site, settings):
    settings.DATELINE_PAGE_CACHE = {**settings.DATELINE_PAGE_CACHE, "ENABLED": True}
    home = live_site
    image = ImageFactory()
    body = [("paragraph", f"<p>Paragraph {i} of the report, with its facts.</p>") for i in range(9)]
    stories = []
    for order, name in enumerate(("World", "Sports", "Tech", "Health")):
        section = make_section(home, name)
        HomePageSectionBlock.objects.create(page=home, section=section, sort_order=order)
        stories += [
            ArticlePageFactory(
                section=section, title=f"{name} story {i}", hero_image=image, body=body
            )
            for i in range(5)
        ]
    home.top_stories_count = home.latest_count = 4  # the section blocks keep stories of theirs
    home.save_revision().publish()
    AdPlacementFactory(position="home-between", n=1)  # a rule of the desk's, with a unit
    return {"home": home, "story": stories[0], "other": stories[5]}


def watch(page, live_server) -> dict[str, list[str]]:
    """Requests of the page: `all` made, `refused` to another host (aborted)."""
    seen: dict[str, list[str]] = {"all": [], "refused": refuse_other_hosts(page, live_server)}
    page.on("request", lambda request: seen["all"].append(request.url))
    return seen


def ad_requests(urls: list[str]) -> list[str]:
    return [u for u in urls if "/static/ads/house" in u or "/static/ads/gpt" in u]


def test_nothing_loads_before_consent_then_house_ads_fill_from_this_origin(
    browser, live_server, newsroom, artifacts
):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    seen = watch(page, live_server)
    try:
        page.goto(live_server.url + newsroom["story"].url)
        accept = page.locator('[data-consent="accept"]')
        accept.wait_for()
        assert page.locator('[data-consent="reject"]').is_visible()
        page.screenshot(path=str(artifacts / "ads-notice-1280.png"))
        assert ad_requests(seen["all"]) == []
        assert page.locator(".ad-slot[data-ad-filled]").count() == 0
        assert page.locator(".ad-slot").count() == 4

        with page.expect_response(lambda r: r.url.endswith("/consent/record")) as beacon:
            accept.click()
        assert beacon.value.status == 204
        page.locator(FILLED).first.wait_for()
        assert page.locator('[data-consent="accept"]').count() == 0
        # (functions, not expressions: Playwright evaluates a polled expression with eval(),
        # which the page's CSP refuses)
        width = page.wait_for_function(
            """() => {
              const img = document.querySelector('.ad-slot[data-ad-slot="article-top"] img');
              return img && img.complete && img.naturalWidth;
            }"""
        ).json_value()
        assert width in (728, 970)
        assert ad_requests(seen["all"])
        page.screenshot(path=str(artifacts / "ads-article-1280.png"), full_page=True)

        # the next page remembers: no notice, the boxes fill
        page.goto(live_server.url + newsroom["other"].url)
        page.locator(FILLED).first.wait_for()
        assert page.locator('[data-consent="accept"]').count() == 0
        assert seen["refused"] == []
    finally:
        context.close()
    row = ConsentRecord.objects.get()
    assert (row.decision, row.purposes, row.notice_version) == ("accept", ["advertising"], 1)


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("which", ["home", "story"])
def test_no_layout_shift_while_ads_load(browser, live_server, newsroom, artifacts, width, which):
    context = browser.new_context(viewport={"width": width, "height": 800})
    context.add_init_script(CLS_OBSERVER + consent_given())
    page = context.new_page()
    seen = watch(page, live_server)
    try:
        page.goto(live_server.url + newsroom[which].url)
        page.locator(FILLED).first.wait_for()
        # Down the page a screen at a time, waiting for each box that comes near to fill.
        height = page.evaluate("document.documentElement.scrollHeight")
        for top in range(0, height, 600):
            page.evaluate(f"window.scrollTo(0, {top})")
            page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        page.wait_for_function(
            "() => [...document.querySelectorAll('.ad-slot')].every(b => b.dataset.adFilled)"
        )
        page.wait_for_function(
            "() => [...document.querySelectorAll('.ad-slot img')].every(i => i.complete)"
        )
        boxes = page.locator(".ad-slot").count()
        assert boxes >= 3
        shifts = page.evaluate("window.__shifts")
        page.screenshot(path=str(artifacts / f"ads-{which}-{width}.png"), full_page=True)
        assert seen["refused"] == []
    finally:
        context.close()
    assert sum(s["value"] for s in shifts) == 0.0, shifts


def test_the_cached_html_is_the_same_bytes_with_and_without_consent(browser, live_server, newsroom):
    url = live_server.url + newsroom["story"].url
    bodies = []
    for script in ("", consent_given()):
        context = browser.new_context(viewport={"width": 375, "height": 800})
        if script:
            context.add_init_script(script)
        page = context.new_page()
        try:
            response = page.goto(url)
            page.locator(".ad-slot").first.wait_for()
            if script:
                page.locator(FILLED).first.wait_for()  # this reader's ads did load
            else:
                page.locator('[data-consent="accept"]').wait_for()
            bodies.append(response.body())
            assert "set-cookie" not in response.headers
        finally:
            context.close()
    assert bodies[0] == bodies[1]


def test_rejecting_loads_nothing_and_withdrawing_is_one_click(browser, live_server, newsroom):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    seen = watch(page, live_server)
    try:
        page.goto(live_server.url + newsroom["story"].url)
        with page.expect_response(lambda r: r.url.endswith("/consent/record")):
            page.locator('[data-consent="reject"]').click()
        page.reload()
        page.locator('[data-consent="manage"]').wait_for()
        assert page.locator('[data-consent="accept"]').count() == 0  # not asked again
        assert ad_requests(seen["all"]) == []

        page.locator('[data-consent="manage"]').click()  # change of mind: accept
        with page.expect_response(lambda r: r.url.endswith("/consent/record")):
            page.locator('[data-consent="accept"]').click()
        page.locator(FILLED).first.wait_for()

        page.locator('[data-consent="manage"]').click()  # and withdraw, as easily
        with page.expect_navigation():
            page.locator('[data-consent="reject"]').click()
        page.locator('[data-consent="manage"]').wait_for()
        assert page.locator(".ad-slot[data-ad-filled]").count() == 0
        assert seen["refused"] == []
    finally:
        context.close()
    assert list(ConsentRecord.objects.order_by("pk").values_list("decision", flat=True)) == [
        "reject",
        "accept",
        "reject",
    ]
    assert ConsentRecord.objects.values("consent_id").distinct().count() == 1


# Stands in for gpt.js (the real one is on Google's host, refused here): records the calls.
GPT_STUB = """
window.__gpt = [];
(function () {
  var g = window.googletag, log = function (name) {
    return function () { __gpt.push([name].concat([].slice.call(arguments))); return api; }; };
  var mapping = {addSize: function () { return mapping; }, build: function () { return []; }};
  var slot = {defineSizeMapping: function () { return slot; },
    addService: function () { return slot; }};
  var pubads = {enableSingleRequest: log("enableSingleRequest"),
    enableLazyLoad: log("enableLazyLoad"), setForceSafeFrame: log("setForceSafeFrame")};
  var api = {pubads: function () { return pubads; }, sizeMapping: function () { return mapping; },
    defineSlot: function (unit, sizes, id) { __gpt.push(["defineSlot", unit, id]); return slot; },
    enableServices: log("enableServices"), display: log("display")};
  var queue = g.cmd; Object.assign(g, api); g.cmd = {push: function (f) { f(); }};
  queue.forEach(function (f) { f(); });
})();
"""


def test_gpt_loads_after_consent_only_and_asks_for_the_slots_in_one_request(
    browser, live_server, newsroom, settings
):
    settings.DATELINE_ADS = {
        "ENABLED": True,
        "BACKEND": "dateline.ads.backends.GooglePublisherTag",
        "OPTIONS": {"FETCH_MARGIN_PERCENT": 150},
    }
    AdPlacementFactory(position="article-top", slot=AdSlotFactory(ad_unit_path="/123/top"))
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    gpt_requests: list[str] = []

    def gpt(route):
        gpt_requests.append(route.request.url)
        route.fulfill(status=200, content_type="text/javascript", body=GPT_STUB)

    page.route("https://securepubads.g.doubleclick.net/**", gpt)
    try:
        page.goto(live_server.url + newsroom["story"].url)
        page.locator('[data-consent="accept"]').wait_for()
        assert gpt_requests == []
        page.locator('[data-consent="accept"]').click()
        page.wait_for_function("() => window.__gpt && window.__gpt.some(c => c[0] === 'display')")
        calls = page.evaluate("window.__gpt")
    finally:
        context.close()
    assert len(gpt_requests) == 1  # started by the hashed consent script: 'strict-dynamic'
    names = [c[0] for c in calls]
    # only the box with a unit: the default boxes have none for GPT
    assert [c[1] for c in calls if c[0] == "defineSlot"] == ["/123/top"]
    assert names.index("enableSingleRequest") < names.index("enableServices")
    # creatives framed on Google's origin: a same-origin frame would inherit the strict CSP
    assert ["setForceSafeFrame", True] in calls
    assert names.index("setForceSafeFrame") < names.index("enableServices")
    lazy = next(c for c in calls if c[0] == "enableLazyLoad")[1]
    assert lazy["fetchMarginPercent"] == 150
    assert names.count("display") == 1


def test_the_notice_shows_in_the_pages_language(browser, live_server, newsroom):
    """A site whose pages are in Hindi (`<html lang="hi">`) asks in Hindi."""
    from wagtail.models import Site

    from dateline.ads.models import ConsentNotice
    from dateline.site.models import SiteSettings

    site = Site.objects.get(is_default_site=True)
    site_settings = SiteSettings.for_site(site)
    site_settings.language = "hi"
    site_settings.save()
    notice = ConsentNotice.for_site(site)
    notice.translations = [
        ("translation", {"language": "hi", "heading": "आपकी निजता के विकल्प",
                         "accept_label": "स्वीकार करें", "reject_label": "अस्वीकार करें"}),
    ]  # fmt: skip
    notice.save()
    page = browser.new_page(viewport={"width": 375, "height": 740})
    try:
        seen = watch(page, live_server)
        page.goto(live_server.url + newsroom["story"].url)
        assert page.locator("html").get_attribute("lang") == "hi"
        heading = page.locator("#consent-heading")
        heading.wait_for()
        assert heading.inner_text() == "आपकी निजता के विकल्प"
        assert page.locator('[data-consent="accept"]').inner_text() == "स्वीकार करें"
        assert any(u.endswith("/consent/notice/hi.json") for u in seen["all"])
        assert not ad_requests(seen["all"])  # still nothing of the ad server before consent
    finally:
        page.close()


# A stand-in for a certified CMP: the `__tcfapi` of IAB TCF v2.2 (addEventListener, ping). It
# keeps the reader's choice in this browser, as a CMP does, and reports it on later pages as
# `tcloaded`; `__fakeCmpChoose` plays the reader's choice in the CMP's own screens.
FAKE_CMP = """
(function () {
  var listeners = [], nextId = 1, KEY = "fake-cmp";
  var data = JSON.parse(localStorage.getItem(KEY) || "null");
  if (data) data.eventStatus = "tcloaded";
  window.__fakeCmpListeners = listeners;
  window.__tcfapi = function (command, version, callback) {
    if (command === "ping") {
      return callback({ gdprApplies: true, cmpLoaded: true, apiVersion: "2.2" }, true);
    }
    if (command === "addEventListener") {
      var id = nextId++;
      listeners.push(callback);
      if (data) return callback(data, true);
      callback({ eventStatus: "cmpuishown", cmpStatus: "loaded", gdprApplies: true, listenerId: id,
                 tcString: "", purpose: { consents: {} } }, true);
    }
  };
  window.__fakeCmpChoose = function (agree) {
    data = { eventStatus: "useractioncomplete", cmpStatus: "loaded", gdprApplies: true,
             tcString: agree ? "CQFakeTCStringYes.II" : "CQFakeTCStringNo.II",
             purpose: { consents: { 1: agree, 2: agree, 3: agree, 4: agree, 10: true } } };
    localStorage.setItem(KEY, JSON.stringify(data));
    listeners.forEach(function (callback) { callback(data, true); });
  };
})();
"""
# Once the CMP has called our listener, and our script has handled what it said (the ledger's
# check runs under this lock, asked for before this one: locks are granted in order).
SETTLED = """async () => {
  await new Promise((resolve) => {
    (function wait() { window.__fakeCmpListeners && window.__fakeCmpListeners.length
      ? resolve() : setTimeout(wait, 20); })();
  });
  await navigator.locks.request("dateline.consent.tcf", () => true);
}"""


@pytest.fixture
def with_cmp(live_server, settings):
    cmp_url = f"{live_server.url}/cmp-test/cmp.js"
    settings.DATELINE_ADS = {**settings.DATELINE_ADS, "TCF_CMP_SCRIPT": cmp_url}
    settings.DATELINE_PAGE_CACHE = {**settings.DATELINE_PAGE_CACHE, "ENABLED": False}
    return cmp_url


def cmp_page(context, cmp_url: str, live_server):
    page = context.new_page()
    seen = watch(page, live_server)
    page.route(cmp_url, lambda route: route.fulfill(body=FAKE_CMP, content_type="text/javascript"))
    return page, seen


def beacons(seen) -> list[str]:
    return [u for u in seen["all"] if u.endswith("/consent/record")]


@pytest.mark.parametrize("agree", [True, False])
def test_a_tcf_cmp_decides_and_its_consent_string_reaches_the_ad_adapter(
    browser, live_server, newsroom, with_cmp, agree
):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page, seen = cmp_page(context, with_cmp, live_server)
    try:
        page.goto(live_server.url + newsroom["story"].url)
        page.evaluate(SETTLED)
        assert page.locator("#consent-heading").count() == 0  # the CMP asks, not our notice
        assert ad_requests(seen["all"]) == [] and beacons(seen) == []
        assert page.locator(".ad-slot[data-ad-filled]").count() == 0
        with page.expect_response(lambda r: r.url.endswith("/consent/record")) as beacon:
            page.evaluate(f"() => window.__fakeCmpChoose({'true' if agree else 'false'})")
        assert beacon.value.status == 204
        if agree:
            page.locator(FILLED).first.wait_for()
            src = page.locator(FILLED).first.get_attribute("src")
            assert "gdpr=1&gdpr_consent=CQFakeTCStringYes.II" in src
            assert (
                page.evaluate("() => window.DatelineAds.consent.tcString") == "CQFakeTCStringYes.II"
            )
        else:
            page.evaluate(SETTLED)
            assert ad_requests(seen["all"]) == []
            assert page.locator(".ad-slot[data-ad-filled]").count() == 0
        assert seen["refused"] == []
        assert not any(u.endswith("notice.json") for u in seen["all"])  # our notice stays out
        # The next page: the CMP reports the same decision (tcloaded); nothing new to record.
        page.goto(live_server.url + newsroom["other"].url)
        page.evaluate(SETTLED)
        if agree:
            page.locator(FILLED).first.wait_for()
        assert len(beacons(seen)) == 1
    finally:
        context.close()
    row = ConsentRecord.objects.get()
    expected = ("accept", ["advertising"], "CQFakeTCStringYes.II", [1, 2, 3, 4, 10])
    if not agree:
        expected = ("reject", [], "CQFakeTCStringNo.II", [10])
    assert (row.source, row.notice_version) == ("tcf", None)
    assert (row.decision, row.purposes, row.tc_string, row.tcf_purposes) == expected


def test_every_decision_made_in_a_cmp_is_in_the_ledger_once(
    browser, live_server, newsroom, with_cmp, artifacts
):
    """Agreement, refusal, pages in between and several tabs: one row per decision."""
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page, seen = cmp_page(context, with_cmp, live_server)
    story, other = (live_server.url + newsroom[k].url for k in ("story", "other"))
    try:
        page.goto(story)
        page.evaluate(SETTLED)
        with page.expect_response(lambda r: r.url.endswith("/consent/record")):
            page.evaluate("() => window.__fakeCmpChoose(true)")
        page.locator(FILLED).first.wait_for()
        page.screenshot(path=str(artifacts / "ads-tcf-agreed-375.png"))
        # The same decision on the next pages, in this tab and in another.
        page.goto(other)
        page.evaluate(SETTLED)
        tab, tab_seen = cmp_page(context, with_cmp, live_server)
        tab.goto(story)
        tab.evaluate(SETTLED)
        assert (len(beacons(seen)), len(beacons(tab_seen))) == (1, 0)
        assert ConsentRecord.objects.count() == 1
        # The reader changes their mind in the CMP: withdrawn, the page reloads without ads.
        with page.expect_navigation():
            page.evaluate("() => window.__fakeCmpChoose(false)")
        page.evaluate(SETTLED)
        assert page.locator(".ad-slot[data-ad-filled]").count() == 0
        before = len(seen["all"])
        page.goto(story)
        page.evaluate(SETTLED)
        assert ad_requests(seen["all"][before:]) == []
        assert len(beacons(seen)) == 2
    finally:
        context.close()
    rows = list(ConsentRecord.objects.order_by("pk"))
    assert [(r.decision, r.tc_string) for r in rows] == [
        ("accept", "CQFakeTCStringYes.II"),
        ("reject", "CQFakeTCStringNo.II"),
    ]
    assert len({r.consent_id for r in rows}) == 1  # one browser, one random id


def test_a_decision_made_in_the_cmp_before_the_ledger_knew_it_is_recorded_once(
    browser, live_server, newsroom, with_cmp
):
    """A returning reader whose choice the CMP kept but our ledger never saw (made before
    the ledger took CMP decisions): the first `tcloaded` records it, even in three tabs
    opening together, and later pages do not."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    earlier = {
        "eventStatus": "useractioncomplete", "cmpStatus": "loaded", "gdprApplies": True,
        "tcString": "CQEarlierChoice.II", "purpose": {"consents": {"1": True, "3": False}},
    }  # fmt: skip
    context.add_init_script(f"localStorage.setItem('fake-cmp', {json.dumps(json.dumps(earlier))})")
    tabs = [cmp_page(context, with_cmp, live_server) for _ in range(3)]
    try:
        for page, _ in tabs:
            page.goto(live_server.url + newsroom["story"].url, wait_until="commit")
        for page, _ in tabs:
            page.evaluate(SETTLED)
        page.locator(FILLED).first.wait_for()
        for _ in range(2):
            page.reload()
            page.evaluate(SETTLED)
        assert sum(len(beacons(seen)) for _, seen in tabs) == 1
    finally:
        context.close()
    row = ConsentRecord.objects.get()
    assert (row.decision, row.tc_string, row.tcf_purposes) == ("accept", "CQEarlierChoice.II", [1])
