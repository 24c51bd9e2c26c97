// The shorts feed as an ARIA feed: Page Down / Page Up and the arrow keys move focus from
// card to card (the focused card scrolls into view and snaps); Home / End go to the ends.
// Without this file the feed is a scrollable list whose cards are reached with Tab.
(function () {
  "use strict";
  var feed = document.querySelector("[data-shorts-feed]");
  if (!feed) return;
  var NEXT = { PageDown: 1, ArrowDown: 1, j: 1, PageUp: -1, ArrowUp: -1, k: -1 };
  function cards() { return Array.prototype.slice.call(feed.querySelectorAll(".short-card")); }
  function focusCard(card) {
    if (!card) return;
    card.focus({ preventScroll: true });
    card.scrollIntoView({ block: "start" });
  }
  feed.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var list = cards();
    var current = event.target.closest(".short-card");
    var index = list.indexOf(current);
    if (index < 0) return;
    var step = NEXT[event.key];
    if (step) {
      var target = list[index + step];
      if (target) {
        event.preventDefault();
        focusCard(target);
      }
    } else if (event.key === "Home" || event.key === "End") {
      event.preventDefault();
      focusCard(event.key === "Home" ? list[0] : list[list.length - 1]);
    }
  });
  // A card that scrolls into view by touch or wheel becomes the one the keys move from.
  if ("IntersectionObserver" in window) {
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        entry.target.classList.toggle("short-card--current", entry.intersectionRatio > 0.6);
      });
    }, { root: feed, threshold: [0.6] });
    cards().forEach(function (card) { observer.observe(card); });
  }
})();
