// The dummy ad server (dateline.ads.backends.HouseAds): fills each box with one of the
// publication's own ads from this origin when the box comes within its margin of the screen.
// The box keeps its height whatever comes: nothing on the page moves.
(function () {
  "use strict";
  var ads = window.DatelineAds;
  if (!ads) return;
  var pool = ads.options.ads || [];
  var wide = window.matchMedia("(min-width: 48em)");
  var turn = 0;

  function room(box) {
    var style = window.getComputedStyle(box);
    return { width: box.clientWidth, height: parseFloat(style.height) || 0 };
  }

  function pick(box) {
    var sizes = [];
    try { sizes = JSON.parse(box.dataset.adSizes || "{}")[wide.matches ? "large" : "small"] || []; } catch (error) { /* none */ }
    var space = room(box);
    var fits = pool.filter(function (ad) { return ad.width <= space.width && ad.height <= space.height; });
    var named = fits.filter(function (ad) {
      return sizes.some(function (size) { return size[0] === ad.width && size[1] === ad.height; });
    });
    var choices = named.length ? named : fits;
    return choices.length ? choices[turn++ % choices.length] : null;
  }

  function fill(box) {
    if (box.dataset.adFilled) return;
    var ad = pick(box);
    box.dataset.adFilled = ad ? "house" : "none";
    if (!ad) return;
    var link = document.createElement("a");
    link.className = "ad-slot__creative";
    link.href = ad.href;
    var image = document.createElement("img");
    // With a TCF CMP, the consent string goes with the request, as ad servers' macros pass it.
    var consent = ads.consent;
    image.src = consent && consent.gdprApplies
      ? ad.image + (ad.image.indexOf("?") < 0 ? "?" : "&") + "gdpr=1&gdpr_consent=" + encodeURIComponent(consent.tcString)
      : ad.image;
    image.width = ad.width;
    image.height = ad.height;
    image.alt = ad.alt;
    link.appendChild(image);
    box.appendChild(link);
  }

  ads.slots().forEach(function (box) {
    if (!("IntersectionObserver" in window)) return fill(box);
    var margin = parseInt(box.dataset.adMargin, 10) || 0;
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) { observer.disconnect(); fill(box); }
      });
    }, { rootMargin: margin + "px 0px" });
    observer.observe(box);
  });
})();
