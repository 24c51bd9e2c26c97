// Counts one view of this page: no cookie, nothing but the page id (dateline.trending).
(function () {
  var script = document.currentScript;
  var url = script && script.getAttribute("data-beacon");
  if (!url || document.visibilityState === "prerender") return;
  if (navigator.sendBeacon) {
    navigator.sendBeacon(url);
  } else if (window.fetch) {
    fetch(url, { method: "POST", keepalive: true, credentials: "omit" });
  }
})();
