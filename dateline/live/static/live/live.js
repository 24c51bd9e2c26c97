/* Live blog updates (dateline.live): poll the shared, cached update address of the current
   time bucket; add new entries, apply corrections and deletions in place, stop when the
   blog ends. Whatever changes above the reader's position is compensated by scrolling, so
   the entry being read does not move; new entries above the screen are announced by a
   fixed bar ("N new updates") that takes no room in the page. Without scripts the page is
   complete: this only keeps it current. */
(function () {
  "use strict";
  var root = document.querySelector("[data-live-updates]");
  if (!root || !window.fetch) return;
  var list = root.querySelector("[data-live-entries]");
  var pinnedBox = root.querySelector("[data-live-pinned]");
  var statusLabel = root.querySelector("[data-live-status]");
  var bar = document.querySelector("[data-live-bar]");
  var barButton = bar && bar.querySelector("button");
  var base = root.getAttribute("data-live-updates").replace(/0\/$/, "");
  var bucketSeconds = parseInt(root.getAttribute("data-live-bucket"), 10) || 10;
  var unseen = 0;

  function entries() { return list.querySelectorAll("[data-entry]"); }
  function newestId() {
    var first = list.querySelector("[data-entry]");
    return first ? parseInt(first.getAttribute("data-entry"), 10) : 0;
  }
  function fromHtml(html) {
    var holder = document.createElement("div");
    holder.innerHTML = html.trim();
    return holder.firstElementChild;
  }
  // The first entry (or the pinned box, or the list) whose top is on screen: what the
  // reader is reading. Its distance from the top of the window is kept across a change.
  function readingAnchor() {
    var candidates = [pinnedBox].concat(Array.prototype.slice.call(entries()));
    for (var i = 0; i < candidates.length; i++) {
      var element = candidates[i];
      if (!element || element.hidden) continue;
      var box = element.getBoundingClientRect();
      if (box.bottom > 0) return element;
    }
    return list;
  }
  function keepingPosition(change) {
    var anchor = readingAnchor();
    var before = anchor.getBoundingClientRect().top;
    change();
    if (!document.contains(anchor)) return;
    var delta = anchor.getBoundingClientRect().top - before;
    if (delta !== 0 && window.scrollY > 0) window.scrollBy(0, delta);
  }
  function listOnScreen() { return list.getBoundingClientRect().top >= 0; }

  function showBar() {
    if (!bar) return;
    if (unseen <= 0 || listOnScreen()) { bar.hidden = true; unseen = 0; return; }
    barButton.textContent = unseen === 1 ? "1 new update" : unseen + " new updates";
    bar.hidden = false;
  }
  if (barButton) {
    barButton.addEventListener("click", function () {
      unseen = 0;
      bar.hidden = true;
      list.scrollIntoView({ block: "start" });
      var first = list.querySelector("[data-entry] a");
      if (first) first.focus({ preventScroll: true });
    });
  }
  window.addEventListener("scroll", function () { if (unseen && listOnScreen()) showBar(); }, { passive: true });

  function apply(data) {
    var known = {};
    Array.prototype.forEach.call(entries(), function (element) {
      known[element.getAttribute("data-entry")] = element;
    });
    var newest = newestId();
    var added = [];
    keepingPosition(function () {
      (data.removed || []).forEach(function (id) {
        var gone = known[String(id)];
        if (gone) gone.remove();
      });
      (data.entries || []).forEach(function (entry) {
        var element = known[String(entry.id)];
        if (element) {
          if (element.getAttribute("data-version") !== entry.version) element.replaceWith(fromHtml(entry.html));
        } else if (entry.id > newest) {
          added.push(fromHtml(entry.html));
        }
      });
      // Oldest of the new first, each put on top: newest ends first.
      for (var i = added.length - 1; i >= 0; i--) list.insertBefore(added[i], list.firstChild);
      if (added.length) {
        var empty = list.querySelector(".live-empty");
        if (empty) empty.remove();
      }
      // The key-events box: replaced whole when an entry is flagged, unflagged, corrected
      // or deleted (the answer carries it as the page renders it).
      var keysBox = root.querySelector("[data-live-keys]");
      if (keysBox && typeof data.key_events === "string") {
        var keys = fromHtml(data.key_events);
        if (keys && keys.outerHTML !== keysBox.outerHTML) keysBox.replaceWith(keys);
      }
      if (pinnedBox) {
        var current = pinnedBox.querySelector("[data-entry]");
        var wanted = data.pinned;
        if (!wanted && current) { pinnedBox.hidden = true; pinnedBox.innerHTML = ""; }
        else if (wanted && (!current || current.getAttribute("data-entry") !== String(wanted.id) ||
                 current.getAttribute("data-version") !== wanted.version)) {
          pinnedBox.innerHTML = '<p class="live-pinned__label">Pinned</p>' + wanted.html;
          pinnedBox.hidden = false;
        }
      }
    });
    if (added.length && window.scrollY > 0) { unseen += added.length; showBar(); }
    if (statusLabel && data.status === "ended") {
      statusLabel.textContent = "Ended";
      statusLabel.className = "live-status live-status--ended";
    }
  }

  function poll() {
    var bucket = Math.floor(Date.now() / 1000 / bucketSeconds);
    fetch(base + bucket + "/", { credentials: "omit" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return schedule(parseInt(root.getAttribute("data-live-next"), 10) || 30);
        apply(data);
        if (data.next > 0) schedule(data.next);
      })
      .catch(function () { schedule(30); });
  }
  function schedule(seconds) {
    // A little spread so a million open pages do not all ask in the same instant.
    window.setTimeout(poll, seconds * 1000 + Math.random() * 1000);
  }
  // The first check comes within one bucket of the page's render, whatever the pace.
  schedule(Math.min(parseInt(root.getAttribute("data-live-next"), 10) || bucketSeconds, bucketSeconds));
})();
