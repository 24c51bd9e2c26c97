// Consent kept in this browser (dateline.ads): the page is the same bytes for every reader,
// cached as such; this script reads the reader's choice from localStorage, shows the notice
// when there is none (or the notice changed since), records each decision in the publisher's
// ledger through a beacon, and only then loads the ad server's script. With a certified CMP
// in place of the notice, it records the CMP's decisions in the same ledger.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.fetch || !window.JSON) return;
  var KEY = "dateline.consent";
  var PURPOSE = "advertising";
  var data = script.dataset;
  var adsStarted = false;
  var panel = null;

  function stored() {
    try {
      var value = JSON.parse(window.localStorage.getItem(KEY));
      return value && typeof value === "object" && Array.isArray(value.purposes) ? value : null;
    } catch (error) {
      return null;
    }
  }

  function keep(choice) {
    try { window.localStorage.setItem(KEY, JSON.stringify(choice)); } catch (error) { /* private mode: asked again next page */ }
  }

  function randomId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    var hex = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  // Into the ledger: a beacon outlives the page (a withdrawal reloads it at once).
  function send(decision) {
    var body = JSON.stringify(decision);
    if (navigator.sendBeacon && navigator.sendBeacon(data.ledger, new Blob([body], { type: "text/plain" }))) return;
    fetch(data.ledger, { method: "POST", body: body, keepalive: true, credentials: "omit" });
  }

  function record(choice) {
    send({ id: choice.id, decision: choice.decision, purposes: choice.purposes, version: choice.version });
  }

  // The notice in the page's language (the address the server answers for it), else the
  // main text.
  var language = (document.documentElement.lang || "").toLowerCase();
  var noticeUrl = /^[a-z]{2,3}(-[a-z0-9]{2,8}){0,2}$/.test(language) && data.noticeLanguage
    ? data.noticeLanguage.replace("LANG", language) : data.notice;

  function notice() {
    return fetch(noticeUrl, { credentials: "omit" }).then(function (response) {
      if (!response.ok) throw new Error("consent notice " + response.status);
      return response.json();
    });
  }

  // `consent`: what a TCF CMP said ({tcString, gdprApplies}), handed to the ad adapter.
  function startAds(choice, consent) {
    if (adsStarted || !data.adapter || choice.purposes.indexOf(PURPOSE) < 0) return;
    var boxes = document.querySelectorAll(".ad-slot[data-ad-slot]");
    if (!boxes.length) return;
    adsStarted = true;
    var options = {};
    try { options = JSON.parse(data.adapterOptions || "{}"); } catch (error) { /* none */ }
    window.DatelineAds = {
      options: options,
      consent: consent || null,
      slots: function () { return Array.prototype.slice.call(document.querySelectorAll(".ad-slot[data-ad-slot]")); }
    };
    var tag = document.createElement("script");
    tag.src = data.adapter;
    if (data.adapterIntegrity) tag.integrity = data.adapterIntegrity; // only the bytes the server hashed
    tag.async = true;
    document.head.appendChild(tag);
  }

  // While the notice covers the foot of the screen, the page gets as much room again at its
  // end, and focus and in-page targets scroll clear of it (WCAG 2.2 focus not obscured), as
  // they do of the phone's bottom bar. Room added after the last element moves nothing.
  var basePadding = null;
  function clearOf(height) {
    var root = document.documentElement, body = document.body;
    if (basePadding === null) basePadding = parseFloat(window.getComputedStyle(body).paddingBottom) || 0;
    root.style.scrollPaddingBottom = height ? "calc(" + height + "px + 5.5rem)" : "";
    body.style.paddingBottom = height ? (basePadding + height + 24) + "px" : "";
  }

  function hide() {
    if (panel) { panel.remove(); panel = null; }
    clearOf(0);
  }

  function decide(text, decision) {
    var previous = stored();
    var choice = {
      id: (previous && previous.id) || randomId(),
      decision: decision,
      purposes: decision === "accept" ? text.purposes.map(function (p) { return p.key; }) : [],
      version: text.version,
      time: new Date().toISOString()
    };
    keep(choice);
    record(choice);
    hide();
    if (choice.purposes.indexOf(PURPOSE) >= 0) startAds(choice);
    else if (adsStarted) window.location.reload(); // withdrawn: the ad server's script must go
  }

  function el(name, attrs, content) {
    var node = document.createElement(name);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (content) node.textContent = content;
    return node;
  }

  function show(text) {
    hide();
    panel = el("section", { "class": "consent", "aria-labelledby": "consent-heading" });
    panel.appendChild(el("h2", { id: "consent-heading", "class": "consent__heading" }, text.heading));
    panel.appendChild(el("p", { "class": "consent__text" }, text.text));
    var list = el("ul", { "class": "consent__purposes" });
    text.purposes.forEach(function (purpose) {
      var item = el("li");
      item.appendChild(el("strong", {}, purpose.label + ": "));
      item.appendChild(document.createTextNode(purpose.description));
      list.appendChild(item);
    });
    panel.appendChild(list);
    var actions = el("div", { "class": "consent__actions" });
    // Same size, same weight: saying no is as easy as saying yes.
    var accept = el("button", { type: "button", "class": "consent__button", "data-consent": "accept" }, text.accept);
    var reject = el("button", { type: "button", "class": "consent__button", "data-consent": "reject" }, text.reject);
    accept.addEventListener("click", function () { decide(text, "accept"); });
    reject.addEventListener("click", function () { decide(text, "reject"); });
    actions.appendChild(accept);
    actions.appendChild(reject);
    panel.appendChild(actions);
    document.body.appendChild(panel);
    clearOf(panel.offsetHeight);
  }

  // A CMP's decisions go into our ledger too, once each. A decision is its TC string (the
  // purposes, the vendors, the CMP and the day): this browser remembers the last one it
  // recorded, so a returning reader's `tcloaded` on every page records nothing, and the
  // string of a new choice (or one made before the ledger knew this browser) is recorded.
  // Tabs opening together take a lock first, so they do not both record the same string.
  var TCF_KEY = "dateline.consent.tcf";

  function lastTcf() {
    try {
      var value = JSON.parse(window.localStorage.getItem(TCF_KEY));
      return value && typeof value === "object" ? value : {};
    } catch (error) {
      return {};
    }
  }

  function recordTcf(tcString, purposes) {
    var last = lastTcf();
    if (last.tcString === tcString) return;
    var id = last.id || (stored() && stored().id) || randomId();
    try { window.localStorage.setItem(TCF_KEY, JSON.stringify({ id: id, tcString: tcString })); } catch (error) { /* private mode */ }
    send({ id: id, source: "tcf", tcString: tcString, tcfPurposes: purposes });
  }

  function recordTcfOnce(tcString, purposes, then) {
    if (!navigator.locks || !navigator.locks.request) { recordTcf(tcString, purposes); return then(); }
    navigator.locks.request(TCF_KEY, function () { recordTcf(tcString, purposes); }).then(then, then);
  }

  // A certified CMP (IAB TCF v2.2) in place of our notice: load its script, then only talk
  // to it through `__tcfapi`. Ads start once its TC data says the reader finished choosing
  // (or opened the page with a choice made) and consented to purpose 1 (storing and reading
  // on the device), or that the GDPR does not apply; the TC string goes to the ad adapter.
  function tcf() {
    function listen() {
      window.__tcfapi("addEventListener", 2, function (tcData, success) {
        if (!success || !tcData) return;
        if (tcData.eventStatus !== "tcloaded" && tcData.eventStatus !== "useractioncomplete") return;
        var consents = (tcData.purpose && tcData.purpose.consents) || {};
        var agreed = Object.keys(consents).filter(function (key) { return consents[key] === true; })
          .map(Number).filter(function (n) { return n >= 1 && n <= 24; });
        function act() {
          if (tcData.gdprApplies === false || agreed.indexOf(1) >= 0) {
            startAds({ purposes: [PURPOSE] }, { tcString: tcData.tcString || "", gdprApplies: tcData.gdprApplies !== false });
          } else if (adsStarted) {
            window.location.reload(); // withdrawn: the ad server's script must go
          }
        }
        // Where the GDPR does not apply the reader was asked nothing: there is no decision.
        if (tcData.gdprApplies !== false && tcData.tcString) recordTcfOnce(tcData.tcString, agreed, act);
        else act();
      });
    }
    if (typeof window.__tcfapi === "function") return listen();
    var tag = document.createElement("script");
    tag.src = data.cmp;
    tag.async = true;
    tag.onload = function () { if (typeof window.__tcfapi === "function") listen(); };
    document.head.appendChild(tag);
  }
  if (data.cmp) return tcf();

  var manage = document.querySelector('[data-consent="manage"]');
  if (manage) {
    manage.parentNode.hidden = false;
    manage.addEventListener("click", function () { notice().then(show).catch(function () {}); });
  }

  var choice = stored();
  var wantsAds = choice && choice.purposes.indexOf(PURPOSE) >= 0 && document.querySelector(".ad-slot[data-ad-slot]");
  if (choice && !wantsAds) return; // decided, nothing to load: no request at all
  notice().then(function (text) {
    if (choice && choice.version === text.version) startAds(choice);
    else show(text); // never asked, or asked about another notice: ask (and load nothing yet)
  }).catch(function () { /* no notice, no ads */ });
})();
