// Google Publisher Tag (dateline.ads.backends.GooglePublisherTag), loaded by consent.js only
// after the reader agreed to advertising. Every box with a unit becomes a slot with its sizes
// per breakpoint; single request and lazy loading: the slots near the screen are fetched
// together, the rest as the reader scrolls. Empty slots are not collapsed: the box keeps its
// height, so nothing moves whether an ad comes or not.
(function () {
  "use strict";
  var ads = window.DatelineAds;
  if (!ads) return;
  var options = ads.options;
  var boxes = ads.slots().filter(function (box) { return box.dataset.adUnit; });
  if (!boxes.length || !options.src) return;
  var googletag = window.googletag = window.googletag || { cmd: [] };
  googletag.cmd.push(function () {
    var pubads = googletag.pubads();
    // Creatives on Google's origin: a same-origin frame would inherit this page's strict CSP.
    pubads.setForceSafeFrame(true);
    boxes.forEach(function (box, index) {
      if (!box.id) box.id = "ad-" + box.dataset.adSlot + "-" + index;
      var sizes = JSON.parse(box.dataset.adSizes);
      var mapping = googletag.sizeMapping()
        .addSize([768, 0], sizes.large)
        .addSize([0, 0], sizes.small)
        .build();
      var slot = googletag.defineSlot(box.dataset.adUnit, sizes.small.concat(sizes.large), box.id);
      if (slot) slot.defineSizeMapping(mapping).addService(pubads);
    });
    pubads.enableSingleRequest();
    pubads.enableLazyLoad({
      fetchMarginPercent: options.fetchMarginPercent,
      renderMarginPercent: options.renderMarginPercent,
      mobileScaling: options.mobileScaling
    });
    googletag.enableServices();
    boxes.forEach(function (box) { googletag.display(box.id); });
  });
  var tag = document.createElement("script");
  tag.src = options.src;
  tag.async = true;
  document.head.appendChild(tag);
})();
